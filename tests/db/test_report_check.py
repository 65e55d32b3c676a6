"""check's diagnostics printed four ways, pinned as exact text."""

from __future__ import annotations

import json
from pathlib import Path

from colretire.model import ColumnRef, Diagnostic, Severity
from colretire.report import check as report_check
from tests.sarif import sarif_errors

ROOT = Path("/repo")
WHERE = report_check.Where(ROOT, ROOT / "backend", "workflow_tracker")
COLUMN = ColumnRef("tasks", "expected_completion_time")
DIAGNOSTICS = [
    Diagnostic(
        "CR301", Severity.ERROR,
        "tasks.expected_completion_time is mapped by the models (metadata app.models:Base) but "
        "the database has no such column: every query that loads the model fails with 'column "
        "does not exist'",
        column=COLUMN, fix="colretire restore tasks.expected_completion_time",
    ),
    Diagnostic(
        "CR403", Severity.WARNING, "tasks.legacy_code is NOT NULL, without a server default",
        path="state/columns.toml", line=12, col=1, column=ColumnRef("tasks", "legacy_code"),
        fix="colretire relax tasks.legacy_code",
    ),
]  # fmt: skip


def test_text_is_path_line_col_code_message_then_the_fix() -> None:
    assert report_check.text(DIAGNOSTICS, WHERE) == (
        "workflow_tracker: CR301 tasks.expected_completion_time is mapped by the models "
        "(metadata app.models:Base) but the database has no such column: every query that "
        "loads the model fails with 'column does not exist'\n"
        "  fix: colretire restore tasks.expected_completion_time\n"
        "../state/columns.toml:12:1: CR403 [warning] tasks.legacy_code is NOT NULL, without a "
        "server default\n"
        "  fix: colretire relax tasks.legacy_code\n"
    )


def test_the_summary_counts_and_says_what_was_checked() -> None:
    assert report_check.summary([], None) == (
        "colretire check: no findings (static checks only; add --db for the database)"
    )
    assert report_check.summary(DIAGNOSTICS, "workflow_tracker") == (
        "colretire check: 1 error, 1 warning (database workflow_tracker checked)"
    )


def test_json_names_the_database_where_a_file_would_be() -> None:
    document = json.loads(report_check.to_json(DIAGNOSTICS, WHERE, "workflow_tracker"))
    assert document["summary"] == {"errors": 1, "warnings": 1}
    assert document["diagnostics"][0] == {
        "code": "CR301", "severity": "error", "message": DIAGNOSTICS[0].message, "path": None,
        "database": "workflow_tracker", "line": 0, "col": 0,
        "column": "tasks.expected_completion_time",
        "fix": "colretire restore tasks.expected_completion_time",
    }  # fmt: skip
    assert document["diagnostics"][1]["path"] == "../state/columns.toml"


def test_sarif_has_rules_and_physical_or_logical_locations() -> None:
    log = json.loads(
        report_check.sarif(DIAGNOSTICS, WHERE, {"CR301": "a mapped column is missing"})
    )
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["CR301", "CR403"]
    database, state = run["results"]
    assert (database["ruleId"], database["ruleIndex"], database["level"]) == ("CR301", 0, "error")
    assert database["locations"] == [
        {
            "logicalLocations": [
                {
                    "name": "tasks.expected_completion_time",
                    "fullyQualifiedName": "workflow_tracker/tasks.expected_completion_time",
                    "kind": "member",
                }
            ]
        }
    ]
    assert state["level"] == "warning"
    assert state["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "../state/columns.toml"},
                "region": {"startLine": 12, "startColumn": 1},
            }
        }
    ]


def test_github_annotations_escape_their_properties() -> None:
    assert report_check.github(DIAGNOSTICS, WHERE).splitlines() == [
        "::error title=CR301::workflow_tracker: "
        + DIAGNOSTICS[0].message
        + " (fix: colretire restore tasks.expected_completion_time)",
        "::warning file=../state/columns.toml,line=12,col=1,title=CR403::tasks.legacy_code is "
        "NOT NULL, without a server default (fix: colretire relax tasks.legacy_code)",
    ]
    odd = Diagnostic("CR402", Severity.ERROR, "50% done\nnext", path="a,b:c.py", line=1, col=2)
    assert report_check.github([odd], report_check.Where(ROOT, ROOT)) == (
        "::error file=a%2Cb%3Ac.py,line=1,col=2,title=CR402::50%25 done%0Anext\n"
    )


def test_the_documentation_lists_every_code_as_check_describes_it() -> None:
    from colretire.check import CODES
    from colretire.lifecycle import HISTORY_CODES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "check.md").read_text()
    rows = {
        line.split(" | ")[0].strip("| "): line.split(" | ")[2].rstrip(" |")
        for line in docs.splitlines()
        if line.startswith("| CR")
    }
    assert rows == {**CODES, **HISTORY_CODES}


def test_sarif_validates_against_the_sarif_schema() -> None:
    log = json.loads(
        report_check.sarif(DIAGNOSTICS, WHERE, {"CR301": "a mapped column is missing"})
    )
    assert sarif_errors(log) == []
