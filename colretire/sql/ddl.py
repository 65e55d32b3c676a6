"""What a SQL text does to the schema: the effects of its statements, read with sqlglot.

:func:`effects` turns a text into plain values, in order:

============================  ===============================================================
effect                        read from
============================  ===============================================================
:class:`AddColumn`            ``ALTER TABLE t ADD [COLUMN] c`` (what a downgrade may undo)
:class:`DropColumn`           ``ALTER TABLE t DROP [COLUMN] [IF EXISTS] c`` (also MySQL's and
                              SQLite's ``DROP c``, several clauses in one statement)
:class:`DropTable`            ``DROP TABLE a, b``; ``CREATE OR REPLACE TABLE t`` (the old
                              table goes)
:class:`DropSchema`           ``DROP SCHEMA s`` / ``DROP DATABASE s`` (every table in it)
:class:`RenameTable`          ``ALTER TABLE a RENAME TO b``, MySQL's ``RENAME TABLE a TO b``,
                              PostgreSQL's ``ALTER TABLE a SET SCHEMA s``
:class:`RenameColumn`         ``RENAME COLUMN a TO b``, MySQL's ``CHANGE a b type``
:class:`CreateTable`          ``CREATE TABLE t (...)`` with its columns
:class:`CopyRows`             ``INSERT INTO t (...) SELECT ... FROM s`` and
                              ``CREATE TABLE t AS SELECT ... FROM s``: which columns of ``s``
                              reach ``t`` (a table rebuild is a copy, then a drop, then a
                              rename)
:class:`Unjudged`             a statement that may change the schema but cannot be read: it
                              does not parse, or it runs SQL built at run time (a dynamic
                              ``EXECUTE``)
============================  ===============================================================

The bodies of PostgreSQL's ``DO`` blocks and ``CREATE FUNCTION``/``PROCEDURE`` are read too,
statement by statement, and so is the SQL they ``EXECUTE`` when it can be folded from
literals (``'...' || '...'``, ``format('... %I ...', 'tasks')``, ``quote_ident('x')``, a
variable assigned such a value); MySQL's ``PREPARE s FROM '...'`` and ``SET @v = '...'`` are
read as the SQL they will run. Executable comments (``/*!50000 ... */``) are opened by
:mod:`colretire.sql.reader`.

Deciding whether an effect is allowed is not done here: the guard's judge does it
(:mod:`colretire.alembic.judge`). Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from sqlglot import Token, TokenType, exp
from sqlglot.errors import TokenError

from colretire.sql import reader
from colretire.sql.effects import (  # the values, re-exported
    AddColumn,
    CopyRows,
    CreateTable,
    DropColumn,
    DropSchema,
    DropTable,
    Effect,
    Removal,
    RenameColumn,
    RenameTable,
    TableName,
    Unjudged,
    may_change_schema,
)
from colretire.sql.reader import Statement, identifier

__all__ = [
    "AddColumn",
    "CopyRows",
    "CreateTable",
    "DropColumn",
    "DropSchema",
    "DropTable",
    "Effect",
    "Removal",
    "RenameColumn",
    "RenameTable",
    "TableName",
    "Unjudged",
    "effects",
    "may_change_schema",
    "statement_effects",
]


def effects(sql: str, dialect: str | None = None) -> list[Effect]:
    """The schema effects of ``sql``, in order. With ``dialect=None`` the text is read in
    each of :data:`~colretire.sql.reader.ANY_DIALECT` and the effects any of them sees are
    kept: a drop that one database would run is a drop."""
    if not may_change_schema(sql):
        return []
    if dialect is not None:
        return _effects(sql, dialect)
    readings = [_effects(sql, each) for each in reader.ANY_DIALECT]
    judged = [[e for e in found if not isinstance(e, Unjudged)] for found in readings]
    union = list({_key(e): e for found in reversed(judged) for e in found}.values())
    unread = min(([e for e in found if isinstance(e, Unjudged)] for found in readings), key=len)
    return sorted([*union, *unread], key=lambda e: e.offset)


def _key(effect: Effect) -> Effect:
    """An effect without its offset: the same drop read in two dialects is one drop."""

    return replace(effect, offset=0)


def _effects(sql: str, dialect: str) -> list[Effect]:
    found: list[Effect] = []
    for statement in reader.statements(sql, dialect):
        found += statement_effects(statement)
    return found


def statement_effects(statement: Statement) -> list[Effect]:
    """The schema effects of one statement."""
    node = statement.expression
    if node is None:
        return _unparsed(statement)
    reading = _Reading(statement)
    return list(reading.read(node))


def _unparsed(statement: Statement) -> list[Effect]:
    if not may_change_schema(statement.text):
        return []
    reason = f"it does not parse as {statement.dialect or 'SQL'} ({statement.error})"
    return [Unjudged(reason, statement.text, statement.start)]


class _Reading:
    """The effects of one parsed statement."""

    def __init__(self, statement: Statement) -> None:
        self.statement = statement

    def offset(self, node: exp.Expression | None) -> int:
        meta = _meta_start(node) if node is not None else None
        return meta if meta is not None else self.statement.start

    def read(self, node: exp.Expression) -> Iterator[Effect]:
        if isinstance(node, exp.Alter):
            yield from self._alter(node)
        elif isinstance(node, exp.Drop):
            yield from self._drop(node)
        elif isinstance(node, exp.Create):
            yield from self._create(node)
        elif isinstance(node, exp.Insert):
            yield from self._insert(node)
        elif isinstance(node, exp.Set):
            yield from self._set(node)
        elif isinstance(node, exp.Command):
            yield from self._command(node)

    # -- ALTER TABLE ------------------------------------------------------------------------

    def _alter(self, node: exp.Alter) -> Iterator[Effect]:
        if str(node.args.get("kind") or "TABLE").upper() != "TABLE":
            return
        table = table_name(node.this)
        if table is None:
            yield self._unjudged("ALTER TABLE of a table it cannot name", node)
            return
        for action in node.args.get("actions") or []:
            yield from self._action(table, action)

    def _action(self, table: TableName, action: exp.Expression) -> Iterator[Effect]:
        if isinstance(action, exp.ColumnDef) and action.name:
            yield AddColumn(table, action.name, self.offset(action))
        elif isinstance(action, exp.Drop):
            if str(action.args.get("kind") or "COLUMN").upper() == "COLUMN":
                for column in action.args.get("tables") or []:
                    name = identifier(column)
                    if name:
                        yield DropColumn(table, name, self.offset(column))
        elif isinstance(action, exp.AlterRename):
            renamed = table_name(action.this)
            if renamed is not None:
                moved = _in_schema(renamed, table.schema)
                yield RenameTable(table, moved, self.offset(action.this))
        elif isinstance(action, exp.RenameColumn):
            old, new = identifier(action.this), identifier(action.args.get("to"))
            if old and new:
                yield RenameColumn(table, old, new, self.offset(action.this))
        elif isinstance(action, exp.ModifyColumn) and action.args.get("rename_from"):
            old, new = identifier(action.args["rename_from"]), action.this.name
            if old and new and old.lower() != new.lower():
                yield RenameColumn(table, old, new, self.offset(action.args["rename_from"]))
        elif isinstance(action, exp.Command):
            yield from self._action_command(table, action)

    def _action_command(self, table: TableName, action: exp.Command) -> Iterator[Effect]:
        """A clause sqlglot left unparsed: SQLite's ``DROP c`` without ``COLUMN``."""
        words = _words(f"{action.this} {action.expression or ''}", self.statement.dialect)
        keywords = [_keyword(w) for w in words]
        if keywords[:1] == ["DROP"] and len(words) == 2:
            yield DropColumn(table, _unquote(words[1]), self.statement.start)
        elif "DROP" in keywords or "RENAME" in keywords:
            yield self._unjudged("an ALTER TABLE clause it cannot read", action)

    # -- DROP -------------------------------------------------------------------------------

    def _drop(self, node: exp.Drop) -> Iterator[Effect]:
        kind = str(node.args.get("kind") or "").upper()
        for target in node.args.get("tables") or []:
            if kind == "TABLE":
                table = table_name(target)
                if table is not None:
                    yield DropTable(table, self.offset(target))
            elif kind in ("SCHEMA", "DATABASE") and isinstance(target, exp.Table):
                schema = target.name or target.args.get("db")
                if schema:
                    yield DropSchema(identifier(schema) or str(schema), self.offset(target))

    # -- CREATE, INSERT: what a table rebuild is made of ------------------------------------

    def _create(self, node: exp.Create) -> Iterator[Effect]:
        kind = str(node.args.get("kind") or "").upper()
        if kind in ("FUNCTION", "PROCEDURE", "TRIGGER"):
            yield from self._body(node.args.get("expression"))
            return
        if kind != "TABLE":
            return
        schema = node.this if isinstance(node.this, exp.Schema) else None
        table = table_name(schema.this if schema is not None else node.this)
        if table is None:
            return
        if node.args.get("replace"):
            yield DropTable(table, self.offset(node.this), replaced=True)
        columns = (
            tuple(n for c in schema.expressions if isinstance(c, exp.ColumnDef) if (n := c.name))
            if schema is not None
            else None
        )
        query = node.args.get("expression")
        yield CreateTable(table, columns if query is None else None, self.offset(node.this))
        if isinstance(query, exp.Select):
            yield from self._copy(table, None, query)

    def _insert(self, node: exp.Insert) -> Iterator[Effect]:
        target = node.this
        schema = target if isinstance(target, exp.Schema) else None
        table = table_name(schema.this if schema is not None else target)
        query = node.args.get("expression")
        if table is None or not isinstance(query, exp.Select):
            return
        names = [identifier(e) for e in schema.expressions] if schema is not None else None
        yield from self._copy(table, names, query)

    def _copy(
        self, target: TableName, names: list[str | None] | None, query: exp.Select
    ) -> Iterator[Effect]:
        sources = [t for t in query.find_all(exp.Table) if table_name(t) is not None]
        if len(sources) != 1:
            return  # a join or no table: not a rebuild's copy
        source = table_name(sources[0])
        assert source is not None
        if any(isinstance(e, exp.Star) for e in query.expressions):
            yield CopyRows(target, source, everything=True, offset=self.offset(query))
            return
        pairs = []
        for position, selected in enumerate(query.expressions):
            column = selected.this if isinstance(selected, exp.Alias) else selected
            if not isinstance(column, exp.Column):
                continue
            into = names[position] if names and position < len(names) else selected.alias_or_name
            if into:
                pairs.append((into, column.name))
        yield CopyRows(target, source, tuple(pairs), offset=self.offset(query))

    # -- dynamic SQL ------------------------------------------------------------------------

    def _set(self, node: exp.Set) -> Iterator[Effect]:
        """MySQL's ``SET @v = '...'``: a statement prepared for later, read as SQL."""
        for item in node.expressions:
            value = item.this.expression if isinstance(item.this, exp.EQ) else None
            if isinstance(value, exp.Literal) and value.is_string:
                yield from self._nested(str(value.this), self.offset(value))

    def _command(self, node: exp.Command) -> Iterator[Effect]:
        keyword = str(node.this).upper()
        rest = node.expression
        text = str(rest.this) if isinstance(rest, exp.Literal) else str(rest or "")
        if keyword == "DO":
            yield from self._body(_heredoc(text))
        elif keyword == "RENAME":
            yield from self._rename_tables(text)
        elif keyword == "ALTER":
            yield from self._alter_command(text)
        elif keyword == "PREPARE":
            yield from self._prepare(text)
        elif may_change_schema(f"{keyword} {text}") and keyword not in ("CREATE", "EXECUTE"):
            yield self._unjudged(f"{keyword} is a statement it cannot read", node)
        elif keyword == "EXECUTE" and self.statement.dialect != "mysql":
            yield self._unjudged("EXECUTE runs SQL that is only known at run time", node)

    def _rename_tables(self, text: str) -> Iterator[Effect]:
        """MySQL's ``RENAME TABLE a TO b, c TO d``."""
        words = _words(text, self.statement.dialect)
        if [_keyword(w) for w in words[:1]] != ["TABLE"]:
            return
        pairs = " ".join(words[1:]).split(",")
        for pair in pairs:
            parts = pair.split()
            if len(parts) == 3 and parts[1].upper() == "TO":
                old, new = _dotted(parts[0]), _dotted(parts[2])
                yield RenameTable(old, new, self.statement.start)
            else:
                yield self._unjudged("a RENAME it cannot read", None)

    def _alter_command(self, text: str) -> Iterator[Effect]:
        """PostgreSQL's ``ALTER TABLE t SET SCHEMA s`` (a move: the table leaves its name)."""
        words = _words(text, self.statement.dialect)
        keywords = [_keyword(w) for w in words]
        if keywords[:1] == ["TABLE"] and keywords[-3:-1] == ["SET", "SCHEMA"] and len(words) >= 4:
            old = _dotted(words[-4])
            yield RenameTable(old, TableName(old.name, _unquote(words[-1])), self.statement.start)
        elif any(w in ("DROP", "RENAME") for w in keywords):
            yield self._unjudged("an ALTER statement it cannot read", None)

    def _prepare(self, text: str) -> Iterator[Effect]:
        literal = re.search(r"\bFROM\s+(['\"])(?P<sql>.*)\1\s*$", text, re.I | re.S)
        if literal:
            yield from self._nested(literal["sql"], self.statement.start)
        else:
            yield self._unjudged("PREPARE of SQL only known at run time", None)

    def _nested(self, sql: str, offset: int) -> Iterator[Effect]:
        for effect in effects(sql, self.statement.dialect):
            yield _moved(effect, offset)

    def _body(self, body: exp.Expression | str | None) -> Iterator[Effect]:
        """A PL/pgSQL body (``DO``, ``CREATE FUNCTION``), read statement by statement."""
        text = body.name if isinstance(body, exp.Expression) else body
        if not text:
            return
        for effect in plpgsql_effects(text, self.statement.dialect or "postgres"):
            yield _moved(effect, self.statement.start)

    def _unjudged(self, reason: str, node: exp.Expression | None) -> Unjudged:
        return Unjudged(reason, self.statement.text, self.offset(node))


