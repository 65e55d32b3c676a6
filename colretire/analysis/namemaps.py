"""Functions that set attributes named by the values of a dict they are given.

``setattr(server, config_param_map[arg], value)`` in ``_update_server_details(server,
sharedserver, config_param_map, arg, value)`` sets on ``server`` the attribute each value of
``config_param_map`` names. A function that hands both parameters on, unchanged, to such a
function (``self._update_server_details(server, sharedserver, config_param_map, arg,
value)`` in ``_set_valid_attr_value``) does the same. So a dict literal given to the first of
them (``self._set_valid_attr_value(gid, data, config_param_map, server, sharedserver)`` in
``update``, ``config_param_map = {"hostaddr": "hostaddr", ...}``) names attributes of the
object given beside it.

This module finds those functions in one module: for each, the pairs of positions (among the
arguments a call gives, ``self`` and ``cls`` left out) of the dict and of the object. Only
calls it can resolve within the module count: a function of the module by its name, a method
of the same class through ``self`` or ``cls``, or through the class's name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

#: How many calls deep the hand-on is followed.
ROUNDS = 4

Pairs = frozenset[tuple[int, int]]


def name_maps(module: ast.Module) -> dict[str, Pairs]:
    """By ``"function"`` or ``"Class.method"``, the (dict, object) argument positions of the
    functions of ``module`` that set attributes of the object named by the dict's values."""
    functions = dict(_functions(module))
    found: dict[str, set[tuple[int, int]]] = {}
    for key, (node, _owner, skip) in functions.items():
        params = _params(node, skip)
        for call in _own_calls(node):
            if (
                isinstance(call.func, ast.Name)
                and call.func.id == "setattr"
                and len(call.args) >= 2
                and isinstance(call.args[0], ast.Name)
                and (looked := _looked_up(call.args[1])) is not None
                and looked in params
                and call.args[0].id in params
                and _only_names(node, looked, params, {}, functions, "")
            ):
                found.setdefault(key, set()).add((params[looked], params[call.args[0].id]))
    for _ in range(ROUNDS):
        grown = False
        for key, (node, owner, skip) in functions.items():
            params = _params(node, skip)
            for call in _own_calls(node):
                callee = _callee(call, owner, functions)
                if callee is None or callee not in found:
                    continue
                if any(isinstance(a, ast.Starred) for a in call.args):
                    continue
                for map_at, object_at in list(found[callee]):
                    if max(map_at, object_at) >= len(call.args):
                        continue
                    given, held = call.args[map_at], call.args[object_at]
                    if (
                        isinstance(given, ast.Name)
                        and isinstance(held, ast.Name)
                        and given.id in params
                        and held.id in params
                        and _only_names(node, given.id, params, found, functions, owner)
                    ):
                        pair = (params[given.id], params[held.id])
                        if pair not in found.setdefault(key, set()):
                            found[key].add(pair)
                            grown = True
        if not grown:
            break
    return {key: frozenset(pairs) for key, pairs in found.items() if pairs}


def _only_names(
    node: ast.AST,
    name: str,
    params: dict[str, int],
    found: dict[str, set[tuple[int, int]]],
    functions: dict[str, tuple[ast.AST, str, int]],
    owner: str,
) -> bool:
    """Whether every read of the parameter ``name`` of the function ``node`` uses the dict
    only to name the attributes set on a parameter (``setattr(server, name[arg], v)``),
    walks or tests its keys (``for arg in name``, ``arg in name``), or hands it on where a
    function of ``found`` takes such a dict: anything else (a call that cannot be followed,
    a closure, a value read out and kept) may set the names on another object."""
    parents = {
        id(child): inner for inner in ast.walk(node) for child in ast.iter_child_nodes(inner)
    }
    for inner in ast.walk(node):
        if not (isinstance(inner, ast.Name) and inner.id == name):
            continue
        parent = parents.get(id(inner))
        if isinstance(parent, ast.For | ast.comprehension) and parent.iter is inner:
            continue
        if (
            isinstance(parent, ast.Compare)
            and parent.left is not inner
            and all(isinstance(op, ast.In | ast.NotIn) for op in parent.ops)
        ):
            continue
        lookup: ast.AST | None = parent
        if isinstance(parent, ast.Attribute) and parent.attr == "get":
            lookup = parents.get(id(parent))
        if isinstance(lookup, ast.Subscript | ast.Call) and _looked_up(lookup) == name:
            call = parents.get(id(lookup))
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "setattr"
                and len(call.args) >= 2
                and call.args[1] is lookup
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id in params
            ):
                continue
            return False
        if isinstance(parent, ast.Call) and any(arg is inner for arg in parent.args):
            callee = _callee(parent, owner, functions)
            position = next(i for i, arg in enumerate(parent.args) if arg is inner)
            if callee in found and any(at == position for at, _ in found[callee]):
                continue
        return False
    return True


