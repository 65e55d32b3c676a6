"""Which model's rows a keyword filter names, read from the shape of the call.

``filter_by(col=...)`` names a column of the entity its query filters: the query's only
entity (``Task.query``, Flask-SQLAlchemy's query property; ``<session>.query(Task)``;
``select(Task)``) as long as the methods between that root and ``filter_by`` keep it
(``filter``, ``order_by``, ...). After a join (or ``select_from``, a union...) it filters
the last joined entity, which this module does not follow: such a chain has no proven
entity. ``<relationship>.has(col=...)`` and ``.any(col=...)`` name a column of the
relationship's target class.
"""

from __future__ import annotations

import ast

#: Methods that name their keywords after the columns of the entity the query filters.
FILTERS = frozenset({"filter_by"})
#: Methods of a relationship attribute that name their keywords after its target's columns.
RELATED_FILTERS = frozenset({"has", "any"})
#: Query methods between the root and ``filter_by`` that keep the filtered entity.
KEEPING = frozenset(
    {
        "filter", "filter_by", "where", "order_by", "limit", "offset", "options", "distinct",
        "group_by", "having", "execution_options", "with_for_update", "params", "yield_per",
        "populate_existing", "enable_eagerloads", "slice", "autoflush",
    }
)  # fmt: skip
#: Query methods after which ``filter_by`` filters another entity than the root's.
SHIFTING = frozenset(
    {
        "join", "outerjoin", "select_from", "join_from", "outerjoin_from", "union",
        "union_all", "reset_joinpoint", "correlate", "with_entities", "add_entity",
        "add_columns", "from_self", "subquery", "alias",
    }
)  # fmt: skip


def query_root(call: ast.Call) -> ast.expr | None:
    """The expression ``call`` (a ``filter_by``) filters the only entity of: ``X.query``,
    ``<obj>.query(X)`` or ``select(X)``, reached through methods that keep the entity.
    ``None`` where the chain passes another method or starts elsewhere (a local)."""
    expr = _filtered(call)
    return expr if expr is not None and _one_entity_root(expr) else None


def _filtered(call: ast.Call) -> ast.expr | None:
    """The query ``call`` (a ``filter_by``) filters, reached back through the methods that
    keep its entity; ``None`` where ``call`` is no filter."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in FILTERS:
        return None
    expr = call.func.value
    while (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr in KEEPING
    ):
        expr = expr.func.value
    return expr


def first_entity(call: ast.Call) -> ast.expr | None:
    """The first entity given to the query ``call`` (a ``filter_by``) filters, reached
    through methods that keep it: ``A`` of ``<obj>.query(A, B).filter_by(...)``, ``A.id`` of
    ``<obj>.query(A.id).filter_by(...)``. SQLAlchemy's ``filter_by`` names the columns of
    the query's primary entity, its first (the entity of a column given first), until a
    join makes it the joined one. ``None`` where the chain passes another method or starts
    elsewhere."""
    expr = _filtered(call)
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "query"
        and expr.args
        and not isinstance(expr.args[0], ast.Starred)
        and not expr.keywords
    ):
        return expr.args[0]
    return None


def shifted(call: ast.Call) -> bool:
    """Whether a method of the chain ``call`` (a ``filter_by``) is called on may make it
    filter another entity than the query's first (``Task.query.join(Project).filter_by``)."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in FILTERS:
        return False
    expr = call.func.value
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        if expr.func.attr in SHIFTING:
            return True
        expr = expr.func.value
    return False


def relationship_attribute(call: ast.Call) -> ast.Attribute | None:
    """``Project.creator`` of ``Project.creator.has(col=...)``: the class attribute whose
    target the keywords name a column of."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in RELATED_FILTERS:
        return None
    return func.value if isinstance(func.value, ast.Attribute) else None


def _one_entity_root(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Attribute):
        return expr.attr == "query"
    if not isinstance(expr, ast.Call) or len(expr.args) != 1 or expr.keywords:
        return False
    func = expr.func
    if isinstance(func, ast.Attribute):
        return func.attr == "query"
    return isinstance(func, ast.Name) and func.id == "select"