# -- PL/pgSQL ---------------------------------------------------------------------------------

#: Words after which a PL/pgSQL statement begins inside a block.
_BLOCK_WORDS = frozenset({"BEGIN", "THEN", "ELSE", "LOOP", "DECLARE", "EXCEPTION"})
_ASSIGNMENT = re.compile(r"^\s*(?P<name>\w+)\s*(?:\w+(?:\([^)]*\))?\s*)?:=\s*(?P<value>.+)$", re.S)


def plpgsql_effects(body: str, dialect: str = "postgres") -> list[Effect]:
    """The schema effects of a PL/pgSQL body: its SQL statements, and what it ``EXECUTE``s
    when that folds to a constant; a dynamic ``EXECUTE`` is :class:`Unjudged`."""
    variables: dict[str, str] = {}
    found: list[Effect] = []
    for text in _plpgsql_statements(body, dialect):
        assigned = _ASSIGNMENT.match(text)
        if assigned:
            value = fold(assigned["value"], variables, dialect)
            if value is not None:
                variables[assigned["name"].lower()] = value
            continue
        head = text.split(None, 1)
        if head and head[0].upper() == "EXECUTE":
            found += _execute(head[1] if len(head) > 1 else "", variables, dialect, text)
        elif head and head[0].upper() in ("IF", "ELSIF", "WHILE", "FOR", "RAISE", "RETURN"):
            continue
        else:
            found += effects(text, dialect)
    return found


