"""Methods that only read or only write the column, under another name, and their uses.

A class that holds a row (``self.token``, a ``Token``) often gives it thin accessors:
``def get_user_id(self): return self.token.user_id``, or ``def set_user_identifiers(self,
uid, resolvername, resolvertype)`` whose body only assigns its parameters to the row's
attributes. The read or the write in the body is the reference; the method itself and each
call of it (``uid = token_obj.get_user_id()``) spell none of the column's names, so no word
search finds them, yet they go with the column unless the method gets a new body. Such a
method is the column's value (or its write) and nothing else, as a property that is the
column's value by operators alone is: its declaration and its uses are ``likely`` wrapper
references (CR109), saying which accessor (``likely``: the method may get a new body, and
the row it reads may be another's where the read inside is only likely).

A class method that only looks rows up by the column is one too: ``def get_by_userid(cls,
userid): return cls.query.filter(cls.userid == userid).first()``. Its callers
(``Token.get_by_userid(request.authenticated_userid)``) find rows by the column without
naming it, and must change with it.

A method is such an accessor when

- its body (a docstring aside) is one ``return`` of an attribute read found as a reference
  of the column (``certain`` or ``likely``), and it takes nothing but ``self``; or every
  statement of its body assigns one of its parameters to an attribute, at least one of
  them an attribute found as a reference of the column; or (a lookup) it is a
  ``classmethod`` that takes one parameter besides ``cls`` and its body is one ``return`` of
  a query of ``cls`` (``cls.query``, ``session.query(cls)``, ``select(cls)``) filtered by
  that parameter alone against the column (``filter(cls.userid == userid)``,
  ``filter_by(userid=userid)``, ``where(...)``), the column's word found as a reference,
  and ended by calls given nothing (``.first()``, ``.one()``, ``.all()``);
- it is a method of a class at the top of its module (not a ``staticmethod``, and a
  ``classmethod`` only for a lookup), and its name is none of the column's names (those are occurrences
  already), no dunder, and no other class of the project binds it (in its body or on
  ``self``), nor a global of a module; every file that names it parses.

A function of a module is a setter of the column where the column's words are words of its
name (:func:`_named_after`: Pagure's ``update_read_only_mode(session, repo, read_only=True)``
for ``read_only``), its one write of any attribute is of one of its parameters into the
column's own attribute, whatever it tests around it (:func:`_sets`), and its name is its
module's alone (:func:`_function_alone`); its calls by name and through its module are its
uses (:func:`_setter_uses`). (A function named otherwise,
``estimate(session, task_id, minutes)``, is a service that sets the column today: once the
write goes, it does something else, and its calls stay.)

Its uses are the attributes of that name read anywhere in the project's reachable files
(``obj.get_user_id()``, ``self.get_user_id``), whatever the object: the name is the
accessor's alone among the project's classes, though not among libraries': a use on an
object a library gives (``response.json()`` of ``response = requests.get(url)``) stays
unexplained.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from colretire.analysis import facts as F
from colretire.analysis.accounting import FileResult
from colretire.analysis.astnames import without_docstring
from colretire.analysis.codes import CODE_OF_KIND
from colretire.analysis.exclusive import binds, binds_elsewhere, classes_in, parsed
from colretire.analysis.families import MEMBER_KINDS, Member, family
from colretire.analysis.index import module_name
from colretire.analysis.source import Source
from colretire.model import Confidence, Occurrence, Reference, ReferenceKind, Tier

#: Decorators that make a method no method of its instances.
_NOT_METHODS = frozenset({"staticmethod", "classmethod"})

#: A line that may be an accessor's body: ``return self.token.user_id``, ``self.token.user_id
#: = uid``, ``return json.loads(self.row.params)``, ``self.row.params = json.dumps(val)``.
_BODY_LINE = re.compile(
    rb"^\s*(?:return\s+(?:[\w.]+\(\s*)?self\.[\w.]+\s*\)?\s*$"
    rb"|self\.[\w.]+\s*=\s*(?:[\w.]+\(\s*)?\w+\s*\)?\s*$)"
)

#: A line that may be a lookup's body: ``return cls.query.filter(cls.userid == userid).first()``.
_LOOKUP_LINE = re.compile(rb"^\s*return\s.*\bcls\b")

#: Kinds of reference an accessor's body may hold.
_READS = frozenset({ReferenceKind.INSTANCE_ATTRIBUTE, ReferenceKind.WRAPPER})
#: Kinds of reference a lookup's filter may be.
_LOOKUPS = frozenset({ReferenceKind.CLASS_ATTRIBUTE, ReferenceKind.KEYWORD})
#: Methods of a query or a select that filter it.
_FILTERS = frozenset({"filter", "where", "filter_by"})
#: Methods of the builtin types: a lookup so named counts only on its class's name.
_BUILTIN_METHODS = frozenset(
    name for kind in (dict, str, list, set, bytes, tuple) for name in dir(kind)
)
#: A line that may be a setter function's write: ``repo.read_only = read_only``.
_SET_LINE = re.compile(rb"^\s*\w[\w.]*\.\w+\s*=\s*\w+\s*$")

#: A line that may default a parameter to the column: ``region = self.repospanner_region``.
_DEFAULT_LINE = re.compile(rb"^\s*\w+\s*=\s*self\.[\w.]+\s*$")

#: Whats of an accessor: a getter, a setter, a lookup, a module's function that sets it, a
#: method whose parameter stands for the column unless given.
READS, WRITES, LOOKS_UP, SETS, DEFAULTS = "reads", "writes", "looks up", "sets", "defaults"


@dataclass(frozen=True)
class Accessor:
    """A method of ``owner`` (a class key) in ``path`` that returns the column's value
    (``what`` :data:`READS`), writes its parameters into it (:data:`WRITES`) or finds the
    rows whose column equals its parameter (:data:`LOOKS_UP`)."""

    path: str
    owner: str
    name: str
    line: int
    col: int
    what: str
    #: how many classes define the name, where it is a family's (see :mod:`families`)
    family: int = 0

    def detail(self, declared: bool) -> str:
        if self.what == SETS:
            what = (
                "a function whose one write is of what it is given into the column: it goes "
                "with the column unless it gets a new body"
            )
            if declared:
                return f"declares {self.name}(), {what}"
            return f"calls {self.name}() ({self.path}:{self.line}), {what}"
        cls = self.owner.rpartition(".")[2]
        what = {
            READS: "only returns the column's value",
            WRITES: "only writes what it is given into the column",
            LOOKS_UP: "only looks rows up by the column",
            DEFAULTS: "takes the column's value for a parameter it is not given",
        }[self.what]
        if declared:
            return (
                f"declares {cls}.{self.name}, a method that {what}: it goes with the "
                "column unless it gets a new body"
            )
        if self.family:
            return (
                f"uses {self.name}, a method that {what} in {cls} ({self.path}:{self.line}), "
                f"one of {self.family} classes that define it, each an accessor of the "
                "column, abstract, or handing the call on to one: it goes with the column "
                "unless the methods get new bodies"
            )
        return (
            f"uses {cls}.{self.name} ({self.path}:{self.line}), a method that {what}: "
            "it goes with the column unless the method gets a new body"
        )


def accessors(
    result: FileResult,
    column: str,
    names: frozenset[str],
    parse: Callable[[str], Source | None],
    containing: Callable[[list[str]], list[str]],
    read: Callable[[str], bytes],
    modules: Callable[[], Iterable[str]] = tuple,
    models: Iterable[str] = (),
) -> FileResult:
    """``result`` with the accessors of the column (see the module docstring), their
    declarations and their uses, as ``likely`` wrapper references (CR109) under ``column``
    (the column's name). ``names`` are the column's names (never an accessor's), ``parse``
    gives a reachable file's source (``None`` for one that does not parse or cannot reach
    the models), ``containing`` the files that hold any of the names as a word, ``read`` a
    file's bytes, ``modules`` the project's modules (asked only when an accessor is used:
    a pass over every file). A use on an object a library's name
    gives (:func:`_library_held`) is unexplained, as it was before accessors were judged."""
    found = _accessors(result, names, parse, read, column)
    if not found:
        return result
    kept: list[Accessor] = []
    on_class: set[str] = set()  # lookups whose name another class's method has too
    shared: dict[str, list[Accessor]] = {}  # getters and setters whose name others bind
    ours = frozenset(models)
    known: set[str] = set()

    def tops() -> set[str]:  # every part of the project's module names, asked once
        if not known:
            known.update(part for module in modules() for part in module.split("."))
        return known

    for accessor in found:
        if accessor.what == LOOKS_UP and accessor.owner not in ours:
            continue  # a mixin's or a base's: its calls on another table's class are that's
            # (a lookup counts only on a class that maps the table itself)
        if accessor.what == LOOKS_UP and accessor.name in _BUILTIN_METHODS:
            # ``Setting.get(key)``: ``SETTINGS.get(name)`` is a dict's
            if _class_alone(accessor, containing, read):
                kept.append(accessor)
                on_class.add(accessor.name)
        elif accessor.what == SETS:
            if _function_alone(accessor, containing, read):
                kept.append(accessor)
        elif accessor.name in _BUILTIN_METHODS:
            continue  # ``def items(self)``: ``{...}.items()`` is a dict's
        elif _alone(accessor, containing, read):
            kept.append(accessor)
        elif accessor.what == LOOKS_UP and _class_alone(accessor, containing, read):
            kept.append(accessor)
            on_class.add(accessor.name)
        elif accessor.what in (READS, WRITES):
            shared.setdefault(accessor.name, []).append(accessor)
    members: list[tuple[Member, Accessor]] = []  # the other definitions of a family's name
    unjudged: dict[str, set[tuple[int, int]]] = {}
    for occurrence in result.occurrences if shared else ():
        if occurrence.tier is Tier.UNEXPLAINED:
            unjudged.setdefault(occurrence.path, set()).add((occurrence.line, occurrence.col))
    for name, group in sorted(shared.items()):
        family_of = _family(name, group, unjudged, parse, containing, read, tops)
        if family_of is not None:
            kept.extend(replace(a, family=len(family_of)) for a in group)
            members.extend((m, group[0]) for m in family_of if m.kind in MEMBER_KINDS)
    if not kept:
        return result
    have = {(o.path, o.line, o.col) for o in result.occurrences}
    added: list[tuple[Source, int, int, str]] = []
    doubtful: list[tuple[Source, int, int, str]] = []
    by_name = {a.name: a for a in kept}
    for rel in containing(sorted(by_name)):
        source = parse(rel)
        if source is None:
            continue
        held = _library_held(source.tree, tops())
        setters = [a for a in kept if a.what == SETS]
        for used, setter in _setter_uses(source, setters).items():
            line, col = (
                source.attr_start(used) if isinstance(used, ast.Attribute) else source.start(used)
            )
            if (rel, line, col) not in have:
                have.add((rel, line, col))
                added.append((source, line, col, setter.detail(False)))
        for node in ast.walk(source.tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in by_name
                and by_name[node.attr].what != SETS
            ):
                accessor = by_name[node.attr]
                if accessor.name in on_class and not _names_class(node.value, accessor.owner):
                    continue  # ``NipsaUser.get_by_userid``: another class's lookup
                line, col = source.attr_start(node)
                if (rel, line, col) not in have:
                    have.add((rel, line, col))
                    use = (source, line, col, accessor.detail(False))
                    (doubtful if _dotted_root(node.value, held) else added).append(use)
    for accessor in kept:
        source = parse(accessor.path)
        if source is not None and (accessor.path, accessor.line, accessor.col) not in have:
            have.add((accessor.path, accessor.line, accessor.col))
            added.append((source, accessor.line, accessor.col, accessor.detail(True)))
    for member, accessor in members:
        source = parse(member.path) if member.line else None
        if source is not None and (member.path, member.line, member.col) not in have:
            have.add((member.path, member.line, member.col))
            proven = f"{accessor.owner.rpartition('.')[2]}.{accessor.name}"
            where = f"{proven} ({accessor.path}:{accessor.line})"
            added.append((source, member.line, member.col, member.detail(accessor.name, where)))
    if not added and not doubtful:
        return result
    occurrences = [
        *(_occurrence(source, line, col, column) for source, line, col, _ in added),
        *(
            _unexplained(source, line, col, column, detail)
            for source, line, col, detail in doubtful
        ),
    ]
    references = [_reference(source, line, col, detail) for source, line, col, detail in added]
    return replace(
        result,
        references=tuple(sorted({*result.references, *references})),
        occurrences=tuple(sorted((*result.occurrences, *occurrences))),
    )


def _library_held(tree: ast.Module, tops: set[str]) -> frozenset[str]:
    """The names and attribute chains of a file that hold (flow-insensitively, anywhere in
    the file) what a library gives: a name imported from outside the project
    (``requests``), and each name or ``self.x`` assigned something made from one
    (``response = requests.get(url)``, ``with httpx.Client() as client``). An accessor's name
    read on such an object (``response.json()``) may be the library's method, or a row the
    library hands back (a session's ``get``): neither is proven the accessor's. ``tops``
    holds every part of the project's module names."""
    held = {
        (alias.asname or alias.name).partition(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.ImportFrom) and (node.level or node.module is None))
        for alias in node.names
        if ((node.module if isinstance(node, ast.ImportFrom) else alias.name) or "").partition(".")[
            0
        ]
        not in tops
    }
    pairs = list(_bindings(tree))
    for _ in range(10):  # a name bound from a held one is held: to a fixed point
        before = len(held)
        held |= {target for target, value in pairs if _dotted_root(value, held)}
        if len(held) == before:
            break
    return frozenset(held)


def _bindings(tree: ast.Module) -> Iterable[tuple[str, ast.expr]]:
    """(target, value) of each binding of a name or an attribute chain in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for chain in _bound(target):
                    yield chain, node.value
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            for chain in _bound(node.optional_vars):
                yield chain, node.context_expr
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            for chain in _bound(node.target):
                yield chain, node.iter
        elif isinstance(node, ast.NamedExpr):
            yield node.target.id, node.value


def _bound(target: ast.expr) -> Iterable[str]:
    """The names and chains a binding target binds: ``client`` and ``self.client`` of
    ``client, self.client = ...``, not the ``self`` that ``self.client = ...`` only reads."""
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _bound(element)
    elif isinstance(target, ast.Starred):
        yield from _bound(target.value)
    elif (chain := _chain(target)) is not None:
        yield chain


def _chain(node: ast.AST) -> str | None:
    """``response`` or ``self.client``: a name, or an attribute chain from a name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (inner := _chain(node.value)) is not None:
        return f"{inner}.{node.attr}"
    return None


def _dotted_root(node: ast.expr, held: frozenset[str] | set[str]) -> bool:
    """Whether ``node`` (``requests.get(url)``, ``self.client.get(...)``, ``await
    resp``) is made from a held name or chain: a call's function, an awaited value, an
    item, an attribute, down to it."""
    while True:
        chain = _chain(node)
        if chain is not None and any(chain == h or chain.startswith(f"{h}.") for h in held):
            return True
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute | ast.Subscript | ast.Await | ast.Starred):
            node = node.value
        else:
            return False


