"""A small Alembic project in a temporary directory, run for real against a real database.

``demo`` is a project whose ``env.py`` carries the guard's one line; its database is at the
base revision (``tasks`` and ``notes`` created). Tests write more revisions, set the stage of
``tasks.expected_completion_time`` in the state file, and run Alembic.
"""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from colretire import lifecycle, statefile
from colretire.model import ColumnDefinition, ColumnRef, Release, ScanSummary, Stage, Stamp, State

COLUMN = ColumnRef("tasks", "expected_completion_time")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)

PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.colretire]
state = "state/columns.toml"
"""

ALEMBIC_INI = """\
[alembic]
script_location = %(here)s/migrations
prepend_sys_path = %(here)s/migrations
path_separator = os
sqlalchemy.url = {url}
"""

ENV_PY = """\
import runpy
from pathlib import Path

from sqlalchemy import engine_from_config, pool

{import_line}

config = context.config
models = Path(__file__).resolve().parent.parent / "app" / "models.py"
target_metadata = runpy.run_path(str(models))["Base"].metadata if models.exists() else None


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={{"paramstyle": "named"}},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {{}}), prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

GUARD_LINE = "from colretire.alembic.guard import context"
PLAIN_LINE = "from alembic import context"

SCRIPT_TEMPLATE = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''

BASE = '''\
"""base: tasks and notes"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("expected_completion_time", sa.Integer, nullable=True),
        sa.Column("legacy_code", sa.String(20), nullable=False, server_default="n/a"),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.Text),
    )


def downgrade():
    op.drop_table("notes")
    op.drop_table("tasks")
'''

DEFINITIONS = {
    "expected_completion_time": ColumnDefinition("Integer", nullable=True),
    "legacy_code": ColumnDefinition("String(20)", nullable=False, server_default='"n/a"'),
}


def record_stage(
    path: Path, column: ColumnRef, stage: Stage | None, revision: str | None = None
) -> State:
    """Walk ``column`` through the lifecycle up to ``stage`` in the state file at ``path``
    (``None`` removes it), with the real rules and fixed timestamps."""

    def change(state: State) -> State:
        columns = {k: v for k, v in state.columns.items() if k != str(column)}
        state = State(columns, state.releases, state.version)
        if stage is None:
            return state
        events: list[lifecycle.Event] = [
            lifecycle.Deprecate("replaced", definition=DEFINITIONS.get(column.column))
        ]
        line = [Stage.UNREFERENCED, Stage.WAITED, Stage.DROPPED]
        release = Release("1.4.0", T0 + timedelta(days=4))
        more: list[lifecycle.Event] = [
            lifecycle.Scanned(ScanSummary(0, 10)),
            lifecycle.Released(release),
            lifecycle.Dropped(revision or "0002"),
        ]
        if stage in line:
            events += more[: line.index(stage) + 1]
        record = None
        for day, event in enumerate(events):
            stamp = Stamp(T0 + timedelta(days=day * 2 + (1 if day else 0)), "Ada <ada@example.com>")
            record = lifecycle.apply(record, column, event, stamp)
        assert record is not None
        return state.with_record(record)

    return statefile.update(path, change)


