"""The stage rules, pure: no I/O, no clock, no git. Time and evidence are arguments.

A column moves ``deprecated -> unreferenced -> waited-one-release -> dropped``, one stage at a
time, each step on its own evidence:

============================  =========================================================
event                         effect
============================  =========================================================
:class:`Deprecate`            starts tracking (or re-tracks a cancelled column)
:class:`Scanned`              no references: ``deprecated -> unreferenced``, and no
                              unexplained occurrence unless a person accepts them;
                              references, or unexplained occurrences not accepted,
                              after that: back to ``deprecated`` (regressed)
:class:`Released`             a release after the column became unreferenced:
                              ``unreferenced -> waited-one-release``
:class:`Dropped`              a drop revision was written: ``waited-one-release -> dropped``
:class:`Cancel`               withdraws the deprecation, keeps the history
:class:`Force`                one step forward without evidence, recorded as an override
============================  =========================================================

:func:`apply` returns the new record, the same record when the event changes nothing, or
raises :class:`~colretire.errors.TransitionRefused` naming the missing evidence.
:func:`check_drop` is the one rule every drop guard asks.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from colretire.errors import TransitionRefused
from colretire.model import (
    Acceptance,
    AcceptedOccurrence,
    ColumnDefinition,
    ColumnRecord,
    ColumnRef,
    HistoryEntry,
    Occurrence,
    Release,
    ScanSummary,
    Stage,
    Stamp,
    Verdict,
)

DOCS = "see docs/lifecycle.md"


@dataclass(frozen=True)
class Deprecate:
    reason: str
    replacement: ColumnRef | None = None
    definition: ColumnDefinition | None = None


@dataclass(frozen=True)
class Scanned:
    """A reference scan as evidence. ``accept`` is the reason a person gives for accepting
    the occurrences the scan could not judge (``advance --accept-unexplained --reason``);
    ``None`` when nobody accepted them."""

    summary: ScanSummary
    accept: str | None = None


@dataclass(frozen=True)
class Released:
    """A release as evidence. ``contains_commit`` is git's answer to "does the release contain
    the commit at which the column became unreferenced?"; ``None`` when git cannot tell, and
    then the release must have been recorded after the column became unreferenced."""

    release: Release
    contains_commit: bool | None = None


@dataclass(frozen=True)
class Dropped:
    revision: str


@dataclass(frozen=True)
class Cancel:
    reason: str


@dataclass(frozen=True)
class Force:
    reason: str


@dataclass(frozen=True)
class OverrideDrop:
    """An emergency drop against the rules, from any stage (or an untracked column): the
    record goes straight to ``dropped`` and the history says who overrode it and why."""

    reason: str
    revision: str | None = None


Event = Deprecate | Scanned | Released | Dropped | Cancel | Force | OverrideDrop


class Moment(str, enum.Enum):
    """When a drop is being judged: while a migration is written, or while one runs."""

    GENERATE = "generate"
    RUN = "run"


def apply(
    record: ColumnRecord | None, column: ColumnRef, event: Event, stamp: Stamp
) -> ColumnRecord:
    """The record after ``event``; raises :class:`TransitionRefused` when the rules say no."""
    if isinstance(event, Deprecate):
        return _deprecate(record, column, event, stamp)
    if isinstance(event, OverrideDrop):
        return _override_drop(record, column, event, stamp)
    if record is None:
        raise TransitionRefused(
            f"{column} is not tracked; start with: colretire deprecate {column}"
        )
    if record.stage is Stage.CANCELLED and not isinstance(event, Force):
        raise TransitionRefused(
            f"{column} was cancelled; deprecate it again to resume its retirement"
        )
    if isinstance(event, Scanned):
        return _scanned(record, event, stamp)
    if isinstance(event, Released):
        return _released(record, event, stamp)
    if isinstance(event, Dropped):
        return _dropped(record, event, stamp)
    if isinstance(event, Cancel):
        return _cancel(record, event, stamp)
    return _force(record, event, stamp)


def _deprecate(
    record: ColumnRecord | None, column: ColumnRef, event: Deprecate, stamp: Stamp
) -> ColumnRecord:
    entry = HistoryEntry(Stage.DEPRECATED, stamp, note=event.reason)
    if record is None:
        return ColumnRecord(
            column, Stage.DEPRECATED, event.reason, (entry,), event.replacement, event.definition
        )
    if record.stage is not Stage.CANCELLED:
        raise TransitionRefused(
            f"{column} is already deprecated: its stage is '{record.stage}' since "
            f"{record.since:%Y-%m-%d}; see it with: colretire status"
        )
    entry = HistoryEntry(Stage.DEPRECATED, stamp, previous=record.stage, note=event.reason)
    return record.with_entry(
        entry,
        reason=event.reason,
        replacement=event.replacement,
        definition=event.definition or record.definition,
    )


def _scanned(record: ColumnRecord, event: Scanned, stamp: Stamp) -> ColumnRecord:
    scan = event.summary
    if event.accept is not None and not event.accept.strip():
        raise TransitionRefused(
            "accepting unexplained occurrences needs a reason: pass --reason TEXT"
        )
    if record.stage is Stage.DEPRECATED:
        _require_clean_scan(record.column, scan)
        acceptance = _acceptance(record.column, scan, event.accept)
        evidence = scan.describe() + (" accepted" if acceptance else "")
        return record.with_entry(
            HistoryEntry(
                Stage.UNREFERENCED, stamp, record.stage, evidence=evidence, acceptance=acceptance
            )
        )
    if record.stage in (Stage.UNREFERENCED, Stage.WAITED):
        why = regression(record, scan)
        if why is None:
            return record
        return record.with_entry(
            HistoryEntry(Stage.DEPRECATED, stamp, record.stage, evidence=f"regressed: {why}")
        )
    return record


def _acceptance(column: ColumnRef, scan: ScanSummary, reason: str | None) -> Acceptance | None:
    """The acceptance of the scan's unexplained occurrences; refused when there are some and
    nobody accepted them. ``None`` when there is nothing to accept."""
    if not scan.unexplained:
        return None
    if reason is None:
        raise TransitionRefused(
            f"{column} cannot become unreferenced: the scan left {len(scan.unexplained)} "
            "unexplained occurrence(s) of its names that the analysis could not judge; list "
            f"them with: colretire refs {column}, then remove them, or accept them with: "
            f"colretire advance {column} --accept-unexplained --reason TEXT"
        )
    occurrences = tuple(
        AcceptedOccurrence(o.path, o.line, o.snippet) for o in sorted(scan.unexplained)
    )
    return Acceptance(reason, occurrences)


def regression(record: ColumnRecord, scan: ScanSummary) -> str | None:
    """What in ``scan`` sends a column at ``unreferenced`` or ``waited-one-release`` back to
    ``deprecated``: references, or unexplained occurrences the step into ``unreferenced``
    did not accept. ``None`` when nothing does, and for a column a person forced past its
    scan (status still shows the counts)."""
    if record.stage not in (Stage.UNREFERENCED, Stage.WAITED) or _forced_past_references(record):
        return None
    if scan.references:
        return scan.describe()
    new = unaccepted(record, scan.unexplained)
    if new:
        return (
            f"{len(new)} unexplained occurrence(s) not accepted when it became unreferenced, "
            f"the first at {new[0].path}:{new[0].line}"
        )
    return None


def unaccepted(record: ColumnRecord, unexplained: Sequence[Occurrence]) -> tuple[Occurrence, ...]:
    """The occurrences of ``unexplained`` that no acceptance recorded for ``record`` covers.

    At ``deprecated``, all of them: ``advance`` needs them accepted. At ``unreferenced`` and
    ``waited-one-release``, those the step into ``unreferenced`` did not accept: the new
    ones, a regression. An accepted occurrence is matched by its file and the text of its
    line, counted (two equal lines are two occurrences), never by its line number alone, so
    an edit above it that moves it changes nothing. None for a column forced past its scan
    or no longer on its way out.
    """
    if record.stage is Stage.DEPRECATED:
        return tuple(sorted(unexplained))
    if record.stage not in (Stage.UNREFERENCED, Stage.WAITED) or _forced_past_references(record):
        return ()
    entry = record.last_entry(Stage.UNREFERENCED)
    accepted = entry.acceptance.occurrences if entry and entry.acceptance else ()
    left = Counter((a.path, a.text) for a in accepted)
    new = []
    for occurrence in sorted(unexplained):
        key = (occurrence.path, occurrence.snippet)
        if left[key]:
            left[key] -= 1
        else:
            new.append(occurrence)
    return tuple(new)


def _require_clean_scan(column: ColumnRef, scan: ScanSummary) -> None:
    """Refuse ``unreferenced`` unless the scan proves it: no reference, every file parsed,
    at least one file read, and nothing uncommitted (the commit is what releases contain)."""
    refused = f"{column} cannot become unreferenced: "
    if scan.references:
        raise TransitionRefused(
            f"{refused}the {scan.describe()}; list them with: colretire refs {column}"
        )
    if scan.unparsed_files:
        raise TransitionRefused(
            f"{refused}{scan.unparsed_files} file(s) did not parse, so the scan proves "
            "nothing; fix them and advance again"
        )
    if not scan.files_scanned:
        raise TransitionRefused(
            f"{refused}the scan read no file; check 'source' in [tool.colretire]"
        )
    if scan.uncommitted_files:
        raise TransitionRefused(
            f"{refused}{scan.uncommitted_files} scanned file(s) have uncommitted changes; "
            "commit them and advance again (the commit is the evidence a release must contain)"
        )


def _forced_past_references(record: ColumnRecord) -> bool:
    """Whether the column entered ``unreferenced`` by an override, against the scan."""
    entry = record.last_entry(Stage.UNREFERENCED)
    return entry is not None and entry.override


def _released(record: ColumnRecord, event: Released, stamp: Stamp) -> ColumnRecord:
    if record.stage is Stage.DEPRECATED:
        raise TransitionRefused(
            f"{record.column} cannot have waited a release: it is still 'deprecated'; remove "
            f"its references and run colretire advance first ({DOCS})"
        )
    if record.stage is not Stage.UNREFERENCED:
        return record
    unreferenced = record.last_entry(Stage.UNREFERENCED)
    assert unreferenced is not None  # a record reaches this stage only through an entry
    if not release_proves_wait(unreferenced, event):
        point = unreferenced.stamp.commit or f"{unreferenced.stamp.at:%Y-%m-%d %H:%M}"
        raise TransitionRefused(
            f"{record.column} has not waited a release: release {event.release.version} "
            f"{_why_not(event)} the point at which the column became unreferenced ({point}); "
            "ship a later release"
        )
    evidence = f"release {event.release.version}"
    if event.contains_commit:
        evidence += f" contains commit {unreferenced.stamp.commit}"
    else:
        evidence += f" recorded {event.release.at:%Y-%m-%d %H:%M} after the column was unreferenced"
    return record.with_entry(HistoryEntry(Stage.WAITED, stamp, record.stage, evidence=evidence))


def release_proves_wait(unreferenced: HistoryEntry, event: Released) -> bool:
    """Whether ``event`` shows a release shipped after the ``unreferenced`` step."""
    if event.contains_commit is not None:
        return event.contains_commit
    return event.release.at > unreferenced.stamp.at


def _why_not(event: Released) -> str:
    return "does not contain" if event.contains_commit is False else "was recorded before"


def _dropped(record: ColumnRecord, event: Dropped, stamp: Stamp) -> ColumnRecord:
    verdict = check_drop(record, record.column, Moment.GENERATE)
    if not verdict.allowed:
        raise TransitionRefused(verdict.message())
    return record.with_entry(
        HistoryEntry(
            Stage.DROPPED,
            stamp,
            record.stage,
            evidence=f"drop revision {event.revision}",
            revision=event.revision,
        )
    )


def _cancel(record: ColumnRecord, event: Cancel, stamp: Stamp) -> ColumnRecord:
    if record.stage is Stage.DROPPED:
        raise TransitionRefused(
            f"{record.column} is already dropped; to bring it back use: "
            f"colretire restore {record.column}"
        )
    return record.with_entry(HistoryEntry(Stage.CANCELLED, stamp, record.stage, note=event.reason))


def _force(record: ColumnRecord, event: Force, stamp: Stamp) -> ColumnRecord:
    if not event.reason.strip():
        raise TransitionRefused("an override needs a reason: pass --reason TEXT")
    target = {Stage.DEPRECATED: Stage.UNREFERENCED, Stage.UNREFERENCED: Stage.WAITED}.get(
        record.stage
    )
    if target is None:
        raise TransitionRefused(
            f"{record.column} cannot be forced past '{record.stage}': "
            + (
                f"the only way to 'dropped' is: colretire drop {record.column}"
                if record.stage is Stage.WAITED
                else "it is not on its way out"
            )
        )
    return record.with_entry(
        HistoryEntry(
            target, stamp, record.stage, note=event.reason, override=True, evidence="override"
        )
    )


def _override_drop(
    record: ColumnRecord | None, column: ColumnRef, event: OverrideDrop, stamp: Stamp
) -> ColumnRecord:
    if not event.reason.strip():
        raise TransitionRefused(f"an override to drop {column} needs a reason")
    entry = HistoryEntry(
        Stage.DROPPED,
        stamp,
        record.stage if record else None,
        evidence="override",
        note=event.reason,
        override=True,
        revision=event.revision,
    )
    if record is None:
        return ColumnRecord(column, Stage.DROPPED, event.reason, (entry,))
    return record.with_entry(entry)


def check_drop(
    record: ColumnRecord | None, column: ColumnRef, moment: Moment, revision: str | None = None
) -> Verdict:
    """May ``column`` be dropped now?

    While a migration is being written (``GENERATE``) the column must be at
    ``waited-one-release``. While a migration runs (``RUN``) it must be ``dropped``, that is,
    the drop went through ``colretire drop`` (or a guarded autogenerate), and when both the
    recorded and the running revision are known they must be the same.
    """
    stage = record.stage if record else None
    if record is None:
        return Verdict(
            column,
            False,
            None,
            "it is not tracked by colretire",
            f"start its retirement with: colretire deprecate {column} ({DOCS})",
        )
    if moment is Moment.GENERATE:
        if stage is Stage.WAITED:
            return Verdict(column, True, stage, "it has waited one release")
        return Verdict(column, False, stage, f"its stage is '{stage}'", _next_for_drop(record))
    if stage is Stage.DROPPED:
        dropped_by = record.history[-1].revision
        if revision and dropped_by and revision != dropped_by:
            return Verdict(
                column,
                False,
                stage,
                f"it was retired by revision {dropped_by}, not by {revision}",
                "remove this drop from the migration",
            )
        return Verdict(column, True, stage, "its drop was written by colretire drop")
    if stage is Stage.WAITED:
        return Verdict(
            column,
            False,
            stage,
            "its stage is 'waited-one-release' but the drop was not written by colretire",
            f"write the drop with: colretire drop {column}",
        )
    return Verdict(column, False, stage, f"its stage is '{stage}'", _next_for_drop(record))


def _next_for_drop(record: ColumnRecord) -> str:
    return {
        Stage.DEPRECATED: "remove its references and run colretire advance; it can be dropped "
        f"one release after it is unreferenced ({DOCS})",
        Stage.UNREFERENCED: f"it can be dropped after one release ({DOCS})",
        Stage.DROPPED: f"it was already dropped by revision {record.history[-1].revision}",
        Stage.CANCELLED: "its deprecation was cancelled; deprecate it again first",
        Stage.WAITED: f"write the drop with: colretire drop {record.column}",
    }[record.stage]


def next_action(
    record: ColumnRecord,
    release_tags: str | None = None,
    references: int | None = None,
    unaccepted: int = 0,
) -> str:
    """What the team has to do next for this column, in one line; ``references`` is the
    latest scan's count when one was made, ``unaccepted`` the number of its unexplained
    occurrences no acceptance covers (:func:`unaccepted`)."""
    column = record.column
    if record.stage is Stage.DEPRECATED and references == 0 and unaccepted:
        return (
            f"no references left, but {unaccepted} unexplained occurrence(s) to judge "
            f"(colretire refs {column}): remove them, or accept them with: colretire advance "
            f"{column} --accept-unexplained --reason TEXT"
        )
    if record.stage is Stage.DEPRECATED and references == 0:
        return "no references left: colretire advance"
    on_its_way = record.stage in (Stage.UNREFERENCED, Stage.WAITED)
    if on_its_way and references and not (_forced_past_references(record)):
        return (
            f"its references came back: remove them (colretire refs {column}); "
            "until then colretire advance moves it back to deprecated"
        )
    if on_its_way and unaccepted and not _forced_past_references(record):
        return (
            f"{unaccepted} new unexplained occurrence(s) of its names, not accepted when it "
            f"became unreferenced: remove them (colretire refs {column}); until then "
            "colretire advance moves it back to deprecated"
        )
    release_hint = (
        f"tag a release matching {release_tags!r}" if release_tags else "colretire release VERSION"
    )
    return {
        Stage.DEPRECATED: f"remove its references (colretire refs {column}), then colretire advance",
        Stage.UNREFERENCED: f"ship a release ({release_hint}), then colretire advance",
        Stage.WAITED: f"write the drop migration: colretire drop {column}",
        Stage.DROPPED: "nothing: it is dropped",
        Stage.CANCELLED: "nothing: its retirement was cancelled",
    }[record.stage]