def _occurrence(source: Source, line: int, col: int, column: str) -> Occurrence:
    return Occurrence(
        source.path, line, col, column, Tier.REFERENCE, None, "", source.line_text(line).strip()
    )


def _unexplained(source: Source, line: int, col: int, column: str, detail: str) -> Occurrence:
    return Occurrence(
        source.path,
        line,
        col,
        column,
        Tier.UNEXPLAINED,
        None,
        f"{detail}; but it is read on an object a library gives, whose method it may be",
        source.line_text(line).strip(),
    )


def _reference(source: Source, line: int, col: int, detail: str) -> Reference:
    kind = ReferenceKind.WRAPPER
    return Reference(
        source.path, line, col, kind, Confidence.LIKELY, CODE_OF_KIND[kind], detail,
        source.snippet(line),
    )  # fmt: skip


def _accessors(
    result: FileResult,
    names: frozenset[str],
    parse: Callable[[str], Source | None],
    read: Callable[[str], bytes],
    column: str = "",
) -> list[Accessor]:
    """The accessors of the files that hold a read or a write of the column, on a line of
    its own that could be an accessor's body (only those files are parsed)."""
    reads: dict[str, set[tuple[int, int]]] = {}
    filters: dict[str, set[tuple[int, int]]] = {}
    #: the reads and writes of the column's own attribute (no wrapper's)
    own: dict[str, set[tuple[int, int]]] = {}
    for reference in result.references:
        where = (reference.line, reference.col)
        if reference.kind in _READS:
            reads.setdefault(reference.path, set()).add(where)
        if reference.kind is ReferenceKind.INSTANCE_ATTRIBUTE:
            own.setdefault(reference.path, set()).add(where)
        elif reference.kind in _LOOKUPS and reference.confidence is Confidence.CERTAIN:
            filters.setdefault(reference.path, set()).add(where)
    found: list[Accessor] = []
    for path in sorted({*reads, *filters}):
        positions, filtered = reads.get(path, set()), filters.get(path, set())
        attributes = own.get(path, set())
        lines = read(path).splitlines()
        if not any(
            0 < line <= len(lines)
            and (
                _BODY_LINE.match(lines[line - 1])
                or _SET_LINE.match(lines[line - 1])
                or _DEFAULT_LINE.match(lines[line - 1])
            )
            for line, _ in positions
        ) and not any(
            0 < line <= len(lines) and _LOOKUP_LINE.match(lines[line - 1]) for line, _ in filtered
        ):
            continue
        source = parse(path)
        if source is None:
            continue
        module = module_name(path)
        for qualified, cls in classes_in(source.tree.body, ""):
            if "." in qualified:
                continue  # a nested class: its instances are harder to tell
            for statement in cls.body:
                if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if statement.name in names or statement.name.startswith("__"):
                    continue
                decorators = [_decorator(d) for d in statement.decorator_list]
                if decorators == ["classmethod"]:
                    kind = LOOKS_UP if _lookup(statement, source, filtered) else None
                elif any(d in _NOT_METHODS for d in decorators):
                    continue
                else:
                    kind = _kind(statement, source, positions) or (
                        DEFAULTS if _defaults(statement, source, positions) else None
                    )
                if kind is not None:
                    line, col = source.def_name_start(statement)
                    found.append(
                        Accessor(path, f"{module}.{qualified}", statement.name, line, col, kind)
                    )
        for statement in source.tree.body:
            if (
                isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
                and statement.name not in names
                and not statement.name.startswith("_")
                and _named_after(statement.name, column)
                and _sets(statement, source, attributes)
            ):
                line, col = source.def_name_start(statement)
                found.append(Accessor(path, module, statement.name, line, col, SETS))
    return found


