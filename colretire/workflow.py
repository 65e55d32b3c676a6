"""The lifecycle commands as operations on a project: gather evidence, then apply the pure
rules from :mod:`colretire.lifecycle` to the state file under its lock.

Evidence that is slow to gather (a reference scan, git) is gathered before the lock is taken;
the rules are applied again to the freshly read record inside it, so two commands running at
once never lose each other's updates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from colretire import git, lifecycle, statefile
from colretire.errors import ColretireError, TransitionRefused, UnknownColumn
from colretire.model import (
    ColumnRecord,
    ColumnRef,
    Release,
    ScanSummary,
    Stage,
    State,
)
from colretire.project import Project
from colretire.transaction import Transaction

if TYPE_CHECKING:
    from colretire.analysis.registry import Probe, Registry


@dataclass(frozen=True)
class Outcome:
    """What one command did to one column."""

    column: ColumnRef
    before: Stage | None
    after: Stage | None
    message: str
    refused: bool = False

    @property
    def moved(self) -> bool:
        return self.before is not self.after


@dataclass(frozen=True)
class Deprecation:
    """What ``deprecate`` did: the new record and, with ``mark``, the model edit's diff."""

    record: ColumnRecord
    mark_diff: str | None = None


def deprecate(
    project: Project,
    column: ColumnRef,
    reason: str,
    replacement: ColumnRef | None = None,
    *,
    force: bool = False,
    mark: bool = False,
    now: datetime | None = None,
) -> Deprecation:
    """Start tracking ``column``; the models must declare it unless ``force``.

    With ``mark`` the model stops loading the column by default (``deferred=True``) and says
    why in a comment, so plain SELECTs survive the column's removal even before the code is
    cleaned up. The record and the model are written together, or neither is: a model that
    cannot be marked leaves the state file as it was.
    """
    from colretire import analysis  # libcst is heavy; only commands that scan load it

    index = analysis.index_project(
        project.root,
        project.config.source,
        exclude=project.config.exclude,
        cache_dir=project.config.cache_dir,
    )
    if column not in index.declared_columns() and not force:
        raise UnknownColumn(
            str(column),
            index.suggest(column),
            hint="pass --force to track it anyway, e.g. for a column only the database has",
        )
    event = lifecycle.Deprecate(reason, replacement, index.definition(column))
    stamp = project.stamp(now)
    with Transaction(project.root, "deprecate --mark" if mark else "deprecate") as transaction:
        state = statefile.update(
            project.config.state,
            lambda s: s.with_record(lifecycle.apply(s.get(column), column, event, stamp)),
            transaction=transaction,
        )
        record = state.get(column)
        assert record is not None
        if not mark:
            return Deprecation(record)
        from colretire.rewrite import mark_deprecated_in_model

        state_path = project.config.relative(project.config.state)
        diff = mark_deprecated_in_model(
            project.root, column, index, state_path=state_path, transaction=transaction
        )
    return Deprecation(record, diff)


def scan_summary(project: Project, column: ColumnRef) -> ScanSummary:
    """The reference scan reduced to the figures the lifecycle takes as evidence."""
    from colretire import analysis

    result = analysis.scan(
        project.root,
        column,
        project.config.source,
        exclude=project.config.exclude,
        cache_dir=project.config.cache_dir,
        registry=models_registry(project),
    )
    return result.summary()


def models_registry(project: Project) -> Registry | None:
    """SQLAlchemy's own mapping of the models the ``metadata`` setting names, where they
    import (see :mod:`colretire.analysis.registry`); else the scan reads the source."""
    config = project.config
    probe = models_probe(project.root, config.metadata, tuple(config.source), config.cache_dir)
    return probe.registry if probe is not None else None


@functools.lru_cache(maxsize=8)
def models_probe(
    root: Path, metadata: str | None, source: tuple[Path, ...], cache_dir: Path | None
) -> Probe | None:
    """The registry of the models ``metadata`` names (``app.models:Base``), imported with
    the project's paths first; ``None`` when the setting is absent."""
    if not metadata:
        return None
    from colretire.analysis.registry import read_registry
    from colretire.db import import_paths  # sqlalchemy is loaded only where it is needed

    module = metadata.partition(":")[0]
    return read_registry(root, [module], import_paths(root, source), cache_dir=cache_dir)


