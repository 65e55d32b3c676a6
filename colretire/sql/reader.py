"""SQL text read as a database reads it: split into statements, each parsed by sqlglot.

Every consumer of SQL in colretire (the Alembic guard's drop reader, the reference finder)
reads it here, so a statement means the same thing everywhere:

* the text is tokenized with the dialect's own rules (quotes, backslash escapes, ``E'...'``,
  ``$$`` bodies, ``#`` comments on MySQL), then split on the semicolons between statements;
  each :class:`Statement` keeps its character offsets in the text;
* MySQL/MariaDB execute the body of ``/*! ... */`` (and MariaDB's ``/*M! ... */``) comments,
  so in that dialect, and when the dialect is not known, they are opened before parsing; the
  other databases ignore them, as their comments;
* a statement sqlglot cannot parse keeps its text and the parser's message: nothing is lost,
  and the caller decides what an unreadable statement means.

``dialect`` is sqlglot's name (``postgres``, ``mysql``, ``sqlite``...); :func:`dialect_for`
turns SQLAlchemy's dialect name into it. ``None`` means "not known": the text is then read
in each of :data:`ANY_DIALECT` by the callers that must not miss a form
(:func:`colretire.sql.ddl.effects`).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import Token, TokenType, exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError

#: SQLAlchemy's dialect names, as sqlglot names them.
SQLALCHEMY_DIALECTS = {
    "postgresql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "mssql": "tsql",
    "oracle": "oracle",
}

#: The dialects a text is read in when its database is not known.
ANY_DIALECT = ("postgres", "mysql", "sqlite")

#: Statement kinds: what a string must parse to, to count as SQL rather than prose.
STATEMENTS: tuple[type[exp.Expr], ...] = (
    exp.Query,
    exp.DML,
    exp.DDL,
    exp.Drop,
    exp.Alter,
    exp.Set,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Pragma,
    exp.Use,
    exp.Show,
    exp.Describe,
    exp.TruncateTable,
    exp.Grant,
    exp.Merge,
    exp.Copy,
    exp.Analyze,
)

#: Commands sqlglot leaves unparsed (``exp.Command``) that are statements all the same.
COMMANDS = frozenset(
    {"DO", "EXECUTE", "CALL", "PREPARE", "RENAME", "ALTER", "CREATE", "DROP", "VACUUM",
     "REINDEX", "CLUSTER", "COMMENT", "LOCK", "NOTIFY", "LISTEN", "DEALLOCATE", "OPTIMIZE",
     "FLUSH", "REFRESH", "GRANT", "REVOKE", "SET", "RESET", "DISCARD", "UNLOCK"}
)  # fmt: skip

_EXECUTABLE_COMMENT = re.compile(r"/\*M?!\d*(?P<body>.*?)\*/", re.DOTALL)


def dialect_for(name: str | None) -> str | None:
    """sqlglot's name for SQLAlchemy's dialect ``name`` (``postgresql`` -> ``postgres``);
    ``None`` for an unknown or missing one."""
    return SQLALCHEMY_DIALECTS.get(name or "")


@dataclass(frozen=True)
class Statement:
    """One statement of a text: where it is, and what it parsed to.

    ``expression`` is ``None`` when sqlglot could not parse it; ``error`` then says why.
    Offsets are in the text as given (executable comments opened keep their offsets).
    """

    source: str
    start: int
    end: int
    dialect: str | None
    expression: exp.Expression | None
    error: str | None = None

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    @property
    def parsed(self) -> bool:
        return self.expression is not None

    @property
    def is_statement(self) -> bool:
        """Whether it parsed to a statement (a bare word or a comparison does not)."""
        found = self.expression
        if isinstance(found, exp.Command):
            return str(found.this).upper() in COMMANDS
        return isinstance(found, STATEMENTS)


def statements(sql: str, dialect: str | None = None) -> list[Statement]:
    """The statements of ``sql``, in order, each with its offsets and parse.

    A text the tokenizer cannot read (an unterminated quote) is one unparsed statement.
    """
    text = open_executable_comments(sql, dialect)
    try:
        tokens = _tokenize(text, dialect)
    except TokenError as error:
        return [Statement(sql, 0, len(sql), dialect, None, str(error))] if sql.strip() else []
    return [_parse(sql, text, chunk, dialect) for chunk in _split(tokens)]


def is_sql(text: str, dialect: str | None = None) -> bool:
    """Whether ``text`` is SQL: it parses, in ``dialect`` (any of :data:`ANY_DIALECT` when
    ``None``), to one or more statements. Prose that merely contains SQL words is not SQL:
    ``"TODO: ALTER TABLE tasks DROP COLUMN x"`` does not parse."""
    for each in (dialect,) if dialect else ANY_DIALECT:
        found = statements(text, each)
        if found and all(s.parsed and s.is_statement for s in found):
            return True
    return False


def open_executable_comments(sql: str, dialect: str | None) -> str:
    """``sql`` with the markers of MySQL's executable comments blanked out, so that their
    body is read as the server runs it; offsets are kept. Only for MySQL/MariaDB, and for an
    unknown dialect (when in doubt, a hidden statement is read)."""
    if dialect not in (None, "mysql") or "/*" not in sql:
        return sql
    try:
        tokens = _tokenize(sql, "mysql")
    except TokenError:
        return sql
    opened = list(sql)
    for start, end in _gaps(sql, tokens):
        for match in _EXECUTABLE_COMMENT.finditer(sql, start, end):
            body_start, body_end = match.span("body")
            opened[match.start() : body_start] = " " * (body_start - match.start())
            opened[body_end : match.end()] = " " * (match.end() - body_end)
    return "".join(opened)


def _gaps(sql: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """The stretches between tokens: whitespace and comments only."""
    position = 0
    for token in tokens:
        start = _token_start(token)
        if start > position:
            yield position, start
        position = max(position, token.end + 1)
    if position < len(sql):
        yield position, len(sql)


def _token_start(token: Token) -> int:
    # A quoted token's ``start`` is its opening quote; a string's text excludes the quotes,
    # so the token's extent is taken from its own offsets, never from its text.
    return token.start


@lru_cache(maxsize=8)
def _dialect(name: str | None) -> Dialect:
    return Dialect.get_or_raise(name or "")


def _tokenize(sql: str, dialect: str | None) -> list[Token]:
    with quiet():
        return list(_dialect(dialect).tokenize(sql))


def _split(tokens: list[Token]) -> list[list[Token]]:
    chunks: list[list[Token]] = [[]]
    for token in tokens:
        if token.token_type is TokenType.SEMICOLON:
            chunks.append([])
        else:
            chunks[-1].append(token)
    return [chunk for chunk in chunks if chunk]


def _parse(source: str, text: str, chunk: list[Token], dialect: str | None) -> Statement:
    start, end = _token_start(chunk[0]), chunk[-1].end + 1
    try:
        with quiet():
            parsed = _dialect(dialect).parser().parse(chunk, text)
    except (ParseError, TokenError) as error:
        return Statement(source, start, end, dialect, None, _first_line(error))
    expression = next((p for p in parsed if isinstance(p, exp.Expression)), None)
    return Statement(source, start, end, dialect, expression, None if expression else "empty")


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def parse_expression(sql: str, dialect: str | None) -> exp.Expression | None:
    """One SQL expression (not a statement), such as the argument of PL/pgSQL's EXECUTE;
    ``None`` when it does not parse."""
    try:
        with quiet():
            parsed = sqlglot.parse_one(f"SELECT {sql}", read=dialect or None)
    except (ParseError, TokenError):
        return None
    selected = parsed.expressions if isinstance(parsed, exp.Select) else []
    return selected[0] if len(selected) == 1 else None


# -- sqlglot's warnings -------------------------------------------------------------------

_READING: contextvars.ContextVar[bool] = contextvars.ContextVar("colretire_sql", default=False)


class _WhileReading(logging.Filter):
    """Drops sqlglot's "falling back to parsing as a Command" warnings while colretire reads:
    an unsupported statement is colretire's to judge and report, not a warning to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _READING.get()


_FILTER = _WhileReading()


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    logger = logging.getLogger("sqlglot")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    token = _READING.set(True)
    try:
        yield
    finally:
        _READING.reset(token)


def identifier(node: Any) -> str | None:
    """The name of an identifier, column or table node (unquoted), else ``None``."""
    if isinstance(node, exp.Identifier):
        return str(node.this)
    if isinstance(node, exp.Column | exp.Table):
        return node.name or None
    if isinstance(node, exp.Var | exp.Literal):
        return str(node.this)
    return None
