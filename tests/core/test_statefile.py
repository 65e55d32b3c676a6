"""The state file: stable text, refusal of broken files, and no lost updates."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timezone
from pathlib import Path

import pytest

from colretire import lifecycle, statefile
from colretire.errors import MalformedStateFile, StateLocked
from colretire.fileio import locked
from colretire.model import (
    ColumnDefinition,
    ColumnRef,
    Occurrence,
    Release,
    ScanSummary,
    Stamp,
    State,
    Tier,
)

STAMP = Stamp(
    datetime(2026, 1, 8, 9, 30, tzinfo=timezone.utc), "Ada <ada@example.com>", "3e4f5a6", "1.3.0"
)

GOOD = """\
# colretire state file: the columns this project is retiring and the evidence for each
# step. Written by colretire; merge conflicts resolve like any TOML (docs/state-file.md).
version = 1

[[releases]]
version = "1.3.0"
at = 2026-01-08T09:30:00Z
commit = "3e4f5a6"

[columns."tasks.expected_completion_time"]
stage = "deprecated"
reason = "replaced by eta_minutes"

[columns."tasks.expected_completion_time".definition]
type = "Integer"
nullable = true

[[columns."tasks.expected_completion_time".history]]
stage = "deprecated"
at = 2026-01-08T09:30:00Z
by = "Ada <ada@example.com>"
commit = "3e4f5a6"
release = "1.3.0"
note = "replaced by eta_minutes"
"""


def good_state() -> State:
    column = ColumnRef.parse("tasks.expected_completion_time")
    event = lifecycle.Deprecate("replaced by eta_minutes", definition=ColumnDefinition("Integer"))
    record = lifecycle.apply(None, column, event, STAMP)
    return State().with_release(Release("1.3.0", STAMP.at, "3e4f5a6")).with_record(record)


def test_the_text_is_stable_and_round_trips() -> None:
    assert statefile.dumps(good_state()) == GOOD
    assert statefile.loads(GOOD) == good_state()


def test_columns_are_sorted_so_branches_merge() -> None:
    state = good_state()
    other = lifecycle.apply(None, ColumnRef("accounts", "legacy"), lifecycle.Deprecate("x"), STAMP)
    text = statefile.dumps(state.with_record(other))
    assert text.index('[columns."accounts.legacy"]') < text.index(
        '[columns."tasks.expected_completion_time"]'
    )


BROKEN = [
    ("truncated", GOOD[: GOOD.index('by = "Ada')] + 'by = "Ad', 21, "not valid TOML"),
    (
        "unknown stage",
        GOOD.replace('stage = "deprecated"\nreason', 'stage = "retired"\nreason'),
        11,
        "stage 'retired' is not one of",
    ),
    (
        "stage disagrees with history",
        GOOD.replace('stage = "deprecated"\nreason', 'stage = "unreferenced"\nreason'),
        11,
        "column tasks.expected_completion_time: stage 'unreferenced' disagrees with its last history entry",
    ),
    (
        "missing time",
        GOOD.replace("at = 2026-01-08T09:30:00Z\nby", "by"),
        18,
        "'at' must be a date-time",
    ),
    (
        "wrong version",
        GOOD.replace("version = 1\n", "version = 7\n"),
        3,
        "'version' must be 1, found 7",
    ),
    (
        "unknown key",
        GOOD.replace('note = "replaced', 'notes = "replaced'),
        24,
        "unknown key 'notes'",
    ),
    (
        "bad column name",
        GOOD.replace('"tasks.expected_completion_time"]\nstage', '"tasks"]\nstage'),
        10,
        "'tasks' is not a TABLE.COLUMN name colretire supports (it has no table;",
    ),
    ("empty", "", 1, "the file is empty"),
]


@pytest.mark.parametrize(("case", "text", "line", "problem"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_refused_with_its_line(
    case: str, text: str, line: int, problem: str
) -> None:
    with pytest.raises(MalformedStateFile) as refused:
        statefile.loads(text, "state/columns.toml")
    assert (refused.value.line, refused.value.problem[: len(problem)]) == (line, problem)
    assert str(refused.value).startswith(f"state/columns.toml:{line}: {problem}")


def test_a_broken_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "columns.toml"
    broken = GOOD.replace("version = 1", "version = ")
    path.write_text(broken)
    with pytest.raises(MalformedStateFile):
        statefile.update(path, lambda s: s.with_release(Release("2.0", STAMP.at)))
    assert path.read_text() == broken


def test_a_refused_change_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "columns.toml"
    path.write_text(GOOD)

    def refuse(state: State) -> State:
        raise lifecycle.TransitionRefused("no")

    with pytest.raises(lifecycle.TransitionRefused):
        statefile.update(path, refuse)
    assert path.read_text() == GOOD
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_held_lock_times_out_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "columns.toml"
    with locked(path), pytest.raises(StateLocked) as refused, locked(path, timeout=0.2):
        pass
    assert "another colretire command has held" in str(refused.value)


def _add_release(args: tuple[str, int]) -> None:
    path, number = args
    release = Release(f"1.{number}", STAMP.at)
    statefile.update(Path(path), lambda s: s.with_release(release))


def test_concurrent_updates_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "columns.toml"
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        pool.map(_add_release, [(str(path), n) for n in range(40)])
    versions = sorted(r.version for r in statefile.read(path).releases)
    assert versions == sorted(f"1.{n}" for n in range(40))


# -- an accepted step into unreferenced -----------------------------------------------------

ACCEPTED = (
    GOOD.replace('stage = "deprecated"\nreason', 'stage = "unreferenced"\nreason')
    + """
