"""Keys written into a dict that a function keeps for an update of the model.

``parameters["agis_distance"] = parameters["distance"]`` followed by
``update_distances(..., parameters=parameters)``, where the function keeps the keys of a
list of the model's fields::

    params = {}
    for key in parameters:
        if key in ["ranking", "agis_distance", ...]:
            params[key] = parameters[key]
    query = session.query(Distance).filter(...)
    query.update(params)

In the file that writes it, the key is one of a dict of unknown type, left unexplained.
Once every file has been analysed, this pass reads the function the dict is handed to:
where the key is in the list it keeps, that list's word is already a reference (a list of
the model's field names), and the kept dict goes whole to ``update()`` of a query of the
column's model, the key written is a column of that UPDATE: a certain reference.

Every link is read from the code. In the writer: the dict is a name bound at most once
(a parameter or one assignment), used by no nested scope, handed whole to one call after
the write, and otherwise only read by key, tested, written, or rid of other literal keys
(``parameters.pop("distance", None)``). In the function: the parameter is never bound
again nor used in a nested scope; it is read only by the loop over its keys and by items;
the kept dict is bound once to an empty dict, only filled in that loop, and handed whole
to ``update()`` alone; the query is bound only to ``<session>.query(Model)`` and to its own
``filter``/``filter_by``. Anything else leaves the key unexplained, as it was.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping

from colretire.analysis.accounting import FileResult
from colretire.analysis.facts import dotted
from colretire.analysis.handon import Follower, Module, parameter_of
from colretire.analysis.scopes import in_nested, own_nodes, parent_map
from colretire.analysis.spreads import model_of, prove_keys, qualifier
from colretire.model import Tier

_Def = ast.FunctionDef | ast.AsyncFunctionDef
#: Methods of a dict that leave every key it holds in it.
_KEEPERS = frozenset({"get", "keys", "items", "values", "copy", "update", "setdefault"})
#: A line that writes a string key into a dict.
_WRITE = re.compile(rb"""\[\s*['"][^'"]+['"]\s*\]\s*=(?!=)""")
#: Methods of a query that keep its one entity.
_NARROWING = frozenset({"filter", "filter_by", "where"})


def follow_kept_keys(
    result: FileResult,
    read: Callable[[str], bytes],
    modules: Mapping[str, str],
    names: Iterable[str],
    models: Iterable[str],
) -> FileResult:
    """``result`` with the unexplained keys written into a dict that a function keeps, by a
    list of the model's fields, for an update of one of ``models``, made certain references."""
    wanted = [o for o in result.occurrences if o.tier is Tier.UNEXPLAINED]
    if not wanted:
        return result
    follower = Follower(read, modules, result.tiers, names)
    owners = frozenset(models)
    proven: dict[tuple[str, int, int], str] = {}
    lines: dict[str, list[bytes]] = {}
    for occurrence in wanted:
        if occurrence.path not in lines:
            lines[occurrence.path] = read(occurrence.path).splitlines()
        text = lines[occurrence.path]
        line = text[occurrence.line - 1] if 0 < occurrence.line <= len(text) else b""
        if not _WRITE.search(line):
            continue  # no key written on the line: the tree is not read
        module = follower.module(occurrence.path)
        if module is None:
            continue
        found = _written_key(module.source.tree, occurrence.line, occurrence.col, occurrence.name)
        if found is None:
            continue
        function, write, dict_name = found
        call = _handed_once(function, write, dict_name)
        if call is None:
            continue
        message = _kept(follower, module, call, dict_name, occurrence.name, owners)
        if message is not None:
            proven[(occurrence.path, occurrence.line, occurrence.col)] = message
    return prove_keys(result, follower, proven)


def _written_key(
    tree: ast.Module, line: int, col: int, name: str
) -> tuple[_Def, ast.Subscript, str] | None:
    """The function, the write ``d["name"] = ...`` and the dict's name where the word at
    ``line``, ``col`` is the string key of such a write in a function's body."""
    for function in ast.walk(tree):
        if not isinstance(function, _Def):
            continue
        for node in own_nodes(function):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and isinstance(node.slice, ast.Constant)
                and node.slice.value == name
                and node.slice.lineno == line
                and node.slice.col_offset < col <= (node.slice.end_col_offset or 0)
            ):
                return function, node, node.value.id
    return None


