"""The parser side of :mod:`colretire.sql.refs`: the columns a SQL text uses, read with
sqlglot. Import :mod:`colretire.sql.refs`, which loads this module (and sqlglot) only for a
text that may be SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sqlglot import exp

from colretire.sql import mention, reader, words
from colretire.sql.mention import HOLE, TABLE_NAME, ColumnUse, Mention, Reading

#: The nodes that open a scope of table names.
QUERIES = (exp.Select, exp.Update, exp.Delete, exp.Insert)


def column_refs(sql: str, dialect: str | None = None) -> list[ColumnUse]:
    """:func:`colretire.sql.refs.column_refs`."""
    uses: list[ColumnUse] = []
    for statement in reader.statements(sql, dialect or "postgres"):
        if statement.expression is not None:
            uses += _uses(statement.expression)
    return sorted(uses, key=lambda u: u.offset)


def _uses(root: exp.Expression) -> Iterator[ColumnUse]:
    for column in root.find_all(exp.Column):
        if isinstance(column.this, exp.Star):
            continue
        yield _resolve(column, column.table, column.this)
    for insert in root.find_all(exp.Insert):
        if isinstance(insert.this, exp.Schema):
            table = insert.this.this
            for name in insert.this.expressions:
                if isinstance(name, exp.Identifier):
                    yield _named(table, name)


def _resolve(column: exp.Column, qualifier: str, name: exp.Expression) -> ColumnUse:
    query = column.find_ancestor(*QUERIES)
    target = _assigned_in(column, query)
    if target is not None:
        return _use(name, target)
    while query is not None:
        sources = _sources(query)
        if qualifier:
            found = sources.get(qualifier.lower())
            if found is not None:
                return _use(name, found)
        else:
            tables = list(dict.fromkeys(sources.values()))
            if len(tables) == 1:
                return _use(name, tables[0])
            if tables:
                names = tuple(t.name for t in tables)
                return ColumnUse(None, _name(name), _offset(name), names)
        query = query.find_ancestor(*QUERIES)
    return ColumnUse(None, _name(name), _offset(name))


def _assigned_in(column: exp.Column, query: exp.Expression | None) -> exp.Table | None:
    """The table of ``UPDATE t SET column = ...``: the column assigned is always ``t``'s."""
    if not isinstance(query, exp.Update) or not isinstance(query.this, exp.Table):
        return None
    parent = column.parent
    if isinstance(parent, exp.EQ) and parent.this is column and parent.parent is query:
        return query.this
    return None


def _sources(query: exp.Expression) -> dict[str, exp.Table]:
    """The tables a query reads directly, by alias and by name (not its subqueries')."""
    found: dict[str, exp.Table] = {}
    ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
    for table in _direct_tables(query):
        if table.name.lower() in ctes:
            continue
        found[table.name.lower()] = table
        if table.alias:
            found[table.alias.lower()] = table
    return found


def _direct_tables(query: exp.Expression) -> Iterator[exp.Table]:
    for table in query.find_all(exp.Table):
        if (
            table.find_ancestor(*QUERIES) is query
            or (isinstance(query, exp.Insert | exp.Update | exp.Delete) and table.parent is query)
            or (isinstance(table.parent, exp.Schema) and table.parent.parent is query)
        ):
            yield table


def _use(name: exp.Expression, table: exp.Table) -> ColumnUse:
    schema = table.args.get("db")
    return ColumnUse(
        table.name, _name(name), _offset(name), schema=reader.identifier(schema) if schema else None
    )


def _named(table: exp.Expression, name: exp.Identifier) -> ColumnUse:
    if isinstance(table, exp.Table):
        return _use(name, table)
    return ColumnUse(None, _name(name), _offset(name))


def _name(node: exp.Expression) -> str:
    return reader.identifier(node) or node.sql()


def _offset(node: exp.Expression) -> int:
    start = node.meta.get("start") if hasattr(node, "meta") else None
    return start if isinstance(start, int) else 0


# --- the mentions of one column ------------------------------------------------------------


def mentions(sql: str, table: str, column: str, dialect: str | None) -> list[Mention]:
    """:func:`colretire.sql.refs.mentions` of a text that names ``column`` and is not prose."""
    readings = _readings(sql, table.lower(), column.lower(), dialect)
    found = [mention.at(sql, o, reading, tables, detail) for o, reading, tables, detail in readings]
    return sorted(found, key=lambda m: m.offset)


def tables_named(sql: str, dialect: str | None) -> frozenset[str]:
    """:func:`colretire.sql.refs.tables_named` of a text that may be SQL."""
    parsed: list[exp.Expression | None] = list(_statements(sql, dialect) or [])
    if not parsed:
        parsed = [_fragment(sql, dialect)[0]]
    found: set[str] = set()
    for expression in parsed:
        if expression is not None:
            found |= _tables(expression)
    return frozenset(t for t in found if not t.startswith(HOLE))


_Reading = tuple[int, Reading, tuple[str, ...], str]


