"""One SQL reader for colretire, built on sqlglot.

* :mod:`colretire.sql.reader`: a text split into statements with their offsets, each parsed
  for a dialect (:func:`~colretire.sql.reader.statements`); whether a string is SQL at all
  (:func:`~colretire.sql.reader.is_sql`); SQLAlchemy's dialect names as sqlglot's
  (:func:`~colretire.sql.reader.dialect_for`);
* :mod:`colretire.sql.ddl`: what a text does to the schema
  (:func:`~colretire.sql.ddl.effects`): drops, renames, table rebuilds;
* :mod:`colretire.sql.refs`: the columns a text uses, with their tables resolved through
  aliases and their exact offsets (:func:`~colretire.sql.refs.column_refs`), read by
  :mod:`colretire.sql.columns`, which it loads on the first text that may be SQL;
* :mod:`colretire.sql.effects`: the effect values themselves, without the parser.

* :mod:`colretire.sql.mention`: what a word of SQL naming a column is to one table (the
  values :func:`~colretire.sql.refs.mentions` gives), without the parser;
* :mod:`colretire.sql.words`: the cheap tests before any parse: whether a text names a word,
  whether it may be SQL at all or is prose.

Importing this package loads no parser: sqlglot is loaded by the modules that parse, when
they are imported. :func:`mentions` loads it only for a text that may be SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from colretire.sql.mention import Mention


def mentions(sql: str, table: str, column: str, dialect: str | None = None) -> list[Mention]:
    """:func:`colretire.sql.refs.mentions`, with the parser loaded only when ``sql`` may be
    SQL: prose (``"The status is unknown."``) is answered without it."""
    from colretire.sql import mention

    found = mention.prose(sql, column)
    if found is not None:
        return found
    from colretire.sql.refs import mentions as read

    return read(sql, table, column, dialect)
