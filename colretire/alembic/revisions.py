"""Writing revisions through Alembic's own machinery.

:func:`write_revision` calls :func:`alembic.command.revision` with a
``process_revision_directives`` hook that puts colretire's operations into the new
:class:`~alembic.operations.ops.MigrationScript`. Alembic then renders them with the
project's ``script.py.mako`` and the options ``env.py`` configures (``render_as_batch``,
module prefixes, its own hooks), names the file with its ``file_template``, and places it on
the right branch.

Alembic applies a ``process_revision_directives`` hook only while ``env.py`` runs, so the
revision is made with ``revision_environment`` switched on, in offline mode: ``env.py`` needs
the database URL (for its dialect) but nothing connects to the database. Alembic resolves
relative paths in ``alembic.ini`` against the current directory, so the command runs from
the directory that holds ``alembic.ini``, as ``alembic`` itself is run.

On top of it: :func:`drop`, :func:`restore` and :func:`relax`, the three revisions colretire
writes for a user.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import traceback
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations, ops
from alembic.script import Script, ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from colretire import db, identifiers, lifecycle, statefile, verification, workflow
from colretire.alembic import environment
from colretire.alembic import ops as column_ops
from colretire.errors import (
    ConfigError,
    DropRefused,
    MigrationError,
    Refused,
    TransitionRefused,
    UnknownColumn,
)
from colretire.model import ColumnDefinition, ColumnRecord, ColumnRef, Stage, State
from colretire.project import Project
from colretire.transaction import Transaction


@dataclass(frozen=True)
class Written:
    """A revision colretire wrote: its id and file, and the record it changed, if any."""

    revision: str
    path: Path
    record: ColumnRecord | None = None
    #: What the user should know about it (e.g. that a database was not checked).
    note: str | None = None


# -- the Alembic configuration --------------------------------------------------------------


def alembic_config(project: Project, output: io.StringIO | None = None) -> Config:
    """An Alembic :class:`Config` for the project, its SQL output captured in ``output``."""
    return environment.load(project.config).alembic_config(output)


@contextlib.contextmanager
def in_alembic_directory(project: Project) -> Iterator[None]:
    """Run from the directory of ``alembic.ini``, with the project importable, as the
    ``alembic`` command would be run; everything is put back afterwards."""
    directory = environment.load(project.config).directory
    previous = Path.cwd()
    paths = db.import_paths(project.root, project.config.source, directory)
    with db.project_imports(project.root, paths), _alembic_logging_quiet():
        os.chdir(directory)
        try:
            yield
        finally:
            os.chdir(previous)


@contextlib.contextmanager
def _alembic_logging_quiet() -> Iterator[None]:
    """Keep the project's ``env.py`` from reconfiguring colretire's logging.

    A typical ``env.py`` calls ``logging.config.fileConfig`` and Alembic then logs INFO
    lines ("Context impl ...") while it prepares a revision; colretire prints its own lines,
    so INFO and below are off while Alembic runs, and the root logger is put back after.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    previous = root.manager.disable
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)
        root.handlers[:], root.level = handlers, level


# -- writing a revision ---------------------------------------------------------------------


def write_revision(
    project: Project,
    message: str,
    operations: Sequence[ops.MigrateOperation],
    *,
    head: str | None = None,
    transaction: Transaction | None = None,
) -> Written:
    """Write a revision whose upgrade is ``operations`` and whose downgrade is their reverse.

    With several branch heads, ``head`` must say which one the revision follows. In
    ``transaction``, the revision is one of its files: Alembic writes it, and an undo (or
    the recovery of an interrupted command) removes it, found by its revision id.
    """
    hook = _Inject(list(operations))
    revision = uuid.uuid4().hex[-12:]  # as Alembic makes them; known before the file exists
    if transaction is not None:
        env = environment.load(project.config)
        transaction.expect([env.script_location, *env.trees], revision)
    with in_alembic_directory(project):
        config = alembic_config(project)
        _require_one_head(ScriptDirectory.from_config(config), head)
        script = _revision(config, message, head, hook, revision)
        path = Path(script.path).resolve()
    if not hook.injected:
        path.unlink(missing_ok=True)
        raise MigrationError(
            "env.py did not run its migration context in offline mode, so the operations "
            "could not be placed in the revision; make run_migrations_offline() call "
            "context.run_migrations() (the standard Alembic template does)"
        )
    if transaction is not None:
        transaction.created(path)
    return Written(script.revision, path)


