"""The columns a SQL text uses, each with the table it belongs to and its exact offset.

    >>> [(u.table, u.column, u.offset) for u in column_refs(
    ...     "SELECT t.eta FROM tasks AS t WHERE t.id = 1", "postgres")]
    [('tasks', 'eta', 9), ('tasks', 'id', 35)]

A qualified column (``t.eta``) is resolved through the aliases of the query it is in, then of
the queries around it (a correlated subquery). An unqualified one belongs to the only table
of its query; when the query reads several tables it is ambiguous: ``table`` is ``None`` and
``candidates`` lists them. ``INSERT INTO t (a, b)`` and ``UPDATE t SET a = ...`` use ``t.a``.
A text that does not parse gives no uses: it is not SQL (see :func:`colretire.sql.is_sql`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlglot import exp

from colretire.sql import reader

#: The nodes that open a scope of table names.
QUERIES = (exp.Select, exp.Update, exp.Delete, exp.Insert)


@dataclass(frozen=True)
class ColumnUse:
    """One column named in SQL: ``table`` resolved (``None`` when ambiguous or derived),
    ``offset`` of the column's name in the text given to :func:`column_refs`."""

    table: str | None
    column: str
    offset: int
    candidates: tuple[str, ...] = ()
    schema: str | None = None


def column_refs(sql: str, dialect: str | None = None) -> list[ColumnUse]:
    """Every column ``sql`` names, in the order they appear."""
    uses: list[ColumnUse] = []
    for statement in reader.statements(sql, dialect or "postgres"):
        if statement.expression is not None:
            uses += _uses(statement.expression)
    return sorted(uses, key=lambda u: u.offset)


def _uses(root: exp.Expression) -> Iterator[ColumnUse]:
    for column in root.find_all(exp.Column):
        if isinstance(column.this, exp.Star):
            continue
        yield _resolve(column, column.table, column.this)
    for insert in root.find_all(exp.Insert):
        if isinstance(insert.this, exp.Schema):
            table = insert.this.this
            for name in insert.this.expressions:
                if isinstance(name, exp.Identifier):
                    yield _named(table, name)


def _resolve(column: exp.Column, qualifier: str, name: exp.Expression) -> ColumnUse:
    query = column.find_ancestor(*QUERIES)
    target = _assigned_in(column, query)
    if target is not None:
        return _use(name, target)
    while query is not None:
        sources = _sources(query)
        if qualifier:
            found = sources.get(qualifier.lower())
            if found is not None:
                return _use(name, found)
        else:
            tables = list(dict.fromkeys(sources.values()))
            if len(tables) == 1:
                return _use(name, tables[0])
            if tables:
                names = tuple(t.name for t in tables)
                return ColumnUse(None, _name(name), _offset(name), names)
        query = query.find_ancestor(*QUERIES)
    return ColumnUse(None, _name(name), _offset(name))


def _assigned_in(column: exp.Column, query: exp.Expression | None) -> exp.Table | None:
    """The table of ``UPDATE t SET column = ...``: the column assigned is always ``t``'s."""
    if not isinstance(query, exp.Update) or not isinstance(query.this, exp.Table):
        return None
    parent = column.parent
    if isinstance(parent, exp.EQ) and parent.this is column and parent.parent is query:
        return query.this
    return None


def _sources(query: exp.Expression) -> dict[str, exp.Table]:
    """The tables a query reads directly, by alias and by name (not its subqueries')."""
    found: dict[str, exp.Table] = {}
    ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
    for table in _direct_tables(query):
        if table.name.lower() in ctes:
            continue
        found[table.name.lower()] = table
        if table.alias:
            found[table.alias.lower()] = table
    return found


def _direct_tables(query: exp.Expression) -> Iterator[exp.Table]:
    for table in query.find_all(exp.Table):
        if (
            table.find_ancestor(*QUERIES) is query
            or (isinstance(query, exp.Insert | exp.Update | exp.Delete) and table.parent is query)
            or (isinstance(table.parent, exp.Schema) and table.parent.parent is query)
        ):
            yield table


def _use(name: exp.Expression, table: exp.Table) -> ColumnUse:
    schema = table.args.get("db")
    return ColumnUse(
        table.name, _name(name), _offset(name), schema=reader.identifier(schema) if schema else None
    )


def _named(table: exp.Expression, name: exp.Identifier) -> ColumnUse:
    if isinstance(table, exp.Table):
        return _use(name, table)
    return ColumnUse(None, _name(name), _offset(name))


def _name(node: exp.Expression) -> str:
    return reader.identifier(node) or node.sql()


def _offset(node: exp.Expression) -> int:
    start = node.meta.get("start") if hasattr(node, "meta") else None
    return start if isinstance(start, int) else 0
