"""The per-operation backstop: every drop is judged as it is about to run.

Alembic's implementations of ``op.drop_column`` (and ``batch_op.drop_column``),
``op.drop_table`` and ``op.execute`` are replaced (and those of ``op.rename_table`` and
``op.alter_column``, to follow renames: a drop under a new name is a drop of the original), through Alembic's documented
``Operations.implementation_for(..., replace=True)``, by functions that judge the drop with
the one rule and then call Alembic's own implementation from ``alembic.operations.toimpl``.
It catches what the static pre-check cannot: a table or column named at run time.

This module is imported by the ``alembic.plugins`` entry point while ``alembic`` itself is
still being imported, so it imports only ``alembic.operations`` (loaded by then) and
``alembic.util``; the rest of the guard is imported when a drop is met.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.operations import Operations, ops, toimpl
from alembic.util import CommandError

from colretire.alembic import rules
from colretire.errors import ColretireError
from colretire.sql import ddl, dialect_for

if TYPE_CHECKING:
    from colretire.alembic.runtime import RunGuard


def _active(operations: Operations) -> RunGuard | None:
    from colretire.alembic import runtime

    context = operations.migration_context
    guard = runtime.guard_for(context)
    if guard is None:
        return None
    runtime.precheck(context, running=True)  # when the env.py line did not run it already
    if not guard.upgrading or guard.baseline.covers_running(guard.scripts, guard.relative):
        return None  # a revision of the adoption baseline runs as written
    return guard


def _refuse(refusal: str | None) -> None:
    from colretire.alembic.runtime import EMERGENCY, MAY_BE_APPLIED

    if refusal:
        raise CommandError(
            f"{refusal}\n  met while the migration ran; where the database has transactional "
            f"DDL the migration is rolled back. {MAY_BE_APPLIED}. {EMERGENCY}"
        )


def _revision(guard: RunGuard) -> str | None:
    """The running revision when the run has only one (otherwise it is not known here)."""
    return guard.scripts[0].revision if len(guard.scripts) == 1 else None


def _judge_column(guard: RunGuard, table: str, column: str, schema: str | None) -> None:
    from colretire.alembic import runtime

    column = guard.renames.column(table, column)  # judged under its name before any rename
    ref = rules.column_ref(guard.renames.table(table), column, schema)
    _refuse(runtime.settle_column(guard, ref, _revision(guard)))


def _judge_table(operations: Operations, guard: RunGuard, table: str, schema: str | None) -> None:
    from colretire.alembic import runtime

    mapped = runtime.mapped_tables(operations.migration_context)
    table = guard.renames.table(table)
    _refuse(runtime.settle_table(guard, table, schema, revision=_revision(guard), mapped=mapped))


def _after(guard: RunGuard | None, mark: int) -> None:
    """The statement ran: in the zero-line mode, record the overrides it used now, the
    latest moment this seam knows of (with the ``env.py`` line, its revision's end)."""
    if guard is None or guard.deferred or len(guard.pending) <= mark:
        return
    try:
        guard.record(guard.pending[mark:], _revision(guard))
    except ColretireError as error:
        raise CommandError(str(error)) from None


def drop_column(operations: Operations, operation: ops.DropColumnOp) -> None:
    guard = _active(operations)
    mark = len(guard.pending) if guard is not None else 0
    if guard is not None:
        try:
            _judge_column(guard, operation.table_name, operation.column_name, operation.schema)
        except ColretireError as error:
            raise CommandError(str(error)) from None
    toimpl.drop_column(operations, operation)
    _after(guard, mark)


def drop_table(operations: Operations, operation: ops.DropTableOp) -> None:
    guard = _active(operations)
    mark = len(guard.pending) if guard is not None else 0
    if guard is not None:
        try:
            _judge_table(operations, guard, operation.table_name, operation.schema)
        except ColretireError as error:
            raise CommandError(str(error)) from None
    toimpl.drop_table(operations, operation)
    _after(guard, mark)


def execute_sql(operations: Operations, operation: ops.ExecuteSQLOp) -> None:
    guard = _active(operations)
    mark = len(guard.pending) if guard is not None else 0
    if guard is not None:
        dialect = operations.migration_context.dialect
        try:
            text = sql_text(operation.sqltext, dialect)
            for effect in ddl.effects(text, dialect_for(dialect.name)):
                if isinstance(effect, ddl.DropTable):
                    _judge_table(operations, guard, effect.table.name, effect.table.schema)
                elif isinstance(effect, ddl.DropColumn):
                    table = effect.table
                    _judge_column(guard, table.name, effect.column, table.schema)
        except ColretireError as error:
            raise CommandError(str(error)) from None
    toimpl.execute_sql(operations, operation)
    _after(guard, mark)


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
    toimpl.rename_table(operations, operation)
    guard = _tracking(operations)
    if guard is not None:
        guard.renames.rename_table(operation.table_name, operation.new_table_name)


def alter_column(operations: Operations, operation: ops.AlterColumnOp) -> None:
    toimpl.alter_column(operations, operation)
    new_name = operation.modify_name
    guard = _tracking(operations) if new_name else None
    if guard is not None and new_name:
        guard.renames.rename_column(operation.table_name, operation.column_name, new_name)


def _tracking(operations: Operations) -> RunGuard | None:
    """The run's guard, to note a rename in (a later drop under the new name is judged as
    a drop of the original table or column)."""
    from colretire.alembic import runtime

    try:
        return runtime.guard_for(operations.migration_context)
    except CommandError:
        return None  # a malformed override is reported at the drop it would have covered


_registered = False


def register() -> None:
    """Put the backstop in front of Alembic's drop implementations, once per process."""
    global _registered
    if _registered:
        return
    Operations.implementation_for(ops.DropColumnOp, replace=True)(drop_column)
    Operations.implementation_for(ops.DropTableOp, replace=True)(drop_table)
    Operations.implementation_for(ops.ExecuteSQLOp, replace=True)(execute_sql)
    Operations.implementation_for(ops.RenameTableOp, replace=True)(rename_table)
    Operations.implementation_for(ops.AlterColumnOp, replace=True)(alter_column)
    _registered = True