def schema_dump(engine: sa.Engine) -> dict[str, Any]:
    """Everything about the schema that a drop could change, plus Alembic's version rows."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        dump: dict[str, Any] = {}
        for table in sorted(inspector.get_table_names()):
            dump[table] = {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                    for c in inspector.get_columns(table)
                ],
                "pk": inspector.get_pk_constraint(table)["constrained_columns"],
                "indexes": sorted(str(i) for i in inspector.get_indexes(table)),
            }
        if "alembic_version" in dump:
            rows = conn.execute(sa.text("SELECT version_num FROM alembic_version"))
            dump["versions"] = sorted(r[0] for r in rows)
        return dump


@dataclass
class Demo:
    root: Path
    url: str

    @property
    def state_path(self) -> Path:
        return self.root / "state" / "columns.toml"

    @property
    def versions(self) -> Path:
        return self.root / "migrations" / "versions"

    def config(self, stdout: io.StringIO | None = None) -> Config:
        out = stdout or io.StringIO()
        return Config(str(self.root / "alembic.ini"), stdout=out, output_buffer=out)

    def revision(
        self, rev: str, down: str, upgrade: str, downgrade: str = "pass", module: str = ""
    ) -> Path:
        """Write revision ``rev``; ``module`` is code placed before ``upgrade()``."""
        top = f"{textwrap.dedent(module).strip()}\n\n\n" if module else ""
        body = (
            f'"""revision {rev}"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
            f"revision = {rev!r}\ndown_revision = {down!r}\n\n\n{top}"
            f"def upgrade():\n{textwrap.indent(textwrap.dedent(upgrade).strip(), '    ')}\n\n\n"
            f"def downgrade():\n{textwrap.indent(textwrap.dedent(downgrade).strip(), '    ')}\n"
        )
        path = self.versions / f"{rev}_rev.py"
        path.write_text(body)
        return path

    def stage(
        self, stage: Stage | None, revision: str | None = None, column: ColumnRef = COLUMN
    ) -> State:
        return record_stage(self.state_path, column, stage, revision)

    def upgrade(self, target: str = "head", *, sql: bool = False) -> str:
        out = io.StringIO()
        command.upgrade(self.config(out), target, sql=sql)
        return out.getvalue()

    @functools.cached_property
    def engine(self) -> sa.Engine:
        """One engine for the test's inspections: connecting is the slow part on MariaDB."""
        return sa.create_engine(self.url)

    def dump(self) -> dict[str, Any]:
        return schema_dump(self.engine)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

    def alembic(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The ``alembic`` console script, as a user runs it."""
        exe = Path(sys.executable).with_name("alembic")
        env = {**os.environ, "COLRETIRE_USER": "Ada Lovelace <ada@example.com>"}
        return subprocess.run(
            [str(exe), *args], cwd=self.root, capture_output=True, text=True, env=env, check=False
        )


def make_demo(root: Path, url: str, *, guarded: bool = True, configured: bool = True) -> Demo:
    (root / "migrations" / "versions").mkdir(parents=True)
    (root / "state").mkdir()
    pyproject = PYPROJECT if configured else PYPROJECT.split("[tool.colretire]")[0]
    (root / "pyproject.toml").write_text(pyproject)
    (root / "alembic.ini").write_text(ALEMBIC_INI.format(url=url.replace("%", "%%")))
    line = GUARD_LINE if guarded else PLAIN_LINE
    (root / "migrations" / "env.py").write_text(ENV_PY.format(import_line=line))
    (root / "migrations" / "script.py.mako").write_text(SCRIPT_TEMPLATE)
    (root / "migrations" / "versions" / "0001_base.py").write_text(BASE)
    demo = Demo(root, url)
    demo.upgrade()
    return demo


def _closing(demo: Demo) -> Iterator[Demo]:
    try:
        yield demo
    finally:
        demo.close()


@pytest.fixture
def demo(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """The guarded project at its base revision, on each of the three databases."""
    monkeypatch.setenv("COLRETIRE_USER", "Ada Lovelace <ada@example.com>")
    monkeypatch.delenv("COLRETIRE_ALLOW_DROP", raising=False)
    yield from _closing(make_demo(tmp_path / "project", database_url))


@pytest.fixture
def sqlite_demo(tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    monkeypatch.setenv("COLRETIRE_USER", "Ada Lovelace <ada@example.com>")
    monkeypatch.delenv("COLRETIRE_ALLOW_DROP", raising=False)
    yield from _closing(make_demo(tmp_path / "project", sqlite_url))


@pytest.fixture
def postgres_demo(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Demo]:
    monkeypatch.setenv("COLRETIRE_USER", "Ada Lovelace <ada@example.com>")
    monkeypatch.delenv("COLRETIRE_ALLOW_DROP", raising=False)
    yield from _closing(make_demo(tmp_path / "project", postgres_url))
