"""A tiny Alembic project in tmp_path: models, alembic.ini, env.py, one initial revision.

Everything runs in-process against the real databases of ``tests/conftest.py``: the CLI
through click's CliRunner, Alembic through its ``command`` API, the schema through
SQLAlchemy's inspector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner, Result

from colretire import lifecycle, statefile
from colretire.alembic import revisions
from colretire.cli import main
from colretire.model import (
    Acceptance,
    ColumnDefinition,
    ColumnRef,
    Release,
    ScanSummary,
    Stage,
    Stamp,
    State,
)
from colretire.project import Project
from tests.conftest import driver_url

MODELS = """\
from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), server_default="open")
    priority: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
"""

INITIAL = '''\
"""initial

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("expected_completion_time", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), server_default="open", nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("legacy_code", sa.String(50), server_default="none", nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tasks")
'''

ENV = """\
from alembic import context
from sqlalchemy import engine_from_config, pool

from app.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

# The project's own template: the marker proves colretire renders through it.
SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""
# written from the project's script.py.mako
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''

PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.colretire]
source = ["app"]
metadata = "app.models:Base"
"""

ALEMBIC_INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
path_separator = os
sqlalchemy.url = {url}
"""

COLUMN = "tasks.expected_completion_time"
LEGACY = ColumnRef("tasks", "legacy_code")
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
#: The release ``track`` records: shipped after its columns became unreferenced.
RELEASE = Release("1.0.0", T0 + timedelta(days=1, hours=12))


def make_project(root: Path, url: str, *, models: str = MODELS) -> Path:
    """Write the project; ``url`` goes into alembic.ini (with an installed driver)."""
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "models.py").write_text(models)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "alembic.ini").write_text(ALEMBIC_INI.format(url=_ini_url(url)))
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (root / "migrations" / "env.py").write_text(ENV)
    (root / "migrations" / "script.py.mako").write_text(SCRIPT_MAKO)
    (versions / "0001_initial.py").write_text(INITIAL)
    return root


def _ini_url(url: str) -> str:
    return driver_url(url).render_as_string(hide_password=False).replace("%", "%%")


def alembic(root: Path, name: str, *args: Any) -> None:
    """Run an Alembic command in the project, as ``alembic NAME ARGS`` would."""
    project = Project.locate(root)
    with revisions.in_alembic_directory(project):
        getattr(command, name)(revisions.alembic_config(project), *args)


def schema(url: str, table: str = "tasks") -> dict[str, tuple[str, bool, str | None]]:
    """The inspector's view of a table: name -> (type, nullable, default)."""
    engine = sa.create_engine(driver_url(url))
    try:
        return {
            c["name"]: (repr(c["type"]), bool(c["nullable"]), c.get("default"))
            for c in sa.inspect(engine).get_columns(table)
        }
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(driver_url(url))
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()


def track(
    root: Path,
    column: ColumnRef,
    stage: Stage,
    definition: ColumnDefinition | None,
    acceptance: Acceptance | None = None,
) -> None:
    """Record ``column`` in the state file as having walked the line up to ``stage``, through
    the real rules, with the release that proves its wait (so its history verifies); its
    step into ``unreferenced`` carries ``acceptance``."""
    events: list[lifecycle.Event] = [lifecycle.Deprecate("replaced", definition=definition)]
    line: list[lifecycle.Event] = [
        lifecycle.Scanned(ScanSummary(references=0, files_scanned=10)),
        lifecycle.Released(RELEASE),
        lifecycle.Dropped("0002"),
    ]
    stages = [Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED]
    if stage in stages:
        events += line[: stages.index(stage) + 1]
    record = None
    for day, event in enumerate(events):
        stamp = Stamp(T0 + timedelta(days=day), "Ada <ada@example.com>")
        record = lifecycle.apply(record, column, event, stamp)
    assert record is not None
    if acceptance is not None:
        history = tuple(
            replace(entry, acceptance=acceptance) if entry.stage is Stage.UNREFERENCED else entry
            for entry in record.history
        )
        record = replace(record, history=history)
    final = record

    def change(state: State) -> State:
        if stage in stages[1:] and RELEASE not in state.releases:
            state = state.with_release(RELEASE)
        return state.with_record(final)

    statefile.update(root / "state" / "columns.toml", change)


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """``run(root, "check", "--db", url)``: colretire in ``root``, stdout and stderr apart."""

    def invoke(root: Path, *args: str) -> Result:
        return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)

    return invoke