[[columns."tasks.expected_completion_time".history]]
stage = "unreferenced"
previous = "deprecated"
at = 2026-01-08T09:30:00Z
by = "Ada <ada@example.com>"
commit = "3e4f5a6"
release = "1.3.0"
evidence = "scan found 0 reference(s) in 12 file(s), 2 unexplained occurrence(s) accepted"

[columns."tasks.expected_completion_time".history.acceptance]
reason = "export() only sees report rows"
occurrences = [
  { path = "app/export.py", line = 2, text = "return thing.expected_completion_time" },
  { path = "app/views.py", line = 7, text = "label = row[\\"expected_completion_time\\"]  # \\\\d" },
]
"""
)


def accepted_state() -> State:
    occurrences = tuple(
        Occurrence(path, line, 5, "expected_completion_time", Tier.UNEXPLAINED, snippet=text)
        for path, line, text in [
            ("app/export.py", 2, "return thing.expected_completion_time"),
            ("app/views.py", 7, 'label = row["expected_completion_time"]  # \\d'),
        ]
    )
    scan = lifecycle.Scanned(
        ScanSummary(0, 12, unexplained=occurrences), accept="export() only sees report rows"
    )
    state = good_state()
    record = state.columns["tasks.expected_completion_time"]
    return state.with_record(lifecycle.apply(record, record.column, scan, STAMP))


def test_an_acceptance_is_written_one_occurrence_a_line_and_reads_back() -> None:
    assert statefile.dumps(accepted_state()) == ACCEPTED
    assert statefile.loads(ACCEPTED) == accepted_state()


def test_a_file_without_acceptances_reads_as_before() -> None:
    record = statefile.loads(GOOD).columns["tasks.expected_completion_time"]
    assert [entry.acceptance for entry in record.history] == [None]


ACCEPTANCE_HEADER = '[columns."tasks.expected_completion_time".history.acceptance]'
BROKEN_ACCEPTANCES = [
    (
        "on another stage",
        ACCEPTED.replace(
            '\n[[columns."tasks.expected_completion_time".history]]\nstage = "unreferenced"',
            '\n[[columns."tasks.expected_completion_time".history]]\nstage = "deprecated"',
        ).replace('stage = "unreferenced"\nreason', 'stage = "deprecated"\nreason'),
        "'acceptance' belongs only to a step into 'unreferenced'",
    ),
    (
        "without a reason",
        ACCEPTED.replace('reason = "export() only sees report rows"\n', ""),
        "'reason' must be a non-empty string",
    ),
    (
        "an unknown key",
        ACCEPTED.replace('reason = "export()', 'why = "export()'),
        "unknown key 'why'",
    ),
    (
        "a blank reason",
        ACCEPTED.replace('reason = "export() only sees report rows"', 'reason = ""'),
        "'reason' must be a non-empty string",
    ),
    (
        "no occurrence",
        ACCEPTED[: ACCEPTED.index("occurrences = [")] + "occurrences = []\n",
        "'occurrences' must list the accepted occurrences",
    ),
    (
        "a line that is not a number",
        ACCEPTED.replace("line = 2,", 'line = "2",'),
        "an accepted occurrence's 'line' must be a positive integer",
    ),
    (
        "an unknown occurrence key",
        ACCEPTED.replace("line = 2,", "line = 2, col = 5,"),
        "unknown key 'col'",
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "problem"), BROKEN_ACCEPTANCES, ids=[b[0] for b in BROKEN_ACCEPTANCES]
)
def test_a_broken_acceptance_is_refused_at_its_table(case: str, text: str, problem: str) -> None:
    with pytest.raises(MalformedStateFile) as refused:
        statefile.loads(text, "state/columns.toml")
    assert refused.value.problem.startswith(problem), refused.value.problem
    assert refused.value.line is not None
    assert refused.value.line >= text.splitlines().index(ACCEPTANCE_HEADER) + 1
