"""The last line: every statement a migration connection sends is judged before it runs.

SQLAlchemy's ``before_cursor_execute`` event (``sqlalchemy.engine.Engine``, documented in
:class:`sqlalchemy.events.ConnectionEvents`) sees each statement just before the driver
gets it, whatever sent it: an Alembic operation, ``op.execute``, ``op.get_bind().execute``,
``exec_driver_sql``, a custom operation, a helper, a batch recreate. The listener acts only
while an Alembic migration runs on that very connection, in a guarded project; any other
statement costs one function call.

A statement is read with :mod:`colretire.sql.ddl` for the running database, and each effect
is judged by :func:`colretire.alembic.judge.judge` for the running revision (Alembic reports
each revision applied, so the guard knows which one runs). What the run has done so far is
followed: renames (SQL or not), and the table rebuilds of Alembic's batch mode (on SQLite):
it creates ``_alembic_tmp_<table>``, copies the rows into it, drops the table and renames the
copy; at the drop, the tracked columns the copy did not take are judged as dropped, and the
copy is followed as the original table. A rebuild written by hand is judged as the table
drop it contains.

Data statements are never parsed: a statement is read only when it holds a word that can
remove or rename something (``DROP``, ``RENAME``, ``EXECUTE``...). ``CREATE TABLE`` and
``INSERT ... SELECT`` are kept as text, and read only when a drop needs to know whether its
table was copied.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.util import CommandError
from sqlalchemy import event

from colretire.errors import ColretireError
from colretire.sql.words import REMOVING

if TYPE_CHECKING:  # imported by the alembic.plugins entry point while alembic is loading
    from alembic.runtime.migration import MigrationContext

#: Statements kept, unread, in case a later drop turns out to be part of a rebuild.
COPYING = re.compile(r"\bCREATE\s+(?:\w+\s+)*TABLE\b|\bINSERT\b", re.IGNORECASE)
#: The name Alembic's batch mode gives the table it copies rows into (``ApplyBatchImpl``).
BATCH_PREFIX = "_alembic_tmp_"
_PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")


_local = threading.local()
_installed = False


def install() -> None:
    """Listen to every statement of every engine, once per process."""
    global _installed
    if not _installed:
        event.listen(sa.engine.Engine, "before_cursor_execute", before_cursor_execute)
        _installed = True


def before_cursor_execute(
    conn: sa.Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if getattr(_local, "busy", False):
        return  # the guard's own queries (the pre-check reads the version table)
    migration = running_migration(conn)
    if migration is None:
        return
    _local.busy = True
    try:
        _check(migration, conn, statement)
    finally:
        _local.busy = False


def running_migration(conn: sa.Connection) -> MigrationContext | None:
    """The Alembic migration running on ``conn``, if any."""
    from alembic import op

    try:
        migration = op.get_context()
    except (NameError, AttributeError):  # no migration is running in this process
        return None
    return migration if migration.connection is conn else None


def _check(migration: MigrationContext, conn: sa.Connection, statement: str) -> None:
    from colretire.alembic import runtime

    guard = runtime.guard_for(migration)
    if guard is None:
        return
    runtime.precheck(migration)  # zero-line mode: at the run's first statement
    runtime.watch(migration, guard)
    if guard.current is None:
        return  # not a migration step: Alembic's own version table, stamp
    if REMOVING.search(statement):
        try:
            _judge(migration, guard, _readable(statement, conn))
        except ColretireError as error:
            raise CommandError(str(error)) from None
    elif COPYING.search(statement):
        guard.copies.append(statement)


def _readable(statement: str, conn: sa.Connection) -> str:
    """The statement with the driver's ``%s`` placeholders as ``?``, which every dialect
    reads (offsets kept)."""
    if conn.dialect.paramstyle not in ("format", "pyformat"):
        return statement
    return _PLACEHOLDER.sub(lambda m: "?" + " " * (len(m.group()) - 1), statement)


def _judge(migration: MigrationContext, guard: Any, statement: str) -> None:
    from colretire.alembic import judge, runtime
    from colretire.sql import ddl
    from colretire.sql.reader import dialect_for

    dialect = dialect_for(migration.dialect.name)
    when = runtime.when_now(guard, migration)
    for effect in ddl.effects(statement, dialect):
        judged: object = effect
        copy = (
            _copy_of(guard.copies, effect, dialect) if isinstance(effect, ddl.DropTable) else None
        )
        if copy is not None:
            judged = _rebuild(effect, copy)
        refusal = judge.judge(judged, when, judge.SQL)
        message = runtime.settle(guard, refusal, when.revision)
        if message:
            raise CommandError(_refused(message, statement, guard))
        judge.follow(judged, guard.renames, when.state)
        if copy is not None:
            _follow_copy(guard, copy)


def _copy_of(copies: list[str], drop: Any, dialect: str | None) -> Any:
    """The copy of the dropped table that Alembic's batch mode made earlier in the run (into
    ``_alembic_tmp_<table>``, which it renames to the table right after the drop), if any.
    A copy into any other table is not a rebuild: ``INSERT INTO archive SELECT ... FROM
    tasks`` then ``DROP TABLE tasks`` drops tasks. A copy serves one rebuild: once its
    source is dropped it is forgotten."""
    from colretire.sql import ddl

    name = drop.table.name.lower()
    for index in range(len(copies) - 1, -1, -1):
        if name not in copies[index].lower():
            continue
        for effect in ddl.effects(copies[index], dialect):
            if (
                isinstance(effect, ddl.CopyRows)
                and effect.source.name.lower() == name
                and effect.target.name.lower() == f"{BATCH_PREFIX}{name}"
            ):
                del copies[index]
                return effect
    return None


def _rebuild(drop: Any, copy: Any) -> Any:
    from colretire.alembic.reader import Rebuild

    if copy.everything:
        return _Everything(drop)
    return Rebuild(drop.table, tuple(source for _, source in copy.columns))


@dataclass(frozen=True)
class _Everything:
    """A rebuild that copied every column: the drop removes nothing."""

    drop: Any


def _follow_copy(guard: Any, copy: Any) -> None:
    """The copy now holds the original's rows, under the copy's column names."""
    original = guard.renames.table(copy.source.name)
    guard.renames.alias(copy.target.name, original)
    for target, source in copy.columns:
        if target.lower() != source.lower():
            guard.renames.rename_column(copy.target.name, source, target)


def _refused(message: str, statement: str, guard: Any) -> str:
    from colretire.alembic.runtime import EMERGENCY, MAY_BE_APPLIED

    step = guard.current
    where = f" (revision {step.revision}{'' if step.upgrade else ', downgrade'})" if step else ""
    flat = " ".join(statement.split())
    shown = flat if len(flat) <= 200 else flat[:197] + "..."
    return (
        f"{message}\n  refused before the database ran: {shown}{where}\n"
        f"Where the database has transactional DDL the migration is rolled back. "
        f"{MAY_BE_APPLIED}. {EMERGENCY}"
    )