def called_pairs(call: ast.Call, owner: str, module: ast.Module, maps: dict[str, Pairs]) -> Pairs:
    """The (dict, object) argument positions of the function ``call`` calls, from a function
    of the class ``owner`` (``""`` outside a class), where it is one of ``maps``."""
    key = _callee(call, owner, dict(_functions(module)))
    return maps.get(key, frozenset()) if key is not None else frozenset()


def _callee(
    call: ast.Call, owner: str, functions: dict[str, tuple[ast.AST, str, int]]
) -> str | None:
    """The key of the function of the module ``call`` calls from a function of the class
    ``owner``: ``f(...)`` a function of the module, ``self.f(...)`` / ``cls.f(...)`` a method
    of that class, ``Owner.f(...)`` a class or static method of it (a plain method called
    through its class is given ``self`` among the arguments)."""
    func = call.func
    if isinstance(func, ast.Name):
        key = func.id
        return key if key in functions and not functions[key][1] else None
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and owner):
        return None
    key = f"{owner}.{func.attr}"
    if key not in functions:
        return None
    node = functions[key][0]
    if func.value.id in ("self", "cls"):
        return key
    if func.value.id == owner and _decorators(node) & {"staticmethod", "classmethod"}:
        return key
    return None


def _decorators(node: ast.AST) -> set[str]:
    return {d.id for d in getattr(node, "decorator_list", ()) if isinstance(d, ast.Name)}


def _functions(module: ast.Module) -> Iterator[tuple[str, tuple[ast.AST, str, int]]]:
    """The module's functions and the methods of its classes, with their class's name and
    how many leading parameters a call does not give (``self``, ``cls``)."""
    for stmt in module.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield stmt.name, (stmt, "", 0)
        elif isinstance(stmt, ast.ClassDef):
            for inner in stmt.body:
                if not isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                skip = 0 if "staticmethod" in _decorators(inner) else 1
                yield f"{stmt.name}.{inner.name}", (inner, stmt.name, skip)


def _params(node: ast.AST, skip: int) -> dict[str, int]:
    """The positional parameters a call gives, by name, that the body never binds again."""
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    positional = [*node.args.posonlyargs, *node.args.args][skip:]
    stored = {
        inner.id
        for inner in ast.walk(node)
        if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load)
    }
    return {a.arg: i for i, a in enumerate(positional) if a.arg not in stored}


def _looked_up(node: ast.expr) -> str | None:
    """The name of the dict a value is looked up in: ``mapping[key]``, ``mapping.get(key)``."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return node.value.id
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and isinstance(node.func.value, ast.Name)
        and node.args
    ):
        return node.func.value.id
    return None


def _own_calls(node: ast.AST) -> Iterator[ast.Call]:
    """The calls of a function's own body, not of the functions, classes and lambdas nested
    in it (a closure may see other values under the same names)."""
    pending: list[ast.AST] = list(getattr(node, "body", []))
    while pending:
        inner = pending.pop()
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(inner, ast.Call):
            yield inner
        pending.extend(ast.iter_child_nodes(inner))
