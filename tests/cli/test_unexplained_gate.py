"""The gate on ``unreferenced``: a column whose names still appear where the analysis cannot
judge them is not certified unreferenced unless a person accepts those occurrences, with a
reason; the acceptance is recorded, and any other occurrence found later is a regression."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from colretire import statefile
from colretire.model import Acceptance, AcceptedOccurrence, Stage
from tests.cli.conftest import Run, git
from tests.cli.test_lifecycle_commands import remove_uses
from tests.sarif import sarif_errors

COLUMN = "tasks.expected_completion_time"

EXPORT = """\
def export(thing):
    return thing.expected_completion_time
"""

REASON = "export() only ever receives report rows, which have their own column of that name"


def state_path(project: Path) -> Path:
    return project / "state" / "columns.toml"


@pytest.fixture
def unexplained(project: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A deprecated column with no reference left, whose name remains on an object of
    unknown type in ``app/export.py``: an occurrence the analysis cannot judge. The project
    has an Alembic environment without revisions, for ``check``, which prints paths relative
    to the current directory: the project's."""
    monkeypatch.chdir(project)
    run("deprecate", COLUMN, "--reason", "replaced by eta_minutes")
    remove_uses(project)
    (project / "app" / "export.py").write_text(EXPORT)
    (project / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s/migrations\n")
    (project / "migrations" / "versions").mkdir(parents=True)
    (project / "migrations" / "env.py").write_text("from alembic import context\n")
    with (project / "pyproject.toml").open("a") as pyproject:
        pyproject.write('alembic = "alembic.ini"\n')
    git(project, "add", ".")
    git(project, "commit", "-qm", "export")
    return project


@pytest.fixture
def accepted(unexplained: Path, run: Run) -> Path:
    """The same column, advanced to unreferenced with its one occurrence accepted."""
    result = run("advance", COLUMN, "--accept-unexplained", "--reason", REASON)
    assert result.exit_code == 0, result.output
    return unexplained


def commit_file(project: Path, name: str, text: str) -> None:
    (project / "app" / name).write_text(text)
    git(project, "add", ".")
    git(project, "commit", "-qm", f"edit {name}")


# -- refused without acceptance -------------------------------------------------------------


def test_advance_is_refused_while_unexplained_occurrences_remain(
    unexplained: Path, run: Run
) -> None:
    before = state_path(unexplained).read_bytes()

    result = run("advance", COLUMN)

    assert result.exit_code == 1
    assert result.output == (
        f"{COLUMN}: {COLUMN} cannot become unreferenced: the scan left 1 unexplained "
        "occurrence(s) of its names that the analysis could not judge; list them with: "
        f"colretire refs {COLUMN}, then remove them, or accept them with: colretire advance "
        f"{COLUMN} --accept-unexplained --reason TEXT\n"
    )
    assert state_path(unexplained).read_bytes() == before


def test_advance_of_every_column_leaves_it_deprecated_and_the_file_unchanged(
    unexplained: Path, run: Run
) -> None:
    before = state_path(unexplained).read_bytes()
    result = run("advance")
    assert result.exit_code == 0  # no column named: a report, not a refusal
    assert "cannot become unreferenced: the scan left 1 unexplained" in result.output
    assert state_path(unexplained).read_bytes() == before


def test_the_refusal_in_json(unexplained: Path, run: Run) -> None:
    result = run("advance", COLUMN, "--format", "json")
    assert result.exit_code == 1
    (outcome,) = json.loads(result.output)["outcomes"]
    assert (outcome["before"], outcome["after"], outcome["moved"], outcome["refused"]) == (
        "deprecated",
        "deprecated",
        False,
        True,
    )
    assert "the scan left 1 unexplained occurrence(s)" in outcome["message"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--accept-unexplained"],
            "--accept-unexplained needs --reason TEXT: the acceptance is recorded with its reason",
        ),
        (
            ["--accept-unexplained", "--reason", "  "],
            "--accept-unexplained needs --reason TEXT: the acceptance is recorded with its reason",
        ),
        (
            ["--accept-unexplained", "--force", "--reason", "x"],
            "--force and --accept-unexplained exclude each other",
        ),
    ],
)
def test_an_acceptance_needs_a_reason_and_no_override(
    unexplained: Path, run: Run, args: list[str], error: str
) -> None:
    before = state_path(unexplained).read_bytes()
    result = run("advance", COLUMN, *args)
    assert result.exit_code == 2
    assert f"Error: {error}" in result.output
    assert state_path(unexplained).read_bytes() == before