def _revision(
    config: Config, message: str, head: str | None, hook: _Inject, revision: str
) -> Script:
    """Alembic's ``revision`` command; the message is escaped first, because the project's
    ``script.py.mako`` writes it raw into the revision's docstring, where three quotes or a
    line break in a column name would otherwise become code."""
    config.set_main_option("revision_environment", "true")  # so that the hook runs
    try:
        result = command.revision(
            config, message=identifiers.python_text(message), sql=True, head=head or "head",
            rev_id=revision,
            process_revision_directives=hook,
        )  # fmt: skip
    except CommandError as error:
        raise MigrationError(f"Alembic could not write the revision: {error}") from None
    except Exception as error:  # env.py is the project's code; its failure is not ours
        raise MigrationError(_env_failure(error)) from None
    return _single_script(result)


class _Inject:
    """The ``process_revision_directives`` hook: puts the operations into the first
    generated script, once (an ``env.py`` may run several migration contexts).

    The operations are grouped per table in :class:`ModifyTableOps`, as autogenerate does,
    so that a project's ``render_as_batch`` applies to them.
    """

    def __init__(self, operations: list[ops.MigrateOperation]) -> None:
        self.tables = _per_table(operations)
        self.injected = False

    def __call__(self, context: MigrationContext, revision: Any, directives: list[Any]) -> None:
        if self.injected or not directives:
            return
        if context.dialect.name == "sqlite" and self._alters():
            # SQLite has no ALTER COLUMN: only a batch operation (copy and rename the table)
            # can change a column there, whatever env.py asked for.
            context.opts["render_as_batch"] = True
        script: ops.MigrationScript = directives[0]
        script.upgrade_ops_list[-1].ops[:] = self.tables
        script.downgrade_ops_list[-1].ops[:] = [t.reverse() for t in reversed(self.tables)]
        self.injected = True

    def _alters(self) -> bool:
        return any(isinstance(op, ops.AlterColumnOp) for table in self.tables for op in table.ops)


def _per_table(operations: list[ops.MigrateOperation]) -> list[ops.ModifyTableOps]:
    tables: dict[tuple[str | None, str], list[ops.MigrateOperation]] = {}
    for operation in operations:
        key = (getattr(operation, "schema", None), getattr(operation, "table_name", ""))
        tables.setdefault(key, []).append(operation)
    return [
        ops.ModifyTableOps(table, table_ops, schema=schema)
        for (schema, table), table_ops in tables.items()
    ]


def _require_one_head(scripts: ScriptDirectory, head: str | None) -> None:
    found = _heads(scripts)
    if head is None and len(found) > 1:
        raise MigrationError(
            f"the migrations have {len(found)} heads ({', '.join(sorted(found))}); say which "
            "branch the revision belongs to with --head REV, or merge them first with: "
            "alembic merge heads"
        )


def _heads(scripts: ScriptDirectory) -> Sequence[str]:
    """The branch heads; Alembic imports every migration script to find them, and a script
    that does not load is the project's to fix, named with its line."""
    try:
        return scripts.get_heads()
    except CommandError as error:
        raise MigrationError(f"Alembic cannot read the migrations: {error}") from None
    except Exception as error:  # the scripts are the project's code
        raise MigrationError(_script_failure(error)) from None