def _words(name: str) -> list[str]:
    """``["update", "read", "only", "mode"]`` of ``update_read_only_mode`` and of
    ``updateReadOnlyMode``."""
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name)]


def _named_after(function: str, column: str) -> bool:
    """Whether the words of ``column`` run, in order, among the words of ``function``
    (``update_read_only_mode`` for ``read_only``; not ``stage_release`` for ``tag``)."""
    have, want = _words(function), _words(column)
    return bool(want) and any(
        have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1)
    )


def _setter_uses(source: Source, setters: list[Accessor]) -> dict[ast.expr, Accessor]:
    """The uses in ``source`` of the setter functions ``setters``: their name where the
    file's only binding of it is the setter's own ``def`` or an import of it from its
    module (``from app.query import update_read_only_mode``, also under another name),
    and an attribute of a name the file binds to the setter's module alone
    (``query.update_read_only_mode``, ``pagure.lib.query.update_read_only_mode``): not a
    parameter, a nested function, a local, a library's function of the same name, nor a
    method of any object (Celery's ``self.update_state(...)``)."""
    if not setters:
        return {}
    tree = source.tree
    module = module_name(source.path)
    local: dict[str, Accessor] = {}  # the names that are a setter here
    modules: dict[str, str] = {}  # the names bound to a module, by import
    bound: dict[str, int] = {}  # every binding of a name in the file, but ``import a.b``
    plain: set[str] = set()  # the packages ``import pagure.lib.query`` binds (``pagure``)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and all(a.asname is None for a in node.names):
            plain.update(a.name.partition(".")[0] for a in node.names)
            continue  # ``import pagure.lib.query`` and ``import pagure.lib.git``: one package
        for name in _bound_names(node):
            bound[name] = bound.get(name, 0) + 1
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            for alias in statement.names:
                for accessor in setters:
                    if statement.module == accessor.owner and alias.name == accessor.name:
                        local[alias.asname or alias.name] = accessor
                modules[alias.asname or alias.name] = f"{statement.module}.{alias.name}"
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    modules[alias.asname] = alias.name
                else:
                    head = alias.name.partition(".")[0]
                    modules[head] = head
    for accessor in setters:
        if accessor.owner == module and "*" not in bound:  # a star import may rebind it
            local[accessor.name] = accessor
    owners = {(a.owner, a.name): a for a in setters}
    found: dict[ast.expr, Accessor] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.id in local
            and bound.get(node.id, 0) == 1
        ):
            found[node] = local[node.id]
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            written = F.dotted(node.value)
            head, _, rest = (written or "").partition(".")
            if head not in modules or bound.get(head, 0) != (0 if head in plain else 1):
                continue
            owned = owners.get((".".join(filter(None, [modules[head], rest])), node.attr))
            if owned is not None:
                found[node] = owned
    return found


