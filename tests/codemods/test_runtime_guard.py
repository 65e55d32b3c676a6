"""The test-suite safety net against a real SQLite database: reads, writes and statements
that use a deprecated column raise; everything else runs as before."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import ForeignKey, Integer, String, insert, select, text, update
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    joinedload,
    mapped_column,
    relationship,
)

from colretire import lifecycle, statefile
from colretire.errors import DeprecatedColumnUsed
from colretire.model import ColumnRef, Stamp
from colretire.runtime_guard import Guard, forbid_deprecated

COLUMN = ColumnRef("tasks", "expected_completion_time")


class Base(DeclarativeBase):
    pass


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    expected_completion_time: Mapped[int | None] = mapped_column(Integer)  # a look-alike
    tasks: Mapped[list[Task]] = relationship(back_populates="project")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    expected_completion_time: Mapped[int | None] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    project: Mapped[Project | None] = relationship(back_populates="tasks")


class Bug(Task):  # single-table inheritance: the guard follows the column into subclasses
    severity: Mapped[int | None] = mapped_column(Integer)


READ = (
    "tasks.expected_completion_time is deprecated (forbidden by the test configuration): "
    "Task.expected_completion_time was read; remove this use "
    "(colretire refs tasks.expected_completion_time lists them all)"
)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with Session(engine) as session:
        Base.metadata.create_all(engine)
        project = Project(id=1, expected_completion_time=8)
        session.add_all(
            [project, Task(id=1, title="cut", expected_completion_time=30, project=project)]
        )
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def guard(engine: sa.Engine) -> Iterator[Guard]:
    with forbid_deprecated(Base, columns=[COLUMN]) as installed:
        yield installed


def read(task: Task) -> object:
    return task.expected_completion_time


@pytest.mark.parametrize(
    "load",
    [
        pytest.param(lambda s: s.scalars(select(Task)).one(), id="select"),
        pytest.param(lambda s: s.get(Task, 1), id="get"),
        pytest.param(lambda s: s.get(Project, 1).tasks[0], id="lazy relationship"),
        pytest.param(
            lambda s: (
                s.scalars(select(Project).options(joinedload(Project.tasks)))
                .unique()
                .one()
                .tasks[0]
            ),
            id="joined eager load",
        ),
        pytest.param(lambda s: Task(title="new"), id="transient"),
    ],
)
def test_reading_the_attribute_raises(engine: sa.Engine, guard: Guard, load: object) -> None:
    with Session(engine) as session:
        task = load(session)  # type: ignore[operator]
        with pytest.raises(DeprecatedColumnUsed) as used:
            read(task)
        assert used.value.message == READ


def test_reading_after_commit_or_refresh_still_raises(engine: sa.Engine, guard: Guard) -> None:
    with Session(engine) as session:
        task = session.get(Task, 1)
        assert task is not None
        task.title = "cut beams"
        session.commit()  # expires everything
        assert task.title == "cut beams"
        with pytest.raises(DeprecatedColumnUsed):
            read(task)
        session.refresh(task)
        with pytest.raises(DeprecatedColumnUsed):
            read(task)


def test_writing_it_raises_and_so_does_the_constructor(engine: sa.Engine, guard: Guard) -> None:
    with Session(engine) as session:
        task = session.get(Task, 1)
        with pytest.raises(DeprecatedColumnUsed, match=r"Task\.expected_completion_time was set"):
            task.expected_completion_time = 5  # type: ignore[union-attr]
        with pytest.raises(DeprecatedColumnUsed, match="was set"):
            Task(title="x", expected_completion_time=5)
        with pytest.raises(DeprecatedColumnUsed, match="was set"):
            Bug(title="x", expected_completion_time=5)


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(select(Task).where(Task.expected_completion_time > 3), id="where"),
        pytest.param(select(Task).order_by(Task.expected_completion_time), id="order_by"),
        pytest.param(select(Task.expected_completion_time), id="select column"),
        pytest.param(update(Task).values(expected_completion_time=None), id="update"),
        pytest.param(select(Task.__table__.c.expected_completion_time), id="core column"),
    ],
)
def test_a_statement_that_names_it_raises_before_it_runs(
    engine: sa.Engine, guard: Guard, statement: sa.Executable
) -> None:
    with (
        Session(engine) as session,
        pytest.raises(DeprecatedColumnUsed, match="statement names it"),
    ):
        session.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(text("SELECT expected_completion_time FROM tasks"), id="text statement"),
        pytest.param(
            text("UPDATE tasks SET expected_completion_time = NULL WHERE id = 1"), id="text update"
        ),
        pytest.param(
            select(Task).where(text("expected_completion_time > 3")), id="text fragment in select"
        ),
    ],
)
def test_raw_sql_that_names_it_raises_before_it_runs(
    engine: sa.Engine, guard: Guard, statement: sa.Executable
) -> None:
    with Session(engine) as session:
        with pytest.raises(DeprecatedColumnUsed, match="raw SQL names it"):
            session.execute(statement)
        assert session.scalar(text("SELECT expected_completion_time FROM projects")) == 8
        assert session.scalar(select(Project.id).where(text("expected_completion_time = 8"))) == 1


def test_a_bulk_insert_that_sets_it_raises_before_it_runs(engine: sa.Engine, guard: Guard) -> None:
    rows = [{"id": 7, "title": "a", "expected_completion_time": 5}, {"id": 8, "title": "b"}]
    with Session(engine) as session:
        with pytest.raises(DeprecatedColumnUsed, match="the parameters of a Insert statement"):
            session.execute(insert(Task), rows)
        with pytest.raises(DeprecatedColumnUsed, match="parameters of a Update statement"):
            session.execute(
                Task.__table__.update().where(Task.id == 1),
                {"expected_completion_time": 9},
            )
        session.execute(insert(Task), [{"id": 9, "title": "c"}])
        session.execute(insert(Project), [{"id": 2, "expected_completion_time": 4}])
        assert session.scalars(select(Task.id).order_by(Task.id)).all() == [1, 9]


def test_a_migration_may_still_use_it(engine: sa.Engine, guard: Guard) -> None:
    """A data migration that copies the column is history, and a test suite that migrates
    its database runs it; outside the migration the same SQL raises."""
    from alembic import op
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    copy = "UPDATE projects SET expected_completion_time = (SELECT expected_completion_time FROM tasks WHERE tasks.id = 1)"
    with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        op.execute(copy)
        op.execute(update(Task).values(expected_completion_time=None))
    with Session(engine) as session:
        assert session.scalar(select(Project.expected_completion_time)) == 30
        with pytest.raises(DeprecatedColumnUsed, match="raw SQL names it"):
            session.execute(text(copy))


def test_everything_else_runs(engine: sa.Engine, guard: Guard) -> None:
    with Session(engine) as session:
        session.add(Task(title="new", project_id=1))
        session.commit()
        titles = session.scalars(select(Task.title).order_by(Task.id)).all()
        assert titles == ["cut", "new"]
        project = session.scalars(
            select(Project).where(Project.expected_completion_time == 8)
        ).one()
        assert project.expected_completion_time == 8
        session.execute(update(Task).values(title="renamed"))
        Base.metadata.create_all(engine)


def test_removing_the_guard_gives_the_column_back(engine: sa.Engine) -> None:
    guard = forbid_deprecated(Base, columns=[COLUMN])
    with Session(engine) as session, pytest.raises(DeprecatedColumnUsed):
        read(session.scalars(select(Task)).one())
    guard.remove()
    with Session(engine) as session:
        assert read(session.scalars(select(Task)).one()) == 30
        session.execute(select(Task).order_by(Task.expected_completion_time))


def write_state(path: Path, *, cancelled: bool = False) -> None:
    stamp = Stamp(datetime(2026, 1, 8, tzinfo=timezone.utc), "Ada <ada@example.com>")

    def change(state: statefile.State) -> statefile.State:
        record = lifecycle.apply(None, COLUMN, lifecycle.Deprecate("replaced by eta"), stamp)
        if cancelled:
            record = lifecycle.apply(record, COLUMN, lifecycle.Cancel("kept after all"), stamp)
        return state.with_record(record)

    statefile.update(path, change)


def test_the_columns_come_from_the_state_file(engine: sa.Engine, tmp_path: Path) -> None:
    state = tmp_path / "state" / "columns.toml"
    write_state(state)
    with forbid_deprecated(Base, state_path=state) as guard, Session(engine) as session:
        assert guard.attributes == ("Task.expected_completion_time",)
        with pytest.raises(DeprecatedColumnUsed) as used:
            read(session.get(Task, 1))  # type: ignore[arg-type]
    assert "(columns.toml: stage 'deprecated')" in used.value.message


def test_a_cancelled_column_is_not_guarded(engine: sa.Engine, tmp_path: Path) -> None:
    state = tmp_path / "columns.toml"
    write_state(state, cancelled=True)
    with forbid_deprecated(Base, state_path=state) as guard, Session(engine) as session:
        assert guard.attributes == ()
        assert read(session.get(Task, 1)) == 30  # type: ignore[arg-type]


MODELS = """
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    expected_completion_time: Mapped[int | None] = mapped_column(Integer)
"""
TEST = """
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.models import Base, Task


def test_eta(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(Task(id=1))
        session.commit()
        assert session.get(Task, 1).expected_completion_time is None
"""


def test_the_pytest_option(tmp_path: Path) -> None:
    """The option comes from colretire's pytest plugin (entry point pytest11): no conftest."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_eta.py").write_text(TEST)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.colretire]\nmetadata = "app.models:Base"\n\n'
        '[tool.pytest.ini_options]\npythonpath = ["."]\n'
    )
    write_state(tmp_path / "state" / "columns.toml")

    def pytest_run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)

    assert pytest_run().returncode == 0
    guarded = pytest_run("--colretire-forbid-deprecated")
    assert guarded.returncode == 1
    assert (
        "DeprecatedColumnUsed: tasks.expected_completion_time is deprecated (columns.toml: "
        in guarded.stdout
    )
    assert "Task.expected_completion_time was read" in guarded.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    unconfigured = pytest_run("--colretire-forbid-deprecated")
    assert unconfigured.returncode == 4  # a usage error, with what to do
    assert "colretire: --colretire-forbid-deprecated needs the models" in unconfigured.stderr
