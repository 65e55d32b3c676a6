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
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

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
    Severity,
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
    """May ``column`` be dropped now? Never when its history does not verify
    (:func:`verify_history`, its shape only: the git and release checks are ``check``'s).

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
    unverified = _first_error(record)
    if unverified is not None:
        return Verdict(
            column,
            False,
            stage,
            f"its history does not verify: {describe_finding(record, unverified)}",
            "see every finding with: colretire check; the state file is the proof of the "
            "lifecycle, so fix it or restore it from version control (see docs/trust.md)",
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


# -- verifying a recorded history ------------------------------------------------------------


class Git(Protocol):
    """What git answers about the commits and tags a history names; ``None`` when it cannot
    tell (no checkout, a shallow clone, no git). The lifecycle asks, the caller runs git."""

    def exists(self, commit: str) -> bool | None:
        """Whether the commit is in the repository."""

    def is_ancestor(self, older: str, newer: str) -> bool | None:
        """Whether commit ``older`` is in the history of ``newer`` (a commit or ``HEAD``)."""

    def tag_exists(self, tag: str) -> bool | None:
        """Whether the repository has the tag."""

    def tag_contains(self, tag: str, commit: str) -> bool | None:
        """Whether commit ``commit`` is in the history of tag ``tag``."""

    def unknown(self) -> str:
        """Why an answer was ``None``, for the warning: "not a git checkout", ..."""


@dataclass(frozen=True)
class HistoryFinding:
    """A problem of one history entry (``entry`` is its 0-based index); a warning when
    something could not be verified rather than found wrong."""

    entry: int
    code: str
    message: str
    severity: Severity = Severity.ERROR


#: The codes of history verification, one line each; docs/check.md lists them.
HISTORY_CODES: dict[str, str] = {
    "CR501": "a history entry is earlier than the entry before it",
    "CR502": "a history entry is not a legal step from the entry before it (a skipped stage)",
    "CR503": "a history entry lacks the evidence its step needs, or its evidence refutes it",
    "CR504": "an override in the history gives no reason",
    "CR505": "a commit named in the history is not in the repository or not an ancestor of HEAD",
    "CR506": "a release tag named as evidence does not contain the commit of the unreferenced step",
    "CR510": "a commit or tag named in the history could not be verified (no git, shallow clone)",
}

#: Every stage a stage may be followed by (``None``: the first entry); overrides aside.
STEPS: dict[Stage | None, frozenset[Stage]] = {
    None: frozenset({Stage.DEPRECATED}),
    Stage.DEPRECATED: frozenset({Stage.UNREFERENCED, Stage.CANCELLED}),
    Stage.UNREFERENCED: frozenset({Stage.WAITED, Stage.DEPRECATED, Stage.CANCELLED}),
    Stage.WAITED: frozenset({Stage.DROPPED, Stage.DEPRECATED, Stage.CANCELLED}),
    Stage.DROPPED: frozenset(),
    Stage.CANCELLED: frozenset({Stage.DEPRECATED}),
}

_SCAN = re.compile(
    r"(?P<regressed>regressed: )?scan found (?P<references>\d+) reference\(s\) in "
    r"(?P<files>\d+) file\(s\)(?:, (?P<unparsed>\d+) file\(s\) did not parse)?"
)
_RELEASE = re.compile(r"release (?P<version>\S+) ")


class _Unproven(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def verify_history(
    record: ColumnRecord, releases: Sequence[Release] | None = None, git: Git | None = None
) -> tuple[HistoryFinding, ...]:
    """Replay ``record``'s history through :func:`apply`: each entry must be a legal step from
    the one before, in time order, carrying the evidence its step needs.

    ``releases`` (the state file's) lets a release named as evidence be looked up; ``git``
    lets the commits and tags be checked. Without them only the history's own shape is
    verified, as the drop guard does while a migration runs.
    """
    findings: list[HistoryFinding] = []
    before: ColumnRecord | None = None
    for index, entry in enumerate(record.history):
        findings += _verify_entry(record, before, index, releases, git)
        findings += _verify_commit(index, entry.stamp.commit, "its commit", git)
        before = replace(record, stage=entry.stage, history=record.history[: index + 1])
    return tuple(findings)


def _verify_entry(
    record: ColumnRecord,
    before: ColumnRecord | None,
    index: int,
    releases: Sequence[Release] | None,
    git: Git | None,
) -> list[HistoryFinding]:
    entry = record.history[index]
    found = []
    if before is not None and entry.stamp.at < before.history[-1].stamp.at:
        found.append(HistoryFinding(index, "CR501", _earlier(before.history[-1], entry)))
    try:
        event, warnings = _claimed_event(record.column, before, entry, releases, git)
        _replay(record.column, before, entry, event)
    except _Unproven as problem:
        return [*found, HistoryFinding(index, problem.code, problem.message)]
    return found + [replace(w, entry=index) for w in warnings]


def _earlier(previous: HistoryEntry, entry: HistoryEntry) -> str:
    return (
        f"it is dated {entry.stamp.at:%Y-%m-%d %H:%M:%S}, before the entry it follows "
        f"({previous.stamp.at:%Y-%m-%d %H:%M:%S}); entries are in time order"
    )


def _replay(
    column: ColumnRef, before: ColumnRecord | None, entry: HistoryEntry, event: Event
) -> None:
    """Apply ``event`` as the rules would have; the result must be the entry's stage."""
    try:
        after = apply(before, column, event, entry.stamp)
    except TransitionRefused as refusal:
        code = "CR503" if isinstance(event, Scanned | Released) else "CR502"
        raise _Unproven(code, f"the rules refuse this step: {refusal.message}") from None
    if after is before or after.stage is not entry.stage:
        raise _Unproven("CR502", _illegal(before, entry))


def _illegal(before: ColumnRecord | None, entry: HistoryEntry) -> str:
    came_from = f"'{before.stage}'" if before else "the start (untracked)"
    allowed = sorted(s.value for s in STEPS[before.stage if before else None])
    return (
        f"'{entry.stage}' cannot follow {came_from}: the next stage is one of "
        f"{', '.join(allowed) or 'none'} (an override aside, {DOCS})"
    )


def _claimed_event(
    column: ColumnRef,
    before: ColumnRecord | None,
    entry: HistoryEntry,
    releases: Sequence[Release] | None,
    git: Git | None,
) -> tuple[Event, list[HistoryFinding]]:
    """The event the entry claims happened, built from its evidence; raises
    :class:`_Unproven` when the evidence is missing or refutes the step."""
    previous = before.stage if before else None
    if entry.previous is not None and entry.previous is not previous:
        raise _Unproven(
            "CR502",
            f"it says it came from '{entry.previous}' but the entry before it is "
            f"{repr(previous.value) if previous else 'none'}",
        )
    if entry.override:
        return _override(entry), []
    if entry.stage not in STEPS[previous]:
        raise _Unproven("CR502", _illegal(before, entry))
    if entry.stage is Stage.UNREFERENCED or (
        entry.stage is Stage.DEPRECATED and previous in (Stage.UNREFERENCED, Stage.WAITED)
    ):
        return Scanned(_scan(entry)), []
    if entry.stage is Stage.WAITED:
        assert before is not None  # STEPS: waited follows unreferenced
        return _release(before, entry, releases, git)
    if entry.stage is Stage.DROPPED:
        if not entry.revision:
            raise _Unproven("CR503", "it records no drop revision (revision = ...)")
        return Dropped(entry.revision), []
    if entry.stage is Stage.CANCELLED:
        return Cancel(entry.note), []
    return Deprecate(entry.note), []


def _override(entry: HistoryEntry) -> Event:
    if not entry.note.strip():
        raise _Unproven("CR504", "it is an override (override = true) without a reason (note)")
    if entry.stage is Stage.DROPPED:
        return OverrideDrop(entry.note, entry.revision)
    return Force(entry.note)


def _scan(entry: HistoryEntry) -> ScanSummary:
    """The scan figures the entry records as its evidence."""
    found = _SCAN.match(entry.evidence)
    regressed = entry.stage is Stage.DEPRECATED
    if found is None or bool(found["regressed"]) is not regressed:
        what = "the scan that found references again" if regressed else "a scan"
        raise _Unproven(
            "CR503",
            f"its evidence {entry.evidence!r} is not {what} ('scan found N reference(s) in "
            "M file(s)'); a step without evidence is an override (override = true, note = why)",
        )
    return ScanSummary(
        references=int(found["references"]),
        files_scanned=int(found["files"]),
        unparsed_files=int(found["unparsed"] or 0),
    )


def _release(
    before: ColumnRecord,
    entry: HistoryEntry,
    releases: Sequence[Release] | None,
    git: Git | None,
) -> tuple[Released, list[HistoryFinding]]:
    """The release the entry names, as the evidence it was when the step was taken."""
    found = _RELEASE.match(entry.evidence + " ")
    if found is None:
        raise _Unproven(
            "CR503",
            f"its evidence {entry.evidence!r} names no release ('release VERSION ...'); a step "
            "without evidence is an override (override = true, note = why)",
        )
    version = found["version"]
    unreferenced = before.last_entry(Stage.UNREFERENCED)
    commit = unreferenced.stamp.commit if unreferenced else None
    recorded = next((r for r in releases or () if r.version == version), None)
    if recorded is not None:
        return _recorded_release(recorded, commit, git)
    if releases is None or git is None:  # nothing to look it up in: the shape is all
        return Released(Release(version, entry.stamp.at), contains_commit=True), []
    return _tag_release(version, entry, commit, git)


def _recorded_release(
    release: Release, commit: str | None, git: Git | None
) -> tuple[Released, list[HistoryFinding]]:
    contains = None
    if git is not None and commit and release.commit:
        contains = git.is_ancestor(commit, release.commit)
    if contains is False:
        raise _Unproven(
            "CR506",
            f"release {release.version} (commit {release.commit}) does not contain commit "
            f"{commit}, at which the column became unreferenced",
        )
    warnings = _verify_commit(0, release.commit, f"release {release.version}'s commit", git)
    for warning in warnings:
        if warning.severity is Severity.ERROR:
            raise _Unproven(warning.code, warning.message)
    return Released(release, contains), warnings


def _tag_release(
    version: str, entry: HistoryEntry, commit: str | None, git: Git
) -> tuple[Released, list[HistoryFinding]]:
    if not commit:
        raise _Unproven(
            "CR503",
            f"it names release {version}, which the state file does not record, and the "
            "unreferenced step has no commit a release tag could contain",
        )
    contains = git.tag_contains(version, commit)
    if contains is False:
        raise _Unproven(
            "CR506",
            f"release tag {version} does not contain commit {commit}, at which the column "
            "became unreferenced",
        )
    if contains is None and git.tag_exists(version) is False:
        raise _Unproven(
            "CR503",
            f"it names release {version}, which is neither recorded in the state file nor a "
            "git tag",
        )
    warnings = []
    if contains is None:
        warnings.append(
            HistoryFinding(
                0,
                "CR510",
                f"could not verify that release tag {version} contains commit {commit}: "
                f"{git.unknown()}",
                Severity.WARNING,
            )
        )
    return Released(Release(version, entry.stamp.at), contains_commit=True), warnings


def _verify_commit(
    index: int, commit: str | None, what: str, git: Git | None
) -> list[HistoryFinding]:
    """A commit named in the history must be in the repository and an ancestor of HEAD."""
    if git is None or not commit:
        return []
    exists = git.exists(commit)
    if exists is False:
        return [HistoryFinding(index, "CR505", f"{what} {commit} is not in this git repository")]
    ancestor = git.is_ancestor(commit, "HEAD") if exists else None
    if ancestor is False:
        return [
            HistoryFinding(
                index,
                "CR505",
                f"{what} {commit} is not an ancestor of HEAD (a branch that was not merged, "
                "or history that was rewritten)",
            )
        ]
    if ancestor is None:
        return [
            HistoryFinding(
                index,
                "CR510",
                f"could not verify {what} {commit}: {git.unknown()}",
                Severity.WARNING,
            )
        ]
    return []


def _first_error(record: ColumnRecord) -> HistoryFinding | None:
    return next((f for f in verify_history(record) if f.severity is Severity.ERROR), None)


def describe_finding(record: ColumnRecord, finding: HistoryFinding) -> str:
    """``history entry 2 ('waited-one-release', 2026-01-05 10:00:00): <message>``."""
    entry = record.history[finding.entry]
    return (
        f"history entry {finding.entry + 1} ('{entry.stage}', {entry.stamp.at:%Y-%m-%d %H:%M:%S}): "
        f"{finding.message}"
    )
