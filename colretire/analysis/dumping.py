"""Decorator factories that dump what the function they decorate returns with a schema they
are given: ``@validate_schema(input_schema, output_schema)`` whose wrapper calls the function
and then ``output_schema.dump(resp)``, itself or through a function of its module
(``unwrap_pagination(resp, output_schema)`` doing ``output_schema.dump(data)``).

Read from the code of the factory alone, never from its name: the parameter counts only
where the wrapper hands the decorated function's own result to that parameter's ``dump``
(the parameter itself, or a local bound to it or to its call, ``schema = output_schema()``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
Def = ast.FunctionDef | ast.AsyncFunctionDef


def module_functions(body: list[ast.stmt]) -> dict[str, Def]:
    """The module-level functions of a module, by name."""
    return {stmt.name: stmt for stmt in body if isinstance(stmt, _DEFS)}


def dumped_parameter(factory: Def, functions: Mapping[str, Def]) -> tuple[int, str] | None:
    """The parameter of the decorator factory ``factory`` whose ``dump`` the wrapper it
    builds gives the decorated function's result: its position and name. ``functions``:
    the module-level functions of the factory's module, which the wrapper may hand both
    to."""
    params = [a.arg for a in [*factory.args.posonlyargs, *factory.args.args]]
    nested = [inner for inner in ast.walk(factory) if isinstance(inner, _DEFS)][1:]
    if not params or not nested:
        return None
    decorated = {
        first.arg for inner in nested for first in [*inner.args.posonlyargs, *inner.args.args][:1]
    } - set(params)
    origin = _schemas(factory, params)
    results = _results(factory, decorated)
    for call in _calls(factory):
        for schema, value in _dumps(call, functions):
            if schema in origin and (value_is(value, results) or _called(value, decorated)):
                name = origin[schema]
                return params.index(name), name
    return None


def _schemas(factory: Def, params: list[str]) -> dict[str, str]:
    """The names that hold what a parameter of the factory was given: the parameter, and
    a local bound to it or to its call (``schema = output_schema()``), each with the
    parameter it comes from."""
    origin = {name: name for name in params}
    for _ in range(3):
        for inner in ast.walk(factory):
            if not (isinstance(inner, ast.Assign) and len(inner.targets) == 1):
                continue
            target, value = inner.targets[0], inner.value
            if isinstance(value, ast.Call):
                value = value.func
            if isinstance(target, ast.Name) and isinstance(value, ast.Name) and value.id in origin:
                origin.setdefault(target.id, origin[value.id])
    return origin


def _results(factory: Def, decorated: set[str]) -> set[str]:
    """The locals bound to a call of the decorated function (``resp = f(*args, **kwargs)``)."""
    return {
        inner.targets[0].id
        for inner in ast.walk(factory)
        if isinstance(inner, ast.Assign)
        and len(inner.targets) == 1
        and isinstance(inner.targets[0], ast.Name)
        and _called(inner.value, decorated)
    }


def _called(node: ast.expr, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def _calls(node: ast.AST) -> Iterator[ast.Call]:
    return (inner for inner in ast.walk(node) if isinstance(inner, ast.Call))


def value_is(value: ast.expr, names: set[str]) -> bool:
    """Whether ``value`` is one of the locals ``names``."""
    return isinstance(value, ast.Name) and value.id in names


def _dumps(call: ast.Call, functions: Mapping[str, Def]) -> Iterator[tuple[str, ast.expr]]:
    """The (schema name, dumped value) pairs a call dumps: ``schema.dump(value)``, or a
    call of a module function that dumps one of its parameters with another
    (``unwrap_pagination(resp, schema)`` for ``def unwrap_pagination(data, output_schema):
    ... output_schema.dump(data)``; ``data["items"]`` counts as ``data``)."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "dump" and call.args:
        if isinstance(func.value, ast.Name):
            yield func.value.id, call.args[0]
        return
    helper = functions.get(func.id) if isinstance(func, ast.Name) else None
    if helper is None or any(isinstance(a, ast.Starred) for a in call.args):
        return
    params = [a.arg for a in [*helper.args.posonlyargs, *helper.args.args]]
    given = dict(zip(params, call.args, strict=False))
    given.update({k.arg: k.value for k in call.keywords if k.arg in params})
    for inner in _calls(helper):
        if not (
            isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "dump"
            and isinstance(inner.func.value, ast.Name)
            and inner.args
        ):
            continue
        schema, dumped = given.get(inner.func.value.id), _root(inner.args[0])
        if isinstance(schema, ast.Name) and dumped in given:
            yield schema.id, given[dumped]


def _root(node: ast.expr) -> str | None:
    """``data`` of ``data`` or ``data["items"]``."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
