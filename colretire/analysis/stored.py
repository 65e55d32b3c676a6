"""An attribute a class's ``__init__`` stores from a parameter its constructions prove.

``ChatBotThread(bot)``, ``bot`` a row of ``db.ChatBots.query.filter(...).all()``, and
``def __init__(self, bot_record): self.bot_record = bot_record``: every method of the
thread reads ``self.bot_record.company_id`` on a ``ChatBots`` row. The parameter is asked
of the class's callers as a method's is (:mod:`~colretire.analysis.callers`), by the
class's name, and the attribute holds what every construction gives it, where the code
leaves it no other value:

* the class is defined at module level with no decorator and no keyword (a metaclass may
  hand ``__init__`` values of its own), and its bases are none, ``object`` or classes of
  the standard library (``threading.Thread``, not ``enum.Enum``, whose members are made by
  the class itself): a base of the project or of another library may build its
  subclasses where the code does not name them;
* it has one ``__init__``, undecorated, that stores the attribute once, ``self.x = x``,
  from an unannotated positional parameter it never binds again; its body binds no name
  ``x`` of its own (a property's setter may keep something else);
* no other code of the class, nor of any file that names the attribute, sets or deletes
  an attribute of that name (on any object but the instance of a method of another class,
  which is no instance of this one), nor by ``setattr``, ``__dict__`` or ``vars()``
  there; the class builds no instance of itself
  without naming itself (``cls(...)``, ``type(self)(...)``, ``self.__class__(...)``);
* every use of the class's name is a call of it (not a base of another class, not handed
  on as a value, nor named in a string as a dotted path: a loader may build it from
  there), and every call gives the parameter an instance of one model.

Pure functions over syntax trees: the questions (:func:`asked`) and the file-wide checks
(:func:`spoils`); the calls are judged with the other parameters'.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

from colretire.analysis import facts as F

#: Standard-library modules whose classes build their own subclasses' instances.
_SELF_BUILDING = frozenset({"enum"})


def asked(
    node: ast.ClassDef, wanted: dict[int, set[str]], tree: ast.Module
) -> list[tuple[str, int, str]]:
    """The parameters of the ``__init__`` of ``node`` (a module-level class of ``tree``)
    that it stores as an attribute through which one of its methods reads a name of
    ``wanted`` (by line) left unexplained, ``self.bot_record.company_id``: (parameter,
    position after ``self``, attribute)."""
    init = _plain_init(node, tree)
    if init is None:
        return []
    found: set[tuple[str, int, str]] = set()
    for method in node.body:
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        me = _instance_name(method)
        if me is None:
            continue
        for inner in ast.walk(method):
            if not isinstance(inner, ast.Attribute):
                continue
            if inner.attr not in wanted.get(inner.end_lineno or 0, ()):
                continue
            attr = _self_attribute(inner.value, me)
            stored = _stored(node, init, attr) if attr else None
            if stored is not None:
                found.add((*stored, attr or ""))
    return sorted(found)


def offered(node: ast.ClassDef, attr: str, tree: ast.Module) -> tuple[str, int] | None:
    """The parameter (and its position after ``self``) of the ``__init__`` of ``node`` (a
    module-level class of ``tree``) that it stores as ``attr``, asked where code outside
    the class reads the attribute on an instance it has proven
    (``event.user.subscriptions``, ``event`` a Pyramid subscriber's event: see
    :func:`~colretire.analysis.callers.questions`)."""
    init = _plain_init(node, tree)
    return _stored(node, init, attr) if init is not None else None


def _plain_init(node: ast.ClassDef, tree: ast.Module) -> ast.FunctionDef | None:
    """The one ``__init__`` of a class with no decorator, no keyword and plain bases."""
    if node.decorator_list or node.keywords or not _plain_bases(node, tree):
        return None
    return _init_of(node)


def spoils(tree: ast.Module, attr: str, owner: ast.ClassDef | None) -> bool:
    """Whether code of ``tree`` may give ``attr`` another value than the one the
    ``__init__`` of ``owner`` (the class, where ``tree`` defines it) stores: any other
    binding or deletion of an attribute of that name, ``setattr`` (or ``delattr``) by that
    name, an instance's ``__dict__`` or ``vars()``; and, in the class, an instance built
    without its name (``cls(...)``, ``type(self)(...)``, ``self.__class__(...)``)."""
    init = _init_of(owner) if owner is not None else None
    allowed = {id(_store_of(init, attr))} if init is not None else set()
    allowed |= _others_own(tree, attr, owner)
    allowed |= _named_setattrs(tree, attr)
    for inner in ast.walk(tree):
        if isinstance(inner, ast.Attribute):
            if (
                inner.attr == attr
                and not isinstance(inner.ctx, ast.Load)
                and id(inner) not in allowed
            ):
                return True
            if inner.attr in ("__dict__", "__setattr__") and id(inner) not in allowed:
                return True
        elif isinstance(inner, ast.Call) and id(inner) not in allowed:
            name = F.dotted(inner.func)
            if name == "vars" or (
                name in ("setattr", "delattr") and not _names_other(inner, attr, tree)
            ):
                return True
            if _init_again(inner):
                return True  # ``event.__init__(request, other)`` stores it anew
    if owner is not None:
        return any(_builds_itself(call) for call in ast.walk(owner) if isinstance(call, ast.Call))
    return False


def _named_setattrs(tree: ast.Module, attr: str) -> set[int]:
    """The ``__setattr__`` of calls that name another attribute than ``attr`` (a frozen
    dataclass's ``object.__setattr__(self, "metric", value)``), as :func:`_names_other`
    tells of ``setattr``."""
    found: set[int] = set()
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "__setattr__"
        ):
            continue
        unbound = isinstance(call.func.value, ast.Name) and call.func.value.id == "object"
        as_setattr = ast.Call(
            ast.Name("setattr"), call.args if unbound else [call.func.value, *call.args], []
        )
        if _names_other(as_setattr, attr, tree):
            found.add(id(call.func))
    return found


def _init_again(call: ast.Call) -> bool:
    """``x.__init__(...)`` but ``super().__init__(...)`` (or ``super(Cls, self)``): a call
    that runs a constructor again on an object that may be an instance of the class. (A
    method's ``Base.__init__(self, ...)`` on another class's instance is allowed by
    :func:`_others_own`.)"""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "__init__"):
        return False
    receiver = func.value
    return not (isinstance(receiver, ast.Call) and F.dotted(receiver.func) == "super")


def _names_other(call: ast.Call, attr: str, tree: ast.Module) -> bool:
    """Whether a ``setattr`` or ``delattr`` names another attribute than ``attr``: a
    string (``setattr(row, "seen", True)``), or a name that every binding in the file
    gives the strings of a literal list (``for name in ["everyone", "admins"]:
    setattr(feat, name, True)``)."""
    if len(call.args) < 2:
        return False
    named = call.args[1]
    if isinstance(named, ast.Constant):
        return isinstance(named.value, str) and named.value != attr
    if not isinstance(named, ast.Name):
        return False
    loops = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension))
        and isinstance(node.target, ast.Name)
        and node.target.id == named.id
    ]
    bindings = [
        node
        for node in ast.walk(tree)
        if (
            isinstance(node, ast.Name)
            and node.id == named.id
            and not isinstance(node.ctx, ast.Load)
        )
        or (isinstance(node, ast.arg) and node.arg == named.id)
    ]
    if not loops or len(bindings) != len(loops) or _bound_otherwise(tree, named.id):
        return False
    for loop in loops:
        items = loop.iter.elts if isinstance(loop.iter, (ast.List, ast.Tuple, ast.Set)) else None
        if items is None or not all(
            isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value != attr
            for item in items
        ):
            return False
    return True


def _bound_otherwise(tree: ast.Module, name: str) -> bool:
    """Whether ``tree`` binds ``name`` other than by assignment or as a parameter: an
    import (``from app.constants import OWNER_ATTR as name``), a ``def`` or ``class``, an
    ``except ... as``, a ``match`` capture, a ``global`` or ``nonlocal`` declaration."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound = any((a.asname or a.name).partition(".")[0] == name for a in node.names)
        elif isinstance(
            node,
            ast.FunctionDef
            | ast.AsyncFunctionDef
            | ast.ClassDef
            | ast.ExceptHandler
            | ast.MatchAs
            | ast.MatchStar,
        ):
            bound = node.name == name
        elif isinstance(node, ast.MatchMapping):
            bound = node.rest == name
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound = name in node.names
        else:
            bound = False
        if bound:
            return True
    return False


def _others_own(tree: ast.Module, attr: str, owner: ast.ClassDef | None) -> set[int]:
    """The bindings of ``attr`` on the instance of a method of another class
    (``self.bot_record = bot_record`` in a task the thread hands its row to), its
    ``__dict__`` and ``__setattr__`` (a ``__repr__`` showing ``self.__dict__``), and the
    ``setattr`` / ``delattr`` / ``vars`` calls on that instance (a test's ``FakeUser``
    taking any attribute in ``setattr(self, k, kwargs[k])``): an object of that class,
    which the owner, whose bases are the standard library's, is not. A base's constructor
    run on a method's own instance (``threading.Thread.__init__(self)``), in any class."""
    found: set[int] = set()
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        for method in cls.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            me = _instance_name(method)
            # a base's constructor run on the method's own instance
            # (``threading.Thread.__init__(self)``), in any class
            found.update(
                id(inner)
                for inner in ast.walk(method)
                if isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr == "__init__"
                and inner.args
                and isinstance(inner.args[0], ast.Name)
                and inner.args[0].id == me
            )
            if cls is owner:
                continue
            found.update(
                id(inner)
                for inner in ast.walk(method)
                if isinstance(inner, ast.Attribute)
                and inner.attr in (attr, "__dict__", "__setattr__")
                and isinstance(inner.value, ast.Name)
                and inner.value.id == me
            )
            found.update(
                id(inner)
                for inner in ast.walk(method)
                if isinstance(inner, ast.Call)
                and F.dotted(inner.func) in ("setattr", "delattr", "vars")
                and inner.args
                and isinstance(inner.args[0], ast.Name)
                and inner.args[0].id == me
            )
    return found


def _builds_itself(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name) and func.id == "cls":
        return True
    if isinstance(func, ast.Attribute) and func.attr == "__class__":
        return True
    return isinstance(func, ast.Call) and F.dotted(func.func) == "type"


def _plain_bases(node: ast.ClassDef, tree: ast.Module) -> bool:
    """Whether every base of ``node`` is ``object`` or a class of the standard library
    imported by the module (not one of :data:`_SELF_BUILDING`)."""
    imported: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            for fact in F.imports_of(stmt):
                imported[fact.local] = "" if fact.level else fact.module
    defined = {name for stmt in tree.body for name in _names_bound(stmt)}
    for base in node.bases:
        written = F.dotted(base)
        if written == "object":
            continue
        head = (written or "").partition(".")[0]
        module = imported.get(head, "").partition(".")[0]
        if (
            not module
            or module not in sys.stdlib_module_names
            or module in _SELF_BUILDING
            or head in defined
        ):
            return False
    return True


def _names_bound(stmt: ast.stmt) -> Iterator[str]:
    """The names a module-level statement other than an import binds (a module that
    imports ``Thread`` and binds it again has no standard-library ``Thread``)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield stmt.name
    else:
        for inner in ast.walk(stmt):
            if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
                yield inner.id


def _init_of(node: ast.ClassDef) -> ast.FunctionDef | None:
    """The class's one ``__init__``, undecorated."""
    inits = [
        stmt
        for stmt in node.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__init__"
    ]
    if len(inits) != 1:
        return None
    init = inits[0]
    return init if isinstance(init, ast.FunctionDef) and not init.decorator_list else None


def _instance_name(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name of the instance in a method (its first parameter), where the method is no
    class or static method and never binds that name again."""
    if any(F.dotted(d) in ("classmethod", "staticmethod") for d in method.decorator_list):
        return None
    positional = [*method.args.posonlyargs, *method.args.args]
    if not positional:
        return None
    me = positional[0].arg
    for inner in ast.walk(method):
        if isinstance(inner, ast.Name) and inner.id == me and not isinstance(inner.ctx, ast.Load):
            return None
        if isinstance(inner, ast.arg) and inner.arg == me and inner is not positional[0]:
            return None  # a nested function's or a lambda's parameter
    return me


def _self_attribute(node: ast.expr, me: str) -> str | None:
    """``bot_record`` of ``self.bot_record`` and of ``self.bot_record.project``: the
    attribute of the instance a chain of plain attributes starts from."""
    while isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == me:
            return node.attr
        node = node.value
    return None


def _stored(node: ast.ClassDef, init: ast.FunctionDef, attr: str) -> tuple[str, int] | None:
    """The parameter (and its position after ``self``) that ``init`` stores as ``attr``,
    where that is the one binding of an attribute of that name in the class."""
    store = _store_of(init, attr)
    if store is None or _declares(node, attr):
        return None
    bindings = [
        inner
        for inner in ast.walk(node)
        if isinstance(inner, ast.Attribute)
        and inner.attr == attr
        and not isinstance(inner.ctx, ast.Load)
    ]
    if bindings != [store]:
        return None
    return _parameter_of(init, store)


def _declares(node: ast.ClassDef, attr: str) -> bool:
    """Whether the class's body binds ``attr`` itself: a property (whose setter may keep
    something else), a method or a class attribute."""
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if stmt.name == attr:
                return True
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id == attr for t in targets):
                return True
    return False


def _store_of(init: ast.FunctionDef, attr: str) -> ast.Attribute | None:
    """The target of ``self.attr = param`` in ``init``, an unannotated positional
    parameter it never binds again; ``None`` where there is no one such statement."""
    found = [
        inner.targets[0]
        for inner in ast.walk(init)
        if isinstance(inner, ast.Assign)
        and len(inner.targets) == 1
        and isinstance(inner.targets[0], ast.Attribute)
        and inner.targets[0].attr == attr
    ]
    if len(found) != 1 or not isinstance(found[0], ast.Attribute):
        return None
    return found[0] if _parameter_of(init, found[0]) is not None else None


def _parameter_of(init: ast.FunctionDef, store: ast.Attribute) -> tuple[str, int] | None:
    positional = [*init.args.posonlyargs, *init.args.args]
    if not positional or not (
        isinstance(store.value, ast.Name) and store.value.id == positional[0].arg
    ):
        return None
    value = next(
        (
            inner.value
            for inner in ast.walk(init)
            if isinstance(inner, ast.Assign) and inner.targets == [store]
        ),
        None,
    )
    if not isinstance(value, ast.Name):
        return None
    rebound = {
        inner.id
        for inner in ast.walk(init)
        if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load)
    }
    for position, arg in enumerate(positional[1:]):
        if arg.arg == value.id:
            if arg.annotation is not None or arg.arg in rebound:
                return None
            return arg.arg, position
    return None