def _bound_names(node: ast.AST) -> list[str]:
    """The names ``node`` binds: a stored name, a parameter, a ``def`` or ``class``, an
    import (a star import binds any name: ``*``), an ``except ... as``."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return [node.id]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(a.asname or a.name).partition(".")[0] for a in node.names]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    return []


def _sets(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    source: Source,
    positions: set[tuple[int, int]],
) -> bool:
    """Whether ``function`` (a module's, undecorated) is a setter of the column: Pagure's
    ``update_read_only_mode(session, repo, read_only=True)``, whose one write of any
    attribute is ``repo.read_only = read_only``, a reference of the column (at
    ``positions``) given one of its parameters, never bound again; it binds no item, no
    attribute by ``setattr`` and deletes nothing, and holds no function or class. Its
    tests and reads around the write (``if repo.read_only != read_only:``) may stay."""
    args = function.args
    if function.decorator_list or args.vararg or args.kwarg:
        return False
    params = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}
    stores: list[ast.Attribute] = []
    written: ast.expr | None = None
    for node in ast.walk(function):
        if node is function:
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            return False
        if isinstance(node, ast.Delete | ast.Global | ast.Nonlocal):
            return False
        if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
            return False
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr", "vars")
        ):
            return False
        if isinstance(node, ast.Name) and node.id in params and not isinstance(node.ctx, ast.Load):
            return False
        if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            stores.append(node)
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute)
        ):
            written = node.value
    if len(stores) != 1 or source.attr_start(stores[0]) not in positions:
        return False
    return isinstance(written, ast.Name) and written.id in params


def _function_alone(
    accessor: Accessor, containing: Callable[[list[str]], list[str]], read: Callable[[str], bytes]
) -> bool:
    """Whether the setter function's name is its alone: no other module defines or assigns
    it, or imports it from elsewhere, no class of the project binds it, and its own module
    binds it once (a file that does not parse may bind it: no)."""
    name = accessor.name
    for rel in containing([name]):
        tree = parsed(rel, read(rel))
        if tree is None:
            return False
        defined = 0
        for statement in tree.body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined += statement.name == name
            elif isinstance(statement, ast.Assign | ast.AnnAssign):
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    return False
            elif isinstance(statement, ast.ImportFrom):
                for alias in statement.names:
                    if (alias.asname or alias.name) == name and not (
                        alias.name == name
                        and statement.module
                        and accessor.owner.endswith(statement.module)
                    ):
                        return False
        if defined != (1 if rel == accessor.path else 0):
            return False
        if any(binds(cls, name, False) for _, cls in classes_in(tree.body, "")):
            return False
    return True


def _decorator(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _kind(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    source: Source,
    positions: set[tuple[int, int]],
) -> str | None:
    """:data:`READS` for a getter of the column, :data:`WRITES` for a setter, ``None``
    otherwise. A getter returns the read, or the read passed through one function alone
    (``json.loads(self._dbmodel.transport_params)``); a setter writes its parameters, or each
    passed through one function (``json.dumps(val)``), and may call functions given only
    its parameters besides (a check: ``json.dumps(val)`` alone). Either may sit in a ``try``
    whose every handler only raises."""
    args = function.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
        return None
    params = [a.arg for a in args.args]
    if not params or params[0] != "self":
        return None
    body = _unguarded(without_docstring(function.body))
    if not body:
        return None
    if len(body) == 1 and isinstance(body[0], ast.Return) and len(params) == 1:
        value = _converted(body[0].value, params, lambda arg: isinstance(arg, ast.Attribute))
        if isinstance(value, ast.Attribute) and _on(value, params[0]):
            return READS if source.attr_start(value) in positions else None
        return None
    given = set(params[1:])

    def is_given(node: ast.expr | None) -> bool:
        return isinstance(node, ast.Name) and node.id in given

    ours = False
    for statement in body:
        if isinstance(statement, ast.Expr) and _checks(statement.value, params, is_given):
            continue
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Attribute)
            and _on(statement.targets[0], params[0])
            and is_given(_converted(statement.value, params, is_given))
        ):
            return None
        ours = ours or source.attr_start(statement.targets[0]) in positions
    return WRITES if ours else None


def _unguarded(body: list[ast.stmt]) -> list[ast.stmt]:
    """The body of a ``try`` that is the whole of ``body``, where each of its handlers only
    raises (a getter that turns a decoding error into its own); else ``body``."""
    if (
        len(body) == 1
        and isinstance(body[0], ast.Try)
        and body[0].handlers
        and not body[0].orelse
        and not body[0].finalbody
        and all(len(h.body) == 1 and isinstance(h.body[0], ast.Raise) for h in body[0].handlers)
    ):
        return body[0].body
    return body


def _converted(
    node: ast.expr | None, params: list[str], argument: Callable[[ast.expr | None], bool]
) -> ast.expr | None:
    """The one argument of ``node`` where ``node`` calls a function (``json.loads``, not a
    method of ``self`` or of a parameter) with it alone and ``argument`` holds of it; else
    ``node``."""
    if (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and argument(node.args[0])
        and _function(node.func, params)
    ):
        return node.args[0]
    return node


def _checks(node: ast.expr, params: list[str], given: Callable[[ast.expr | None], bool]) -> bool:
    """Whether ``node`` calls a function given nothing but parameters (``json.dumps(val)``,
    a check whose value is dropped)."""
    return (
        isinstance(node, ast.Call)
        and bool(node.args)
        and not node.keywords
        and all(given(a) for a in node.args)
        and _function(node.func, params)
    )


def _function(node: ast.expr, params: list[str]) -> bool:
    """Whether ``node`` names a function by a name or a dotted path (``json.loads``) that
    starts at none of ``params``."""
    written = F.dotted(node)
    return written is not None and written.partition(".")[0] not in params


def _defaults(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    source: Source,
    positions: set[tuple[int, int]],
) -> str | None:
    """The parameter that ``function`` (a method) gives the column's value when its caller
    does not: Pagure's ``def _repospanner_repo_name(self, repotype, region=None)`` whose
    body starts ``if region is None: region = self.repospanner_region`` (the read found as a
    reference at ``positions``), the test and the assignment alone in that ``if``, at the
    top level of the body. Its value is the column's unless it is given one, and its callers
    go with the column unless it gets a new body."""
    args = function.args
    params = [a.arg for a in args.args]
    if not params or params[0] != "self":
        return None
    defaults = dict(zip(reversed(params), reversed(args.defaults), strict=False))
    for statement in without_docstring(function.body):
        if not (
            isinstance(statement, ast.If)
            and not statement.orelse
            and len(statement.body) == 1
            and isinstance(statement.test, ast.Compare)
            and isinstance(statement.test.left, ast.Name)
            and len(statement.test.ops) == 1
            and isinstance(statement.test.ops[0], ast.Is)
            and isinstance(statement.test.comparators[0], ast.Constant)
            and statement.test.comparators[0].value is None
        ):
            continue
        name = statement.test.left.id
        default = defaults.get(name)
        assign = statement.body[0]
        if (
            isinstance(default, ast.Constant)
            and default.value is None
            and isinstance(assign, ast.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0], ast.Name)
            and assign.targets[0].id == name
            and isinstance(assign.value, ast.Attribute)
            and _on(assign.value, "self")
            and source.attr_start(assign.value) in positions
        ):
            return name
    return None


def _lookup(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    source: Source,
    positions: set[tuple[int, int]],
) -> bool:
    """Whether ``function`` (a class method) looks rows up by the column and does nothing
    else: one ``return`` of a query of ``cls`` filtered once, by its one other parameter
    against the column (found as a reference at ``positions``), ended by calls given
    nothing."""
    args = function.args
    if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs or args.defaults:
        return False
    params = [a.arg for a in args.args]
    if len(params) != 2:
        return False
    cls, given = params
    body = without_docstring(function.body)
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    node: ast.expr = body[0].value
    filtered = 0
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in _FILTERS:
                filtered += 1
                if not _filters_by(node, cls, given, source, positions):
                    return False
            elif node.args or node.keywords:
                return _queries(node, cls) and filtered == 1
            node = node.func.value
        elif isinstance(node, ast.Call):
            return _queries(node, cls) and filtered == 1
        elif isinstance(node, ast.Attribute):
            # ``cls.query``: the query property of the class
            return isinstance(node.value, ast.Name) and node.value.id == cls and filtered == 1
        else:
            return False


def _queries(call: ast.Call, cls: str) -> bool:
    """Whether ``call`` (``session.query(cls)``, ``select(cls)``) is given ``cls`` alone."""
    return (
        len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == cls
    )


def _filters_by(
    call: ast.Call, cls: str, given: str, source: Source, positions: set[tuple[int, int]]
) -> bool:
    """Whether ``call`` filters by ``given`` alone against the column: ``filter_by(col=given)``
    or ``filter(cls.col == given)`` (either way round), the column's word at ``positions``."""
    if isinstance(call.func, ast.Attribute) and call.func.attr == "filter_by":
        if call.args or len(call.keywords) != 1:
            return False
        keyword = call.keywords[0]
        value = keyword.value
        return (
            keyword.arg is not None
            and isinstance(value, ast.Name)
            and value.id == given
            and source.start(keyword) in positions
        )
    if call.keywords or len(call.args) != 1:
        return False
    test = call.args[0]
    if not (
        isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)
    ):
        return False
    sides = [test.left, test.comparators[0]]
    column = [s for s in sides if isinstance(s, ast.Attribute) and _on(s, cls)]
    compared = [s for s in sides if isinstance(s, ast.Name) and s.id == given]
    return (
        len(column) == 1
        and len(compared) == 1
        and isinstance(column[0].value, ast.Name)
        and source.attr_start(column[0]) in positions
    )


