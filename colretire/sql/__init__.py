"""One SQL reader for colretire, built on sqlglot.

* :mod:`colretire.sql.reader`: a text split into statements with their offsets, each parsed
  for a dialect; whether a string is SQL at all;
* :mod:`colretire.sql.ddl`: what a text does to the schema (drops, renames, table rebuilds);
* :mod:`colretire.sql.refs`: the columns a text uses, with their tables resolved through
  aliases and their exact offsets.
"""

from colretire.sql.ddl import Effect, effects
from colretire.sql.reader import Statement, dialect_for, is_sql, statements
from colretire.sql.refs import ColumnUse, column_refs

__all__ = [
    "ColumnUse",
    "Effect",
    "Statement",
    "column_refs",
    "dialect_for",
    "effects",
    "is_sql",
    "statements",
]