def _script_failure(error: Exception) -> str:
    where = _failing_script(error)
    what = f"{where}: this migration script" if where else "a migration script"
    return (
        f"{what} does not load ({type(error).__name__}: {error}); Alembic imports every "
        "script to find the heads, so fix or remove it first"
    )


def _failing_script(error: Exception) -> str | None:
    """``path:line`` of the script that raised ``error``, when it can be told."""
    if isinstance(error, SyntaxError):
        return f"{error.filename}:{error.lineno or 0}" if error.filename else None
    frames = traceback.extract_tb(error.__traceback__)
    last = frames[-1] if frames else None
    if last is None or not last.filename.endswith(".py") or "site-packages" in last.filename:
        return None
    return f"{last.filename}:{last.lineno or 0}"


def _single_script(result: Script | list[Script | None] | None) -> Script:
    scripts = [s for s in (result if isinstance(result, list) else [result]) if s is not None]
    if len(scripts) != 1:
        raise MigrationError(f"Alembic wrote {len(scripts)} revisions where one was expected")
    return scripts[0]


def _env_failure(error: Exception) -> str:
    return (
        f"env.py failed while Alembic prepared the revision ({type(error).__name__}: {error}); "
        "colretire runs it in offline mode, as 'alembic upgrade --sql' does, so it needs a "
        "database URL (sqlalchemy.url in alembic.ini, or whatever env.py reads) but no "
        "running database"
    )


# -- the three revisions colretire writes ---------------------------------------------------


def drop(
    project: Project,
    column: ColumnRef,
    *,
    head: str | None = None,
    message: str | None = None,
    url: str | None = None,
) -> Written:
    """Write the drop of a column at ``waited-one-release`` and record it as ``dropped``.

    The indexes and constraints on the column, read from the database (``url``, else the one
    ``check --db`` would use), are dropped first, and the downgrade re-creates them after the
    column; without a database to read, the note says they were not looked up.
    """
    state = project.state()
    record = state.get(column)
    verdict = lifecycle.check_drop(record, column, lifecycle.Moment.GENERATE)
    if not verdict.allowed:
        stage = str(verdict.stage) if verdict.stage else None
        raise DropRefused(verdict.message(), str(column), stage)
    assert record is not None
    verification.require_verified(project, state, record)  # its commits and tags, with git
    _require_no_references(project, column, str(record.stage))
    definition = record.definition or _model_definition(project, column)
    dependents, note = _dependents(project, column, url)
    operations = [*dependents, column_ops.drop_column_op(column, definition)]
    # A drop the state does not know of would be refused: the revision and the record are
    # written together, or neither is.
    with Transaction(project.root, "drop") as transaction:
        written = write_revision(
            project, message or f"drop {column}", operations, head=head, transaction=transaction
        )
        dropped = _record_drop(project, column, written.revision, transaction)
    return replace(written, record=dropped, note=note)


def _dependents(
    project: Project, column: ColumnRef, url: str | None
) -> tuple[list[ops.MigrateOperation], str | None]:
    """The drops of the column's indexes and constraints, from the live database."""
    target = url or _known_url(project)
    if target is None:
        return [], (
            f"note: no database URL is known (--db URL, {db.DATABASE_URL_ENV}, or "
            f"sqlalchemy.url in alembic.ini), so the indexes and constraints on {column} were "
            "not looked up; if it has any, drop them in the revision first"
        )
    if _missing_sqlite_file(target):
        return [], (
            f"note: {db.display_url(target)} does not exist, so the indexes and constraints on "
            f"{column} were not looked up; if it has any, drop them in the revision first"
        )
    engine = db.create_engine(target)
    try:
        with engine.connect() as connection:
            return column_ops.dependent_drops(connection, column), None
    except sa_exc.SQLAlchemyError as error:
        raise MigrationError(
            f"cannot read the indexes and constraints of {column.table} from "
            f"{db.display_url(target)}: {error.__class__.__name__}: {error}"
        ) from None
    finally:
        engine.dispose()