def _on(node: ast.Attribute, name: str) -> bool:
    """Whether ``node`` is an attribute of ``name`` or of an attribute chain from it
    (``self.user_id``, ``self.token.user_id``)."""
    value = node.value
    while isinstance(value, ast.Attribute):
        value = value.value
    return isinstance(value, ast.Name) and value.id == name


def _names_class(node: ast.expr, owner: str) -> bool:
    """Whether ``node`` names the class ``owner`` (a class key) by its name: ``Token``,
    ``models.Token``."""
    name = owner.rpartition(".")[2]
    return (isinstance(node, ast.Name) and node.id == name) or (
        isinstance(node, ast.Attribute) and node.attr == name
    )


def _class_alone(
    accessor: Accessor, containing: Callable[[list[str]], list[str]], read: Callable[[str], bytes]
) -> bool:
    """Whether no module of the project but the accessor's defines a class of its class's
    name, so that ``Token.get_by_userid`` and ``models.Token.get_by_userid`` are its own
    even where another class has a method of the same name (``NipsaUser.get_by_userid``)."""
    name = accessor.owner.rpartition(".")[2]
    pattern = re.compile(rb"^[ \t]*class[ \t]+" + re.escape(name.encode()) + rb"\b", re.MULTILINE)
    return not any(pattern.search(read(rel)) for rel in containing([name]) if rel != accessor.path)


