"""Values of a dict's key typed by the relationship of the model the dict is spread into.

``Update.new(cls, request, data)`` reads ``data["builds"]`` and later builds
``Update(**data, release=release)``::

    if not data["requirements"]:
        data["requirements"] = " ".join(
            pkg.requirements for pkg in [build.package for build in data["builds"]]
        )
    ...
    up = Update(**data, release=release)

The dict is spread whole into the constructor of ``Update`` (see
:mod:`~colretire.analysis.kwspread`), so the value of its key ``builds`` becomes
``Update.builds``, a relationship to ``Build`` rows: SQLAlchemy takes nothing else there.
The elements of the list read are therefore ``Build`` rows, ``build.package`` is the
``Package`` of the relationship ``Build.package``, and ``pkg.requirements`` reads
``packages.requirements``: a certain reference where that is the column, an other-table
exclusion where ``Package`` maps another table than the column's.

Only where the read reaches the constructor: the dict is a parameter of the function that
kwspread proves spread whole into that one call (never bound again, handed nowhere else, no
key taken out but by literals), the key is not written, deleted or popped in the function,
and no ``return``, ``raise`` or ``yield`` stands between the read's statement and the
constructor's among the function's statements. The object read is a loop variable (of a
``for`` or of a comprehension) over the key's value, or over a list comprehension of one
attribute of each of its elements (``[build.package for build in data["builds"]]``). Every
step's type is the relationship's as the index resolves it, the same in every subclass of
the class the step starts from.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping

from colretire.analysis.accounting import FileResult
from colretire.analysis.facts import dotted
from colretire.analysis.handon import Follower, Module
from colretire.analysis.index import Resolved
from colretire.analysis.kwspread import spread_parameters
from colretire.analysis.scopes import parent_map
from colretire.analysis.spreads import promote, qualifier
from colretire.analysis.target import ClassView
from colretire.model import Confidence, Exclusion, ReferenceKind, Tier

_Def = ast.FunctionDef | ast.AsyncFunctionDef
_Loop = ast.For | ast.AsyncFor | ast.comprehension


def follow_relation_keys(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
    classes: Mapping[str, ClassView],
    table: str,
) -> FileResult:
    """``result`` with the unexplained reads of the column's names on loop variables typed
    as above made references (the class a model of ``models``) or other-table exclusions."""
    known = frozenset(names)
    wanted = [
        o
        for o in result.occurrences
        if o.tier is Tier.UNEXPLAINED and "on an object of unknown type" in o.detail
    ]
    if not wanted:
        return result
    follower = Follower(read, modules, result.tiers, known)
    ours = frozenset(models)
    proven: dict[tuple[str, int, int], str] = {}
    others: dict[tuple[str, int, int], str] = {}
    for occurrence in wanted:
        module = follower.module(occurrence.path)
        if module is None:
            continue
        found = _read_at(module.source.tree, occurrence.line, occurrence.col, occurrence.name)
        if found is None:
            continue
        function, node = found
        owner = _owner(follower, module, function, node, classes)
        if owner is None:
            continue
        where = (occurrence.path, occurrence.line, occurrence.col)
        view = classes[owner]
        if owner in ours or ours & set(view.ancestors):
            proven[where] = (
                f"reads {view.name}.{occurrence.name} on a {view.name} row typed by the "
                "relationship its dict's key is spread into"
            )
        elif (
            view.table
            and view.table != table
            and occurrence.name in view.attrs
            and not ours & set(view.ancestors)
            and not any(owner in classes[k].ancestors for k in ours if k in classes)
        ):
            others[where] = (
                f"{view.table}.{occurrence.name}, read on a {view.name} row typed by the "
                "relationship its dict's key is spread into"
            )
    result = promote(result, follower, proven, ReferenceKind.INSTANCE_ATTRIBUTE, Confidence.CERTAIN)
    return result.excluding(others, Exclusion.OTHER_TABLE)


def _read_at(tree: ast.Module, line: int, col: int, name: str) -> tuple[_Def, ast.Attribute] | None:
    """The innermost function and the read ``x.name`` whose attribute is at ``line``, ``col``."""
    found: tuple[_Def, ast.Attribute] | None = None
    for function in ast.walk(tree):
        if not isinstance(function, _Def):
            continue
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == name
                and isinstance(node.value, ast.Name)
                and node.end_lineno == line
                and (node.end_col_offset or 0) - len(name) + 1 == col
                and (found is None or function.lineno >= found[0].lineno)
            ):
                found = (function, node)
    return found


def _binding_loop(
    function: _Def, read: ast.Attribute, parents: Mapping[int, ast.AST]
) -> _Loop | None:
    """The loop whose variable the read's object is: the comprehension around it, or the
    ``for`` whose body holds it, binding the name; ``None`` where the name may be bound
    otherwise there."""
    assert isinstance(read.value, ast.Name)
    name = read.value.id
    node: ast.AST = read
    while id(node) in parents and node is not function:
        parent = parents[id(node)]
        if isinstance(parent, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            targets = [g for g in parent.generators if _binds(g.target, name)]
            if targets:
                if len(parent.generators) != 1:
                    return None  # several loops: which binds the name first
                return targets[0]
        elif isinstance(parent, ast.comprehension) and node is parent.iter:
            return None  # what a comprehension goes over is read outside its loop
        elif (
            isinstance(parent, ast.For | ast.AsyncFor)
            and any(s is node for s in parent.body)
            and _binds(parent.target, name)
        ):
            bound = [
                n
                for s in parent.body
                for n in ast.walk(s)
                if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
            ]
            return None if bound else parent
        node = parent
    return None


def _binds(target: ast.expr, name: str) -> bool:
    return isinstance(target, ast.Name) and target.id == name


def _owner(
    follower: Follower,
    module: Module,
    function: _Def,
    read: ast.Attribute,
    classes: Mapping[str, ClassView],
) -> str | None:
    """The class the object of ``read`` is an instance of, by the steps above."""
    parents = parent_map(function)
    loop = _binding_loop(function, read, parents)
    if loop is None:
        return None
    source = loop.iter
    step: str | None = None
    if isinstance(source, ast.ListComp) and len(source.generators) == 1:
        inner = source.generators[0]
        elt = source.elt
        if (
            inner.ifs
            or inner.is_async
            or not isinstance(inner.target, ast.Name)
            or not isinstance(elt, ast.Attribute)
            or not isinstance(elt.value, ast.Name)
            or elt.value.id != inner.target.id
        ):
            return None
        step, source = elt.attr, inner.iter
    elements = _key_elements(follower, module, function, source, parents, classes)
    if elements is None:
        return None
    if step is None:
        return elements
    return _single(classes, elements, step)


def _single(classes: Mapping[str, ClassView], key: str, attr: str) -> str | None:
    """The class of the one row ``attr`` of a ``key`` row holds, the same in every subclass."""
    found = {
        view.types.get(attr)
        for name, view in classes.items()
        if name == key or key in view.ancestors
    }
    if len(found) != 1:
        return None
    resolved = found.pop()
    if resolved is None or resolved.collection or resolved.is_class:
        return None
    return resolved.key if resolved.key in classes else None


def _key_elements(
    follower: Follower,
    module: Module,
    function: _Def,
    source: ast.expr,
    parents: Mapping[int, ast.AST],
    classes: Mapping[str, ClassView],
) -> str | None:
    """The class of the elements of ``source``, ``data["key"]`` of a parameter spread into
    a model's constructor whose relationship ``key`` is a collection of that class."""
    if not (
        isinstance(source, ast.Subscript)
        and isinstance(source.value, ast.Name)
        and isinstance(source.slice, ast.Constant)
        and isinstance(source.slice.value, str)
    ):
        return None
    parameter, key = source.value.id, source.slice.value
    spread = next(
        (
            s
            for s in spread_parameters(function)
            if any(
                k.arg is None and isinstance(k.value, ast.Name) and k.value.id == parameter
                for k in s.call.keywords
            )
        ),
        None,
    )
    if spread is None or any(k.arg == key for k in spread.call.keywords):
        return None
    if _touched(function, parameter, key) or not _reaches(function, source, spread.call, parents):
        return None
    model = class_of(follower, module, spread.call.func, classes)
    if model is None:
        return None
    found = {
        view.types.get(key)
        for name, view in classes.items()
        if name == model or model in view.ancestors
    }
    if len(found) != 1:
        return None
    resolved: Resolved | None = found.pop()
    if resolved is None or not resolved.collection or resolved.key not in classes:
        return None
    return resolved.key