def test_an_acceptance_names_its_columns(unexplained: Path, run: Run) -> None:
    before = state_path(unexplained).read_bytes()
    result = run("advance", "--accept-unexplained", "--reason", REASON)
    assert result.exit_code == 2
    assert "Error: --accept-unexplained needs the columns it applies to" in result.output
    assert state_path(unexplained).read_bytes() == before


# -- accepted -------------------------------------------------------------------------------


def test_an_acceptance_is_recorded_with_its_reason_and_occurrences(
    accepted: Path, run: Run
) -> None:
    record = statefile.read(state_path(accepted)).columns[COLUMN]
    entry = record.history[-1]
    assert (record.stage, entry.override) == (Stage.UNREFERENCED, False)
    assert entry.acceptance == Acceptance(
        REASON,
        (AcceptedOccurrence("app/export.py", 2, "return thing.expected_completion_time"),),
    )
    assert entry.evidence.endswith(", 1 unexplained occurrence(s) accepted")
    assert (
        '[columns."tasks.expected_completion_time".history.acceptance]\n'
        f'reason = "{REASON}"\n'
        "occurrences = [\n"
        '  { path = "app/export.py", line = 2, text = "return thing.expected_completion_time" },\n'
        "]\n"
    ) in state_path(accepted).read_text()


def test_the_acceptance_is_in_the_status_json_history(accepted: Path, run: Run) -> None:
    (column,) = json.loads(run("status", "--format", "json").output)["columns"]
    assert column["history"][-1]["acceptance"] == {
        "reason": REASON,
        "occurrences": [
            {"path": "app/export.py", "line": 2, "text": "return thing.expected_completion_time"}
        ],
    }
    assert column["history"][0]["acceptance"] is None


def test_the_accepted_advance_prints_what_it_accepted(unexplained: Path, run: Run) -> None:
    result = run("advance", COLUMN, "--accept-unexplained", "--reason", REASON)
    assert result.exit_code == 0
    assert result.output.startswith(
        f"{COLUMN}: moved to 'unreferenced' (scan found 0 reference(s) in "
    )
    assert result.output.endswith(", 1 unexplained occurrence(s) accepted)\n")


def test_accepted_occurrences_found_again_pass_check(accepted: Path, run: Run) -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "CR406" not in result.output


# -- a later scan -----------------------------------------------------------------------------

ADMIN = """\
def row_eta(item):
    return item.expected_completion_time
"""


def test_a_new_occurrence_is_a_regression_in_check(accepted: Path, run: Run) -> None:
    commit_file(accepted, "admin.py", ADMIN)

    result = run("check")

    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"app/admin.py:2:17: CR406 {COLUMN} is at stage 'unreferenced' but the code names it "
        "where the analysis cannot judge it, and this occurrence was not accepted when it "
        "became unreferenced: reads Task.expected_completion_time "
        f"({COLUMN}) on an object of unknown type (a Task?)\n"
        f"  fix: remove the use; or, if it does not use the column, record the regression "
        f"with: colretire advance {COLUMN}, then accept it again with: colretire advance "
        f"{COLUMN} --accept-unexplained --reason TEXT\n"
    )
    assert "app/export.py" not in result.stdout


