"""Functions that make a SQLAlchemy ``Table`` of the name they are given.

``def table(name): return Table(name, model.meta.metadata, autoload=True)`` (CKAN's stats
extension) reflects the table of that name: ``package_revision = table('package_revision')``
is that table, and ``package_revision.c.revision_id`` its column, as it would be had the
code called ``Table('package_revision', ...)`` itself. A decorated function is no such
factory: the decorator may give back anything in its place. :func:`table_factory` finds such a
function from its code; the index keeps it only where the class called is SQLAlchemy's
``Table`` (or its lightweight ``table``), and the inference gives a call of it with a string
the ``Table`` of that name.
"""

from __future__ import annotations

import ast

from colretire.analysis.astnames import dotted

#: SQLAlchemy's callables that make a table (or a table clause) of the name they are given.
SQLALCHEMY_TABLES = frozenset(
    {
        "sqlalchemy.Table",
        "sqlalchemy.schema.Table",
        "sqlalchemy.sql.schema.Table",
        "sqlalchemy.table",
        "sqlalchemy.sql.table",
        "sqlalchemy.sql.expression.table",
    }
)


def table_factory(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, int, str] | None:
    """The callee, and the parameter (its position among those a call fills by position,
    and its name), of a function whose one ``return`` makes a table named by that parameter
    (``return Table(name, metadata, autoload=True)``), the parameter never bound in its
    body and the function holding no nested code, nor any decorator (which may bind its
    name to anything it gives back)."""
    if node.returns is not None or node.decorator_list:
        return None
    params = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
    returns: list[ast.Return] = []
    for inner in ast.walk(node):
        if inner is not node and isinstance(
            inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        ):
            return None
        if isinstance(inner, ast.Return):
            returns.append(inner)
        elif (
            isinstance(inner, ast.Name)
            and not isinstance(inner.ctx, ast.Load)
            and inner.id in params
        ):
            return None
    if len(returns) != 1:
        return None
    call = returns[0].value
    if not isinstance(call, ast.Call) or not call.args:
        return None
    first = call.args[0]
    callee = dotted(call.func)
    if callee is None or not isinstance(first, ast.Name) or first.id not in params:
        return None
    if callee.rpartition(".")[2] not in ("Table", "table"):
        return None
    return callee, params.index(first.id), first.id
