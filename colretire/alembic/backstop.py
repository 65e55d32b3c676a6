"""The per-operation backstop: Alembic's drop operations, judged as they are invoked.

Alembic's implementations of ``op.drop_column`` (and ``batch_op.drop_column``),
``op.drop_table``, ``op.execute``, ``op.rename_table`` and ``op.alter_column`` are replaced,
through Alembic's documented ``Operations.implementation_for(..., replace=True)`` (before
Alembic 1.17.2, which added it, through the dispatcher's entry it overwrites), by
functions that call Alembic's own implementation from ``alembic.operations.toimpl`` after:

* making sure the run's guard exists and its pre-check has run (the zero-line mode's first
  seam when no statement reaches the wire: offline ``--sql``);
* offline, judging the operation with the one judge: no statement reaches a connection
  there, so :mod:`colretire.alembic.wire` cannot. Online the wire judges the statements the
  operation sends, and the backstop leaves it to it.

:func:`register` also installs the wire. This module is imported by the ``alembic.plugins``
entry point while ``alembic`` itself is still being imported, so it imports only
``alembic.operations`` (loaded by then) and ``alembic.util``; the rest of the guard is
imported when an operation is met.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.operations import Operations, ops, toimpl
from alembic.util import CommandError

from colretire.errors import ColretireError

if TYPE_CHECKING:
    from colretire.alembic.runtime import RunGuard


def _active(operations: Operations) -> RunGuard | None:
    """The guard of an offline run, its pre-check done; ``None`` online (the wire judges)."""
    from colretire.alembic import runtime

    context = operations.migration_context
    guard = runtime.guard_for(context)
    if guard is None:
        return None
    runtime.precheck(context, running=True)  # when neither env.py nor the wire ran it
    runtime.watch(context, guard)
    return guard if context.as_sql and guard.current is not None else None


def _judge(operations: Operations, effects: Callable[[], Iterable[object]]) -> None:
    """Judge what ``effects()`` gives, offline; online nothing is built or imported."""
    guard = _active(operations)
    if guard is None:
        return
    from colretire.alembic import judge, runtime

    when = runtime.when_now(guard, operations.migration_context)
    try:
        for effect in effects():
            message = runtime.settle(guard, judge.judge(effect, when), when.revision)
            if message:
                raise CommandError(
                    f"{message}\n  met while the migration ran; {runtime.MAY_BE_APPLIED}. "
                    f"{runtime.EMERGENCY}"
                )
            judge.follow(effect, guard.renames, when.state)
    except ColretireError as error:
        raise CommandError(str(error)) from None


def _name(table: str, schema: str | None) -> Any:
    from colretire.sql.effects import TableName

    return TableName(table, schema)


def drop_column(operations: Operations, operation: ops.DropColumnOp) -> None:
    def effects() -> list[object]:
        from colretire.sql import effects as ddl

        table = _name(operation.table_name, operation.schema)
        return [ddl.DropColumn(table, operation.column_name)]

    _judge(operations, effects)
    toimpl.drop_column(operations, operation)


def drop_table(operations: Operations, operation: ops.DropTableOp) -> None:
    def effects() -> list[object]:
        from colretire.sql import effects as ddl

        return [ddl.DropTable(_name(operation.table_name, operation.schema))]

    _judge(operations, effects)
    toimpl.drop_table(operations, operation)


def execute_sql(operations: Operations, operation: ops.ExecuteSQLOp) -> None:
    if _active(operations) is not None:  # offline only: the parser is loaded then
        from colretire.sql import ddl
        from colretire.sql.reader import dialect_for

        dialect = operations.migration_context.dialect
        text = sql_text(operation.sqltext, dialect)
        _judge(operations, lambda: ddl.effects(text, dialect_for(dialect.name)))
    toimpl.execute_sql(operations, operation)


def sql_text(statement: Any, dialect: sa.Dialect) -> str:
    """The SQL text ``op.execute`` will send: a string, ``text()``, ``DDL()`` or a construct."""
    if isinstance(statement, str):
        return statement
    if isinstance(statement, sa.TextClause):
        return statement.text
    if isinstance(statement, sa.DDL):
        return str(statement.statement)
    try:
        return str(statement.compile(dialect=dialect))
    except Exception:  # a construct this dialect cannot compile is not a DROP either
        return ""


def rename_table(operations: Operations, operation: ops.RenameTableOp) -> None:
    def effects() -> list[object]:
        from colretire.sql import effects as ddl

        old = _name(operation.table_name, operation.schema)
        return [ddl.RenameTable(old, _name(operation.new_table_name, operation.schema))]

    _judge(operations, effects)
    toimpl.rename_table(operations, operation)


def alter_column(operations: Operations, operation: ops.AlterColumnOp) -> None:
    if operation.modify_name:
        new_name = operation.modify_name

        def effects() -> list[object]:
            from colretire.sql import effects as ddl

            table = _name(operation.table_name, operation.schema)
            return [ddl.RenameColumn(table, operation.column_name, new_name)]

        _judge(operations, effects)
    toimpl.alter_column(operations, operation)


_registered = False


def register() -> None:
    """Put the backstop in front of Alembic's drop implementations and install the wire,
    once per process."""
    global _registered
    if _registered:
        return
    from colretire.alembic import wire

    _replace(ops.DropColumnOp, drop_column)
    _replace(ops.DropTableOp, drop_table)
    _replace(ops.ExecuteSQLOp, execute_sql)
    _replace(ops.RenameTableOp, rename_table)
    _replace(ops.AlterColumnOp, alter_column)
    wire.install()
    _registered = True


def _replace(operation: type[ops.MigrateOperation], implementation: Callable[..., Any]) -> None:
    """Make ``implementation`` the one Alembic runs for ``operation``: through the documented
    ``implementation_for(..., replace=True)`` (Alembic 1.17.2 and later); before it, where
    ``implementation_for`` refuses a second registration, by the entry its dispatcher keeps
    for the operation (the same entry ``replace=True`` overwrites)."""
    if "replace" in inspect.signature(Operations.implementation_for).parameters:
        Operations.implementation_for(operation, replace=True)(implementation)
    else:  # Alembic 1.16.0 to 1.17.1
        Operations._to_impl._registry[(operation, "default")] = implementation
