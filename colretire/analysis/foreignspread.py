"""Keys of a parameter a function spreads whole into another table's model.

``def new(cls, request, data): ... if not data["requirements"]: data["requirements"] = ...;
up = Update(**data, release=release)``: every key the dict holds when the call is made is a
keyword of ``Update`` (see :mod:`~colretire.analysis.kwspread`), so the key the function
reads, writes or tests in it before the call names ``Update``'s attribute. Retiring a column
of another table that has the same name (``packages.requirements``), the finder leaves the
key unexplained, a key of a dict of unknown type; once every file has been analysed, this
pass reads the function: where the dict is a parameter kwspread proves spread whole into
that one call, the key is one it names before the call, and the call builds a model that
maps another table than the column's, is neither a base nor a subclass of the column's
models, and has an attribute of the key's name, the key is that table's column: an
other-table exclusion. Only where the dict goes nowhere else after the call: every call of
the function in the project (found by its name, each resolved to it; one resolved to
another function is another's) gives the parameter a local of its own bound once to a copy
(``copy.copy(data)``, ``dict(data)``, ``data.copy()``) or to a dict literal, and otherwise
only reads, writes or tests that local by key: a dict the caller also hands elsewhere may
take the key to any model.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping

from colretire.analysis.accounting import FileResult
from colretire.analysis.facts import COLUMN, dotted, string_value
from colretire.analysis.handon import Callers, Follower, Module
from colretire.analysis.kwspread import spread_parameters
from colretire.analysis.relkeys import class_of
from colretire.analysis.spreads import qualifier
from colretire.analysis.target import ClassView
from colretire.model import Exclusion, Tier

_Def = ast.FunctionDef | ast.AsyncFunctionDef


def follow_foreign_spreads(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
    classes: Mapping[str, ClassView],
    table: str,
) -> FileResult:
    """``result`` with the unexplained keys of a parameter spread whole into another table's
    model made other-table exclusions."""
    known = frozenset(names)
    wanted = [
        o
        for o in result.occurrences
        if o.tier is Tier.UNEXPLAINED and "as a key of an object of unknown type" in o.detail
    ]
    if not wanted:
        return result
    follower = Follower(read, modules, result.tiers, known)
    ours = frozenset(models)
    settled: dict[tuple[str, int, int], str] = {}
    spreads: dict[int, list[tuple[ast.Call, frozenset[int]]]] = {}
    for occurrence in wanted:
        module = follower.module(occurrence.path)
        if module is None:
            continue
        for function in ast.walk(module.source.tree):
            if not isinstance(function, _Def) or not (
                function.lineno <= occurrence.line <= (function.end_lineno or 0)
            ):
                continue
            if id(function) not in spreads:
                spreads[id(function)] = [
                    (s.call, frozenset(id(k) for k in s.keys)) for s in spread_parameters(function)
                ]
            for call, keys in spreads[id(function)]:
                parameter = _spread_parameter(call)
                if parameter is None:
                    continue
                key = _key_at(function, keys, occurrence.line, occurrence.col, occurrence.name)
                if key is None:
                    continue
                owner = class_of(follower, module, call.func, classes)
                view = classes.get(owner) if owner is not None else None
                if (
                    owner is None
                    or view is None
                    or not view.table
                    or view.table == table
                    or view.attrs.get(occurrence.name)
                    != COLUMN  # a proxy, a property: may write ours
                    or ours & set(view.ancestors)
                    or any(owner in classes[m].ancestors for m in ours if m in classes)
                    or any(k.arg == occurrence.name for k in call.keywords)
                    or not _private(follower, modules, module, function, parameter)
                ):
                    continue
                settled[(occurrence.path, occurrence.line, occurrence.col)] = (
                    f"{view.table}.{occurrence.name}, a key of a dict the function spreads "
                    f"whole into {view.name}(...)"
                )
    return result.excluding(settled, Exclusion.OTHER_TABLE)


def _spread_parameter(call: ast.Call) -> str | None:
    return next(
        (k.value.id for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name)),
        None,
    )


def _private(
    follower: Follower,
    modules: Mapping[str, str],
    module: Module,
    function: _Def,
    parameter: str,
) -> bool:
    """Whether every call of ``function`` in the project gives ``parameter`` a dict of the
    caller's own that the caller hands nowhere else (see the module's docstring)."""
    callers = Callers(follower, {function.name}, modules)
    if not callers.calls[function.name] or _escapes(follower, modules, function):
        return False
    args = [*function.args.posonlyargs, *function.args.args]
    if args and args[0].arg in ("self", "cls"):
        args = args[1:]
    position = next((i for i, a in enumerate(args) if a.arg == parameter), -1)
    own = 0
    for rel, call in callers.calls[function.name]:
        caller = follower.module(rel)
        if caller is None:
            return False
        path = dotted(call.func)
        qualname = qualifier(follower, caller)(path) if path else None
        found = follower.function(qualname) if qualname else None
        if found is None:
            return False  # may be a call of this function
        if found[1] is not function:
            continue  # another function of that name
        own += 1
        if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        ):
            return False
        given = next((k.value for k in call.keywords if k.arg == parameter), None)
        if given is None and 0 <= position < len(call.args):
            given = call.args[position]
        if not isinstance(given, ast.Name) or not _fresh(caller.source.tree, call, given.id):
            return False
    return own > 0


def _escapes(follower: Follower, modules: Mapping[str, str], function: _Def) -> bool:
    """Whether the function may be used otherwise than called: an attribute of its name
    read without a call that is not shown to be another function's (``handler = cls.new``),
    or, for a function at a module's top, its name so read where it stands for it."""
    name = function.name
    for rel in sorted(set(modules.values())):
        if name.encode() not in follower.read(rel):
            continue
        module = follower.module(rel)
        if module is None:
            return True
        qualify = qualifier(follower, module)
        parents = {id(c): p for p in ast.walk(module.source.tree) for c in ast.iter_child_nodes(p)}
        for node in ast.walk(module.source.tree):
            parent = parents.get(id(node))
            if isinstance(parent, ast.Call) and parent.func is node:
                continue
            if isinstance(node, ast.Attribute) and node.attr == name:
                path = dotted(node)
                found = follower.function(qualify(path) or "") if path else None
                if found is None or found[1] is function:
                    return True
            elif isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
                found = follower.function(qualify(name) or "")
                if found is not None and found[1] is function:
                    return True
    return False