@lru_cache(maxsize=4096)
def _readings(sql: str, table: str, column: str, dialect: str | None) -> tuple[_Reading, ...]:
    offsets = words.word_offsets(sql, column)
    if words.formats_only(sql):
        # ``"user_id:%(trustee_user_id)s"``: a key of the mapping that formats the text
        return tuple((o, Reading.UNKNOWN, (), mention.FORMAT_KEY) for o in offsets)
    parameters = tuple(
        (o, Reading.PARAMETER, (), "a bind parameter") for o in offsets if _parameter(sql, o)
    )
    offsets = [o for o in offsets if not _parameter(sql, o)]
    return parameters + _read(sql, offsets, table, dialect)


def _parameter(sql: str, offset: int) -> bool:
    """Whether the word at ``offset`` names a bind parameter: ``:name`` (not a ``::`` cast),
    ``%(name)s``, ``@name``. ``%(name)d`` is no bind parameter (the drivers' pyformat
    style takes ``s`` alone): a key of the mapping a Python text is %-formatted with."""
    before = sql[max(0, offset - 2) : offset]
    if before == "%(":
        return _PYFORMAT_PARAMETER.match(sql, offset) is not None
    return (before[-1:] == ":" and before != "::") or before[-1:] == "@"


_PYFORMAT_PARAMETER = re.compile(r"\w+\)s")


def _read(sql: str, offsets: list[int], table: str, dialect: str | None) -> tuple[_Reading, ...]:
    if not offsets:
        return ()
    parsed = _statements(sql, dialect)
    if parsed is not None:
        return tuple((o, *_in_statements(parsed, o, table)) for o in offsets)
    expression, shift = _fragment(sql, dialect)
    if expression is None:
        return tuple((o, Reading.UNKNOWN, (), mention.UNREADABLE) for o in offsets)
    return tuple((o, *_in_fragment(expression, o + shift, table)) for o in offsets)


def _statements(sql: str, dialect: str | None) -> list[exp.Expression] | None:
    """The parsed statements of ``sql`` in the first dialect that reads all of it as
    statements; ``None`` when none does."""
    for each in (dialect,) if dialect else reader.ANY_DIALECT:
        found = reader.statements(sql, each)
        if found and all(s.parsed and s.is_statement for s in found):
            return [s.expression for s in found if s.expression is not None]
    return None