def test_the_regression_in_json_sarif_and_github(accepted: Path, run: Run) -> None:
    commit_file(accepted, "admin.py", ADMIN)

    document = json.loads(run("check", "--format", "json").stdout)
    (finding,) = [d for d in document["diagnostics"] if d["code"] == "CR406"]
    assert (finding["path"], finding["line"], finding["col"], finding["severity"]) == (
        "app/admin.py",
        2,
        17,
        "error",
    )
    assert finding["column"] == COLUMN

    sarif = json.loads(run("check", "--format", "sarif").stdout)
    assert sarif_errors(sarif) == []
    run_ = sarif["runs"][0]
    assert "CR406" in [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    (result,) = [r for r in run_["results"] if r["ruleId"] == "CR406"]
    location = result["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]["startLine"]) == (
        "app/admin.py",
        2,
    )

    github = run("check", "--format", "github").stdout
    assert "::error file=app/admin.py,line=2,col=17,title=CR406::" in github


def test_a_new_occurrence_shows_in_status_and_checklist(accepted: Path, run: Run) -> None:
    commit_file(accepted, "admin.py", ADMIN)

    (column,) = json.loads(run("status", "--format", "json").output)["columns"]
    assert (column["references"], column["unexplained"], column["unaccepted"]) == (0, 2, 1)
    assert column["next_action"].startswith(
        "1 new unexplained occurrence(s) of its names, not accepted when it became unreferenced"
    )

    text = run("status").output
    header, row = text.splitlines()
    assert header.split()[:5] == ["COLUMN", "STAGE", "SINCE", "REFS", "UNEXPLAINED"]
    assert row.split()[3:6] == ["0", "2", "(1"]

    (item,) = json.loads(run("checklist", "--format", "json").output)["items"]
    assert (item["section"], item["blocked"], item["unexplained"], item["unaccepted"]) == (
        "blocked",
        True,
        2,
        1,
    )
    markdown = run("checklist").output
    assert f"- [ ] `{COLUMN}` (unreferenced, 0 reference(s), 2 unexplained (1 new)): " in markdown


def test_advance_sends_a_column_with_a_new_occurrence_back_to_deprecated(
    accepted: Path, run: Run
) -> None:
    commit_file(accepted, "admin.py", ADMIN)

    result = run("advance", COLUMN)

    assert result.output == (
        f"{COLUMN}: regressed to 'deprecated' (regressed: 1 unexplained occurrence(s) not "
        "accepted when it became unreferenced, the first at app/admin.py:2)\n"
    )
    record = statefile.read(state_path(accepted)).columns[COLUMN]
    assert record.stage is Stage.DEPRECATED and record.regressed
    # Back at deprecated, both occurrences need judging again.
    again = run("advance", COLUMN, "--accept-unexplained", "--reason", "both are report rows")
    assert again.exit_code == 0, again.output
    acceptance = statefile.read(state_path(accepted)).columns[COLUMN].history[-1].acceptance
    assert acceptance is not None
    assert [(o.path, o.line) for o in acceptance.occurrences] == [
        ("app/admin.py", 2),
        ("app/export.py", 2),
    ]


def test_an_unrelated_edit_that_moves_the_line_is_no_regression(accepted: Path, run: Run) -> None:
    commit_file(accepted, "export.py", '"""Exports."""\n\nimport csv\n\n\n' + EXPORT)

    checked = run("check")
    assert checked.exit_code == 0, checked.output
    (column,) = json.loads(run("status", "--format", "json").output)["columns"]
    assert (column["unexplained"], column["unaccepted"]) == (1, 0)
    assert column["next_action"].startswith("ship a release")
    run("advance")
    assert statefile.read(state_path(accepted)).columns[COLUMN].stage is Stage.UNREFERENCED


def test_the_accepted_occurrence_removed_changes_nothing(accepted: Path, run: Run) -> None:
    (accepted / "app" / "export.py").unlink()
    git(accepted, "commit", "-qam", "drop export")
    assert run("check").exit_code == 0
    (column,) = json.loads(run("status", "--format", "json").output)["columns"]
    assert (column["unexplained"], column["unaccepted"]) == (0, 0)


# -- status and checklist before the step -------------------------------------------------------


def test_status_and_checklist_show_the_unexplained_count_of_a_deprecated_column(
    unexplained: Path, run: Run
) -> None:
    (column,) = json.loads(run("status", "--format", "json").output)["columns"]
    assert (column["references"], column["unexplained"], column["unaccepted"]) == (0, 1, 1)
    assert column["next_action"] == (
        f"no references left, but 1 unexplained occurrence(s) to judge (colretire refs {COLUMN}): "
        f"remove them, or accept them with: colretire advance {COLUMN} --accept-unexplained "
        "--reason TEXT"
    )
    _, row = run("status").output.splitlines()
    assert row.split()[3:5] == ["0", "1"]

    markdown = run("status", "--format", "markdown").output
    assert "| Column | Stage | Since | References | Unexplained | Next |" in markdown
    assert (
        f"| `{COLUMN}` | deprecated | " in markdown and " | 0 | 1 | no references left" in markdown
    )

    (item,) = json.loads(run("checklist", "--format", "json").output)["items"]
    assert (item["section"], item["blocked"], item["references"], item["unexplained"]) == (
        "review",
        False,
        0,
        1,
    )
    checklist = run("checklist").output
    assert (
        "### To judge: no references left, but occurrences the analysis could not decide\n\n"
        f"- [ ] `{COLUMN}` (deprecated, 0 reference(s), 1 unexplained): no references left, "
        "but 1 unexplained occurrence(s) to judge"
    ) in checklist


def test_without_a_scan_the_counts_are_unknown(unexplained: Path, run: Run) -> None:
    (column,) = json.loads(run("status", "--format", "json", "--no-scan").output)["columns"]
    assert (column["references"], column["unexplained"], column["unaccepted"]) == (
        None,
        None,
        None,
    )
    _, row = run("status", "--no-scan").output.splitlines()
    assert row.split()[3:5] == ["-", "-"]
