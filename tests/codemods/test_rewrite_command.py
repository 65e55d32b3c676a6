"""``colretire rewrite`` end to end: the finder's references, the diff, --write, the second
run that prints nothing, JSON, and the refusal, through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from colretire.cli import main

MODELS = """\
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # minutes a planner expects the task to take
    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
"""
SCHEMAS = """\
from pydantic import BaseModel, ConfigDict, Field


class TaskIn(BaseModel):
    title: str
    expected_completion_time: int | None = Field(default=None, ge=0)


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    expected_completion_time: int | None = None
"""
SERVICE = """\
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Project, Task
from app.schemas import TaskIn, TaskOut


def create(session: Session, payload: TaskIn) -> Task:
    task = Task(title=payload.title, expected_completion_time=payload.expected_completion_time)
    session.add(task)
    session.commit()
    return task


def estimate(session: Session, task_id: int, minutes: int) -> Task:
    task = session.get(Task, task_id)
    task.expected_completion_time = minutes
    session.commit()
    return task


def report(session: Session) -> list[dict]:
    rows = []
    for task in session.scalars(
        select(Task).order_by(Task.expected_completion_time, Task.id)
    ):
        rows.append({"id": task.id, "expected_completion_time": task.expected_completion_time})
    return rows


def out(task: Task) -> TaskOut:
    return TaskOut(id=task.id, title=task.title, expected_completion_time=task.expected_completion_time)


def budget(project: Project) -> int:
    return (project.expected_completion_time or 0) * 60
