"""The columns a SQL text uses, each with the table it belongs to and its exact offset.

    >>> [(u.table, u.column, u.offset) for u in column_refs(
    ...     "SELECT t.eta FROM tasks AS t WHERE t.id = 1", "postgres")]
    [('tasks', 'eta', 9), ('tasks', 'id', 35)]

A qualified column (``t.eta``) is resolved through the aliases of the query it is in, then of
the queries around it (a correlated subquery). An unqualified one belongs to the only table
of its query; when the query reads several tables it is ambiguous: ``table`` is ``None`` and
``candidates`` lists them. ``INSERT INTO t (a, b)`` and ``UPDATE t SET a = ...`` use ``t.a``.
A text that does not parse gives no uses: it is not SQL (see :func:`colretire.sql.is_sql`).

Importing this module loads no parser: the reading itself is in
:mod:`colretire.sql.columns`, imported (with sqlglot, about a tenth of a second) on the first
text that may be SQL. The finder imports this module for every scan, and most scans of a rare
name never meet such a text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from colretire.sql import mention, words
from colretire.sql.mention import TABLE_NAME, ColumnUse

if TYPE_CHECKING:
    from colretire.sql.mention import Mention

__all__ = ["TABLE_NAME", "ColumnUse", "column_refs", "mentions", "tables_named"]


def column_refs(sql: str, dialect: str | None = None) -> list[ColumnUse]:
    """Every column ``sql`` names, in the order they appear."""
    from colretire.sql import columns

    return columns.column_refs(sql, dialect)


def mentions(sql: str, table: str, column: str, dialect: str | None = None) -> list[Mention]:
    """Every word of ``sql`` that spells ``column`` (any case, quoted or not), read against
    ``table``. ``dialect`` is sqlglot's name; ``None`` reads the text in each of
    :data:`~colretire.sql.reader.ANY_DIALECT` until one parses it."""
    if not words.names_word(sql, column):
        return []
    not_sql = mention.prose(sql, column)
    if not_sql is not None:
        return not_sql
    from colretire.sql import columns

    return columns.mentions(sql, table, column, dialect)


def tables_named(sql: str, dialect: str | None = None) -> frozenset[str]:
    """The tables a statement or a fragment names (lower case, without schema; the names of
    its common table expressions and of unknown parts left out); none for prose."""
    if not words.may_be_sql(sql):
        return frozenset()
    from colretire.sql import columns

    return columns.tables_named(sql, dialect)