def _execute(argument: str, variables: dict[str, str], dialect: str, text: str) -> list[Effect]:
    expression = re.split(r"\s+(?:INTO|USING)\s+", argument, maxsplit=1, flags=re.I)[0]
    sql = fold(expression, variables, dialect)
    if sql is None:
        return [Unjudged("EXECUTE runs SQL built at run time", text)]
    return effects(sql, dialect)


def _plpgsql_statements(body: str, dialect: str) -> Iterator[str]:
    """The statements of a block, each without the block words before it."""
    # sqlglot reads DECLARE as a command that swallows the rest of its statement; a
    # declaration section ends where BEGIN starts, so it is read as one more block.
    body = re.sub(r"\bDECLARE\b", "BEGIN  ", body, flags=re.IGNORECASE)
    try:
        tokens = reader._tokenize(body, dialect)
    except TokenError:
        yield body
        return
    for chunk in reader._split(tokens):
        start = 0
        depth = 0
        for index, token in enumerate(chunk):
            depth += token.token_type is TokenType.L_PAREN
            depth -= token.token_type is TokenType.R_PAREN
            if depth == 0 and token.text.upper() in _BLOCK_WORDS:
                start = index + 1
        rest = chunk[start:]
        if rest and rest[0].text.upper() == "END":
            continue
        if rest:
            yield body[reader._token_start(rest[0]) : rest[-1].end + 1]


