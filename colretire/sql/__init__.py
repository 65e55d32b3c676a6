"""One SQL reader for colretire, built on sqlglot.

* :mod:`colretire.sql.reader`: a text split into statements with their offsets, each parsed
  for a dialect (:func:`~colretire.sql.reader.statements`); whether a string is SQL at all
  (:func:`~colretire.sql.reader.is_sql`); SQLAlchemy's dialect names as sqlglot's
  (:func:`~colretire.sql.reader.dialect_for`);
* :mod:`colretire.sql.ddl`: what a text does to the schema
  (:func:`~colretire.sql.ddl.effects`): drops, renames, table rebuilds;
* :mod:`colretire.sql.refs`: the columns a text uses, with their tables resolved through
  aliases and their exact offsets (:func:`~colretire.sql.refs.column_refs`);
* :mod:`colretire.sql.effects`: the effect values themselves, without the parser.

Importing this package loads no parser: sqlglot is loaded by the modules that parse, when
they are imported.
"""
