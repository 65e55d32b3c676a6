"""Alembic migrations that touch the column: reported (kind ``migration``), never rewritten.

A migration is history: it created, altered or dropped the column at some revision, and it
must keep doing so when replayed. Each ``op.*`` (or batch ``batch_op.*``) call that names the
column is one finding, positioned at the start of the call. The table comes from the call's
arguments or from the enclosing ``with op.batch_alter_table("tasks") as batch_op:``.
peewee_migrate's ``migrator.*`` operations (``migrator.remove_fields("user", "oauth_sub")``)
take the table first, as ``op.*`` does.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from colretire.analysis.facts import dotted, last_name, string_value
from colretire.analysis.source import Source
from colretire.model import ColumnRef, Confidence
from colretire.sql import mentions
from colretire.sql.mention import Reading
from colretire.sql.words import names_word

#: Position of the table argument of each operation that has one.
_TABLE_ARG = {
    "create_index": 1, "create_unique_constraint": 1, "create_check_constraint": 1,
    "create_primary_key": 1, "drop_constraint": 1, "create_foreign_key": 1,
}  # fmt: skip
#: The objects whose methods are the operations of a migration: Alembic's ``op`` and
#: peewee_migrate's ``migrator``.
_RECEIVERS = frozenset({"op", "migrator"})
_TABLE_KEYWORDS = ("table_name", "source_table", "referent_table", "source", "referent")


def find(source: Source, column: ColumnRef) -> Iterator[tuple[ast.Call, Confidence, str]]:
    """Operations of ``source`` touching ``column``: (call, confidence, operation name)."""
    tables = _lightweight_tables(source.tree)
    anywhere = _batch_names(source.tree)
    for node, batches in _calls(source.tree):
        if not isinstance(node.func, ast.Attribute):
            continue
        receiver = dotted(node.func.value) or ""
        if receiver not in _RECEIVERS and receiver not in batches and receiver not in anywhere:
            continue
        if not _mentions(node, column.column):
            continue
        # a batch operation outside its with-block (a helper given batch_op): table unknown
        confidence = _confidence(node, column, batches.get(receiver), tables)
        if confidence is not None:
            yield node, confidence, node.func.attr


def _calls(tree: ast.Module) -> Iterator[tuple[ast.Call, dict[str, str | None]]]:
    """Every call, with the batch operations in effect where it is: inside
    ``with op.batch_alter_table("tasks") as batch_op:``, ``{"batch_op": "tasks"}``. The
    name is usually the same in every block of a migration, each for its own table."""
    pending: list[tuple[ast.AST, dict[str, str | None]]] = [(tree, {})]
    while pending:
        node, batches = pending.pop()
        if isinstance(node, ast.Call):
            yield node, batches
        if isinstance(node, (ast.With, ast.AsyncWith)):
            inner = dict(batches)
            for item in node.items:
                name, table = _batch(item)
                if name:
                    inner[name] = table
                pending.append((item, batches))
            pending.extend((stmt, inner) for stmt in node.body)
        else:
            pending.extend((child, batches) for child in ast.iter_child_nodes(node))


def _batch(item: ast.withitem) -> tuple[str | None, str | None]:
    """``op.batch_alter_table("tasks") as batch_op``: ("batch_op", "tasks")."""
    call = item.context_expr
    if not isinstance(call, ast.Call) or last_name(call.func) != "batch_alter_table":
        return None, None
    table = string_value(call.args[0]) if call.args else None
    return dotted(item.optional_vars), table or string_value(_keyword(call, "table_name"))


def _batch_names(tree: ast.Module) -> set[str]:
    """The names batch operations are bound to anywhere in the file."""
    return {
        name
        for node in ast.walk(tree)
        if isinstance(node, (ast.With, ast.AsyncWith))
        for item in node.items
        if (name := _batch(item)[0])
    }


def _lightweight_tables(tree: ast.Module) -> dict[str, str]:
    """``tasks = sa.table("tasks", sa.column("x"))``: ``{"tasks": "tasks"}``."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        call = node.value if isinstance(node, ast.Assign) else None
        if isinstance(call, ast.Call) and last_name(call.func) in ("table", "Table") and call.args:
            name = string_value(call.args[0])
            for target in node.targets:  # type: ignore[attr-defined]
                if isinstance(target, ast.Name) and name:
                    found[target.id] = name
    return found


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _mentions(call: ast.Call, column: str) -> bool:
    for node in ast.walk(call):
        text = string_value(node)
        if text is not None and (text == column or (" " in text and names_word(text, column))):
            return True
        if isinstance(node, ast.keyword) and node.arg == column:
            return True
        if isinstance(node, ast.Attribute) and node.attr == column:
            return True
    return False


def _confidence(
    call: ast.Call, column: ColumnRef, batch_table: str | None, tables: dict[str, str]
) -> Confidence | None:
    named = _tables_of(call, batch_table, tables)
    if named:
        return Confidence.CERTAIN if column.table_name in named else None
    readings = set()
    for node in ast.walk(call):
        text = string_value(node)
        if text is not None and " " in text:
            found = mentions(text, column.table_name, column.column)
            readings |= {m.confidence for m in found if not m.prose} - {Reading.PARAMETER}
    if Reading.CERTAIN in readings:
        return Confidence.CERTAIN
    if readings == {Reading.OTHER}:
        return None  # SQL on another table: ALTER TABLE comments DROP COLUMN status
    return Confidence.LIKELY


def _tables_of(call: ast.Call, batch_table: str | None, tables: dict[str, str]) -> set[str]:
    if batch_table:
        return {batch_table.rpartition(".")[2]}
    named = {string_value(_keyword(call, key)) for key in _TABLE_KEYWORDS} - {None}
    operation = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if operation == "execute":
        return {n for n in named if n}
    position = _TABLE_ARG.get(operation, 0)
    args = call.args[position : position + (2 if operation == "create_foreign_key" else 1)]
    for arg in args:
        text = string_value(arg)
        if text is not None:
            named.add(text)
        elif isinstance(arg, ast.Name) and arg.id in tables:
            named.add(tables[arg.id])
    return {n.rpartition(".")[2] for n in named if n}


#: Alembic's operations whose first argument is a table the database has after them
_TABLE_OPERATIONS = frozenset({"create_table", "add_column"})
#: and those after which it has the table no more under that name
_GONE_OPERATIONS = frozenset({"drop_table", "rename_table"})


def migration_tables(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """The tables a migration's upgrade creates or adds a column to, and those it drops or
    renames, by name: a string, or a module constant bound once to one (``TABLE =
    'subnets'`` then ``op.add_column(TABLE, ...)``). Only the upgrade's code counts (its
    ``upgrade*`` functions, or the module where it has none): a downgrade undoes it."""
    constants: dict[str, str | None] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                bound = string_value(stmt.value)
                constants[target.id] = None if target.id in constants else bound
    upgrades: list[ast.AST] = [
        stmt
        for stmt in tree.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        and stmt.name.startswith("upgrade")
    ]
    created: set[str] = set()
    gone: set[str] = set()
    for node in (inner for top in upgrades or [tree] for inner in ast.walk(top)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _TABLE_OPERATIONS | _GONE_OPERATIONS
            and node.args
        ):
            continue
        first = node.args[0]
        name = string_value(first)
        if name is None and isinstance(first, ast.Name):
            name = constants.get(first.id)
        if name:
            (created if node.func.attr in _TABLE_OPERATIONS else gone).add(name)
    return frozenset(created), frozenset(gone)