def _bindings(function: _Def, name: str) -> int:
    """How many times ``function`` binds ``name``: as a parameter and by assignment, loop,
    ``with``, import, ``global``/``nonlocal`` (these count as many)."""
    args = function.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    count = sum(1 for a in every if a is not None and a.arg == name)
    for node in own_nodes(function):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            count += 1
        elif _declares(node, name):
            count += 2
    return count


def _declares(node: ast.AST, name: str) -> bool:
    """Whether ``node`` is a ``global``/``nonlocal`` of ``name`` or an import binding it."""
    if isinstance(node, ast.Global | ast.Nonlocal):
        return name in node.names
    return isinstance(node, ast.alias) and (node.asname or node.name) == name


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _handed_once(function: _Def, write: ast.Subscript, name: str) -> ast.Call | None:
    """The one call, after ``write``, that ``function`` hands the dict ``name`` to whole,
    where every other use keeps the written key in it; ``None`` otherwise."""
    key = _literal(write.slice)
    if _bindings(function, name) != 1 or in_nested(function, name):
        return None
    parents = parent_map(function)
    handed: list[ast.Call] = []
    for node in own_nodes(function):
        if not isinstance(node, ast.Name) or node.id != name or not isinstance(node.ctx, ast.Load):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Subscript) and parent.value is node:
            if isinstance(parent.ctx, ast.Del) and _literal(parent.slice) in (None, key):
                return None
            continue
        if isinstance(parent, ast.Compare):
            continue
        if isinstance(parent, ast.Attribute) and parent.value is node:
            call = parents.get(id(parent))
            if not isinstance(call, ast.Call) or call.func is not parent:
                return None
            if parent.attr == "pop" and call.args and _literal(call.args[0]) not in (None, key):
                continue  # another literal key taken out
            if parent.attr not in _KEEPERS:
                return None
            continue
        holder = parent
        if isinstance(holder, ast.keyword) and holder.arg is not None:
            holder = parents.get(id(holder))
        if isinstance(holder, ast.Call) and holder.func is not node:
            handed.append(holder)
            continue
        return None
    if len(handed) != 1:
        return None
    call = handed[0]
    if (call.lineno, call.col_offset) <= (write.lineno, write.col_offset):
        return None
    return call


def _kept(
    follower: Follower,
    module: Module,
    call: ast.Call,
    name: str,
    key: str,
    models: frozenset[str],
) -> str | None:
    """What the function ``call`` calls does with the dict ``name`` it is given: where it
    keeps ``key`` by a list of the model's fields for an update of one of ``models``, the
    reference's message; ``None`` otherwise."""
    path = dotted(call.func)
    qualname = qualifier(follower, module)(path) if path else None
    found = follower.function(qualname) if qualname else None
    if found is None:
        return None
    callee_module, callee = found
    keyword = next(
        (k.arg for k in call.keywords if isinstance(k.value, ast.Name) and k.value.id == name), None
    )
    position = next(
        (i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == name), -1
    )
    parameter = parameter_of(callee, keyword, position)
    if parameter is None or _bindings(callee, parameter) != 1 or in_nested(callee, parameter):
        return None
    loop = _key_loop(callee, parameter)
    if loop is None:
        return None
    kept, names = loop
    if key not in names or not _listed(follower, callee_module.rel, names[key]):
        return None
    model = _updated(follower, qualifier(follower, callee_module), callee, kept, models)
    if model is None:
        return None
    shown = path.rpartition(".")[2] if path else "the function"
    return (
        f"names a key written into a dict given to {shown}(), which keeps the keys of a list of "
        f"{model.rpartition('.')[2]}'s fields for an update of the model"
    )


def _key_loop(function: _Def, parameter: str) -> tuple[str, dict[str, ast.expr]] | None:
    """``for key in parameter: if key in [...]: kept[key] = parameter[key]``, the only use
    of ``parameter`` beside its items: the kept dict's name and the list's items by text."""
    parents = parent_map(function)
    found: tuple[str, dict[str, ast.expr]] | None = None
    for node in own_nodes(function):
        if not isinstance(node, ast.Name) or node.id != parameter:
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Subscript) and parent.value is node:
            if not isinstance(parent.ctx, ast.Load):
                return None
            continue
        if not (isinstance(parent, ast.For) and parent.iter is node) or found is not None:
            return None
        found = _keeping(parent, parameter)
        if found is None:
            return None
    return found