def _alone(
    accessor: Accessor, containing: Callable[[list[str]], list[str]], read: Callable[[str], bytes]
) -> bool:
    """Whether no class of the project but the accessor's binds its name, and no module
    binds it as a global (a file that does not parse may bind it: no)."""
    ours = frozenset({accessor.owner})
    files: Iterable[str] = containing([accessor.name])
    return not any(binds_elsewhere(rel, read(rel), accessor.name, ours) for rel in files)


def _family(
    name: str,
    group: list[Accessor],
    unjudged: dict[str, set[tuple[int, int]]],
    parse: Callable[[str], Source | None],
    containing: Callable[[list[str]], list[str]],
    read: Callable[[str], bytes],
    tops: Callable[[], set[str]],
) -> list[Member] | None:
    """The family of ``name`` (:mod:`~colretire.analysis.families`), whose proven accessors
    are ``group``; a definition shaped as an accessor counts where its read or write of the
    column's attribute is an occurrence left unexplained (``unjudged``, by file); a hand-on,
    where what it calls the name on is not made from what a library gives
    (:func:`_library_held`, ``tops`` the parts of the project's module names)."""

    def shaped(rel: str, definition: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        source = parse(rel) if rel in unjudged else None
        return None if source is None else _kind(definition, source, unjudged[rel])

    def position(
        rel: str, definition: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[int, int] | None:
        source = parse(rel)
        return None if source is None else source.def_name_start(definition)

    def library(rel: str, tree: ast.Module, node: ast.expr) -> bool:
        return _dotted_root(node, _library_held(tree, tops()))

    proven = {(a.path, a.owner): a.what for a in group}
    return family(name, proven, shaped, containing, read, position, library)