def _require_no_references(project: Project, column: ColumnRef, stage: str) -> None:
    """Refuse the drop when the code maps or uses the column again.

    The record reached ``waited-one-release`` on a scan made a release ago; code merged
    since may have brought references back, and dropping the column then is the outage.
    """
    summary = workflow.scan_summary(project, column)
    if summary.unreadable:
        raise DropRefused(
            f"refusing to drop {column}: the scan could not read "
            f"{', '.join(summary.unreadable)}, so the code in them may still use the column; "
            f"make them readable, or exclude them in [tool.colretire] (colretire refs {column} "
            "says why each could not be read), and run drop again",
            str(column),
            stage,
        )
    if summary.references > 0:
        raise DropRefused(
            f"refusing to drop {column}: the references came back ({summary.describe()}), "
            f"so the code would still use the column once it is gone; list them with: "
            f"colretire refs {column}, remove them, and record the regression with: "
            f"colretire advance {column}",
            str(column),
            stage,
        )


def _model_definition(project: Project, column: ColumnRef) -> ColumnDefinition:
    definition = db.load_models(project).definition(column)
    if definition is None:
        raise MigrationError(
            f"cannot write the downgrade of the drop of {column}: the state file records no "
            "definition for it and the models no longer declare it; add its definition to "
            "the state file (type, nullable, server_default; see docs/state-file.md)"
        )
    return definition


def _missing_sqlite_file(url: str) -> bool:
    """Whether ``url`` names a SQLite file that is not there (connecting would create it)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return False
    return not Path(database).exists()


def _record_drop(
    project: Project, column: ColumnRef, revision: str, transaction: Transaction
) -> ColumnRecord:
    """Move the record to ``dropped``; a guard hook in ``env.py`` may have done so already."""
    try:
        return workflow.mark_dropped(project, column, revision, transaction=transaction)
    except TransitionRefused:
        record = project.state().get(column)
        if record and record.stage is Stage.DROPPED and record.history[-1].revision == revision:
            return record
        raise


def restore(
    project: Project,
    column: ColumnRef,
    *,
    url: str | None = None,
    head: str | None = None,
    message: str | None = None,
) -> Written:
    """Write the revision that re-adds a column the models map, nullable, with their type.

    Refused when the database (``url``, else the one ``check --db`` would use) already has
    the column; the note says so when no database was known to look at.
    """
    definition = restore_definition(project, column)
    note = require_missing(project, column, url).note
    operation = column_ops.add_column_op(column, definition)
    with Transaction(project.root, "restore") as transaction:
        written = write_revision(
            project, message or f"restore {column}", [operation], head=head,
            transaction=transaction,
        )  # fmt: skip
    return replace(written, note=note)


@dataclass(frozen=True)
class Absence:
    """Where the column's absence was checked: ``url`` (``None``: nowhere), and a note."""

    url: str | None
    note: str | None = None


def require_missing(project: Project, column: ColumnRef, url: str | None = None) -> Absence:
    """Refuse to restore a column the database already has: there is nothing to restore.

    The database is ``url``, else the one ``check --db`` would use (``DATABASE_URL``, else
    ``sqlalchemy.url`` in alembic.ini); with none known, the absence is not checked and the
    returned note says so.
    """
    target = url or _known_url(project)
    if target is None:
        return Absence(
            None,
            f"note: no database URL is known (--db URL, {db.DATABASE_URL_ENV}, or "
            f"sqlalchemy.url in alembic.ini), so it was not checked that {column} is missing; "
            "verify with: colretire check --db URL",
        )
    if _missing_sqlite_file(target):
        return Absence(
            target,
            f"note: {db.display_url(target)} does not exist, so it was not checked that "
            f"{column} is missing; verify with: colretire check --db URL",
        )
    engine = db.create_engine(target)
    try:
        live = db.inspect_database(engine, [column.table])
    finally:
        engine.dispose()
    present = live.columns(column.table) or {}
    if any(name.lower() == column.column.lower() for name in present):
        raise Refused(
            f"refusing to restore {column}: the database {db.display_url(target)} already has "
            "it, so there is nothing to restore; if queries still fail, compare the models "
            "with the database they run against: colretire check --db URL"
        )
    return Absence(target)


