"""Run time: the guard of one Alembic run, its pre-check, and how a refusal is settled.

**The pre-check** reads, before the run's first statement, the script of every revision the
run will go through (``upgrade``, ``downgrade``, online or offline with ``--sql``) with
:mod:`colretire.alembic.reader`, and judges what each will do with
:func:`colretire.alembic.judge.judge`, each revision against the state as it stands at that
revision. It refuses the whole run when one would drop a column before its time. This
matters on MySQL/MariaDB, which commit every DDL statement on its own, and on SQLite, whose
DDL Alembic does not wrap in a transaction: a refusal in the middle of a migration would
leave its earlier statements applied.

**The wire** (:mod:`colretire.alembic.wire`) then judges every statement the migration
connection actually sends, as its last line.

A refusal is raised as Alembic's ``CommandError``, so ``alembic upgrade`` prints
``FAILED: refusing to drop ...`` and no traceback. ``stamp`` and the commands that run no
migration are not judged.

The guard of a run is kept per :class:`~alembic.runtime.migration.MigrationContext`. With the
one line in ``env.py`` (:mod:`colretire.alembic.guard`) it is set up at ``configure()`` and
the pre-check runs at ``run_migrations()``. With only the ``alembic.plugins`` entry point it
is set up, for projects whose ``pyproject.toml`` has a ``[tool.colretire]`` table, when the
wire sees the run's first statement (Alembic's look at its version table), so the pre-check
still comes before any migration statement.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.migration import MigrationContext, RevisionStep
from alembic.util import CommandError, coerce_resource_to_filename

from colretire import config as config_module
from colretire.alembic import constructive, memo, override, parsing
from colretire.errors import ColretireError, ConfigError
from colretire.project import Project

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

    # The judge, the rules and the reader are imported when a run is read or a statement
    # judged: a run the pre-check remembers as clean (see memo.py) never loads them.
    from colretire.alembic import baseline as adoption
    from colretire.alembic import judge as judging
    from colretire.alembic import rules
    from colretire.model import ColumnRef, State

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

NOTHING_RAN = "Nothing was run; the database is unchanged."


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
class Step:
    """One revision the run goes through, up or down."""

    revision: str
    path: Path
    upgrade: bool


@dataclass(frozen=True)
class Accepted:
    """A drop an override let through, to be recorded once it has been applied."""

    column: ColumnRef
    entry: override.Override
    revision: str | None
    refused: str


@dataclass
class RunGuard:
    """The guard of one Alembic run: the project, the overrides, the revisions it goes
    through and where it is, and what it has done to the schema so far.

    Overridden drops wait in ``pending`` until Alembic reports their revision applied
    (``on_version_apply``): a migration that fails after its drop, and that the database
    rolls back, leaves no override on record.
    """

    project: Project | None
    overrides: tuple[override.Override, ...] = ()
    #: ``None`` until the pre-check has run; then the revisions the run goes through.
    steps: tuple[Step, ...] | None = None
    #: The index in ``steps`` of the revision running now.
    position: int = 0
    pending: list[Accepted] = field(default_factory=list)
    #: The renames of the revisions already applied, read when a drop needs them.
    history: Callable[[], list[rules.RenameEvent]] | None = None
    #: The renames of the applied revisions, by the heads they were read at.
    applied_read: dict[tuple[str, ...], list[rules.RenameEvent]] = field(default_factory=dict)
    #: What each revision's upgrade creates (a downgrade may drop it), by revision.
    created: dict[str, judging.Created] = field(default_factory=dict)
    #: Whether Alembic tells this guard when a revision is applied.
    watching: bool = False
    #: Statements that may be half of a table rebuild (read by the wire when needed).
    copies: list[str] = field(default_factory=list)
    _renames: rules.Renames | None = field(default=None, repr=False)
    _baseline: adoption.Baseline | None = field(default=None, repr=False)

    @property
    def renames(self) -> rules.Renames:
        """The renames the run has made so far (and, read when needed, the applied
        history's)."""
        if self._renames is None:
            from colretire.alembic import rules

            self._renames = rules.Renames(history=self.history)
        return self._renames

    @property
    def baseline(self) -> adoption.Baseline:
        """The revisions that existed at adoption: never refused."""
        if self._baseline is None:
            from colretire.alembic import baseline as adoption

            self._baseline = adoption.load(self.project)
        return self._baseline

    def adopted(self, step: Step | None) -> bool:
        """Whether ``step`` is a revision of the adoption baseline."""
        return step is not None and self.baseline.covers(self.relative(step.path), step.revision)

    def state(self) -> State:
        if self.project is not None:
            return self.project.state()
        from colretire.model import State

        return State()

    @property
    def current(self) -> Step | None:
        steps = self.steps or ()
        return steps[self.position] if self.position < len(steps) else None

    def accept(self, accepted: Accepted) -> None:
        if self.project is None:
            override.record(None, accepted.column, accepted.entry, None, accepted.refused)
        key = str(accepted.column).lower()
        if all(str(p.column).lower() != key for p in self.pending):
            self.pending.append(accepted)

    def applied(self, revision: str | None) -> None:
        """Alembic applied ``revision``: record the overrides of its drops, move on."""
        done = [p for p in self.pending if p.revision in (None, revision)]
        for each in done:
            self.pending.remove(each)
            override.record(
                self.project, each.column, each.entry, each.revision or revision, each.refused
            )
        self.position += 1

    def relative(self, path: str | Path) -> str:
        return self.project.config.relative(Path(path)) if self.project else str(path)


_GUARDS: weakref.WeakKeyDictionary[MigrationContext, RunGuard | None] = weakref.WeakKeyDictionary()


def start(context: MigrationContext, project: Project | None) -> RunGuard:
    """Guard this run (the explicit ``env.py`` line), even without a colretire project."""
    guard = _new_guard(project)
    guard.watching = True  # configure() put on_version_apply in place
    _GUARDS[context] = guard
    return guard


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
        return RunGuard(project, override.from_environment())
    except ColretireError as error:
        raise CommandError(str(error)) from None


def watch(context: MigrationContext, guard: RunGuard) -> None:
    """Have Alembic call :func:`on_version_apply` after each revision (zero-line mode: the
    context's callbacks are extended, as ``configure(on_version_apply=...)`` would)."""
    if guard.watching:
        return
    callbacks = tuple(context.on_version_apply_callbacks)
    if on_version_apply not in callbacks:
        context.on_version_apply_callbacks = (*callbacks, on_version_apply)
    guard.watching = True


def on_version_apply(*, ctx: MigrationContext, step: Any, heads: Any, run_args: Any) -> None:
    """Alembic's ``on_version_apply`` callback: a revision has been applied (or, offline,
    written out); the overrides of its drops go on record now."""
    guard = _GUARDS.get(ctx)
    if guard is None or step.is_stamp:
        return
    current = guard.current
    try:
        guard.applied(current.revision if current else None)
    except ColretireError as error:
        raise CommandError(str(error)) from None


# -- the pre-check ----------------------------------------------------------------------


def precheck(context: MigrationContext, *, running: bool = False) -> None:
    """Read the scripts this run goes through; refuse before anything runs.

    ``running``: called after statements of the migration may have run (zero-line mode,
    offline), so the refusal must not claim that nothing ran.
    """
    guard = guard_for(context)
    if guard is None or guard.steps is not None:
        return
    try:
        heads = _heads(context)
        guard.steps = tuple(plan(context, heads) or ())
        guard.history = lambda: applied_renames(context)
        key = _memo_key(context, guard, heads)
        if key is not None and guard.project is not None and memo.recalls(guard.project, key):
            return  # read before with these very inputs, and found clean
        refusals, warned = _check_steps(context, guard)
        if not refusals and not warned and key is not None and guard.project is not None:
            memo.remember(guard.project, key)
    except ColretireError as error:
        raise CommandError(str(error)) from None
    if refusals:
        status = MAY_BE_APPLIED + "." if running else NOTHING_RAN
        raise CommandError("\n".join(refusals) + f"\n{status} {EMERGENCY}")


def _heads(context: MigrationContext) -> tuple[str, ...]:
    return () if context.purge else tuple(context.get_current_heads())


def _memo_key(context: MigrationContext, guard: RunGuard, heads: tuple[str, ...]) -> str | None:
    """The digest of this run's pre-check inputs (see :mod:`colretire.alembic.memo`);
    ``None`` when the run is not to be remembered."""
    project, script = guard.project, context.script
    if not guard.steps or script is None or project is None or not project.config.configured:
        return None
    if not memo.enabled(project):
        return None
    config = project.config
    trees = [Path(coerce_resource_to_filename(str(v))) for v in script.version_locations or []]
    parts = [
        context.dialect.name,
        str(_default_schema(context)),
        "offline" if context.as_sql else "online",
        " ".join(sorted(heads)),
        " ".join(sorted(mapped_tables(context))),
        *(f"{s.revision} {s.path} {'up' if s.upgrade else 'down'}" for s in guard.steps),
    ]
    files = [
        config.state,
        config.root / config_module.PYPROJECT,
        *([config.baseline] if config.baseline is not None else []),
        *(s.path for s in guard.steps),
        *memo.python_files([Path(script.dir), *trees]),
    ]
    try:
        return memo.digest(parts, files)
    except OSError:
        return None


def plan(context: MigrationContext, heads: Iterable[str] | None = None) -> list[Step] | None:
    """The revisions an ``upgrade`` or ``downgrade`` is about to run, in order; ``None`` for
    any other command.

    Alembic's commands hand the migration context a function (``fn``) that turns the
    current heads into the steps to run; for ``upgrade``, ``downgrade`` and ``stamp`` (the
    commands that pass a ``destination_rev``) it only computes them, so asking it early is
    safe and gives exactly the plan Alembic will follow.
    """
    function = context.opts.get("fn")
    if function is None or "destination_rev" not in context.opts:
        return None
    current = _heads(context) if heads is None else tuple(heads)
    steps = [s for s in function(current, context) if isinstance(s, RevisionStep)]
    return [Step(s.revision.revision, Path(s.revision.path), s.is_upgrade) for s in steps]


def _check_steps(context: MigrationContext, guard: RunGuard) -> tuple[list[str], bool]:
    """The refusals of the run's scripts, and whether the reading warned about anything.

    Each script is parsed once: the tree that tells whether it only builds is the one the
    reader reads.
    """
    refusals: list[str] = []
    warned = False
    reading: _Reading | None = None
    for step in guard.steps or ():
        parsed = parsing.read(step.path) if step.path.suffix == ".py" else None
        # A script that can only build (op.create_table, op.add_column, a data UPDATE...)
        # has nothing to refuse: the reader, the judge and the rules are not even imported
        # for it.
        if constructive.only_builds(step.path, step.upgrade, parsed):
            continue
        if reading is None:
            reading = _Reading(context, guard)
        if guard.adopted(step):
            continue  # the adoption baseline: history, run as written, never read
        refused, warns = reading.check(step, parsed)
        refusals += refused
        warned = warned or warns
    return refusals, warned


class _Reading:
    """The reader, the judge and what they judge against, for the scripts a pre-check
    reads: made at the first script that does not only build."""

    def __init__(self, context: MigrationContext, guard: RunGuard) -> None:
        from colretire.alembic import lint, rules

        self.context, self.guard = context, guard
        self.migrations = lint.reader_for(context.script) if context.script else None
        self.state, self.mapped = guard.state(), mapped_tables(context)
        self.renames = rules.Renames(history=lambda: applied_renames(context))

    def check(self, step: Step, parsed: parsing.Source | None) -> tuple[list[str], bool]:
        """The refusals of ``step``'s script, and whether reading it warned about anything."""
        from colretire.alembic import judge as judging
        from colretire.alembic import lint
        from colretire.model import Diagnostic

        guard = self.guard
        script = lint.read_script(self.migrations or _fallback(step), step.path, parsed=parsed)
        shown = guard.relative(step.path)
        where = f"(revision {step.revision}{'' if step.upgrade else ', downgrade'})"
        if isinstance(script, Diagnostic):
            return [f"refusing to run {shown}: it {script.message} {where}"], False
        created = judging.Created.of(s.effect for s in script.upgrade.sites)
        guard.created[step.revision] = created
        when = judging.When(
            self.state, step.revision, downgrade=not step.upgrade, created=created,
            mapped_tables=self.mapped, renames=self.renames,
            default_schema=_default_schema(self.context),
        )  # fmt: skip
        reading = script.upgrade if step.upgrade else script.downgrade
        refusals: list[str] = []
        warned = False
        for finding in lint.judge_reading(shown, reading, when):
            warned = warned or _warns(finding)
            refused = _settle_finding(guard, finding, step.revision)
            if refused:
                place = f"{shown}:{finding.diagnostic.line}:{finding.diagnostic.col}"
                refusals.append(f"{refused}\n  at {place} {where}")
        return refusals, warned


def _warns(finding: Any) -> bool:
    from colretire.model import Severity

    return bool(finding.diagnostic.severity is Severity.WARNING)


def _fallback(step: Step) -> Any:
    from colretire.alembic import reader

    return reader.Migrations([step.path.parent])


def _settle_finding(guard: RunGuard, finding: Any, revision: str) -> str | None:
    from colretire.model import Severity

    diagnostic = finding.diagnostic
    if diagnostic.severity is Severity.WARNING:
        _notice(
            f"colretire: {guard.relative(diagnostic.path or '')}:{diagnostic.line}: {diagnostic.message}"
        )
        return None
    return settle(guard, finding.refusal, revision, pre=True)


def applied_renames(context: MigrationContext) -> list[rules.RenameEvent]:
    """The renames of the revisions already applied to the database, oldest first (read
    only when a drop names a table colretire does not track).

    The pre-check and the wire may each ask, with the database at the same heads: the
    scripts are read once per heads and run (see :attr:`RunGuard.applied_read`).
    """
    script_directory = context.script
    if script_directory is None or context.as_sql:
        return []
    heads = tuple(context.get_current_heads())
    if not heads:
        return []
    guard = _GUARDS.get(context)
    if guard is None:
        return _read_renames(script_directory, heads)
    if heads not in guard.applied_read:
        guard.applied_read[heads] = _read_renames(script_directory, heads)
    return list(guard.applied_read[heads])


def _read_renames(
    script_directory: ScriptDirectory, heads: tuple[str, ...]
) -> list[rules.RenameEvent]:
    from colretire.alembic import lint
    from colretire.model import Diagnostic
    from colretire.sql import effects as ddl

    migrations = lint.reader_for(script_directory)
    revisions = list(script_directory.iterate_revisions(heads, "base"))
    events: list[rules.RenameEvent] = []
    for revision in reversed(revisions):
        script = lint.read_script(migrations, Path(revision.path))
        if isinstance(script, Diagnostic):
            continue
        for site in script.upgrade.sites:
            effect = site.effect
            if isinstance(effect, ddl.RenameTable):
                events.append(("table", effect.old.name, effect.new.name))
            elif isinstance(effect, ddl.RenameColumn):
                events.append(("column", effect.table.name, effect.old, effect.new))
    return events


# -- settling a refusal -----------------------------------------------------------------------


def settle(
    guard: RunGuard, refusal: judging.Refusal | None, revision: str | None, *, pre: bool = False
) -> str | None:
    """The message of a refusal, or ``None`` once an override covers it (the drop is then
    accepted, and recorded when its revision is applied)."""
    if refusal is None:
        return None
    if refusal.kind in ("column", "table"):
        chosen = [override.find(guard.overrides, c) for c in refusal.columns]
        if not refusal.columns or not all(chosen):
            return refusal.message
        for column, entry in zip(refusal.columns, chosen, strict=True):
            assert entry is not None
            guard.accept(Accepted(column, entry, revision, refusal.message))
        return None
    if refusal.kind == "unresolved" and pre:
        return _settle_unresolved(guard, refusal)
    if refusal.kind == "unjudged" and _whole_tables(guard, refusal.tables):
        _notice(
            f"colretire: letting through a statement it cannot judge, because "
            f"{override.VARIABLE} names {', '.join(t + '.*' for t in refusal.tables)}; "
            "what it dropped is not recorded: check the database with colretire check --db"
        )
        return None
    return refusal.message


def _settle_unresolved(guard: RunGuard, refusal: judging.Refusal) -> str | None:
    """A drop whose names only exist at run time is refused before the run unless an
    override names a whole table (``TABLE.*``): then the wire judges the statement it sends,
    against that override."""
    if any(entry.column == "*" for entry in guard.overrides):
        _notice(
            f"colretire: {refusal.message.split(';')[0]}; passed on to the run-time check "
            f"because {override.VARIABLE} names a whole table"
        )
        return None
    return refusal.message


def _whole_tables(guard: RunGuard, tables: Iterable[str]) -> bool:
    named = {e.table.lower() for e in guard.overrides if e.column == "*"}
    return all(t.lower() in named for t in tables)


def when_now(guard: RunGuard, context: MigrationContext) -> judging.When:
    """The moment of the statement about to run: the running revision, and which way."""
    from colretire.alembic import judge as judging

    step = guard.current
    return judging.When(
        guard.state(),
        step.revision if step else None,
        downgrade=bool(step and not step.upgrade),
        created=_created(guard, context, step),
        mapped_tables=mapped_tables(context),
        renames=guard.renames,
        default_schema=_default_schema(context),
        adopted=guard.adopted(step),
    )


def _created(guard: RunGuard, context: MigrationContext, step: Step | None) -> judging.Created:
    """What the upgrade of ``step``'s revision creates (a downgrade may drop it): noted by
    the pre-check, or read now when the pre-check was remembered rather than run."""
    from colretire.alembic import judge as judging

    if step is None or step.upgrade:
        return judging.Created()  # only a downgrade may drop what its revision created
    if step.revision not in guard.created and not guard.adopted(step):
        from colretire.alembic import lint
        from colretire.model import Diagnostic

        migrations = lint.reader_for(context.script) if context.script else _fallback(step)
        script = lint.read_script(migrations, step.path)
        guard.created[step.revision] = (
            judging.Created()
            if isinstance(script, Diagnostic)
            else judging.Created.of(s.effect for s in script.upgrade.sites)
        )
    return guard.created.get(step.revision, judging.Created())


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


def _default_schema(context: MigrationContext) -> str | None:
    name = getattr(context.dialect, "default_schema_name", None)
    return name if isinstance(name, str) else None


def _notice(text: str) -> None:
    print(text, file=sys.stderr)