# -- folding constant SQL expressions ---------------------------------------------------------


def fold(sql: str, variables: dict[str, str], dialect: str = "postgres") -> str | None:
    """The value of a SQL string expression made of literals: ``'a' || 'b'``,
    ``format('%I', 'x')``, ``quote_ident('x')``, ``concat(...)``, known variables; ``None``
    when a part is only known at run time."""
    node = reader.parse_expression(sql, dialect)
    return _fold(node, variables) if node is not None else None


def _fold(node: exp.Expression, variables: dict[str, str]) -> str | None:
    if isinstance(node, exp.Literal):
        return str(node.this)
    if isinstance(node, exp.Paren):
        return _fold(node.this, variables)
    if isinstance(node, exp.Column) and not node.table:
        return variables.get(node.name.lower())
    if isinstance(node, exp.DPipe):
        return _join([node.this, node.expression], variables)
    if isinstance(node, exp.Concat):
        return _join(node.expressions, variables)
    if isinstance(node, exp.Format):
        return _format(node, variables)
    if isinstance(node, exp.Anonymous) and len(node.expressions) == 1:
        value = _fold(node.expressions[0], variables)
        name = str(node.this).lower()
        if value is not None and name == "quote_ident":
            return _quote_ident(value)
        if value is not None and name == "quote_literal":
            return "'" + value.replace("'", "''") + "'"
    return None


