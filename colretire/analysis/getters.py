"""Functions that fetch a row of the class they are given: lemur's ``database.get(model,
value, field="id")``, which builds ``session_query(model)`` (``model.query``, or
``db.session.query(model)``) and returns ``query.filter(...).scalar()``. A call of one
with a model class (``database.get(Domain, domain_id)``) gives an instance of that model,
and a function returning such a call (a service's ``get(domain_id)``) returns one.

Read from the code alone: every ``return`` of the function must end a query of the
parameter (its ``query`` attribute, ``session.query(param)``, a local bound to one of those,
or a call of a function of the module that returns one) in a method that gives one row."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from colretire.analysis.rows import ONE, QUERY_CHAIN

Def = ast.FunctionDef | ast.AsyncFunctionDef


def row_of_parameter(node: Def, functions: Mapping[str, Def]) -> tuple[int, str] | None:
    """The parameter whose class ``node`` fetches a row of: its position and name."""
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    # ``return`` alone (``except NoResultFound: return``) gives no row: the rest do
    values = [
        r.value
        for r in ast.walk(node)
        if isinstance(r, ast.Return) and r.value is not None and not _none(r.value)
    ]
    # a return that is no call giving one row rules the function out before its locals,
    # which walk the whole function twice, are read (most functions return other things)
    if not params or not values or not all(_one_row(v) for v in values):
        return None
    local = _locals(node)
    return _the_parameter(node, params, {_row(v, local, functions) for v in values})


def query_of_parameter(node: Def) -> tuple[int, str] | None:
    """The parameter whose class ``node`` returns a query of, every ``return`` of it a
    query of that parameter (``return session.query(cls).filter_by(**kw)``), never one
    row: its position and name. The parameter must not be bound again."""
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    values = [r.value for r in ast.walk(node) if isinstance(r, ast.Return)]
    if not params or not values or any(v is None or _one_row(v) for v in values):
        return None
    local = _locals(node)
    return _the_parameter(node, params, {query_of(v, local, {}) for v in values if v is not None})


def _the_parameter(node: Def, params: list[str], found: set[str | None]) -> tuple[int, str] | None:
    """The one parameter every ``return`` names (``found``), where ``node`` never binds
    it again: its position and name."""
    if len(found) != 1:
        return None
    param = found.pop()
    if param is None or param not in params or _rebound(node, param):
        return None
    return params.index(param), param


def _none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _locals(node: Def) -> dict[str, ast.expr]:
    """The locals of ``node`` bound once, by a plain assignment, to what."""
    stores: dict[str, int] = {}
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and not isinstance(inner.ctx, ast.Load):
            stores[inner.id] = stores.get(inner.id, 0) + 1
    return {
        inner.targets[0].id: inner.value
        for inner in ast.walk(node)
        if isinstance(inner, ast.Assign)
        and len(inner.targets) == 1
        and isinstance(inner.targets[0], ast.Name)
        and stores.get(inner.targets[0].id) == 1
    }


def _rebound(node: Def, name: str) -> bool:
    return any(
        isinstance(inner, ast.Name) and inner.id == name and not isinstance(inner.ctx, ast.Load)
        for inner in ast.walk(node)
    )


def _one_row(value: ast.expr) -> bool:
    """Whether ``value`` calls a method that gives one row (``.scalar()``, ``.first()``)."""
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in ONE
    )


def _row(value: ast.expr, local: Mapping[str, ast.expr], functions: Mapping[str, Def]) -> str:
    """The parameter ``value`` is a row of, or ``""``."""
    if not _one_row(value):
        return ""
    assert isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
    return query_of(value.func.value, local, functions)


def query_of(
    node: ast.expr, local: Mapping[str, ast.expr], functions: Mapping[str, Def], depth: int = 0
) -> str:
    """The name whose query ``node`` is (``model.query.filter(...)``,
    ``db.session.query(model)``, a local bound to one, a module function returning one of
    its parameter's), or ``""``."""
    if depth > 3:
        return ""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUERY_CHAIN
    ):
        node = node.func.value
    if isinstance(node, ast.Attribute) and node.attr == "query":
        return node.value.id if isinstance(node.value, ast.Name) else ""
    if isinstance(node, ast.Name):
        bound = local.get(node.id)
        return query_of(bound, {}, functions, depth + 1) if bound is not None else ""
    if isinstance(node, ast.IfExp):
        sides = {query_of(side, local, functions, depth + 1) for side in (node.body, node.orelse)}
        return sides.pop() if len(sides) == 1 else ""
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "query" and len(node.args) == 1:
        arg = node.args[0]
        return arg.id if isinstance(arg, ast.Name) and not node.keywords else ""
    helper = functions.get(func.id) if isinstance(func, ast.Name) else None
    if helper is None or node.keywords:
        return ""
    params = [a.arg for a in [*helper.args.posonlyargs, *helper.args.args]]
    returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return)]
    if not returns or any(r is None for r in returns):
        return ""
    inner = {query_of(r, _locals(helper), functions, depth + 1) for r in returns if r is not None}
    if len(inner) != 1:
        return ""
    name = inner.pop()
    if name not in params or params.index(name) >= len(node.args) or _rebound(helper, name):
        return ""
    given = node.args[params.index(name)]
    return given.id if isinstance(given, ast.Name) else ""
