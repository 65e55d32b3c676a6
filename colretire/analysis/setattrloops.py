"""Dicts a function sets, key by key, on a row of the model.

``update_organization(organization_id=..., values_to_update={"owner": ...})``, where the
function reads the row (``result = await session.execute(select(OrganizationDB).filter_by(
id=...))``, ``organization = result.scalar()``) and then does ``for key, value in
values_to_update.items(): setattr(organization, key, value)``: every key of the dict is the
name of an attribute written on an ``OrganizationDB`` row, so a key of the column's name is
a write of the column, as the keyword of the model's constructor would be.

The row is proven from the function's own code, the last binding of the name before the loop
in its block: a new instance of the model (``OrganizationDB(...)``), ``session.get(Model,
...)``, or the first or only row of a query of the model alone (``select(Model)``,
``session.query(Model)``, ``Model.query``, filtered, ordered or limited, never joined) read
with ``.scalar()``, ``.first()``, ``.one()`` and the like, directly or through a local bound
to ``session.execute(...)``. The loop must take its key from the dict's ``items()`` (or
``keys()``, or the dict itself) and give it, unchanged, as the name ``setattr`` sets; the
loop's body binds neither the key nor the row again. Whether the parameter keeps every key
it is given on the way is :mod:`~colretire.analysis.spreads`' to check, as for a spread.

:func:`key_setters` finds the loops alone, for the finder to type the row of a loop over a
local dict of the same function (``changes = {"status": ...}``, then the loop): the keys
are that row's attributes, whatever model the dict's values are read from.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from colretire.analysis.facts import dotted
from colretire.analysis.lastbinding import blocks, last_binding

#: Methods of a query or a statement that keep its one entity.
_KEEPING = frozenset(
    {"filter", "filter_by", "where", "options", "order_by", "limit", "offset",
     "execution_options", "with_for_update", "distinct"}
)  # fmt: skip
#: Methods of a query or a result that give one row of it.
_ONE_ROW = frozenset(
    {"scalar", "scalar_one", "scalar_one_or_none", "first", "one", "one_or_none"}
)  # fmt: skip
#: Methods of a session that run a statement, giving its result.
_RUNS = frozenset({"execute", "scalars", "exec"})

#: Resolves an expression naming a class to the key of one of the models, or ``None``.
ModelOf = Callable[[ast.expr], str | None]
#: Tells whether a callee is SQLAlchemy's (or SQLModel's) ``select``.
Selects = Callable[[ast.expr], bool]


def sets_keys_on(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    parameter: str,
    model_of: ModelOf,
    selects: Selects,
) -> str | None:
    """The model whose row ``function`` sets every key of its dict ``parameter`` on, as the
    name given to ``setattr``; ``None`` where it is not proven."""
    where = blocks(function)
    for loop, call in key_setters(function, parameter):
        assert isinstance(call.args[0], ast.Name)
        model = _row_model(where, loop, call.args[0].id, model_of, selects)
        if model is not None:
            return model
    return None


def key_setters(function: ast.AST, name: str) -> list[tuple[ast.For | ast.AsyncFor, ast.Call]]:
    """The loops of ``function`` over the keys of the dict ``name`` and, in each, the
    ``setattr(row, key, ...)`` that sets the loop's key unchanged as an attribute of a
    name ``row``, neither bound again in the loop's body."""
    found = []
    for loop in ast.walk(function):
        if not isinstance(loop, ast.For | ast.AsyncFor):
            continue
        key = _loop_key(loop, name)
        if key is None:
            continue
        for inner in [n for stmt in loop.body for n in ast.walk(stmt)]:
            if not (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Name)
                and inner.func.id == "setattr"
                and len(inner.args) == 3
                and isinstance(inner.args[0], ast.Name)
                and isinstance(inner.args[1], ast.Name)
                and inner.args[1].id == key
            ):
                continue
            if not (_bound_in(loop.body, key) or _bound_in(loop.body, inner.args[0].id)):
                found.append((loop, inner))
    return found


def _loop_key(loop: ast.For | ast.AsyncFor, parameter: str) -> str | None:
    """The name the loop binds to each key of the dict ``parameter``: ``for key, value in
    data.items()``, ``for key in data.keys()``, ``for key in data``."""
    source = loop.iter
    method = ""
    if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute):
        if source.args or source.keywords:
            return None
        method, source = source.func.attr, source.func.value
    if not (isinstance(source, ast.Name) and source.id == parameter):
        return None
    target = loop.target
    if method == "items":
        if (
            isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and isinstance(target.elts[0], ast.Name)
        ):
            return target.elts[0].id
        return None
    if method in ("", "keys") and isinstance(target, ast.Name):
        return target.id
    return None


def _bound_in(body: list[ast.stmt], name: str) -> bool:
    return any(
        isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)
        for stmt in body
        for n in ast.walk(stmt)
    )


def _row_model(
    where: dict[int, tuple[list[ast.stmt], int]],
    stmt: ast.stmt,
    name: str,
    model_of: ModelOf,
    selects: Selects,
) -> str | None:
    """The model a row ``name`` holds at ``stmt``, from its last binding before it."""
    value = last_binding(where, stmt, name)
    if value is None:
        return None
    statement = _statement_of(where, stmt, value)
    return _row_of(value, where, statement, model_of, selects)


def _statement_of(
    where: dict[int, tuple[list[ast.stmt], int]], stmt: ast.stmt, value: ast.expr
) -> ast.stmt:
    """The assignment (in ``stmt``'s block) whose value is ``value``."""
    statements, _ = where[id(stmt)]
    return next(s for s in statements if isinstance(s, ast.Assign) and s.value is value)


def _row_of(
    value: ast.expr,
    where: dict[int, tuple[list[ast.stmt], int]],
    statement: ast.stmt,
    model_of: ModelOf,
    selects: Selects,
) -> str | None:
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if not isinstance(func, ast.Attribute):
        return model_of(func)  # OrganizationDB(...)
    if func.attr == "get" and value.args and dotted(func.value) is not None:
        return model_of(value.args[0])  # session.get(OrganizationDB, ...)
    if func.attr not in _ONE_ROW or value.args or value.keywords:
        return None
    source = func.value
    if isinstance(source, ast.Await):
        source = source.value
    if isinstance(source, ast.Name):  # result = await session.execute(...)
        bound = last_binding(where, statement, source.id)
        if bound is None:
            return None
        source = bound.value if isinstance(bound, ast.Await) else bound
    if (
        isinstance(source, ast.Call)
        and isinstance(source.func, ast.Attribute)
        and source.func.attr in _RUNS
        and len(source.args) == 1
    ):
        return _entity(source.args[0], model_of, selects)  # session.execute(select(...))
    return _entity(source, model_of, selects)  # Model.query.filter(...).first()


def _entity(query: ast.expr, model_of: ModelOf, selects: Selects) -> str | None:
    """The model a query or a statement of one entity is of: ``select(Model)``,
    ``session.query(Model)``, ``Model.query``, with methods that keep the entity."""
    while (
        isinstance(query, ast.Call)
        and isinstance(query.func, ast.Attribute)
        and query.func.attr in _KEEPING
    ):
        query = query.func.value
    if isinstance(query, ast.Attribute) and query.attr == "query":
        return model_of(query.value)  # Model.query
    if not isinstance(query, ast.Call) or len(query.args) != 1 or query.keywords:
        return None
    if isinstance(query.func, ast.Attribute) and query.func.attr == "query":
        return model_of(query.args[0])  # session.query(Model)
    if selects(query.func):
        return model_of(query.args[0])  # select(Model)
    return None