"""
PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.colretire]
source = ["app"]
"""
SMOKE = """\
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app import service
from app.models import Base, Project
from app.schemas import TaskIn

engine = sa.create_engine("sqlite://")
Base.metadata.create_all(engine)
with Session(engine) as session:
    task = service.create(session, TaskIn(title="cut"))
    service.estimate(session, task.id, 30)
    print(service.report(session), service.out(task).model_dump(), service.budget(Project()))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/schemas.py": SCHEMAS,
        "app/service.py": SERVICE,
        "pyproject.toml": PYPROJECT,
    }
    for path, text in files.items():
        (tmp_path / path).write_text(text)
    return tmp_path


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["-C", str(project), "rewrite", "tasks.expected_completion_time", *args]
    )


def snapshot(project: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((project / "app").glob("*.py"))}


def test_the_diff_changes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = run(project)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/app/models.py\n+++ b/app/models.py\n")
    assert snapshot(project) == before
    assert result.stderr.splitlines()[0] == (
        "would remove 11 reference(s) to tasks.expected_completion_time in 3 file(s); "
        "run with --write to apply"
    )


def test_write_then_the_code_runs_and_a_second_run_prints_nothing(project: Path) -> None:
    written = run(project, "--write")
    assert written.exit_code == 0, written.output
    assert snapshot(project)["service.py"] == textwrap.dedent(
        """\
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from app.models import Project, Task
        from app.schemas import TaskIn, TaskOut


        def create(session: Session, payload: TaskIn) -> Task:
            task = Task(title=payload.title)
            session.add(task)
            session.commit()
            return task


        def estimate(session: Session, task_id: int, minutes: int) -> Task:
            task = session.get(Task, task_id)
            session.commit()
            return task


        def report(session: Session) -> list[dict]:
            rows = []
            for task in session.scalars(
                select(Task).order_by(Task.id)
            ):
                rows.append({"id": task.id})
            return rows


        def out(task: Task) -> TaskOut:
            return TaskOut(id=task.id, title=task.title)


        def budget(project: Project) -> int:
            return (project.expected_completion_time or 0) * 60
        """
    )
    assert (
        "expected_completion_time" not in snapshot(project)["models.py"].split("class Project")[0]
    )
    smoke = subprocess.run(
        [sys.executable, "-c", SMOKE], cwd=project, capture_output=True, text=True
    )
    assert smoke.returncode == 0, smoke.stderr
    assert smoke.stdout == "[{'id': 1}] {'id': 1, 'title': 'cut'} 0\n"
    again = run(project, "--write")
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr == "removed 0 reference(s) to tasks.expected_completion_time in 0 file(s)\n"


def test_json(project: Path) -> None:
    result = run(project, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["version"], document["column"], document["written"]) == (
        1,
        "tasks.expected_completion_time",
        False,
    )
    assert [f["path"] for f in document["files"]] == [
        "app/models.py",
        "app/schemas.py",
        "app/service.py",
    ]
    assert len(document["removed"]) == 11 and document["manual"] == []
    assert document["diff"].startswith("--- a/app/models.py")


def test_a_use_left_for_a_person_keeps_the_model_attribute_and_the_writes(
    project: Path,
) -> None:
    """While a read stays, the code that stores the column's value stays too (the read would
    see no value in new rows), with the schema fields of the name that write reads (and the
    keywords that fill them); the app still runs."""
    service = project / "app" / "service.py"
    service.write_text(
        SERVICE
        + "\n\ndef hours(task: Task) -> float:\n    return task.expected_completion_time / 60\n"
    )
    result = run(project, "--write")
    assert result.exit_code == 0, result.output
    held = (
        "# colretire: remove tasks.expected_completion_time once the uses marked for a person "
        "are gone"
    )
    models, schemas, written = (
        snapshot(project)[n] for n in ("models.py", "schemas.py", "service.py")
    )
    assert f"    {held}\n    expected_completion_time: Mapped" in models
    assert f"    {held}\n    expected_completion_time: int | None = Field(" in schemas
    assert f"    {held}\n    expected_completion_time: int | None = None" in schemas  # TaskOut's
    assert (
        f"    {held}\n"
        "    # colretire: uses tasks.expected_completion_time; remove by hand\n"
        "    task = Task(title=payload.title, expected_completion_time=payload.expected_"
    ) in written
    assert f"    {held}\n    task.expected_completion_time = minutes\n" in written
    assert (
        "    # colretire: uses tasks.expected_completion_time; remove by hand\n"
        "    return task.expected_completion_time / 60\n"
    ) in written

    def line(text: str, name: str = "service.py") -> int:
        return next(i for i, n in enumerate(snapshot(project)[name].splitlines(), 1) if text in n)

    writes = (
        "left for a person (marked): a write of the column stays while 1 read(s) of it are "
        "left for a person (they would see no value in new rows); then run rewrite again"
    )
    assert set(result.stderr.splitlines()[1:]) >= {  # positions in the files as written
        f"app/service.py:{line('order_by(Task.id)')}:36: CR102 removed from an order_by: the "
        "rows may come in another order",
        f"app/models.py:{line('expected_completion_time: Mapped', 'models.py')}:5: CR101 left "
        "for a person (marked): the model attribute stays until the 1 use(s) left for a person "
        "are removed; then run rewrite again",
        f"app/schemas.py:{line('expected_completion_time: int', 'schemas.py')}:5: CR105 left "
        "for a person (marked): schema fields of this name stay while a use of one is left for a "
        "person",
        f"app/service.py:{line('task = Task(')}:38: CR104 {writes}",
        f"app/service.py:{line('task = Task(')}:71: CR103 left for a person (marked): read to "
        "be written, by a write held back",
        f"app/service.py:{line('task.expected_completion_time = minutes')}:10: CR103 {writes}",
        f"app/service.py:{line('/ 60')}:17: CR103 left for a person (marked): used in arithmetic",
        f"app/service.py:{line('return TaskOut(')}:80: CR103 left for a person (marked): read to "
        "be written, by a write held back",
    }
    smoke = subprocess.run(
        [sys.executable, "-c", SMOKE], cwd=project, capture_output=True, text=True
    )
    assert smoke.returncode == 0, smoke.stderr
    assert run(project, "--write").stdout == ""


def test_a_not_null_column_is_refused_with_the_migration_to_write(project: Path) -> None:
    models = project / "app" / "models.py"
    models.write_text(
        MODELS.replace(
            "Integer, nullable=True)\n\n\nclass Project",
            "Integer, nullable=False)\n\n\nclass Project",
        )
    )
    before = snapshot(project)
    result = run(project, "--write")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: refusing to remove the model attribute of tasks.expected_completion_time: it "
        "is NOT NULL without a server default, so inserts that leave it out would fail; first "
        "make it nullable with: colretire relax tasks.expected_completion_time (apply that "
        "migration), then run rewrite again\n"
    )
    assert snapshot(project) == before


def test_paths_limit_the_rewrite(project: Path) -> None:
    result = run(project, str(project / "app" / "schemas.py"))
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("+++")] == [
        "+++ b/app/schemas.py"
    ]
