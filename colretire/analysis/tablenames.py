"""Strings that name a table, never a column.

A word of a column's names may be spelt like a table (a relationship ``chat`` and the table
``chat``, a relationship ``datasources`` and the table ``datasources``). Where the code says
that a string is a table's name, the word is not a use of the column, whatever it is spelt
like:

- the value of ``__tablename__`` in a class body (``__tablename__ = "chat"``);
- the first argument of SQLAlchemy's ``Table("chat", metadata, ...)``;
- the parts before the column of the target of a ``ForeignKey("chat.id")``
  (``[schema.]table.column``): a schema's or a table's name.

This module only reads the syntax; the finder decides what the words are.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from colretire.analysis.facts import last_name, string_value


def class_table_name(stmt: ast.stmt) -> ast.expr | None:
    """The string of ``__tablename__ = "chat"`` (or ``__tablename__: str = "chat"``), a
    statement of a class body."""
    if isinstance(stmt, ast.Assign):
        targets, value = stmt.targets, stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets, value = [stmt.target], stmt.value
    else:
        return None
    named = any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in targets)
    return value if named and string_value(value) is not None else None


def table_argument(call: ast.Call) -> ast.expr | None:
    """The name of ``Table("chat", metadata, ...)``: a string first, and a metadata (not a
    string: ``Table("status", "count")`` is some other library's table of headers)."""
    if last_name(call.func) != "Table" or len(call.args) < 2:
        return None
    first, second = call.args[0], call.args[1]
    if string_value(first) is None or string_value(second) is not None:
        return None
    if not isinstance(second, ast.Name | ast.Attribute | ast.Call):
        return None
    return first


def foreign_key_target(call: ast.Call) -> tuple[ast.expr, str] | None:
    """The string of ``ForeignKey("schema.chat.id")`` and the table it names (``chat``)."""
    if last_name(call.func) != "ForeignKey" or not call.args:
        return None
    text = string_value(call.args[0])
    if text is None:
        return None
    parts = text.split(".")
    if len(parts) not in (2, 3) or not all(p.isidentifier() for p in parts):
        return None
    return call.args[0], parts[-2]


def qualifier_word(line: str, col: int, length: int) -> bool:
    """Whether the word at 1-based ``col`` of ``line`` is followed by a dot (a qualifier of
    a dotted name, not its last part)."""
    end = col - 1 + length
    return line[end : end + 1] == "."


#: A dotted name: ``rag.azure_openai.api_key``.
_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def chain_holders(text: str, names: Iterable[str]) -> list[str | None] | None:
    """For each part of a dotted name spelt like one of ``names``, in order, the part
    before it where that part alone decides that the word is not the column; ``None`` for a
    word it cannot decide (``None`` for the whole when ``text`` is not a dotted name).

    Read as SQL, a part followed by another is a table's or a schema's name, never a
    column; the last part of ``schema.table.column`` is a column of ``table`` (a schema
    qualifies a table's own name, never an alias). Read as a path of attributes (a loader
    option, a nested field, ``attrgetter``), a part is reached through the part before
    it, which holds the object. So the part before decides for every word but the first
    (a path may start at the column) and the last of two parts (``alias.column`` in SQL):
    the finder excludes the word when that part is neither the column's table nor a name
    the project gives a class or an attribute (``audio.stt.openai.api_key``)."""
    if _CHAIN.fullmatch(text) is None:
        return None
    parts = text.split(".")
    wanted = set(names)
    return [
        parts[i - 1] if i >= 1 and (i < len(parts) - 1 or len(parts) >= 3) else None
        for i, part in enumerate(parts)
        if part in wanted
    ]
