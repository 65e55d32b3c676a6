"""A class that hands the attributes it lacks on to an object it holds.

A wrapper around a row (``class User: def __getattr__(self, attr): return
getattr(self.orm_user, attr)``) answers every attribute it does not define with the
attribute of the object in ``self.orm_user``: Python calls ``__getattr__`` only where the
ordinary lookup fails. Read on the wrapper's instances, ``user.server`` is the row's
``server``. A ``__setattr__`` that does ``setattr(self.orm_user, attr, value)`` hands the
writes on too.

What the wrapper holds is read from its own code: every binding of the attribute in the
class (its body, ``self.orm_user = ...`` in a method) is ``None``, a row of a model's query or
a new instance (``session.query(orm.User).filter(...).first()``, ``orm.User(...)``, read as
:mod:`~colretire.analysis.rows` reads a function's returns), or something else, a parameter
most often (``self.orm_user = orm_user`` in ``__init__``), which leaves the class of what it
holds unproven.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from colretire.analysis.rows import row_class


@dataclass(frozen=True)
class Forwarding:
    """How a class hands attributes on: ``attr``, the attribute of ``self`` whose object
    answers what the class lacks; ``writes``, whether ``__setattr__`` hands writes on to it
    too; ``rows``, the classes (as written, or their keys once resolved) whose rows the
    class binds to it; ``untyped``, whether it also binds it to anything else (a parameter,
    a call that is no row); ``own``, the names the class binds on ``self`` in its methods
    (its own attributes, where writes are not handed on)."""

    attr: str
    writes: bool = False
    rows: tuple[str, ...] = ()
    untyped: bool = False
    own: tuple[str, ...] = ()
    #: the position (after ``self``) of the ``__init__`` parameter the class stores as
    #: ``attr``, where that is the one binding of it but ``None``: each instance then
    #: holds what its construction gives there (``ModelWrapper(DbComputer(...))``), -1
    #: otherwise
    given: int = -1
    #: the names the class sets on ``self`` past its own ``__setattr__``
    #: (``object.__setattr__(self, "name", value)``): its own, whether or not it hands
    #: writes on
    past: tuple[str, ...] = ()

    def owns(self, name: str) -> bool:
        """Whether ``name`` is an attribute the class sets on its instances itself: one it
        sets past its ``__setattr__``, or any it binds on ``self`` where it hands no write
        on (where it does, ``self.name = ...`` goes to the object it holds)."""
        return name in self.past or (not self.writes and name in self.own)


def forwarding(node: ast.ClassDef) -> Forwarding | None:
    """How the class ``node`` hands the attributes it lacks on, if its ``__getattr__``
    does: every ``return`` of it gives ``getattr(self.<attr>, <its name parameter>)`` (one
    attribute throughout), and its other statements only test or raise."""
    methods = {
        stmt.name: stmt
        for stmt in node.body
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    getter = methods.get("__getattr__")
    if not isinstance(getter, ast.FunctionDef):
        return None
    attr = _forwarded(getter, "getattr")
    if attr is None:
        return None
    if _dynamic_binding(node, methods.get("__setattr__")):
        return None  # setattr(self, name, ...), self.__dict__: any name may be its own
    setter = methods.get("__setattr__")
    writes = isinstance(setter, ast.FunctionDef) and _forwarded(setter, "setattr") == attr
    rows: set[str] = set()
    untyped = False
    elsewhere = False  # bound in the class body (but to None) or a method other than __init__
    own: set[str] = set()
    past: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id == attr for t in targets):
                untyped |= not is_row_value(stmt.value, rows)
                # a class attribute ``_model = None`` is no other value
                elsewhere |= not (isinstance(stmt.value, ast.Constant) and stmt.value.value is None)
    for method in methods.values():
        for inner in ast.walk(method):
            for target, value in self_bindings(inner):
                if target.attr == attr:
                    untyped |= not is_row_value(value, rows)
                    elsewhere |= method.name != "__init__"
                else:
                    own.add(target.attr)
                    if isinstance(inner, ast.Call) and _past_setattr(inner):
                        past.add(target.attr)
    given = -1
    if untyped and not rows and not elsewhere:
        given = _given(methods.get("__init__"), attr)
    return Forwarding(
        attr, writes, tuple(sorted(rows)), untyped, tuple(sorted(own)), given, tuple(sorted(past))
    )


def _past_setattr(call: ast.Call) -> bool:
    """Whether ``call`` is ``object.__setattr__(...)``, which no class's own ``__setattr__``
    sees."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__setattr__"
        and isinstance(func.value, ast.Name)
        and func.value.id == "object"
    )


