"""History verification, pure: each entry replayed through the rules, git asked through a
small fake repository (commits as a line of hashes, tags as sets of commits)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest

from colretire.lifecycle import Moment, check_drop, verify_history
from colretire.model import ColumnRecord, HistoryEntry, Release, Severity, Stage
from tests.core.test_lifecycle import COLUMN, T0, record_at

D, U, W, X = Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED


@dataclass
class Repository:
    """The main line ``commit0`` ... ``commit9`` (HEAD last), ``side`` on a branch, and tags."""

    line: list[str] = field(default_factory=lambda: [f"commit{i}" for i in range(10)])
    tags: dict[str, set[str]] = field(default_factory=dict)
    shallow: bool = False

    def exists(self, commit: str) -> bool | None:
        if commit in self.line or commit == "side":
            return True
        return None if self.shallow else False

    def is_ancestor(self, older: str, newer: str) -> bool | None:
        if newer == "HEAD":
            newer = self.line[-1]
        if older not in self.line or newer not in self.line:
            return False
        return self.line.index(older) <= self.line.index(newer)

    def tag_exists(self, tag: str) -> bool | None:
        return tag in self.tags

    def tag_contains(self, tag: str, commit: str) -> bool | None:
        return commit in self.tags[tag] if tag in self.tags else None

    def unknown(self) -> str:
        return "the clone is shallow"


def edited(record: ColumnRecord, index: int, **changes: object) -> ColumnRecord:
    history = list(record.history)
    history[index] = replace(history[index], **changes)  # type: ignore[arg-type]
    return replace(record, history=tuple(history), stage=history[-1].stage)


def findings(record: ColumnRecord, **kwargs: object) -> list[tuple[int, str]]:
    return [(f.entry + 1, f.code) for f in verify_history(record, **kwargs)]  # type: ignore[arg-type]


WAITED = record_at(W)
assert WAITED is not None
RELEASES = (Release("1.3.0", T0 + timedelta(days=1, hours=12)),)


@pytest.mark.parametrize("stage", [D, U, W, X, Stage.CANCELLED])
def test_histories_the_rules_write_verify(stage: Stage) -> None:
    record = record_at(stage)
    assert record is not None
    assert verify_history(record, RELEASES, Repository()) == ()


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        # deprecated straight to waited-one-release
        (replace(WAITED, history=(WAITED.history[0], replace(WAITED.history[2], previous=D))), [(2, "CR502")]),
        # an entry claiming another previous stage than the entry before it
        (edited(WAITED, 2, previous=D), [(3, "CR502")]),
        # out of time order
        (edited(WAITED, 1, stamp=replace(WAITED.history[1].stamp, at=T0 - timedelta(days=1))), [(2, "CR501")]),
        # no scan evidence; a scan that found references
        (edited(WAITED, 1, evidence=""), [(2, "CR503")]),
        (edited(WAITED, 1, evidence="scan found 2 reference(s) in 9 file(s)"), [(2, "CR503")]),
        (edited(WAITED, 1, evidence="scan found 0 reference(s) in 0 file(s)"), [(2, "CR503")]),
        # a release recorded before the column became unreferenced
        (edited(WAITED, 2, evidence="release 0.9 recorded"), [(3, "CR503")]),
        # an override without its reason; an override with one is a legal step
        (edited(WAITED, 1, override=True, evidence="override"), [(2, "CR504")]),
        (edited(WAITED, 1, override=True, evidence="override", note="hotfix"), []),
        # a commit that is not in the repository, one that is off the main line
        (edited(WAITED, 0, stamp=replace(WAITED.history[0].stamp, commit="abc")), [(1, "CR505")]),
        (edited(WAITED, 0, stamp=replace(WAITED.history[0].stamp, commit="side")), [(1, "CR505")]),
        # a drop with no revision
        (replace(WAITED, stage=X, history=(*WAITED.history, HistoryEntry(X, WAITED.history[2].stamp, W))), [(4, "CR503")]),
    ],
)  # fmt: skip
def test_a_tampered_history_is_named_by_its_entry(
    record: ColumnRecord, expected: list[tuple[int, str]]
) -> None:
    releases = (*RELEASES, Release("0.9", T0 - timedelta(days=1)))
    assert findings(record, releases=releases, git=Repository()) == expected


def test_a_tag_must_contain_the_commit_of_the_unreferenced_step() -> None:
    record = edited(WAITED, 2, evidence="release v2 contains commit commit1")
    assert findings(record, releases=(), git=Repository(tags={"v2": {"commit1"}})) == []
    assert findings(record, releases=(), git=Repository(tags={"v2": {"commit0"}})) == [(3, "CR506")]
    assert findings(record, releases=(), git=Repository()) == [(3, "CR503")]  # no such tag


def test_a_shallow_clone_warns_instead_of_trusting_or_failing() -> None:
    clone = Repository(line=["commit2"], shallow=True)
    found = verify_history(WAITED, RELEASES, clone)
    assert [(f.entry + 1, f.code, f.severity) for f in found] == [
        (1, "CR510", Severity.WARNING),
        (2, "CR510", Severity.WARNING),
    ]
    assert found[0].message == "could not verify its commit commit0: the clone is shallow"


def test_later_evidence_text_and_well_formed_extra_words_are_tolerated() -> None:
    record = edited(
        WAITED, 1, evidence="scan found 0 reference(s) in 12 file(s), 3 occurrence(s) accepted"
    )
    assert findings(record, releases=RELEASES, git=Repository()) == []


SKIPPED_TO_WAITED = replace(
    WAITED, history=(WAITED.history[0], replace(WAITED.history[2], previous=D))
)
DROPPED = record_at(X)
assert DROPPED is not None
SKIPPED_TO_DROPPED = replace(
    DROPPED, history=(DROPPED.history[0], replace(DROPPED.history[3], previous=D))
)


@pytest.mark.parametrize(
    ("record", "moment"),
    [(SKIPPED_TO_WAITED, Moment.GENERATE), (SKIPPED_TO_DROPPED, Moment.RUN)],
)
def test_the_drop_guard_refuses_a_history_that_does_not_verify(
    record: ColumnRecord, moment: Moment
) -> None:
    # what colretire drop asks (GENERATE) and what the guard asks while a migration runs (RUN)
    verdict = check_drop(record, COLUMN, moment)
    assert not verdict.allowed
    assert verdict.message().startswith(
        f"refusing to drop {COLUMN}: its history does not verify: history entry 2 ("
    )
    assert "see every finding with: colretire check" in verdict.message()
