"""Find the column and table drops in raw SQL text, the way ``op.execute`` would send it.

Migrations drop columns through SQL too: ``op.execute("ALTER TABLE tasks DROP COLUMN x")``.
The guard reads such text with a small tokenizer rather than a regular expression, because a
regular expression either misses a form or sees a drop where there is none:

* several statements in one string (``...; ALTER TABLE ...``), split on top-level ``;``;
* quoted identifiers (``"tasks"``, ```tasks```, ``[tasks]``) and schema-qualified names
  (``public.tasks``); string literals and comments never count;
* ``DROP COLUMN IF EXISTS x``, MySQL's and SQLite's ``DROP x`` without ``COLUMN``, and several
  clauses in one ``ALTER TABLE`` (``DROP COLUMN a, DROP b, ADD c int``);
* what is not a column drop: ``DROP INDEX``, ``DROP CONSTRAINT``, ``DROP PRIMARY KEY``,
  ``DROP FOREIGN KEY``, ``ALTER COLUMN x DROP DEFAULT`` / ``DROP NOT NULL``;
* ``DROP TABLE [IF EXISTS] a, b``.

When in doubt it errs towards seeing a drop: MySQL's ``#`` comments are read as code (in
PostgreSQL ``#`` is an operator, and a comment that hid a real drop would be worse), and so is
the body of a PostgreSQL ``DO $$ ... $$`` block, which does run.

Pure: no I/O, no third-party import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: After ``DROP`` in an ``ALTER TABLE`` clause, these words drop something other than a column.
NOT_A_COLUMN = frozenset(
    {
        "CHECK",
        "CONSTRAINT",
        "DEFAULT",
        "EXPRESSION",
        "FOREIGN",
        "IDENTITY",
        "INDEX",
        "KEY",
        "NOT",
        "PARTITION",
        "PERIOD",
        "PRIMARY",
        "SYSTEM",
        "UNIQUE",
        "FULLTEXT",
        "SPATIAL",
    }
)

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<line_comment>--[^\n]*)
    | (?P<block_comment>/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^']|'')*(?:'|\Z))
    | (?P<dquoted>"(?:[^"]|"")*(?:"|\Z))
    | (?P<bquoted>`(?:[^`]|``)*(?:`|\Z))
    | (?P<bracketed>\[[^\]]*(?:\]|\Z))
    | (?P<word>[^\W\d]\w*|\$\w+|\w+)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    text: str
    quoted: bool = False
    word: bool = False

    @property
    def keyword(self) -> str:
        """The token upper-cased when it is an unquoted word, else empty."""
        return self.text.upper() if self.word and not self.quoted else ""

    @property
    def is_name(self) -> bool:
        return self.word or self.quoted


@dataclass(frozen=True)
class SqlDrop:
    """One drop found in SQL text: a column (``column`` set) or a whole table."""

    table: str
    column: str | None = None
    schema: str | None = None
    statement: str = ""

    @property
    def qualified_table(self) -> str:
        return f"{self.schema}.{self.table}" if self.schema else self.table


def tokens(sql: str) -> list[Token]:
    """The meaningful tokens of ``sql``: comments and whitespace dropped, quotes removed from
    identifiers, string literals kept as one opaque token."""
    found: list[Token] = []
    for match in _TOKEN.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind in ("space", "line_comment", "block_comment"):
            continue
        if kind in ("dquoted", "bquoted"):
            quote = text[0]
            inner = text[1:-1] if len(text) > 1 and text.endswith(quote) else text[1:]
            found.append(Token(inner.replace(quote * 2, quote), quoted=True))
        elif kind == "bracketed":
            found.append(Token(text[1:].rstrip("]"), quoted=True))
        elif kind == "string":
            found.append(Token(text))
        else:
            found.append(Token(text, word=kind == "word"))
    return found


def statements(sql: str) -> list[list[Token]]:
    """``sql`` split into statements on ``;`` (never one inside quotes or a comment)."""
    result: list[list[Token]] = [[]]
    for token in tokens(sql):
        if token.text == ";" and not token.quoted:
            result.append([])
        else:
            result[-1].append(token)
    return [statement for statement in result if statement]


def find_drops(sql: str) -> list[SqlDrop]:
    """Every column and table drop in ``sql``, in order.

    ``ALTER TABLE`` and ``DROP TABLE`` are looked for anywhere in a statement, not only at its
    start, so that one inside a ``DO`` block or a rule's body is seen too.
    """
    drops: list[SqlDrop] = []
    for statement in statements(sql):
        text = " ".join(t.text for t in statement)
        for start in range(len(statement) - 1):
            words = [t.keyword for t in statement[start : start + 2]]
            if words == ["ALTER", "TABLE"]:
                found = [
                    (d.table, d.column, d.schema) for d in _alter_table(statement[start + 2 :])
                ]
            elif words == ["DROP", "TABLE"]:
                found = [(d.table, None, d.schema) for d in _drop_table(statement[start + 2 :])]
            else:
                continue
            drops += [SqlDrop(table, column, schema, text) for table, column, schema in found]
    return drops


def mentions_drop(sql: str) -> bool:
    """Whether text that cannot be read exactly (an f-string's literal parts) looks like it
    drops a column or a table."""
    return bool(re.search(r"\bALTER\s+TABLE\b.*\bDROP\b|\bDROP\s+TABLE\b", sql, re.I | re.S))


def _skip(statement: list[Token], position: int, *keywords: str) -> int:
    """Skip the run of ``keywords`` at ``position`` when all are there, in order."""
    end = position + len(keywords)
    if [t.keyword for t in statement[position:end]] == list(keywords):
        return end
    return position


def _name(statement: list[Token], position: int) -> tuple[str | None, str | None, int]:
    """A possibly schema-qualified name at ``position``: (schema, name, next position)."""
    parts: list[str] = []
    while position < len(statement) and statement[position].is_name:
        parts.append(statement[position].text)
        position += 1
        if position < len(statement) and statement[position].text == ".":
            position += 1
            continue
        break
    if not parts:
        return None, None, position
    return (".".join(parts[:-1]) or None), parts[-1], position


def _alter_table(statement: list[Token]) -> list[SqlDrop]:
    position = _skip(statement, 0, "IF", "EXISTS")
    position = _skip(statement, position, "ONLY")
    schema, table, position = _name(statement, position)
    if table is None:
        return []
    if position < len(statement) and statement[position].text == "*":
        position += 1  # PostgreSQL's "ALTER TABLE tasks * ..." (the table and its children)
    drops = []
    for clause in _clauses(statement[position:]):
        column = _dropped_column(clause)
        if column is not None:
            drops.append(SqlDrop(table, column, schema))
    return drops


def _clauses(rest: list[Token]) -> list[list[Token]]:
    """``ALTER TABLE`` actions split on commas outside parentheses."""
    clauses: list[list[Token]] = [[]]
    depth = 0
    for token in rest:
        if not token.quoted and token.text in "()":
            depth += 1 if token.text == "(" else -1
        if token.text == "," and not token.quoted and depth == 0:
            clauses.append([])
        else:
            clauses[-1].append(token)
    return clauses


def _dropped_column(clause: list[Token]) -> str | None:
    if not clause or clause[0].keyword != "DROP":
        return None
    position = 1
    if position < len(clause) and clause[position].keyword == "COLUMN":
        position += 1
    elif position < len(clause) and clause[position].keyword in NOT_A_COLUMN:
        return None
    position = _skip(clause, position, "IF", "EXISTS")
    if position < len(clause) and clause[position].is_name:
        return clause[position].text
    return None


def _drop_table(statement: list[Token]) -> list[SqlDrop]:
    position = _skip(statement, 0, "IF", "EXISTS")
    drops = []
    while position < len(statement):
        schema, table, position = _name(statement, position)
        if table is None or table.upper() in ("CASCADE", "RESTRICT", "PURGE"):
            break
        drops.append(SqlDrop(table, None, schema))
        if position < len(statement) and statement[position].text == ",":
            position += 1
        else:
            break
    return drops