def _touched(function: _Def, parameter: str, key: str) -> bool:
    """Whether the function writes, deletes or pops ``parameter[key]``, or updates it whole."""
    parents = parent_map(function)
    for node in ast.walk(function):
        if not (isinstance(node, ast.Name) and node.id == parameter):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Subscript) and parent.value is node:
            literal = parent.slice.value if isinstance(parent.slice, ast.Constant) else None
            if not isinstance(parent.ctx, ast.Load) and literal in (None, key):
                return True
        elif isinstance(parent, ast.Attribute) and parent.attr in ("update", "setdefault", "pop"):
            call = parents.get(id(parent))
            first = call.args[0] if isinstance(call, ast.Call) and call.args else None
            literal = first.value if isinstance(first, ast.Constant) else None
            if parent.attr == "update" or literal in (None, key):
                return True
    return False


def _statement(node: ast.AST, function: _Def, parents: Mapping[int, ast.AST]) -> ast.stmt | None:
    """The statement of the function's own body that holds ``node``."""
    while id(node) in parents:
        parent = parents[id(node)]
        if parent is function:
            return node if isinstance(node, ast.stmt) else None
        node = parent
    return None


def _reaches(function: _Def, read: ast.AST, call: ast.Call, parents: Mapping[int, ast.AST]) -> bool:
    """Whether the constructor ``call`` comes after the read in the function's own
    statements, with no ``return``, ``raise`` or ``yield`` from the read's on."""
    first = _statement(read, function, parents)
    last = _statement(call, function, parents)
    if first is None or last is None:
        return False
    body = function.body
    start = next(i for i, s in enumerate(body) if s is first)
    end = next(i for i, s in enumerate(body) if s is last)
    if start >= end:
        return False
    return not any(
        isinstance(n, ast.Return | ast.Raise | ast.Yield | ast.YieldFrom)
        for s in body[start:end]
        for n in _own(s)
    )


def _own(node: ast.AST) -> Iterator[ast.AST]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(
            c
            for c in ast.iter_child_nodes(current)
            if not isinstance(c, _Def | ast.Lambda | ast.ClassDef)
        )


def class_of(
    follower: Follower, module: Module, func: ast.expr, classes: Mapping[str, ClassView]
) -> str | None:
    path = dotted(func)
    qualname = qualifier(follower, module)(path) if path else None
    if qualname is None:
        return None
    if qualname in classes:
        return qualname
    found = follower.definition(qualname)
    if found is None or not isinstance(found[1], ast.ClassDef):
        return None
    key = f"{found[0].name}.{found[1].name}"
    return key if key in classes else None
