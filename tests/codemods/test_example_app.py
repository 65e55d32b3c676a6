"""Acceptance on the example app: scan, ``rewrite --write``, then the app still works.

A copy of examples/workflow_tracker is scanned for tasks.expected_completion_time and
rewritten. Then the app's own suite runs on a temporary SQLite database, with one more test
of ours that asks every GET page without parameters (every dashboard and report) for 200, and
a second ``rewrite`` prints an empty diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from colretire import analysis
from colretire.cli import main
from colretire.model import ColumnRef, ReferenceKind
from colretire.rewrite import compile_problem, unmarked
from tests.codemods.test_runtime_guard import write_state

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "workflow_tracker"
COLUMN = ColumnRef("tasks", "expected_completion_time")
EVERY_PAGE = """
def test_every_page_answers_200(client, seed):
    schema = client.get("/openapi.json").json()
    paths = sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
    )
    statuses = {path: client.get(path).status_code for path in paths}
    assert {path: status for path, status in statuses.items() if status != 200} == {}
    assert "/dashboard/admin" in statuses and len(statuses) >= 15
"""


class Run:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.refs = CliRunner().invoke(
            main, ["-C", str(root), "refs", str(COLUMN), "--format", "json"]
        )
        self.before = analysis.scan(root, COLUMN, [root / "backend" / "app"])
        self.rewrite = rewrite(root, "--write")
        self.after = analysis.scan(root, COLUMN, [root / "backend" / "app"])
        self.again = rewrite(root)
        (root / "backend" / "tests" / "test_every_page.py").write_text(EVERY_PAGE)
        self.suite = app_tests(root)
        self.outcomes = outcomes(root / "junit.xml")
        self.output = f"{self.suite.stdout}\n{self.suite.stderr}"


def rewrite(root: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["-C", str(root), "rewrite", str(COLUMN), *args])


def app_tests(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["DATABASE_URL"] = f"sqlite:///{root / 'test.db'}"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", *args]
    command.append(f"--junitxml={root / 'junit.xml'}")
    return subprocess.run(
        command, cwd=root / "backend", env=env, capture_output=True, text=True, timeout=600
    )


def outcomes(report: Path) -> dict[str, str]:
    """Each test of the app's suite by name: passed or failed (none when it did not run)."""
    found: dict[str, str] = {}
    if not report.exists():
        return found
    for case in ET.parse(report).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        found[case.get("name", "")] = "failed" if failed else "passed"
    return found


def copy_example(directory: Path) -> Path:
    root = directory / "workflow_tracker"
    ignore = shutil.ignore_patterns("__pycache__", "*.db", ".colretire-cache", ".pytest_cache")
    shutil.copytree(EXAMPLE, root, ignore=ignore)
    return root


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return Run(copy_example(tmp_path_factory.mktemp("example")))


def test_the_rewrite_removes_every_mechanical_use(run: Run) -> None:
    assert run.refs.exit_code == 0, run.refs.output
    listed = json.loads(run.refs.stdout)["references"]
    assert {(r["path"], r["line"]) for r in listed} >= {
        (r.path, r.line) for r in run.before.references
    }
    assert run.rewrite.exit_code == 0, run.rewrite.output  # type: ignore[attr-defined]
    left = [r for r in run.after.references if r.kind is not ReferenceKind.MIGRATION]
    assert len({r.path for r in run.before.references}) == 8  # the outage's 8 files
    assert [(r.path, r.kind) for r in left] == [
        ("backend/app/models/models_db.py", ReferenceKind.DECLARATION),
        # estimate = task.eta_minutes or task.expected_completion_time or 0
        ("backend/app/routers/performance_router.py", ReferenceKind.INSTANCE_ATTRIBUTE),
        # .where(Task.status == "todo", Task.expected_completion_time > 0): a condition
        ("backend/app/routers/supervisor_router.py", ReferenceKind.CLASS_ATTRIBUTE),
        # the writes, which stay while those two reads do
        ("backend/app/routers/tasks_router.py", ReferenceKind.KEYWORD),
        ("backend/app/routers/tasks_router.py", ReferenceKind.INSTANCE_ATTRIBUTE),
        ("backend/app/routers/tasks_router.py", ReferenceKind.KEYWORD),
        ("backend/app/routers/tasks_router.py", ReferenceKind.INSTANCE_ATTRIBUTE),
    ]
    assert unmarked(run.root, left) == []


def test_the_rewritten_files_compile_and_add_no_pyflakes_finding(run: Run) -> None:
    changed = [
        p.relative_to(run.root).as_posix()
        for p in sorted((run.root / "backend" / "app").rglob("*.py"))
        if p.read_text() != (EXAMPLE / p.relative_to(run.root)).read_text()
    ]
    assert len(changed) == 8
    for path in changed:
        assert compile_problem((run.root / path).read_text(), path) is None
    assert pyflakes(EXAMPLE, changed) == pyflakes(run.root, changed) == Counter()


def pyflakes(root: Path, paths: list[str]) -> Counter[str]:
    found = subprocess.run(
        [
            *(sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select"),
            *("F", "--output-format", "json", "--exit-zero", *paths),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return Counter(f"{f['code']} {f['message']}" for f in json.loads(found.stdout))


def test_every_dashboard_still_answers_200(run: Run) -> None:
    assert run.outcomes.get("test_every_page_answers_200") == "passed", run.output


def test_a_second_rewrite_prints_an_empty_diff(run: Run) -> None:
    assert (run.again.exit_code, run.again.stdout) == (0, "")  # type: ignore[attr-defined]


def test_the_app_tests_pass(run: Run) -> None:
    assert run.outcomes, run.output
    assert len(run.outcomes) >= 29, run.output  # the app's 28 tests and the page check
    assert {name: outcome for name, outcome in run.outcomes.items() if outcome != "passed"} == {}


def test_the_runtime_guard_stops_the_app_using_the_column(tmp_path: Path) -> None:
    """The outage, caught in the test suite: with the column deprecated and the guard on,
    the app's own tests fail where the app still reads or writes it. The option comes from
    colretire's pytest plugin, installed through its entry point."""
    root = copy_example(tmp_path)
    write_state(root / "state" / "columns.toml")
    guarded = app_tests(root, "--colretire-forbid-deprecated")
    assert guarded.returncode == 1
    assert (
        "DeprecatedColumnUsed: tasks.expected_completion_time is deprecated (columns.toml: "
        "stage 'deprecated'): Task.expected_completion_time was set"
    ) in guarded.stdout