#: How a fragment is completed into a statement, by how it starts: the fragment goes in
#: place of ``{}``; ``h`` and ``g`` are unknown tables and values.
_CLAUSE = re.compile(
    r"\s*(?:where|(?:left|right|inner|outer|full|cross|natural)\b|join|order\s+by|group\s+by"
    r"|having|limit|offset|returning|on\s+conflict|union|for\s+update)\b",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(r"\s*(?:and|or)\b", re.IGNORECASE)
_COMPARISON = re.compile(r"[=<>]|\b(?:like|ilike|in|is|between)\b", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s+(?:and|or|where|set)|\s*,)\s*$", re.IGNORECASE)
_H, _G = f"{HOLE}table", f"{HOLE}value"


def _wraps(fragment: str) -> tuple[str, ...]:
    if _CLAUSE.match(fragment):
        return (f"SELECT * FROM {_H} {{}}",)
    if _CONNECTIVE.match(fragment):
        return (f"SELECT * FROM {_H} WHERE {_G} {{}}",)
    if fragment.lstrip().startswith(","):
        return (f"SELECT {_G}{{}} FROM {_H}",)
    if re.match(r"\s*set\b", fragment, re.IGNORECASE):
        return (f"UPDATE {_H} {{}}",)
    condition, assignments = f"SELECT * FROM {_H} WHERE {{}}", f"UPDATE {_H} SET {{}}"
    selected = f"SELECT {{}} FROM {_H}"
    if not _top_level_comma(fragment):  # a comma inside parentheses: IN (1, 2), f(a, b)
        return (condition, selected)
    return (assignments,) if _COMPARISON.search(fragment) else (selected,)


def _top_level_comma(fragment: str) -> bool:
    depth = 0
    for char in fragment:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth <= 0:
            return True
    return False


def _fragment(sql: str, dialect: str | None) -> tuple[exp.Expression | None, int]:
    """``sql`` read as a part of a statement: the statement it completes into, and how far
    its text moved in it; ``(None, 0)`` when no completion parses."""
    trimmed = _TRAILING.sub("", sql)
    for wrap in _wraps(trimmed):
        before, _, after = wrap.partition("{}")
        found = _statements(before + trimmed + after, dialect)
        if found is not None and len(found) == 1:
            return found[0], len(before)
    return None, 0


def _identifier_at(expression: exp.Expression, offset: int) -> exp.Identifier | None:
    for node in expression.find_all(exp.Identifier):
        start, end = node.meta.get("start"), node.meta.get("end")
        if isinstance(start, int) and isinstance(end, int) and start <= offset <= end:
            return node
    return None


def _statement_at(parsed: list[exp.Expression], offset: int) -> exp.Expression | None:
    for expression in parsed:
        if _identifier_at(expression, offset) is not None:
            return expression
    return None


def _in_statements(
    parsed: list[exp.Expression], offset: int, table: str
) -> tuple[Reading, tuple[str, ...], str]:
    expression = _statement_at(parsed, offset)
    if expression is None:
        return Reading.UNKNOWN, (), "not a name in the SQL (a literal value or a keyword)"
    return _judge(expression, offset, table, fragment=False)


def _in_fragment(
    expression: exp.Expression, offset: int, table: str
) -> tuple[Reading, tuple[str, ...], str]:
    if _identifier_at(expression, offset) is None:
        return Reading.UNKNOWN, (), "not a name in the SQL (a literal value or a keyword)"
    return _judge(expression, offset, table, fragment=True)


def _judge(
    expression: exp.Expression, offset: int, table: str, fragment: bool
) -> tuple[Reading, tuple[str, ...], str]:
    node = _identifier_at(expression, offset)
    assert node is not None
    parent = node.parent
    if isinstance(parent, exp.Column) and parent.this is node:
        use = _resolve(parent, parent.table, node)
        return _owner(use, parent.table, expression, table, fragment)
    reference = node.find_ancestor(exp.Reference)
    if reference is not None:  # REFERENCES revision (id)
        return _by_tables(_tables(reference), table, fragment, "a column a foreign key references")
    if isinstance(parent, exp.Schema | exp.ColumnDef | exp.AlterColumn) or node.find_ancestor(
        *_CONSTRAINTS
    ):
        target = _target(expression)
        tables = {target} if target else _tables(expression)
        return _by_tables(tables, table, fragment, "a column of the table it changes")
    if isinstance(parent, exp.Alias | exp.TableAlias):
        return Reading.UNKNOWN, (), "an alias in the SQL, not a column"
    if not fragment and _names_table(node):
        # SQL uses a column only through a column's name: a table's name (``FROM
        # resource_group``, the qualifier of ``resource_group.id``) is never one, whatever
        # model attribute it is spelt like (a relationship's name, most often)
        name = node.name.lower()
        return Reading.OTHER, (name,), f"{TABLE_NAME} {name} in SQL, not a column"
    return Reading.UNKNOWN, (), "a name in the SQL that is not a column"


def _names_table(node: exp.Identifier) -> bool:
    """Whether ``node`` names a table of a whole statement that parsed: the table itself
    (``FROM resource_group``, ``INSERT INTO resource_group``) or the qualifier of a column
    (``resource_group.id``)."""
    parent = node.parent
    if isinstance(parent, exp.Table):
        return parent.this is node
    return isinstance(parent, exp.Column) and parent.args.get("table") is node


def _owner(
    use: ColumnUse,
    qualifier: str,
    expression: exp.Expression,
    table: str,
    fragment: bool,
) -> tuple[Reading, tuple[str, ...], str]:
    if use.table is not None:
        return _by_tables({use.table.lower()}, table, fragment, "")
    if use.candidates:
        return _by_tables({t.lower() for t in use.candidates}, table, fragment, "", unsure=True)
    if qualifier:
        if qualifier.lower() == table:
            return Reading.CERTAIN, (), ""
        if fragment:
            return Reading.FRAGMENT, (), f"qualified by {qualifier}, defined elsewhere"
        return Reading.UNKNOWN, (), f"qualified by {qualifier}, which the statement does not define"
    return _by_tables(_tables(expression), table, fragment, "")


def _by_tables(
    tables: set[str], table: str, fragment: bool, detail: str, unsure: bool = False
) -> tuple[Reading, tuple[str, ...], str]:
    """The reading of a column that belongs to one of ``tables`` (``unsure``: any of them)."""
    holes = {t for t in tables if t.startswith(HOLE)}
    known = tables - holes
    if table in known:
        return (Reading.LIKELY if unsure or len(tables) > 1 else Reading.CERTAIN), (), detail
    if fragment and (_H in holes or not tables):
        return Reading.FRAGMENT, (), detail
    if holes or not known:
        return Reading.UNKNOWN, (), "a table formatted into the SQL" if holes else "no table"
    return Reading.OTHER, tuple(sorted(known)), detail


#: Constraints whose columns are the columns of the table the statement creates or alters.
_CONSTRAINTS = (exp.ForeignKey, exp.PrimaryKey, exp.UniqueColumnConstraint, exp.Constraint)


def _target(expression: exp.Expression) -> str | None:
    """The table a CREATE, ALTER or INSERT statement writes."""
    if not isinstance(expression, exp.Create | exp.Alter | exp.Insert):
        return None
    found = expression.this if isinstance(expression.this, exp.Table) else None
    if found is None and isinstance(expression.this, exp.Expression):
        found = expression.this.find(exp.Table)
    return found.name.lower() if found is not None and found.name else None


def _tables(expression: exp.Expression) -> set[str]:
    """The tables a statement names, lower case (not its common table expressions)."""
    ctes = {c.alias_or_name.lower() for c in expression.find_all(exp.CTE)}
    return {t.name.lower() for t in expression.find_all(exp.Table) if t.name} - ctes