def _fresh(tree: ast.Module, call: ast.Call, name: str) -> bool:
    """Whether ``name`` is a local of the function around ``call``, bound once to a copy of
    a dict or to a dict literal, and used besides ``call`` only by key."""
    parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    scope: ast.AST | None = call
    while scope is not None and not isinstance(scope, _Def):
        scope = parents.get(id(scope))
    if scope is None:
        return False
    bindings: list[ast.AST] = []
    for node in ast.walk(scope):
        if (
            node is not scope
            and isinstance(node, _Def | ast.Lambda | ast.ClassDef)
            and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))
        ):
            return False  # a nested scope may hand it anywhere
        if isinstance(node, ast.arg) and node.arg == name:
            return False
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        parent = parents.get(id(node))
        if not isinstance(node.ctx, ast.Load):
            if parent is not None:
                bindings.append(parent)
        elif isinstance(parent, ast.Subscript) and parent.value is node:
            if isinstance(parent.ctx, ast.Del):
                return False
        elif (
            (isinstance(parent, ast.Compare) and any(node is c for c in parent.comparators))
            or (isinstance(parent, ast.Attribute) and parent.attr == "get")
            or parent is call
        ):
            continue
        else:
            return False
    if len(bindings) != 1 or not isinstance(binding := bindings[0], ast.Assign):
        return False
    value = binding.value
    if isinstance(value, ast.Dict):
        return True
    if not isinstance(value, ast.Call) or len(value.args) > 1 or value.keywords:
        return False
    func = dotted(value.func) or ""
    if value.args:
        return func in ("copy.copy", "copy.deepcopy", "dict")
    return isinstance(value.func, ast.Attribute) and value.func.attr == "copy"


def _key_at(
    function: _Def, keys: frozenset[int], line: int, col: int, name: str
) -> ast.expr | None:
    """The node of ``keys`` (a subscript or a string) naming ``name`` at ``line``, ``col``."""
    for node in ast.walk(function):
        if id(node) not in keys:
            continue
        literal = node.slice if isinstance(node, ast.Subscript) else node
        if (
            isinstance(literal, ast.expr)
            and string_value(literal) == name
            and literal.lineno == line
            and literal.col_offset < col <= (literal.end_col_offset or 0)
        ):
            return literal
    return None