def _keeping(loop: ast.For, parameter: str) -> tuple[str, dict[str, ast.expr]] | None:
    if not isinstance(loop.target, ast.Name) or loop.orelse or len(loop.body) != 1:
        return None
    var = loop.target.id
    test = loop.body[0]
    if not isinstance(test, ast.If) or test.orelse or len(test.body) != 1:
        return None
    compare = test.test
    if not (
        isinstance(compare, ast.Compare)
        and isinstance(compare.left, ast.Name)
        and compare.left.id == var
        and len(compare.ops) == 1
        and isinstance(compare.ops[0], ast.In)
        and isinstance(compare.comparators[0], ast.List | ast.Tuple | ast.Set)
    ):
        return None
    items = compare.comparators[0].elts
    names = {_literal(item): item for item in items}
    if None in names:
        return None
    store = test.body[0]
    if not (
        isinstance(store, ast.Assign)
        and len(store.targets) == 1
        and isinstance(target := store.targets[0], ast.Subscript)
        and isinstance(target.value, ast.Name)
        and isinstance(target.slice, ast.Name)
        and target.slice.id == var
        and isinstance(value := store.value, ast.Subscript)
        and isinstance(value.value, ast.Name)
        and value.value.id == parameter
        and isinstance(value.slice, ast.Name)
        and value.slice.id == var
    ):
        return None
    return target.value.id, {k: v for k, v in names.items() if k is not None}


def _listed(follower: Follower, rel: str, item: ast.expr) -> bool:
    """Whether the word of ``item``, a string of the list, is a reference already."""
    end = item.end_col_offset or item.col_offset
    words = [
        tier
        for col, tier in follower.by_line.get((rel, item.lineno), [])
        if item.col_offset < col <= end
    ]
    return bool(words) and all(tier is Tier.REFERENCE for tier in words)


def _updated(
    follower: Follower,
    qualify: Callable[[str], str | None],
    function: _Def,
    kept: str,
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` whose query's ``update()`` the function hands ``kept`` to,
    where ``kept`` is bound once to an empty dict and otherwise only filled by item."""
    if _bindings(function, kept) != 1 or in_nested(function, kept):
        return None
    parents = parent_map(function)
    updates: list[ast.Call] = []
    for node in own_nodes(function):
        if isinstance(node, ast.Name) and node.id == kept:
            parent = parents.get(id(node))
            if isinstance(parent, ast.Assign) and parent.targets[0] is node:
                if not (isinstance(parent.value, ast.Dict) and not parent.value.keys):
                    return None
            elif isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
                continue
            elif (
                isinstance(parent, ast.Call)
                and parent.args == [node]
                and not parent.keywords
                and isinstance(parent.func, ast.Attribute)
                and parent.func.attr == "update"
            ):
                updates.append(parent)
            else:
                return None
    if len(updates) != 1:
        return None
    func = updates[0].func
    assert isinstance(func, ast.Attribute)
    return _query_model(follower, qualify, function, func.value, models)


def _query_model(
    follower: Follower,
    qualify: Callable[[str], str | None],
    function: _Def,
    query: ast.expr,
    models: frozenset[str],
) -> str | None:
    """The model of ``models`` that ``query`` is a query of: ``<x>.query(Model)`` narrowed
    by filters, directly or through a local bound only to such queries (and to its own
    narrowing)."""
    while (
        isinstance(query, ast.Call)
        and isinstance(query.func, ast.Attribute)
        and query.func.attr in _NARROWING
    ):
        query = query.func.value
    if isinstance(query, ast.Call):
        if (
            isinstance(query.func, ast.Attribute)
            and query.func.attr == "query"
            and len(query.args) == 1
            and not query.keywords
        ):
            return model_of(follower, qualify, query.args[0], models)
        return None
    if not isinstance(query, ast.Name) or in_nested(function, query.id):
        return None
    args = function.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    if any(a is not None and a.arg == query.id for a in every):
        return None  # a parameter: any query the caller gives
    parents = parent_map(function)
    found: set[str | None] = set()
    for node in own_nodes(function):
        if (
            isinstance(node, ast.Name)
            and node.id == query.id
            and not isinstance(node.ctx, ast.Load)
        ):
            binding = parents.get(id(node))
            if not isinstance(binding, ast.Assign) or binding.targets != [node]:
                return None
            value = binding.value
            while (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr in _NARROWING
            ):
                value = value.func.value
            if isinstance(value, ast.Name) and value.id == query.id:
                continue  # query = query.filter(...)
            found.add(_query_model(follower, qualify, function, value, models))
    if len(found) != 1 or None in found:
        return None
    return found.pop()
