"""The SQL identifiers colretire accepts, and the escaping of names into the text it writes.

Every ``TABLE.COLUMN`` a command takes, every column key of the state file and every entry of
``COLRETIRE_ALLOW_DROP`` goes through :func:`split`. The rules (docs/trust.md):

* a name has two to four parts separated by dots: ``TABLE.COLUMN``, ``SCHEMA.TABLE.COLUMN``,
  or a two-part schema as SQL Server spells it (``DATABASE.OWNER.TABLE.COLUMN``);
* each part is a *regular* SQL identifier: a letter or ``_``, then letters, digits, ``_`` or
  ``$`` (letters and digits in the Unicode sense, as PostgreSQL, MySQL and Python accept);
* each part is at most :data:`MAX_BYTES` bytes in UTF-8: PostgreSQL silently truncates a
  longer identifier, so a drop of it would name another column (MySQL allows 64 characters);
* case is kept as written, as SQLAlchemy keeps a ``Column``'s name.

Quoted identifiers (a name that needs double quotes in SQL: spaces, punctuation, dots, a
leading digit) are not supported. colretire's work is finding the code that uses a column,
and such a name can be neither a Python attribute nor told apart from prose in a string; the
refusal says so instead of tracking a column whose uses cannot be found.

Names reach generated files only through the escaping functions below, whatever the rules
let through (the models and the database may hold names no rule checked):
:func:`python_literal` for a Python string literal, :func:`python_text` for text inside a
string literal or a comment (an Alembic revision's docstring), :func:`sql_literal` for a SQL
string literal. SQL identifiers are quoted by SQLAlchemy's dialect preparer where the SQL is
built (SQLAlchemy constructs, Alembic operations), never by string formatting.

This module is core: the standard library only.
"""

from __future__ import annotations

import re

from colretire import errors
from colretire.errors import InvalidColumnName

#: The longest identifier part, in UTF-8 bytes (PostgreSQL's NAMEDATALEN - 1).
MAX_BYTES = 63

#: At most this many dot-separated parts: SCHEMA parts, the table, the column.
MAX_PARTS = 4

_REGULAR = re.compile(r"[^\W\d][\w$]*\Z")


def problem(part: str) -> str | None:
    """Why ``part`` is not an identifier colretire supports, or ``None`` when it is one."""
    if not part:
        return "it has an empty part"
    size = len(part.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return f"a part is {size} bytes long (at most {MAX_BYTES} in UTF-8)"
    if not _REGULAR.match(part) or not part.isprintable():
        return f"{shown(part)} is not a regular SQL identifier"
    return None


def split(text: str) -> tuple[str, str]:
    """``(table, column)`` for ``TABLE.COLUMN`` (the table keeps its schema, dotted).

    Raises :class:`InvalidColumnName` naming the first rule ``text`` breaks.
    """
    if len(text) > MAX_PARTS * (MAX_BYTES + 1):
        raise InvalidColumnName(text, f"it is {len(text)} characters long")
    parts = text.split(".")
    if len(parts) < 2:
        raise InvalidColumnName(text, "it has no table")
    if len(parts) > MAX_PARTS:
        raise InvalidColumnName(text, f"it has {len(parts)} dotted parts (at most {MAX_PARTS})")
    for part in parts:
        why = problem(part)
        if why is not None:
            raise InvalidColumnName(text, why)
    return ".".join(parts[:-1]), parts[-1]


def is_valid(text: str) -> bool:
    """Whether :func:`split` accepts ``text``."""
    try:
        split(text)
    except InvalidColumnName:
        return False
    return True


def shown(text: str) -> str:
    """``text`` as a message quotes it: a Python literal (control characters escaped), cut
    to a readable length."""
    return errors.shown(text)


# -- rendering into generated text ----------------------------------------------------------


def python_literal(text: str) -> str:
    """A Python string literal whose value is ``text``: ``repr``, which escapes quotes,
    backslashes, line breaks and every non-printable character."""
    return repr(text)


def python_text(text: str) -> str:
    """``text`` made safe inside any Python string literal (single, double or triple quoted,
    not raw) and inside a comment: one line, quotes and backslashes escaped, non-printable
    characters as ``\\x``/``\\u`` escapes. Inside a literal it evaluates back to ``text``.

    This is what goes into an Alembic revision's docstring (``\"\"\"${message}``), which a
    project's ``script.py.mako`` writes unescaped.
    """
    return "".join(_escape_char(char) for char in text)


def _escape_char(char: str) -> str:
    if char in "\\'\"":
        return "\\" + char
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def sql_literal(text: str) -> str:
    """A standard SQL string literal whose value is ``text`` (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"
