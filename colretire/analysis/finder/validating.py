"""A key written into a dict that the function then validates against a schema.

``activity_dict["revision_id"] = ...`` and, further down the same function,
``data, errors = validate(activity_dict, schema, context)`` with ``schema =
default_create_activity_schema()``: the dict is handed, in one call, together with what a
function of the project returns. Where that function returns a record of the column's model
holding the same key (see :mod:`~colretire.analysis.records`), the key written is that
field of the record, and so likely the column's. This module finds the call that pairs the
dict with the schema; the finder leaves the key unexplained and hands the schema's function
to the pass that reads it (:mod:`~colretire.analysis.validated`).

The pairing is read only where it is plain:

- the key is written (``d["k"] = ...``) into a name the function never binds again after
  the write (a parameter, or a local bound once before it);
- exactly one call of the function, after the write, takes that name as an argument, and
  the same call takes a name bound once in the function, to a call of a function or to
  ``something or a_call()`` (a schema the caller may pass, else the default one);
- no nested function, lambda or class uses the dict's name.
"""

from __future__ import annotations

import ast


def schema_call(
    node: ast.Subscript, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> ast.Call | None:
    """The call whose result ``node``'s dict is validated against in ``function``, as the
    module's docstring reads it; ``None`` where the code does not plainly say so."""
    if not isinstance(node.ctx, ast.Store) or not isinstance(node.value, ast.Name):
        return None
    name = node.value.id
    line = node.lineno
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    for inner in ast.walk(function):
        if (
            inner is not function
            and isinstance(inner, nested)
            and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner))
        ):
            return None
    if any(
        isinstance(n, ast.Global | ast.Nonlocal) and name in n.names for n in ast.walk(function)
    ):
        return None
    binds = _bindings(function)
    if any(b > line for b in binds.get(name, [])):
        return None
    calls = [
        call
        for call in ast.walk(function)
        if isinstance(call, ast.Call)
        and call.lineno > line
        and any(_is_name(a, name) for a in _arguments(call))
    ]
    if len(calls) != 1:
        return None
    found: ast.Call | None = None
    for argument in _arguments(calls[0]):
        if not isinstance(argument, ast.Name) or argument.id == name:
            continue
        values = _assigned(function, argument.id)
        if len(values) != 1 or len(binds.get(argument.id, [])) != 1:
            continue
        value = values[0]
        if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
            value = value.values[-1]
        if isinstance(value, ast.Call) and not value.args and not value.keywords:
            if found is not None:
                return None  # two candidates: which one validates is unclear
            found = value
    return found


def _arguments(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(k.value for k in call.keywords)]


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _bindings(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, list[int]]:
    """The lines where each name is bound in the function (parameters at the ``def``)."""
    found: dict[str, list[int]] = {}
    arguments = function.args
    for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
        found.setdefault(arg.arg, []).append(function.lineno)
    for extra in (arguments.vararg, arguments.kwarg):
        if extra is not None:
            found.setdefault(extra.arg, []).append(function.lineno)
    for inner in ast.walk(function):
        if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store | ast.Del):
            found.setdefault(inner.id, []).append(inner.lineno)
        elif isinstance(inner, ast.Global | ast.Nonlocal):
            for bound in inner.names:
                found.setdefault(bound, []).extend([0, 0])
    return found


def _assigned(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> list[ast.expr]:
    return [
        stmt.value
        for stmt in ast.walk(function)
        if isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and _is_name(stmt.targets[0], name)
    ]
