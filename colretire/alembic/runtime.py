"""Upgrade time: refuse a drop before the migration that holds it sends any statement.

**The pre-check** reads the scripts of every revision the upgrade is about to run (online, or
offline with ``--sql``) with the static lint (:mod:`colretire.alembic.lint`) and refuses the
whole run before its first statement. This matters on MySQL/MariaDB, where every DDL
statement commits on its own: a refusal in the middle of a migration would leave its earlier
statements applied. :mod:`colretire.alembic.backstop` judges each drop again as it runs.

A refusal is raised as Alembic's ``CommandError``, so ``alembic upgrade`` prints
``FAILED: refusing to drop ...`` and no traceback. Downgrades, ``stamp`` and the other
commands are not judged: undoing an ``add_column`` drops a column by design.

The guard of a run is kept per :class:`~alembic.runtime.migration.MigrationContext`. With the
one line in ``env.py`` (:mod:`colretire.alembic.guard`) it is set up at ``configure()`` and the
pre-check runs at ``run_migrations()``. With only the ``alembic.plugins`` entry point it is set
up at the first drop the backstop meets, for projects whose ``pyproject.toml`` has a
``[tool.colretire]`` table, and the pre-check runs then: after the statements that came
before that drop, which stay applied where DDL is not transactional.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext, RevisionStep
from alembic.script import Script
from alembic.util import CommandError

from colretire import config as config_module
from colretire.alembic import baseline as adoption
from colretire.alembic import override, rules
from colretire.errors import ColretireError, ConfigError
from colretire.lifecycle import Moment
from colretire.model import ColumnRef, Diagnostic, Severity, State
from colretire.project import Project

if TYPE_CHECKING:
    from colretire.alembic.lint import Site

EMERGENCY = (
    "In an emergency, let one drop through on the record with "
    "COLRETIRE_ALLOW_DROP='TABLE.COLUMN:REASON' (see docs/guard.md)."
)

#: What a refusal met after the migration began says about the database: it is not unchanged.
MAY_BE_APPLIED = (
    "Statements before this one in the migration may already be applied on this database "
    "(MySQL/MariaDB and SQLite commit DDL as it runs; offline --sql output has printed them); "
    "check it with: colretire check --db"
)


def locate_project(config: Config | None) -> Project | None:
    """The project of an Alembic configuration: the nearest directory at or above
    ``alembic.ini`` that holds a ``pyproject.toml``; ``None`` when there is none."""
    name = config.config_file_name if config is not None else None
    start = Path(name).resolve().parent if name else Path.cwd()
    try:
        return Project.locate(config_module.find_root(start))
    except ConfigError:
        return None


@dataclass(frozen=True)
class Accepted:
    """A drop an override let through, to be recorded once it has been applied."""

    column: ColumnRef
    entry: override.Override
    revision: str | None
    refused: str


@dataclass
class RunGuard:
    """The guard of one Alembic run: the project, the overrides, and what the run does.

    Overridden drops wait in ``pending`` until they are applied: with the ``env.py`` line
    (``deferred``), until Alembic reports their revision applied (``on_version_apply``); in
    the zero-line mode, until the statement that drops has run. A migration that fails after
    its drop thus leaves no override on record for a drop the database rolled back.
    """

    project: Project | None
    overrides: tuple[override.Override, ...] = ()
    #: ``None`` until the pre-check has run; then whether the run upgrades the database.
    upgrading: bool | None = None
    scripts: tuple[Script, ...] = field(default=())
    deferred: bool = False
    pending: list[Accepted] = field(default_factory=list)
    #: The renames the run has made so far, for the backstop.
    renames: rules.Renames = field(default_factory=rules.Renames)
    #: The revisions that existed at adoption: never refused.
    baseline: adoption.Baseline = field(default_factory=adoption.Baseline)

    def state(self) -> State:
        return self.project.state() if self.project is not None else State()

    def accept(self, accepted: Accepted) -> None:
        if self.project is None:
            override.record(None, accepted.column, accepted.entry, None, accepted.refused)
        key = str(accepted.column).lower()
        if all(str(p.column).lower() != key for p in self.pending):
            self.pending.append(accepted)

    def record(self, accepted: list[Accepted], revision: str | None = None) -> None:
        """Record ``accepted`` (applied now) as overrides; ``revision`` fills a missing one."""
        for each in accepted:
            self.pending.remove(each)
            override.record(
                self.project, each.column, each.entry, each.revision or revision, each.refused
            )

    def applied(self, revision: str) -> None:
        """Alembic applied ``revision``: record the overrides of its drops."""
        self.record([p for p in self.pending if p.revision in (None, revision)], revision)

    def relative(self, path: str) -> str:
        return self.project.config.relative(Path(path)) if self.project else path


_GUARDS: weakref.WeakKeyDictionary[MigrationContext, RunGuard | None] = weakref.WeakKeyDictionary()


def start(context: MigrationContext, project: Project | None) -> RunGuard:
    """Guard this run (the explicit ``env.py`` line), even without a colretire project;
    its overrides wait for :func:`on_version_apply`."""
    guard = _new_guard(project)
    guard.deferred = True
    _GUARDS[context] = guard
    return guard


def on_version_apply(*, ctx: MigrationContext, step: Any, heads: Any, run_args: Any) -> None:
    """Alembic's ``on_version_apply`` callback: a revision has been applied (or, offline,
    written out); the overrides of its drops go on record now."""
    guard = _GUARDS.get(ctx)
    if guard is not None and step.is_upgrade and not step.is_stamp:
        try:
            guard.applied(step.up_revision_id)
        except ColretireError as error:
            raise CommandError(str(error)) from None


def guard_for(context: MigrationContext) -> RunGuard | None:
    """The guard of this run; for a run that the ``env.py`` line did not set up, one is made
    when the project has a ``[tool.colretire]`` table (the entry point's zero-line mode)."""
    if context in _GUARDS:
        return _GUARDS[context]
    project = locate_project(context.config)
    guard = _new_guard(project) if project is not None and project.config.configured else None
    _GUARDS[context] = guard
    return guard


def _new_guard(project: Project | None) -> RunGuard:
    try:
        return RunGuard(project, override.from_environment(), baseline=adoption.load(project))
    except ColretireError as error:
        raise CommandError(str(error)) from None


# -- the pre-check ----------------------------------------------------------------------


def precheck(context: MigrationContext, *, running: bool = False) -> None:
    """Lint the scripts this run will upgrade through; refuse before anything runs.

    ``running``: called by the backstop at the first drop it meets (zero-line mode), after
    the statements that came before it, so the refusal must not claim nothing ran.
    """
    guard = guard_for(context)
    if guard is None or guard.upgrading is not None:
        return
    try:
        scripts = upgrade_scripts(context)
        guard.upgrading = scripts is not None
        guard.scripts = tuple(scripts or ())
        renames = rules.Renames()  # a rename in one pending script holds in the next ones
        refusals = [
            refusal
            for script in guard.scripts
            for refusal in _check_script(guard, script, mapped_tables(context), renames)
        ]
    except ColretireError as error:
        raise CommandError(str(error)) from None
    if not guard.deferred:
        guard.pending.clear()  # zero-line mode: the backstop records each drop as it runs
    if refusals:
        status = MAY_BE_APPLIED + "." if running else "Nothing was run; the database is unchanged."
        raise CommandError("\n".join(refusals) + f"\n{status} {EMERGENCY}")


def upgrade_scripts(context: MigrationContext) -> list[Script] | None:
    """The scripts an ``upgrade`` is about to run, in order; ``None`` for any other command.

    Alembic's commands hand the migration context a function (``fn``) that turns the
    current heads into the steps to run; for ``upgrade``, ``downgrade`` and ``stamp`` (the
    commands that pass a ``destination_rev``) it only computes them, so asking it early is
    safe and gives exactly the plan Alembic will follow.
    """
    plan = context.opts.get("fn")
    if plan is None or "destination_rev" not in context.opts:
        return None
    heads = () if context.purge else context.get_current_heads()
    steps = list(plan(heads, context))
    revisions = [step for step in steps if isinstance(step, RevisionStep)]
    if not revisions or not all(step.is_upgrade for step in revisions):
        return None if steps else []
    return [step.revision for step in revisions]


def _check_script(
    guard: RunGuard, script: Script, mapped: Collection[str], renames: rules.Renames
) -> list[str]:
    from colretire.alembic import lint  # libcst: loaded only when there is a script to read

    path = guard.relative(script.path)
    source = Path(script.path).read_text(encoding="utf-8")
    refusals = []
    found = lint.findings(
        path, source, guard.state(), mapped_tables=mapped, renames=renames, baseline=guard.baseline
    )
    for finding in found:
        diagnostic, site = finding.diagnostic, finding.site
        where = f"at {path}:{diagnostic.line}:{diagnostic.col} (revision {script.revision})"
        if diagnostic.severity is Severity.WARNING:
            _notice(f"colretire: {where}: {diagnostic.message}")
            continue
        refused = _settle(guard, diagnostic, site, script.revision, mapped)
        if refused:
            refusals.append(f"{refused}\n  {where}")
    return refusals


def _settle(
    guard: RunGuard,
    diagnostic: Diagnostic,
    site: Site | None,
    revision: str,
    mapped: Collection[str],
) -> str | None:
    """The refusal for a finding, or ``None`` once an override covers it (re-judged against
    the current state, which an earlier override in this run may have changed)."""
    if site is not None and site.kind == "dynamic":
        return _settle_dynamic(guard, diagnostic)
    if site is None or site.table is None:
        return diagnostic.message
    if site.column is None:
        return settle_table(guard, site.table, site.schema, revision=revision, mapped=mapped)
    return settle_column(guard, rules.column_ref(site.table, site.column, site.schema), revision)


def _settle_dynamic(guard: RunGuard, diagnostic: Diagnostic) -> str | None:
    """A drop whose names only exist at run time is refused unless an override names a whole
    table (``TABLE.*``): then the backstop judges the names it meets, against that override."""
    if any(entry.column == "*" for entry in guard.overrides):
        _notice(
            f"colretire: {diagnostic.message.split(';')[0]}; passed on to the run-time check "
            f"because {override.VARIABLE} names a whole table"
        )
        return None
    return diagnostic.message


# -- one drop -----------------------------------------------------------------------------


def settle_column(guard: RunGuard, column: ColumnRef, revision: str | None) -> str | None:
    """Judge a column drop at run time: ``None`` when allowed (or overridden, recorded)."""
    verdict = rules.column_verdict(guard.state(), column, Moment.RUN, revision)
    if verdict.allowed:
        return None
    chosen = override.find(guard.overrides, verdict.column)
    if chosen is None:
        return verdict.message()
    guard.accept(Accepted(verdict.column, chosen, revision, verdict.message()))
    return None


def settle_table(
    guard: RunGuard,
    table: str,
    schema: str | None,
    *,
    revision: str | None,
    mapped: Collection[str],
) -> str | None:
    """Judge a table drop at run time; an override must name every tracked column in it."""
    verdict = rules.table_verdict(guard.state(), table, schema, Moment.RUN, mapped)
    if verdict.allowed:
        return None
    chosen = [override.find(guard.overrides, r.column) for r in verdict.blocking]
    if not verdict.blocking or not all(chosen):
        return verdict.message()
    for record, entry in zip(verdict.blocking, chosen, strict=True):
        assert entry is not None
        guard.accept(Accepted(record.column, entry, revision, verdict.message()))
    return None


def mapped_tables(context: MigrationContext) -> set[str]:
    """The tables ``target_metadata`` declares, as ``table`` and ``schema.table``."""
    metadata = context.opts.get("target_metadata")
    collections: Iterable[Any] = metadata if isinstance(metadata, list | tuple) else [metadata]
    names: set[str] = set()
    for each in collections:
        if isinstance(each, sa.MetaData):
            for key, table in each.tables.items():
                names.update({key, table.name})
    return names


def _notice(text: str) -> None:
    print(text, file=sys.stderr)