def advance(
    project: Project,
    columns: Sequence[ColumnRef] = (),
    *,
    force_reason: str | None = None,
    accept_reason: str | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """Move each column (all tracked ones when none is named) as far as its evidence allows:
    one step per command, so every step has its own history entry. ``accept_reason``
    accepts the occurrences a scan could not judge, for the step into ``unreferenced``."""
    state = project.state()
    records = _select(state, columns)
    stamp = project.stamp(now)
    # Once per command, not per column: git's view of the scanned files is evidence too.
    uncommitted = git.uncommitted_python_files(project.root, project.config.source)
    events = {
        r.column: (
            lifecycle.Force(force_reason)
            if force_reason is not None
            else _evidence(project, state, r, uncommitted, accept_reason)
        )
        for r in records
    }
    outcomes: list[Outcome] = []

    def change(current: State) -> State:
        outcomes.clear()
        for column, event in events.items():
            record = current.get(column)
            if event is None or record is None:
                outcomes.append(_standing(record, column))
                continue
            if isinstance(event, Unread):
                outcomes.append(Outcome(column, record.stage, record.stage, event.message, True))
                continue
            try:
                new = lifecycle.apply(record, column, event, stamp)
            except TransitionRefused as refusal:
                outcomes.append(Outcome(column, record.stage, record.stage, refusal.message, True))
                continue
            current = current.with_record(new)
            outcomes.append(_moved(record, new))
        return current

    _update(project, change, "advance")
    return outcomes


def _select(state: State, columns: Sequence[ColumnRef]) -> list[ColumnRecord]:
    if not columns:
        return [
            r for r in state.columns.values() if r.stage not in (Stage.DROPPED, Stage.CANCELLED)
        ]
    records = []
    for column in columns:
        record = state.get(column)
        if record is None:
            raise TransitionRefused(
                f"{column} is not tracked; start with: colretire deprecate {column}"
            )
        records.append(record)
    return records


@dataclass(frozen=True)
class Unread:
    """A scan that could not read some files or directories: it certifies nothing, since
    the references in them are unknown."""

    column: ColumnRef
    stage: Stage
    paths: tuple[str, ...]

    @property
    def message(self) -> str:
        shown = ", ".join(self.paths)
        return (
            f"stays '{self.stage}': the scan could not read {shown}, so the references in "
            f"them are unknown; make them readable, or exclude them in [tool.colretire] "
            f"(colretire refs {self.column} says why each could not be read), and advance again"
        )


def _evidence(
    project: Project,
    state: State,
    record: ColumnRecord,
    uncommitted: int,
    accept_reason: str | None = None,
) -> lifecycle.Event | Unread | None:
    """The event the record's stage waits for, gathered from the code, git and the state."""
    if record.stage not in (Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED):
        return None
    summary = replace(scan_summary(project, record.column), uncommitted_files=uncommitted)
    forward = record.stage in (Stage.DEPRECATED, Stage.UNREFERENCED)
    if summary.unreadable and not summary.references and forward:
        return Unread(record.column, record.stage, summary.unreadable)
    if record.stage is Stage.UNREFERENCED:
        # Regressed: references came back, or unexplained occurrences nobody accepted.
        if summary.references or lifecycle.regression(record, summary):
            return lifecycle.Scanned(summary)
        return release_evidence(project, state, record)
    return lifecycle.Scanned(summary, accept_reason)


def release_evidence(
    project: Project, state: State, record: ColumnRecord
) -> lifecycle.Released | None:
    """The first release that proves the column waited, or the latest one to explain why not.

    With ``release_tags`` set, a matching git tag that contains the commit at which the column
    became unreferenced is the proof. Otherwise (or when no tag does), a release recorded with
    ``colretire release`` after that moment, whose commit contains that commit when git knows.
    """
    entry = record.last_entry(Stage.UNREFERENCED)
    commit = entry.stamp.commit if entry else None
    if project.config.release_tags and commit:
        tags = git.tags_containing(project.root, commit, project.config.release_tags)
        if tags:
            tag_release = Release(
                tags[0], datetime.now(timezone.utc), git.tag_commit(project.root, tags[0])
            )
            return lifecycle.Released(tag_release, contains_commit=True)
    candidates = [_recorded(project, release, commit) for release in state.releases]
    for candidate in candidates:
        if entry and lifecycle.release_proves_wait(entry, candidate):
            return candidate
    return candidates[-1] if candidates else None


def _recorded(project: Project, release: Release, commit: str | None) -> lifecycle.Released:
    contains = (
        git.is_ancestor(project.root, commit, release.commit) if commit and release.commit else None
    )
    return lifecycle.Released(release, contains_commit=contains)


def _standing(record: ColumnRecord | None, column: ColumnRef) -> Outcome:
    stage = record.stage if record else None
    if record is not None and record.stage is Stage.UNREFERENCED:
        text = "no release yet proves that it waited: " + lifecycle.next_action(record)
        return Outcome(column, stage, stage, text, refused=True)
    return Outcome(column, stage, stage, f"stays '{stage}'")


def _moved(before: ColumnRecord, after: ColumnRecord) -> Outcome:
    if after is before:
        return Outcome(before.column, before.stage, after.stage, f"stays '{after.stage}'")
    entry = after.history[-1]
    detail = entry.evidence or entry.note
    verb = "regressed to" if after.regressed else "moved to"
    text = f"{verb} '{after.stage}'" + (f" ({detail})" if detail else "")
    if entry.override:
        text = f"OVERRIDE: {text}, reason: {entry.note}"
    return Outcome(before.column, before.stage, after.stage, text)


def record_release(
    project: Project, version: str, *, now: datetime | None = None
) -> tuple[Release, list[Outcome]]:
    """Record a shipped release and advance the columns it proves have waited."""
    if version.split() != [version]:  # empty, blank, or more than one word
        raise ColretireError(
            f"{version!r} is not a release version: give one word such as 1.4.0 or v1.4.0"
        )
    stamp = project.stamp(now)
    release = Release(version, stamp.at, stamp.commit)
    outcomes: list[Outcome] = []

    def change(current: State) -> State:
        outcomes.clear()
        if any(r.version == version for r in current.releases):
            raise TransitionRefused(f"release {version} is already recorded; see: colretire status")
        current = current.with_release(release)
        for record in list(current.columns.values()):
            if record.stage is not Stage.UNREFERENCED:
                continue
            entry = record.last_entry(Stage.UNREFERENCED)
            commit = entry.stamp.commit if entry else None
            event = _recorded(project, release, commit)
            try:
                new = lifecycle.apply(record, record.column, event, stamp)
            except TransitionRefused as refusal:
                outcomes.append(
                    Outcome(record.column, record.stage, record.stage, refusal.message, True)
                )
                continue
            current = current.with_record(new)
            outcomes.append(_moved(record, new))
        return current

    _update(project, change, "release")
    return release, outcomes


def mark_dropped(
    project: Project,
    column: ColumnRef,
    revision: str,
    *,
    override_reason: str | None = None,
    now: datetime | None = None,
    transaction: Transaction | None = None,
) -> ColumnRecord:
    """Record that ``revision`` drops ``column``: the only way into ``dropped``.

    Refused unless the column is at ``waited-one-release``; with ``override_reason`` it is
    recorded as an override from whatever stage the column is at. With ``transaction`` the
    record is written with its other files (the revision), or not at all.
    """
    stamp = project.stamp(now)
    event: lifecycle.Event = (
        lifecycle.Dropped(revision)
        if override_reason is None
        else lifecycle.OverrideDrop(override_reason, revision)
    )
    state = _update(
        project,
        lambda s: s.with_record(lifecycle.apply(s.get(column), column, event, stamp)),
        "drop",
        transaction,
    )
    record = state.get(column)
    assert record is not None
    return record


def cancel(
    project: Project, column: ColumnRef, reason: str, *, now: datetime | None = None
) -> ColumnRecord:
    stamp = project.stamp(now)
    event = lifecycle.Cancel(reason)
    state = _update(
        project,
        lambda s: s.with_record(lifecycle.apply(s.get(column), column, event, stamp)),
        "cancel",
    )
    record = state.get(column)
    assert record is not None
    return record


def _update(
    project: Project,
    change: Callable[[State], State],
    command: str,
    transaction: Transaction | None = None,
) -> State:
    """``change`` applied to the state file, in ``transaction`` or in one of its own."""
    if transaction is not None:
        return statefile.update(project.config.state, change, transaction=transaction)
    with Transaction(project.root, command) as own:
        return statefile.update(project.config.state, change, transaction=own)


_ON_THE_WAY = (Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED)


@dataclass(frozen=True)
class StatusRow:
    """One tracked column as ``status`` and ``checklist`` show it.

    ``unexplained`` counts the occurrences of its names the scan could not judge, and
    ``unaccepted`` those of them no recorded acceptance covers (see
    :func:`colretire.lifecycle.unaccepted`); both ``None`` when not scanned."""

    record: ColumnRecord
    references: int | None
    next_action: str
    unexplained: int | None = None
    unaccepted: int | None = None

    @property
    def blocked(self) -> bool:
        """Still (or again) referenced, or past ``deprecated`` with unexplained occurrences
        nobody accepted: the code must change before the column can move on. A column
        forced past its scan by an override is not blocked by it."""
        stage = self.record.stage
        if stage not in _ON_THE_WAY:
            return False
        if stage is not Stage.DEPRECATED and self.unaccepted:
            return True  # unaccepted() is empty for a column forced past its scan
        if not self.references:
            return False
        entry = self.record.last_entry(Stage.UNREFERENCED)
        return stage is Stage.DEPRECATED or not (entry and entry.override)


def status(project: Project, *, scan: bool = True) -> tuple[State, list[StatusRow]]:
    """Every tracked column with its reference and unexplained counts (``None`` when not
    scanned)."""
    state = project.state()
    rows = []
    for name in sorted(state.columns):
        record = state.columns[name]
        if not (scan and record.stage in _ON_THE_WAY):
            action = lifecycle.next_action(record, project.config.release_tags)
            rows.append(StatusRow(record, None, action))
            continue
        summary = scan_summary(project, record.column)
        unaccepted = len(lifecycle.unaccepted(record, summary.unexplained))
        action = lifecycle.next_action(
            record, project.config.release_tags, summary.references, unaccepted
        )
        rows.append(
            StatusRow(record, summary.references, action, len(summary.unexplained), unaccepted)
        )
    return state, rows
