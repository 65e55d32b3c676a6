"""The example app (``examples/workflow_tracker``), shaped like the outage report: a scan for
``tasks.expected_completion_time`` finds every use in the 8 files the report lists, and
nothing on the look-alike columns (``projects.expected_completion_time`` in hours,
``milestones.expected_completion`` and ``milestones.expected_completion_time_minutes``).

Expectations name lines by their text (after an anchor line where the text repeats), so that
edits elsewhere in the app do not break them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from colretire.analysis import ScanResult, scan
from colretire.model import ColumnRef

APP = Path(__file__).resolve().parents[2] / "examples" / "workflow_tracker"
B = "backend/app/"
THE_8_FILES = [
    f"{B}models/models_db.py",
    f"{B}schemas/task_schema.py",
    f"{B}schemas/task_schemas.py",
    f"{B}models/tasks_model.py",
    f"{B}routers/tasks_router.py",
    f"{B}routers/supervisor_router.py",
    f"{B}routers/performance_router.py",
    f"{B}routers/reports_router.py",
]

# (file, anchor or "", text of the line, codes with confidence, in column order)
EXPECTED = [
    (
        f"{B}models/models_db.py",
        "class Task(Base):",
        "expected_completion_time: Mapped[int | None]",
        ["CR101 certain"],
    ),
    (
        f"{B}schemas/task_schema.py",
        "class TaskRead(",
        "expected_completion_time: int | None = None",
        ["CR105 certain"],
    ),
    (
        f"{B}schemas/task_schema.py",
        "class TaskBrief(",
        "expected_completion_time: int | None = None",
        ["CR105 certain"],
    ),
    (
        f"{B}schemas/task_schemas.py",
        "class TaskUpdate(",
        "expected_completion_time: int | None = None",
        ["CR105 certain"],
    ),
    (
        f"{B}schemas/task_schemas.py",
        "class TaskOut(",
        "expected_completion_time: int | None",
        ["CR105 certain"],
    ),
    (
        f"{B}models/tasks_model.py",
        "class TaskPerformance(",
        "expected_completion_time: int | None",
        ["CR105 certain"],
    ),
    (
        f"{B}routers/tasks_router.py",
        "def create_task(",
        "expected_completion_time=payload.eta_minutes,",
        ["CR104 certain"],
    ),
    (
        f"{B}routers/tasks_router.py",
        "",
        "task.expected_completion_time = payload.eta_minutes",
        ["CR103 certain"],
    ),
    (
        f"{B}routers/tasks_router.py",
        "",
        "expected_completion_time=source.expected_completion_time,",
        ["CR104 certain", "CR103 certain"],
    ),
    (
        f"{B}routers/supervisor_router.py",
        "def running_task_row(",
        '"expected_completion_time": task.expected_completion_time,',
        ["CR106 certain", "CR103 certain"],
    ),
    (
        f"{B}routers/supervisor_router.py",
        "",
        '.where(Task.status == "todo", Task.expected_completion_time > 0)',
        ["CR102 certain"],
    ),
    (
        f"{B}routers/supervisor_router.py",
        "",
        ".order_by(Task.expected_completion_time, Task.id)",
        ["CR102 certain"],
    ),
    (
        f"{B}routers/performance_router.py",
        "",
        "estimate = task.eta_minutes or task.expected_completion_time or 0",
        ["CR103 certain"],
    ),
    (
        f"{B}routers/performance_router.py",
        "",
        "expected_completion_time=task.expected_completion_time,",
        ["CR104 certain", "CR103 certain"],
    ),
    (
        f"{B}routers/reports_router.py",
        "def task_report(",
        '"expected_completion_time": task.expected_completion_time,',
        ["CR106 certain", "CR103 certain"],
    ),
    (
        f"{B}routers/reports_router.py",
        "",
        'exclude={"expected_completion_time", "eta_minutes"}',
        ["CR106 certain"],
    ),
    # outside the 8 files: the migration that created the column, the one that copied it to
    # eta_minutes, and a test about it
    (
        "backend/migrations/versions/0001_initial.py",
        '"tasks",',
        "op.create_table(",
        ["CR120 certain"],
    ),
    (
        "backend/migrations/versions/0003_eta_minutes.py",
        "",
        'op.execute("UPDATE tasks SET eta_minutes = expected_completion_time")',
        ["CR120 certain"],
    ),
    (
        "backend/tests/test_dashboards.py",
        "",
        '"expected_completion_time" not in row',
        ["CR900 unexplained"],
    ),
]


def line_of(path: str, text: str, anchor: str = "") -> int:
    """The number of the first line containing ``text`` after the line containing ``anchor``
    (for a migration's op: the last line containing ``text`` before ``anchor``)."""
    lines = (APP / path).read_text().splitlines()
    if path.endswith("0001_initial.py"):
        at = next(i for i, line in enumerate(lines) if anchor in line)
        return max(i for i, line in enumerate(lines[:at]) if text in line) + 1
    start = next(i for i, line in enumerate(lines) if anchor in line) if anchor else 0
    return next(i for i, line in enumerate(lines[start:], start) if text in line) + 1


@pytest.fixture(scope="module")
def result() -> ScanResult:
    if not APP.is_dir():
        pytest.fail(f"the example app is missing: {APP}")
    return scan(APP, ColumnRef.parse("tasks.expected_completion_time"), jobs=1)


def found_at(result: ScanResult, path: str, line: int) -> list[str]:
    refs = sorted(
        [
            (r.col, f"{r.code} {r.confidence}")
            for r in result.references
            if (r.path, r.line) == (path, line)
        ]
        + [
            (o.col, "CR900 unexplained")
            for o in result.unexplained
            if (o.path, o.line) == (path, line)
        ]
    )
    return [code for _, code in refs]


@pytest.mark.parametrize(("path", "anchor", "text", "codes"), EXPECTED, ids=lambda v: str(v)[:40])
def test_finds_the_use(
    result: ScanResult, path: str, anchor: str, text: str, codes: list[str]
) -> None:
    assert found_at(result, path, line_of(path, text, anchor)) == codes


def test_nothing_else_is_reported(result: ScanResult) -> None:
    expected = {(path, line_of(path, text, anchor)) for path, anchor, text, _ in EXPECTED}
    extra = [
        f"{r.path}:{r.line}: {r.code} {r.message}"
        for r in result.references
        if (r.path, r.line) not in expected
    ]
    assert extra == []


def test_every_file_of_the_report_has_uses(result: ScanResult) -> None:
    assert {r.path for r in result.references} >= set(THE_8_FILES)


# The same name on the projects table: its declaration, its schema field, its migration.
PROJECT_COLUMN = [
    (
        f"{B}models/models_db.py",
        "class Project(Base):",
        "expected_completion_time: Mapped[int | None]",
    ),
    (
        f"{B}schemas/project_schema.py",
        "class ProjectOut(",
        "expected_completion_time: int | None = Field(",
    ),
    ("backend/migrations/versions/0001_initial.py", '"projects",', "op.create_table("),
]


@pytest.mark.parametrize(("path", "anchor", "text"), PROJECT_COLUMN, ids=lambda v: str(v)[:40])
def test_no_hit_on_the_projects_column(
    result: ScanResult, path: str, anchor: str, text: str
) -> None:
    assert found_at(result, path, line_of(path, text, anchor)) == []


def test_no_hit_on_look_alike_columns(result: ScanResult) -> None:
    """Every line naming a look-alike, or the same name on the projects table, is silent."""
    look_alike = re.compile(
        r"expected_completion(?!_time\b)|project\.expected_completion_time|Project\(.*expected_completion_time|\"projects\"|\[\"project\"\]|row\[\"expected_completion_time\"\] for row in rows\]|projects\["
    )
    lines = 0
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(APP).as_posix()
        for number, text in enumerate(path.read_text().splitlines(), 1):
            if "expected_completion" in text and look_alike.search(text):
                lines += 1
                assert found_at(result, rel, number) == [], f"{rel}:{number}: {text.strip()}"
    assert lines >= 15