def _known_url(project: Project) -> str | None:
    try:
        return db.default_url(project)
    except (ConfigError, MigrationError):
        return None


def restore_definition(project: Project, column: ColumnRef) -> ColumnDefinition:
    """The models' type for ``column``, nullable and without defaults: what can be added to
    a table that already has rows, and what code that reads the column expects."""
    models = db.load_models(project)
    definition = models.definition(column)
    if definition is None:
        raise UnknownColumn(
            str(column),
            models.suggest(column),
            hint=f"colretire restores only columns the models map; read from {models.source}",
        )
    return ColumnDefinition(type=definition.type, nullable=True)


def relax(
    project: Project,
    column: ColumnRef,
    *,
    server_default_sql: str | None = None,
    head: str | None = None,
    message: str | None = None,
) -> Written:
    """Write the revision that lets INSERTs leave ``column`` out, and record the relaxed
    definition so the drop's downgrade later re-creates the column as it then is."""
    record = project.state().get(column)
    definition = (record.definition if record else None) or _model_definition(project, column)
    if definition.insert_safe and server_default_sql is None:
        raise MigrationError(
            f"{column} is already nullable or has a server default, so INSERTs that leave "
            "it out keep working; nothing to relax"
        )
    operation = column_ops.relax_column_op(column, definition, server_default_sql)
    verb = f"give {column} a server default" if server_default_sql else f"make {column} nullable"
    relaxed = (
        replace(definition, server_default=f"sa.text({server_default_sql!r})")
        if server_default_sql is not None
        else replace(definition, nullable=True)
    )
    with Transaction(project.root, "relax") as transaction:
        written = write_revision(
            project, message or verb, [operation], head=head, transaction=transaction
        )
        recorded = _record_definition(project, record, relaxed, transaction)
    return replace(written, record=recorded)


def _record_definition(
    project: Project,
    record: ColumnRecord | None,
    definition: ColumnDefinition,
    transaction: Transaction,
) -> ColumnRecord | None:
    """Keep the relaxed definition in the record (read afresh under the state file's lock)."""
    if record is None:
        return None
    column = record.column

    def change(state: State) -> State:
        current = state.get(column)
        return (
            state if current is None else state.with_record(replace(current, definition=definition))
        )

    return statefile.update(project.config.state, change, transaction=transaction).get(column)


def restore_sql(
    project: Project, column: ColumnRef, url: str | None = None
) -> tuple[str, str | None]:
    """The restore as plain SQL, for a database managed without Alembic, and a note.

    Refused, as :func:`restore`, when the database already has the column. The dialect is
    the checked database's, else SQLAlchemy's generic one.
    """
    operation = column_ops.add_column_op(column, restore_definition(project, column))
    absence = require_missing(project, column, url)
    output = io.StringIO()
    context = MigrationContext.configure(
        **_dialect_source(project, absence.url), opts={"as_sql": True, "output_buffer": output}
    )
    Operations(context).invoke(operation)
    return output.getvalue().strip() + "\n", absence.note


def _dialect_source(project: Project, url: str | None) -> dict[str, Any]:
    if url is None and project.config.alembic is not None and project.config.alembic.is_file():
        url = environment.load(project.config).alembic_config().get_main_option("sqlalchemy.url")
    if url and not url.startswith("driver://"):
        try:
            return {"dialect": make_url(url).get_dialect()()}
        except (ArgumentError, NoSuchModuleError):
            raise MigrationError(f"cannot tell the SQL dialect of {db.display_url(url)}") from None
    return {"dialect": DefaultDialect()}
