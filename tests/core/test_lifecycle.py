"""The stage rules as one table: (stage, event) -> new stage, unchanged, or refusal."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from colretire.errors import TransitionRefused
from colretire.lifecycle import (
    Cancel,
    Deprecate,
    Dropped,
    Event,
    Force,
    Moment,
    OverrideDrop,
    Released,
    Scanned,
    apply,
    check_drop,
    next_action,
    unaccepted,
)
from colretire.model import (
    Acceptance,
    AcceptedOccurrence,
    ColumnRecord,
    ColumnRef,
    Occurrence,
    Release,
    ScanSummary,
    Stage,
    Stamp,
    Tier,
)

COLUMN = ColumnRef("tasks", "expected_completion_time")
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
STAMP = Stamp(T0 + timedelta(days=30), "Ada <ada@example.com>", "c0ffee", "1.4.0")
UNCHANGED = "unchanged"


def record_at(stage: Stage | None) -> ColumnRecord | None:
    """A record that walked the line up to ``stage`` (None: untracked)."""
    if stage is None:
        return None
    line: list[Event] = [
        Scanned(ScanSummary(references=0, files_scanned=12)),
        Released(Release("1.3.0", T0 + timedelta(days=1, hours=12))),
        Dropped("abc123"),
    ]
    stages = [Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED]
    walk = line[: stages.index(stage) + 1] if stage in stages else []
    if stage is Stage.CANCELLED:
        walk = [Cancel("not yet")]
    record = None
    for day, event in enumerate([Deprecate("replaced by eta"), *walk]):
        stamp = Stamp(T0 + timedelta(days=day), "Ada", f"commit{day}")
        record = apply(record, COLUMN, event, stamp)
    assert record is not None and record.stage is stage
    return record


CLEAN = Scanned(ScanSummary(references=0, files_scanned=12))
DIRTY = Scanned(ScanSummary(references=3, files_scanned=12))
UNPARSED = Scanned(ScanSummary(references=0, files_scanned=12, unparsed_files=1))
EMPTY = Scanned(ScanSummary(references=0, files_scanned=0))
UNCOMMITTED = Scanned(ScanSummary(references=0, files_scanned=12, uncommitted_files=2))


def unexplained(path: str, line: int, snippet: str) -> Occurrence:
    return Occurrence(
        path, line, 5, "expected_completion_time", Tier.UNEXPLAINED, None, "", snippet
    )


EXPORT = unexplained("app/export.py", 2, "return thing.expected_completion_time")
LABEL = unexplained("app/views.py", 7, 'label = row["expected_completion_time"]')
UNEXPLAINED = Scanned(ScanSummary(references=0, files_scanned=12, unexplained=(LABEL, EXPORT)))
ACCEPTED = Scanned(UNEXPLAINED.summary, accept="export() and label() only see report rows")
ACCEPT_NO_REASON = Scanned(UNEXPLAINED.summary, accept=" ")
LATER = Released(Release("1.4.0", T0 + timedelta(days=20)))
EARLIER = Released(Release("1.3.0", T0 - timedelta(days=1)))
TAG_CONTAINS = Released(Release("v1.4.0", T0), contains_commit=True)
TAG_MISSES = Released(Release("v1.4.0", T0 + timedelta(days=20)), contains_commit=False)
DEPRECATE = Deprecate("replaced by eta")
DROP = Dropped("abc123")
CANCEL = Cancel("we still need it")
FORCE = Force("release 1.4.0 shipped from a branch the tags do not cover")
FORCE_NO_REASON = Force("  ")
OVERRIDE_DROP = OverrideDrop("column already gone in production")

D, U, W, X, C = Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED, Stage.CANCELLED
ALL_STAGES: list[Stage | None] = [None, D, U, W, X, C]
ALL_EVENTS: dict[str, Event] = {
    "deprecate": DEPRECATE,
    "clean scan": CLEAN,
    "dirty scan": DIRTY,
    "unparsed scan": UNPARSED,
    "empty scan": EMPTY,
    "uncommitted scan": UNCOMMITTED,
    "unexplained scan": UNEXPLAINED,
    "accepted scan": ACCEPTED,
    "accept without reason": ACCEPT_NO_REASON,
    "later release": LATER,
    "earlier release": EARLIER,
    "tag contains": TAG_CONTAINS,
    "tag misses": TAG_MISSES,
    "drop": DROP,
    "cancel": CANCEL,
    "force": FORCE,
    "force without reason": FORCE_NO_REASON,
    "override drop": OVERRIDE_DROP,
}

# Every (stage, event) pair: a Stage is where the column ends up, UNCHANGED means the event
# is evidence of nothing new, and a string is the start of the refusal message.
TABLE: dict[tuple[Stage | None, str], Stage | str] = {
    (None, "deprecate"): D,
    **{
        (None, e): "tasks.expected_completion_time is not tracked"
        for e in ALL_EVENTS
        if e not in ("deprecate", "override drop")
    },
    (None, "override drop"): X,
    (
        D,
        "deprecate",
    ): "tasks.expected_completion_time is already deprecated: its stage is 'deprecated'",
    (D, "clean scan"): U,
    (
        D,
        "dirty scan",
    ): "tasks.expected_completion_time cannot become unreferenced: the scan found 3 reference(s)",
    (
        D,
        "unparsed scan",
    ): "tasks.expected_completion_time cannot become unreferenced: 1 file(s) did not parse",
    (
        D,
        "empty scan",
    ): "tasks.expected_completion_time cannot become unreferenced: the scan read no file",
    (
        D,
        "uncommitted scan",
    ): "tasks.expected_completion_time cannot become unreferenced: 2 scanned file(s) have uncommitted changes",
    (
        D,
        "unexplained scan",
    ): "tasks.expected_completion_time cannot become unreferenced: the scan left 2 unexplained occurrence(s)",
    (D, "accepted scan"): U,
    (D, "accept without reason"): "accepting unexplained occurrences needs a reason",
    (D, "later release"): "tasks.expected_completion_time cannot have waited a release",
    (D, "earlier release"): "tasks.expected_completion_time cannot have waited a release",
    (D, "tag contains"): "tasks.expected_completion_time cannot have waited a release",
    (D, "tag misses"): "tasks.expected_completion_time cannot have waited a release",
    (D, "drop"): "refusing to drop tasks.expected_completion_time: its stage is 'deprecated'",
    (D, "cancel"): C,
    (D, "force"): U,
    (D, "force without reason"): "an override needs a reason",
    (D, "override drop"): X,
    (
        U,
        "deprecate",
    ): "tasks.expected_completion_time is already deprecated: its stage is 'unreferenced'",
    (U, "clean scan"): UNCHANGED,
    (U, "dirty scan"): D,  # regressed
    (U, "unparsed scan"): UNCHANGED,
    (U, "empty scan"): UNCHANGED,
    (U, "uncommitted scan"): UNCHANGED,
    # record_at(U) became unreferenced accepting nothing: both occurrences are new. An
    # acceptance is evidence only for the step into unreferenced.
    (U, "unexplained scan"): D,
    (U, "accepted scan"): D,
    (U, "accept without reason"): "accepting unexplained occurrences needs a reason",
    (U, "later release"): W,
    (
        U,
        "earlier release",
    ): "tasks.expected_completion_time has not waited a release: release 1.3.0 was recorded before",
    (U, "tag contains"): W,
    (
        U,
        "tag misses",
    ): "tasks.expected_completion_time has not waited a release: release v1.4.0 does not contain",
    (
        U,
        "drop",
    ): "refusing to drop tasks.expected_completion_time: its stage is 'unreferenced'; it can be dropped after one release",
    (U, "cancel"): C,
    (U, "force"): W,
    (U, "force without reason"): "an override needs a reason",
    (U, "override drop"): X,
    (
        W,
        "deprecate",
    ): "tasks.expected_completion_time is already deprecated: its stage is 'waited-one-release'",
    (W, "clean scan"): UNCHANGED,
    (W, "dirty scan"): D,  # regressed: the release no longer proves anything
    (W, "unparsed scan"): UNCHANGED,
    (W, "empty scan"): UNCHANGED,
    (W, "uncommitted scan"): UNCHANGED,
    (W, "unexplained scan"): D,
    (W, "accepted scan"): D,
    (W, "accept without reason"): "accepting unexplained occurrences needs a reason",
    (W, "later release"): UNCHANGED,
    (W, "earlier release"): UNCHANGED,
    (W, "tag contains"): UNCHANGED,
    (W, "tag misses"): UNCHANGED,
    (W, "drop"): X,
    (W, "cancel"): C,
    (
        W,
        "force",
    ): "tasks.expected_completion_time cannot be forced past 'waited-one-release': the only way to 'dropped' is: colretire drop",
    (W, "force without reason"): "an override needs a reason",
    (W, "override drop"): X,
    (
        X,
        "deprecate",
    ): "tasks.expected_completion_time is already deprecated: its stage is 'dropped'",
    (X, "clean scan"): UNCHANGED,
    (X, "dirty scan"): UNCHANGED,
    (X, "unparsed scan"): UNCHANGED,
    (X, "empty scan"): UNCHANGED,
    (X, "uncommitted scan"): UNCHANGED,
    (X, "unexplained scan"): UNCHANGED,
    (X, "accepted scan"): UNCHANGED,
    (X, "accept without reason"): "accepting unexplained occurrences needs a reason",
    (X, "later release"): UNCHANGED,
    (X, "earlier release"): UNCHANGED,
    (X, "tag contains"): UNCHANGED,
    (X, "tag misses"): UNCHANGED,
    (
        X,
        "drop",
    ): "refusing to drop tasks.expected_completion_time: its stage is 'dropped'; it was already dropped by revision abc123",
    (
        X,
        "cancel",
    ): "tasks.expected_completion_time is already dropped; to bring it back use: colretire restore",
    (
        X,
        "force",
    ): "tasks.expected_completion_time cannot be forced past 'dropped': it is not on its way out",
    (X, "force without reason"): "an override needs a reason",
    (X, "override drop"): X,
    (C, "deprecate"): D,
    **{
        (C, e): "tasks.expected_completion_time was cancelled; deprecate it again"
        for e in ALL_EVENTS
        if e not in ("deprecate", "force", "force without reason", "override drop")
    },
    (
        C,
        "force",
    ): "tasks.expected_completion_time cannot be forced past 'cancelled': it is not on its way out",
    (C, "force without reason"): "an override needs a reason",
    (C, "override drop"): X,
}


def test_the_table_covers_every_stage_and_event() -> None:
    assert set(TABLE) == {(s, e) for s in ALL_STAGES for e in ALL_EVENTS}


@pytest.mark.parametrize(("stage", "event"), sorted(TABLE, key=lambda k: (str(k[0]), k[1])))
def test_transition(stage: Stage | None, event: str) -> None:
    expected = TABLE[stage, event]
    record = record_at(stage)
    if isinstance(expected, Stage):
        after = apply(record, COLUMN, ALL_EVENTS[event], STAMP)
        assert after.stage is expected
        assert after.history[-1].stamp == STAMP
        assert after.history[:-1] == (record.history if record else ())
    elif expected == UNCHANGED:
        assert apply(record, COLUMN, ALL_EVENTS[event], STAMP) is record
    else:
        with pytest.raises(TransitionRefused) as refused:
            apply(record, COLUMN, ALL_EVENTS[event], STAMP)
        assert refused.value.message.startswith(expected), refused.value.message


def test_regression_is_visible_in_the_record() -> None:
    after = apply(record_at(U), COLUMN, DIRTY, STAMP)
    assert after.regressed
    assert after.history[-1].evidence == "regressed: scan found 3 reference(s) in 12 file(s)"


def test_overrides_are_recorded_with_who_when_and_why() -> None:
    after = apply(record_at(D), COLUMN, FORCE, STAMP)
    entry = after.history[-1]
    assert (entry.override, entry.note, entry.stamp.by, entry.stamp.at) == (
        True,
        FORCE.reason,
        "Ada <ada@example.com>",
        STAMP.at,
    )


def test_release_evidence_names_the_release() -> None:
    after = apply(record_at(U), COLUMN, TAG_CONTAINS, STAMP)
    assert after.history[-1].evidence == "release v1.4.0 contains commit commit1"


def test_cancel_keeps_history_and_deprecating_again_resumes() -> None:
    cancelled = apply(record_at(U), COLUMN, CANCEL, STAMP)
    again = apply(cancelled, COLUMN, DEPRECATE, STAMP)
    assert [e.stage for e in again.history] == [D, U, C, D]


DROP_TABLE: list[tuple[Stage | None, Moment, str | None, bool, str]] = [
    (
        None,
        Moment.GENERATE,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: it is not tracked by colretire; start its retirement with: colretire deprecate tasks.expected_completion_time",
    ),
    (
        D,
        Moment.GENERATE,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'deprecated'; remove its references and run colretire advance",
    ),
    (
        U,
        Moment.GENERATE,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'unreferenced'; it can be dropped after one release (see docs/lifecycle.md)",
    ),
    (
        W,
        Moment.GENERATE,
        None,
        True,
        "tasks.expected_completion_time may be dropped: it has waited one release",
    ),
    (
        X,
        Moment.GENERATE,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'dropped'; it was already dropped by revision abc123",
    ),
    (
        C,
        Moment.GENERATE,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'cancelled'",
    ),
    (
        None,
        Moment.RUN,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: it is not tracked by colretire",
    ),
    (
        D,
        Moment.RUN,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'deprecated'",
    ),
    (
        U,
        Moment.RUN,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'unreferenced'",
    ),
    (
        W,
        Moment.RUN,
        None,
        False,
        "refusing to drop tasks.expected_completion_time: its stage is 'waited-one-release' but the drop was not written by colretire; write the drop with: colretire drop tasks.expected_completion_time",
    ),
    (
        X,
        Moment.RUN,
        None,
        True,
        "tasks.expected_completion_time may be dropped: its drop was written by colretire drop",
    ),
    (X, Moment.RUN, "abc123", True, "tasks.expected_completion_time may be dropped"),
    (
        X,
        Moment.RUN,
        "fff999",
        False,
        "refusing to drop tasks.expected_completion_time: it was retired by revision abc123, not by fff999",
    ),
]


@pytest.mark.parametrize(("stage", "moment", "revision", "allowed", "message"), DROP_TABLE)
def test_check_drop(
    stage: Stage | None, moment: Moment, revision: str | None, allowed: bool, message: str
) -> None:
    verdict = check_drop(record_at(stage), COLUMN, moment, revision)
    assert verdict.allowed is allowed
    assert verdict.message().startswith(message), verdict.message()


def test_a_forced_step_is_not_undone_by_the_references_it_overrode() -> None:
    forced = apply(record_at(D), COLUMN, FORCE, STAMP)
    assert apply(forced, COLUMN, DIRTY, STAMP) is forced
    shipped = Released(Release("1.5.0", STAMP.at + timedelta(days=1)))
    waited = apply(forced, COLUMN, shipped, STAMP)
    assert apply(waited, COLUMN, DIRTY, STAMP) is waited


# -- the unexplained gate ----------------------------------------------------------------------


def accepted_record() -> ColumnRecord:
    """A column that became unreferenced with its two unexplained occurrences accepted."""
    return apply(record_at(D), COLUMN, ACCEPTED, STAMP)


def test_an_acceptance_is_recorded_with_its_reason_and_every_occurrence() -> None:
    entry = accepted_record().history[-1]
    assert (entry.stage, entry.override) == (U, False)
    assert entry.acceptance == Acceptance(
        "export() and label() only see report rows",
        (
            AcceptedOccurrence("app/export.py", 2, "return thing.expected_completion_time"),
            AcceptedOccurrence("app/views.py", 7, 'label = row["expected_completion_time"]'),
        ),
    )
    assert entry.evidence == (
        "scan found 0 reference(s) in 12 file(s), 2 unexplained occurrence(s) accepted"
    )


def test_a_clean_scan_needs_no_acceptance_and_records_none() -> None:
    for event in (CLEAN, Scanned(CLEAN.summary, accept="nothing to accept")):
        entry = apply(record_at(D), COLUMN, event, STAMP).history[-1]
        assert (entry.stage, entry.acceptance) == (U, None)
        assert entry.evidence == "scan found 0 reference(s) in 12 file(s)"


def test_the_refusal_says_how_to_list_and_how_to_accept() -> None:
    with pytest.raises(TransitionRefused) as refused:
        apply(record_at(D), COLUMN, UNEXPLAINED, STAMP)
    assert refused.value.message == (
        "tasks.expected_completion_time cannot become unreferenced: the scan left 2 unexplained "
        "occurrence(s) of its names that the analysis could not judge; list them with: "
        "colretire refs tasks.expected_completion_time, then remove them, or accept them with: "
        "colretire advance tasks.expected_completion_time --accept-unexplained --reason TEXT"
    )


def test_references_are_refused_even_with_an_acceptance() -> None:
    dirty = Scanned(ScanSummary(3, 12, unexplained=(EXPORT,)), accept="only unexplained ones")
    with pytest.raises(TransitionRefused, match="the scan found 3 reference"):
        apply(record_at(D), COLUMN, dirty, STAMP)


def test_the_accepted_occurrences_found_again_change_nothing() -> None:
    record = accepted_record()
    assert apply(record, COLUMN, UNEXPLAINED, STAMP) is record


def test_an_edit_above_that_moves_the_lines_changes_nothing() -> None:
    record = accepted_record()
    moved = (
        unexplained("app/export.py", 12, "return thing.expected_completion_time"),
        unexplained("app/views.py", 3, 'label = row["expected_completion_time"]'),
    )
    assert unaccepted(record, moved) == ()
    assert apply(record, COLUMN, Scanned(ScanSummary(0, 12, unexplained=moved)), STAMP) is record


def test_a_new_occurrence_is_a_regression() -> None:
    record = accepted_record()
    new = unexplained("app/admin.py", 40, "value = item.expected_completion_time")
    scan = Scanned(ScanSummary(0, 12, unexplained=(EXPORT, LABEL, new)))
    assert unaccepted(record, scan.summary.unexplained) == (new,)
    after = apply(record, COLUMN, scan, STAMP)
    assert after.stage is D and after.regressed
    assert after.history[-1].evidence == (
        "regressed: 1 unexplained occurrence(s) not accepted when it became unreferenced, "
        "the first at app/admin.py:40"
    )


def test_a_copy_of_an_accepted_line_is_new() -> None:
    copy = unexplained("app/export.py", 9, "return thing.expected_completion_time")
    assert unaccepted(accepted_record(), (EXPORT, LABEL, copy)) == (copy,)


def test_the_same_line_in_another_file_is_new() -> None:
    moved = unexplained("app/exports.py", 2, "return thing.expected_completion_time")
    assert unaccepted(accepted_record(), (moved, LABEL)) == (moved,)


def test_a_changed_line_is_new() -> None:
    changed = unexplained("app/export.py", 2, "return other.expected_completion_time")
    assert unaccepted(accepted_record(), (changed, LABEL)) == (changed,)


def test_a_forced_step_is_not_undone_by_unexplained_occurrences() -> None:
    forced = apply(record_at(D), COLUMN, FORCE, STAMP)
    assert unaccepted(forced, (EXPORT,)) == ()
    assert apply(forced, COLUMN, UNEXPLAINED, STAMP) is forced


def test_at_deprecated_every_unexplained_occurrence_is_unaccepted() -> None:
    assert unaccepted(record_at(D), (LABEL, EXPORT)) == (EXPORT, LABEL)


NEXT_ACTIONS = [
    (
        D,
        0,
        2,
        "no references left, but 2 unexplained occurrence(s) to judge (colretire refs "
        "tasks.expected_completion_time): remove them, or accept them with: colretire advance "
        "tasks.expected_completion_time --accept-unexplained --reason TEXT",
    ),
    (D, 0, 0, "no references left: colretire advance"),
    (D, 1, 2, "remove its references (colretire refs tasks.expected_completion_time)"),
    (
        U,
        0,
        1,
        "1 new unexplained occurrence(s) of its names, not accepted when it became "
        "unreferenced: remove them (colretire refs tasks.expected_completion_time); until then "
        "colretire advance moves it back to deprecated",
    ),
    (U, 0, 0, "ship a release (colretire release VERSION), then colretire advance"),
    (W, 0, 1, "1 new unexplained occurrence(s) of its names"),
    (W, 2, 1, "its references came back"),
]


@pytest.mark.parametrize(("stage", "references", "new", "action"), NEXT_ACTIONS)
def test_next_action_names_the_unexplained_occurrences(
    stage: Stage, references: int, new: int, action: str
) -> None:
    record = record_at(stage)
    assert record is not None
    assert next_action(record, None, references, new).startswith(action)