def _join(parts: list[exp.Expression], variables: dict[str, str]) -> str | None:
    values = [_fold(part, variables) for part in parts]
    return None if any(v is None for v in values) else "".join(v for v in values if v)


def _format(node: exp.Format, variables: dict[str, str]) -> str | None:
    template = _fold(node.this, variables)
    arguments = [_fold(a, variables) for a in node.expressions]
    if template is None or any(a is None for a in arguments):
        return None
    values = iter(arguments)

    def substitute(match: re.Match[str]) -> str:
        kind = match.group(1)
        if kind == "%":
            return "%"
        value = next(values, None) or ""
        return _quote_ident(value) if kind == "I" else value

    return re.sub(r"%([sIL%])", substitute, template)


def _quote_ident(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


# -- small helpers ----------------------------------------------------------------------------


def table_name(node: exp.Expression | None) -> TableName | None:
    """The (schema-qualified) name of a table node."""
    if not isinstance(node, exp.Table) or not node.name:
        return None
    schema = node.args.get("db")
    return TableName(node.name, identifier(schema) if schema is not None else None)


def _in_schema(table: TableName, schema: str | None) -> TableName:
    return table if table.schema or not schema else TableName(table.name, schema)


def _meta_start(node: exp.Expression) -> int | None:
    for each in (node, *node.find_all(exp.Identifier)):
        start = each.meta.get("start") if hasattr(each, "meta") else None
        if isinstance(start, int):
            return start
    return None


def _heredoc(text: str) -> str:
    """The body of a ``$tag$ ... $tag$`` or quoted block."""
    text = text.strip()
    tag = re.match(r"^(\$\w*\$)", text)
    if tag and text.endswith(tag.group(1)) and len(text) >= 2 * len(tag.group(1)):
        return text[len(tag.group(1)) : -len(tag.group(1))]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


def _words(text: str, dialect: str | None) -> list[str]:
    """The tokens of a fragment: unquoted words upper-cased when they are keywords, quoted
    names in double quotes, ``a . b`` joined into ``a.b``."""
    try:
        tokens = reader._tokenize(text, dialect)
    except TokenError:
        return text.split()
    words: list[str] = []
    for token in tokens:
        if words and (token.token_type is TokenType.DOT or words[-1].endswith(".")):
            words[-1] += _word(token)
        else:
            words.append(_word(token))
    return words


def _word(token: Token) -> str:
    if token.token_type is TokenType.DOT:
        return "."
    if token.token_type in (TokenType.IDENTIFIER, TokenType.STRING):
        return f'"{token.text}"'
    return token.text.upper() if token.token_type is not TokenType.VAR else token.text


def _keyword(word: str) -> str:
    return word.upper() if not word.startswith('"') else word


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] == '"' else word


def _dotted(word: str) -> TableName:
    schema, _, name = word.rpartition(".")
    return TableName(_unquote(name), _unquote(schema) or None)


def _moved(effect: Effect, offset: int) -> Effect:
    """An effect found in nested text, placed at the statement that holds it."""

    return replace(effect, offset=offset)
