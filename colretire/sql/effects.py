"""The schema effects of SQL (and of migrations): plain values, no parser.

:mod:`colretire.sql.ddl` reads them from SQL text and :mod:`colretire.alembic.reader` from a
migration script; the guard's judge decides whether each may happen. This module imports
nothing but the standard library, so that holding an effect never loads a SQL parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class TableName:
    name: str
    schema: str | None = None

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(frozen=True)
class DropColumn:
    table: TableName
    column: str
    offset: int = 0


@dataclass(frozen=True)
class AddColumn:
    table: TableName
    column: str
    offset: int = 0


@dataclass(frozen=True)
class DropTable:
    table: TableName
    offset: int = 0
    #: Dropped by ``CREATE OR REPLACE TABLE``, not by ``DROP TABLE``.
    replaced: bool = False


@dataclass(frozen=True)
class DropSchema:
    schema: str
    offset: int = 0


@dataclass(frozen=True)
class RenameTable:
    old: TableName
    new: TableName
    offset: int = 0


@dataclass(frozen=True)
class RenameColumn:
    table: TableName
    old: str
    new: str
    offset: int = 0


@dataclass(frozen=True)
class CreateTable:
    table: TableName
    #: The columns it declares; ``None`` when they come from a query (``AS SELECT``).
    columns: tuple[str, ...] | None
    offset: int = 0


@dataclass(frozen=True)
class CopyRows:
    """Rows copied from ``source`` into ``target``: ``columns`` maps each target column to
    the source column it is filled from; ``everything``: ``SELECT *``, all of them."""

    target: TableName
    source: TableName
    columns: tuple[tuple[str, str], ...] = ()
    everything: bool = False
    offset: int = 0


@dataclass(frozen=True)
class Unjudged:
    """A statement that may change the schema but cannot be read; ``text`` is what it says,
    for the judge to see which tables it names."""

    reason: str
    text: str
    offset: int = 0

    def names(self, word: str) -> bool:
        """Whether the statement names ``word`` as an identifier (any case, any quotes)."""
        return re.search(rf"(?<![\w$]){re.escape(word)}(?![\w$])", self.text, re.I) is not None


Effect = (
    AddColumn | DropColumn | DropTable | DropSchema | RenameTable | RenameColumn | CreateTable | CopyRows
    | Unjudged
)  # fmt: skip

#: The effects that remove data: what the guard judges.
Removal = DropColumn | DropTable | DropSchema | Unjudged


#: Words outside string literals without which a statement cannot change the schema; a text
#: holding none of them is not parsed at all (the cheap path for data statements).
SCHEMA_WORDS = re.compile(
    r"\b(?:DROP|ALTER|RENAME|REPLACE|CHANGE|EXECUTE|PREPARE|DO|CREATE|SET\s+@|INSERT)\b|/\*M?!",
    re.IGNORECASE,
)


def may_change_schema(sql: str) -> bool:
    """A cheap test, without parsing: can ``sql`` change the schema at all?"""
    return SCHEMA_WORDS.search(sql) is not None