def _given(init: ast.AST | None, attr: str) -> int:
    """The position (after ``self``) of the parameter of ``init`` that every binding of
    ``self.<attr>`` in it stores, where no other method binds it (checked by the caller's
    ``untyped`` and ``rows``): -1 where there is none."""
    if not isinstance(init, ast.FunctionDef) or init.args.vararg or init.args.kwarg:
        return -1
    params = [a.arg for a in [*init.args.posonlyargs, *init.args.args][1:]]
    rebound = {
        n.id for n in ast.walk(init) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    stored: set[int] = set()
    for inner in ast.walk(init):
        for target, value in self_bindings(inner):
            if target.attr != attr:
                continue
            if isinstance(value, ast.Name) and value.id in params and value.id not in rebound:
                stored.add(params.index(value.id))
            else:
                return -1
    return stored.pop() if len(stored) == 1 else -1


def _dynamic_binding(node: ast.ClassDef, setter: ast.AST | None) -> bool:
    """Whether the class binds attributes of ``self`` by a name computed at run time
    (``setattr(self, key, value)``, ``self.__dict__.update(...)``, ``vars(self)``) outside its
    own ``__setattr__``."""
    for stmt in node.body:
        if stmt is setter:
            continue
        for inner in ast.walk(stmt):
            if isinstance(inner, ast.Attribute) and inner.attr == "__dict__":
                return True
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Name)
                and inner.func.id in ("setattr", "vars")
                and inner.args
                and isinstance(inner.args[0], ast.Name)
                and inner.args[0].id == "self"
                and not (
                    inner.func.id == "setattr"
                    and len(inner.args) >= 2
                    and isinstance(inner.args[1], ast.Constant)
                )
            ):
                return True
    return False


def _forwarded(method: ast.FunctionDef, builtin: str) -> str | None:
    """The attribute of ``self`` that ``method`` (``__getattr__`` or ``__setattr__``)
    hands its name on to through ``builtin`` (``getattr(self.orm_user, attr)``): for
    ``getattr``, every ``return`` must be that call; for ``setattr``, one such call must be
    made."""
    params = [a.arg for a in method.args.args]
    if len(params) < 2 or method.args.vararg or method.args.kwarg:
        return None
    owner, name = params[0], params[1]
    found: set[str] = set()
    returns_other = False
    for inner in ast.walk(method):
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and (
            inner is not method
        ):
            return None
        if isinstance(inner, ast.Return) and builtin == "getattr":
            held = _handed_on(inner.value, builtin, owner, name)
            if held is None:
                returns_other = True
            else:
                found.add(held)
        elif isinstance(inner, ast.Expr) and builtin == "setattr":
            held = _handed_on(inner.value, builtin, owner, name)
            if held is not None:
                found.add(held)
    if returns_other or len(found) != 1:
        return None
    return found.pop()


def _handed_on(value: ast.expr | None, builtin: str, owner: str, name: str) -> str | None:
    """``getattr(self.orm_user, attr)`` (or ``setattr(self.orm_user, attr, value)``): the
    attribute ``orm_user``."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == builtin
        and len(value.args) >= 2
        and isinstance(value.args[1], ast.Name)
        and value.args[1].id == name
    ):
        return None
    held = value.args[0]
    if (
        isinstance(held, ast.Attribute)
        and isinstance(held.value, ast.Name)
        and held.value.id == owner
    ):
        return held.attr
    return None


def self_bindings(node: ast.AST) -> list[tuple[ast.Attribute, ast.expr | None]]:
    """The attributes of ``self`` a statement binds, with the value each is given
    (``None`` where it is not one plain value: unpacking, a loop, ``with ... as``)."""
    found: list[tuple[ast.Attribute, ast.expr | None]] = []
    if isinstance(node, ast.Assign):
        for target in node.targets:
            plain = not isinstance(target, ast.Tuple | ast.List)
            for part in _parts(target):
                found.append((part, node.value if plain else None))
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        value = node.value if isinstance(node, ast.AnnAssign) else None
        found.extend((part, value) for part in _parts(node.target))
    elif isinstance(node, ast.For | ast.AsyncFor):
        found.extend((part, None) for part in _parts(node.target))
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        found.extend((part, None) for part in _parts(node.optional_vars))
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "__setattr__"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "object"
        and len(node.args) == 3
        and isinstance(held := node.args[0], ast.Name)
        and held.id == "self"
        and isinstance(key := node.args[1], ast.Constant)
        and isinstance(key.value, str)
    ):  # object.__setattr__(self, "_model", model), past the class's own __setattr__
        found.append((ast.Attribute(held, key.value, ast.Store()), node.args[2]))
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "setattr"
        and len(node.args) >= 2
        and isinstance(held := node.args[0], ast.Name)
        and held.id == "self"
        and isinstance(key := node.args[1], ast.Constant)
        and isinstance(key.value, str)
    ):
        found.append((ast.Attribute(held, key.value, ast.Store()), None))
    return found


def _parts(target: ast.expr) -> list[ast.Attribute]:
    """The ``self.x`` a target binds (itself, or inside what it unpacks)."""
    if isinstance(target, ast.Tuple | ast.List):
        return [p for element in target.elts for p in _parts(element)]
    if isinstance(target, ast.Starred):
        return _parts(target.value)
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    ):
        return [target]
    return []


def is_row_value(value: ast.expr | None, rows: set[str]) -> bool:
    """Whether ``value`` is ``None`` or one row of a class (added to ``rows``)."""
    if value is None:
        return False
    if isinstance(value, ast.Constant) and value.value is None:
        return True
    cls = row_class(value)
    if cls is not None:
        rows.add(cls)
        return True
    return False
