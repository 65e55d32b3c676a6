"""Accessors that several classes define: a family of one name over layers of wrappers.

A getter or a setter of the column (:mod:`~colretire.analysis.accessors`) is followed only
where no other class of the project binds its name: a call ``obj.is_enabled()`` on an
object of unknown type may be any of them. Yet a layered design gives one accessor several
definitions, each the same accessor seen from another layer. AiiDA's front-end ``Computer``
hands ``is_enabled()`` on to the backend entity it holds; the abstract ``BackendComputer``
declares it; ``SqlaComputer`` and ``DjangoComputer`` return the row's ``enabled``:

.. code-block:: python

    class Computer:
        def is_enabled(self):
            return self._backend_entity.is_enabled()

    class BackendComputer(abc.ABC):
        @abc.abstractmethod
        def is_enabled(self):
            pass

    class SqlaComputer(BackendComputer):
        def is_enabled(self):
            return self._dbmodel.enabled

Every call of ``is_enabled`` in the project reaches the column, whichever class answers it.
The name is a *family* of the column's accessor when every class of the project that binds
it binds it with a plain method (no decorator but ``abstractmethod``) that is

- an accessor of the column (a proven one, found as the accessor module finds them);
- shaped as one, its read or write of the column's attribute an occurrence the analysis
  could not judge (``self._dbmodel.enabled`` on a wrapper whose row it cannot type), in a
  class that derives, as a proven accessor's does, from a class that declares the name
  itself (``DjangoComputer`` and ``SqlaComputer``, both ``BackendComputer``, whose abstract
  ``is_enabled`` both implement): the two implement one interface, and the
  family is what says which attribute it is (an ``is_enabled`` of another table's
  wrapper, shaped the same, implements another);
- abstract: its body (a docstring aside) is ``pass``, ``...`` or ``raise
  NotImplementedError``, or nothing but its docstring;
- a hand-on: its body is one call of the same name on an attribute of ``self``, given its
  own parameters in order (``return self._backend_entity.is_enabled()``), where the file
  does not bind that attribute to what a library gives (an apscheduler job's
  ``is_enabled``);

at least one of them proven, the accessors all getters or all setters; and no module binds
the name as a global, nothing else (an assignment, ``self.is_enabled = ...``) binds it, and
every file that names it parses. Its definitions and the calls of it are then ``likely``
wrapper references, as a lone accessor's are. A library's object may still have a method of
that name: a call on what a library gives stays unexplained, as for a lone accessor.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from colretire.analysis.astnames import dotted, without_docstring
from colretire.analysis.exclusive import binds, binds_on_self, classes_in, module_binds, parsed
from colretire.analysis.facts import last_name
from colretire.analysis.index import module_name

#: Kinds of member of a family besides a proven accessor.
SHAPED, ABSTRACT, HANDS_ON = "shaped", "abstract", "hands on"
MEMBER_KINDS = frozenset({SHAPED, ABSTRACT, HANDS_ON})

#: Bases any class may have, which say nothing of what it implements.
_ANY_CLASS = frozenset({"object", "ABC", "Generic", "Protocol"})

#: The decorators a member may have.
_ABSTRACT_DECORATORS = frozenset({"abstractmethod", "abc.abstractmethod"})


@dataclass(frozen=True)
class Member:
    """A definition of the family's name: ``owner`` (a class key) in ``path``, its name at
    ``line``/``col``, ``kind`` one of :data:`SHAPED`, :data:`ABSTRACT`, :data:`HANDS_ON`, or
    the accessor's own what (``reads``, ``writes``) for a proven one. ``line`` is 0 for a
    definition in a file the scan does not read (one that cannot reach the models): it
    counts for the family, and is not reported."""

    path: str
    owner: str
    line: int
    col: int
    kind: str
    #: the names of the bases of its class (:func:`_bases`)
    bases: frozenset[str] = frozenset()

    def detail(self, name: str, proven: str) -> str:
        """The message of this definition's reference, ``proven`` naming a proven accessor
        of ``name`` and where it is."""
        cls = self.owner.rpartition(".")[2]
        what = {
            ABSTRACT: f"an abstract method whose subclasses implement it, as {proven} does",
            HANDS_ON: (
                f"a method that only hands the call on to {name} of an object it holds, "
                f"defined by the column's accessors ({proven})"
            ),
            SHAPED: (
                f"a method shaped as the column's accessor {proven}, whose own read or write of "
                "the column's attribute is on an object the analysis could not type"
            ),
        }[self.kind]
        return f"declares {cls}.{name}, {what}: it goes with the column unless it gets a new body"


def family(
    name: str,
    proven: dict[tuple[str, str], str],
    shaped: Callable[[str, ast.FunctionDef | ast.AsyncFunctionDef], str | None],
    containing: Callable[[list[str]], list[str]],
    read: Callable[[str], bytes],
    position: Callable[[str, ast.FunctionDef | ast.AsyncFunctionDef], tuple[int, int] | None],
    library: Callable[[str, ast.Module, ast.expr], bool] = lambda rel, tree, node: False,
) -> list[Member] | None:
    """The members of the family of ``name`` (see the module docstring), or ``None`` where
    the name is not one. ``proven`` maps (path, class key) to the what of each proven
    accessor of that name; ``shaped`` says what a definition in a file would be as an
    accessor whose read or write is an unjudged occurrence of the column (``None``: not
    one); ``position`` gives where a definition's name starts (``None`` in a file the scan
    does not read); ``library`` whether an object of a file's code (what a hand-on calls
    the name on) is made from what a library gives."""
    members: list[Member] = []
    whats: set[str] = set()
    for rel in containing([name]):
        tree = parsed(rel, read(rel))
        if tree is None:
            return None  # it may bind the name, for all a reading can tell
        if module_binds(tree, name):
            return None
        module = module_name(rel)
        for qualified, cls in classes_in(tree.body, ""):
            if not binds(cls, name, False):
                continue
            definitions = [
                s
                for s in cls.body
                if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == name
            ]
            if len(definitions) != 1 or _binds_otherwise(cls, name):
                return None  # ``self.is_enabled = ...``, a property, a second definition
            definition = definitions[0]
            owner = f"{module}.{qualified}"
            kind = proven.get((rel, owner))
            if kind is not None:
                whats.add(kind)
            elif not all(
                dotted(d.func if isinstance(d, ast.Call) else d) in _ABSTRACT_DECORATORS
                for d in definition.decorator_list
            ):
                return None
            elif _abstract(definition):
                kind = ABSTRACT
            elif (held := _handed_to(definition)) is not None:
                if library(rel, tree, held):
                    return None  # ``self._job.is_enabled()`` of an apscheduler job
                kind = HANDS_ON
            elif (what := shaped(rel, definition)) is not None:
                whats.add(what)
                kind = SHAPED
            else:
                return None
            line, col = position(rel, definition) or (0, 0)
            members.append(Member(rel, owner, line, col, kind, _bases(cls)))
    accessors = [m for m in members if m.kind not in MEMBER_KINDS]
    # the interfaces: classes that declare the name themselves, and a proven accessor's
    # class derives from (``BackendComputer``); a base that merely both derive from
    # (``BackendEntity``, ``Base``) says nothing of the name
    declaring = {m.owner.rpartition(".")[2] for m in members}
    interfaces = {base for m in accessors for base in m.bases} & declaring
    if (
        len(whats) != 1
        or not accessors
        or any(m.kind == SHAPED and not m.bases & interfaces for m in members)
    ):
        return None
    return members


def _bases(cls: ast.ClassDef) -> frozenset[str]:
    """The names of the bases of ``cls`` (``Base`` of ``Base[Row]`` too); not ``object``,
    ``ABC`` and the like, nor a base a call makes."""
    names = set()
    for base in cls.bases:
        name = last_name(base.value if isinstance(base, ast.Subscript) else base)
        if name and name not in _ANY_CLASS:
            names.add(name)
    return frozenset(names)


def _binds_otherwise(cls: ast.ClassDef, name: str) -> bool:
    """Whether ``cls`` binds ``name`` other than by a ``def`` of its body: an assignment in
    its body, or ``self.name = ...`` in a method."""
    for statement in cls.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            if binds_on_self(statement, name):
                return True
        elif any(
            isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
            for node in ast.walk(statement)
        ):
            return True
    return False


def _abstract(definition: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``pass``, ``...``, ``raise NotImplementedError(...)``, or only a docstring."""
    body = without_docstring(definition.body)
    if not body:
        return True
    if len(body) != 1:
        return False
    statement = body[0]
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return statement.value.value is Ellipsis
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _handed_to(definition: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.expr | None:
    """What the body hands the call on to, where it is one call of the definition's own
    name on an attribute of ``self`` (``self._backend_entity`` of
    ``self._backend_entity.is_enabled()``), returned or not, given the definition's own
    parameters, in order, and nothing else; else ``None``."""
    args = definition.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs or args.defaults:
        return None
    params = [a.arg for a in args.args]
    if not params or params[0] != "self":
        return None
    body = without_docstring(definition.body)
    if len(body) != 1 or not isinstance(body[0], ast.Return | ast.Expr):
        return None
    call = body[0].value
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == definition.name
        and not call.keywords
        and [a.id if isinstance(a, ast.Name) else None for a in call.args] == params[1:]
    ):
        return None
    held = call.func.value
    if not isinstance(held, ast.Attribute):
        return None  # ``self.is_enabled()``: the method calling itself
    root: ast.expr = held
    while isinstance(root, ast.Attribute):
        root = root.value
    return held if isinstance(root, ast.Name) and root.id == "self" else None
