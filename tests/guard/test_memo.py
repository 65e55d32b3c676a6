"""The pre-check remembers a run it read and found clean; any change to what it read, or to
the state it judged against, makes it read again. The example app, real Alembic, SQLite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from colretire.model import Stage

from .conftest import COLUMN, record_stage
from .test_example_app import DROP as DROP_AFTER_0003
from .test_example_app import EXAMPLE

#: Imported when the pre-check reads the run's scripts (the wire, which judges the statements
#: of every run, loads the judge and the SQL reader but not this).
READER = ["colretire.alembic.lint"]

HELPER_CALL = '''\
"""tidy the tasks table through a helper of the migrations directory"""
from alembic import op

from migrations.tidy import tidy

revision = "0099"
down_revision = "0004"


def upgrade():
    tidy(op)


def downgrade():
    pass
'''


#: A revision the pre-check must read (it drops something: an index), and lets through.
REINDEX = (Path(__file__).parents[1] / "data" / "0004_reindex.py").read_text(encoding="utf-8")


#: The outage's drop, after the fixture's last revision.
DROP = DROP_AFTER_0003.replace('down_revision = "0003"', 'down_revision = "0004"')


@pytest.fixture
def app(tmp_path: Path) -> Path:
    """The example app, with a last revision that the pre-check reads (the example's own
    revisions only build, and are not read at all: see test_constructive.py)."""
    copy = tmp_path / "workflow_tracker"
    shutil.copytree(
        EXAMPLE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", ".colretire-cache"),
    )
    record_stage(copy / "state" / "columns.toml", COLUMN, Stage.UNREFERENCED)
    (copy / "backend" / "migrations" / "versions" / "0004_reindex.py").write_text(REINDEX)
    return copy


def alembic(app: Path, database: Path, *args: str, **extra: str) -> tuple[int, str, str]:
    """Run Alembic on ``database``: 0 or 1 (failed), which of the reader's modules it
    imported, and what it printed."""
    body = f"from alembic.config import main\nmain(argv={list(args)!r}, prog='alembic')"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", **extra}
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AND_EXIT.format(watched=READER, body=body)],
        cwd=app / "backend", env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    loaded = [line for line in done.stdout.splitlines() if line.startswith("LOADED")][-1]
    return (0 if done.returncode == 0 else 1), loaded, done.stdout + done.stderr


LOADED_AND_EXIT = """\
import atexit, sys
WATCHED = {watched!r}
atexit.register(lambda: print("LOADED", sorted(m for m in WATCHED if m in sys.modules)))
{body}
"""

READ = "LOADED ['colretire.alembic.lint']"
NOT_READ = "LOADED []"


def memory(app: Path) -> list[Path]:
    directory = app / ".colretire-cache" / "guard"
    return sorted(directory.iterdir()) if directory.is_dir() else []


def tables(database: Path) -> dict[str, list[str]]:
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        inspector = sa.inspect(engine)
        return {
            t: [c["name"] for c in inspector.get_columns(t)] for t in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def test_a_second_run_of_the_same_migrations_is_not_read_again(app: Path, tmp_path: Path) -> None:
    first = alembic(app, tmp_path / "one.db", "upgrade", "head")
    second = alembic(app, tmp_path / "two.db", "upgrade", "head")

    assert first[:2] == (0, READ)
    assert second[:2] == (0, NOT_READ)
    assert len(memory(app)) == 1
    assert tables(tmp_path / "two.db") == tables(tmp_path / "one.db")
    assert "expected_completion_time" in tables(tmp_path / "two.db")["tasks"]


def test_a_new_drop_after_a_remembered_run_is_read_and_refused(app: Path, tmp_path: Path) -> None:
    alembic(app, tmp_path / "one.db", "upgrade", "head")
    (app / "backend" / "migrations" / "versions" / "0099_drop_ect.py").write_text(DROP)

    code, loaded, output = alembic(app, tmp_path / "two.db", "upgrade", "head")

    assert (code, loaded) == (1, READ)
    assert "refusing to drop tasks.expected_completion_time" in output
    assert "Traceback" not in output


def test_a_helper_that_starts_dropping_is_read_again(app: Path, tmp_path: Path) -> None:
    # The helper's file is part of what the pre-check read: a change to it alone is a miss.
    migrations = app / "backend" / "migrations"
    (migrations / "versions" / "0099_tidy.py").write_text(HELPER_CALL)
    (migrations / "tidy.py").write_text("def tidy(op):\n    pass\n")
    assert alembic(app, tmp_path / "one.db", "upgrade", "head")[:2] == (0, READ)
    assert alembic(app, tmp_path / "two.db", "upgrade", "head")[:2] == (0, NOT_READ)
    (migrations / "tidy.py").write_text(
        "def tidy(op):\n    op.drop_column('tasks', 'expected_completion_time')\n"
    )

    code, loaded, output = alembic(app, tmp_path / "three.db", "upgrade", "head")

    assert (code, loaded) == (1, READ)
    assert "refusing to drop tasks.expected_completion_time" in output
    # Refused by the pre-check, before any revision ran (SQLite keeps whatever DDL ran).
    assert "Nothing was run; the database is unchanged." in output


def test_a_state_file_moved_back_is_judged_again(app: Path, tmp_path: Path) -> None:
    # The drop is the one the state file records (written by colretire drop) and the run is
    # remembered; then the state file is moved back (a reverted commit, say): the same
    # migrations are read again, and refused.
    state = app / "state" / "columns.toml"
    record_stage(state, COLUMN, Stage.DROPPED, revision="0099")
    (app / "backend" / "migrations" / "versions" / "0099_drop_ect.py").write_text(DROP)
    assert alembic(app, tmp_path / "one.db", "upgrade", "head")[:2] == (0, READ)
    record_stage(state, COLUMN, Stage.UNREFERENCED)

    code, loaded, output = alembic(app, tmp_path / "two.db", "upgrade", "head")

    assert (code, loaded) == (1, READ)
    assert "refusing to drop tasks.expected_completion_time" in output


def test_a_refused_run_is_never_remembered(app: Path, tmp_path: Path) -> None:
    (app / "backend" / "migrations" / "versions" / "0099_drop_ect.py").write_text(DROP)

    first = alembic(app, tmp_path / "one.db", "upgrade", "head")
    second = alembic(app, tmp_path / "two.db", "upgrade", "head")

    assert first[:2] == second[:2] == (1, READ)
    assert memory(app) == []


def test_a_run_that_warned_is_read_and_warns_every_time(app: Path, tmp_path: Path) -> None:
    handed = HELPER_CALL.replace("from migrations.tidy import tidy", "import logging").replace(
        "tidy(op)", "logging.getLogger('migrations').debug('%s', op)"
    )
    (app / "backend" / "migrations" / "versions" / "0099_log.py").write_text(handed)

    runs = [alembic(app, tmp_path / f"{n}.db", "upgrade", "head") for n in ("one", "two")]

    for code, loaded, output in runs:
        assert (code, loaded) == (0, READ)
        assert "receives the migration's operations or connection" in output
    assert memory(app) == []


def test_the_memory_can_be_switched_off(app: Path, tmp_path: Path) -> None:
    runs = [
        alembic(app, tmp_path / f"{n}.db", "upgrade", "head", COLRETIRE_GUARD_MEMO="0")
        for n in ("one", "two")
    ]

    assert [run[:2] for run in runs] == [(0, READ), (0, READ)]
    assert memory(app) == []


def test_a_cache_directory_that_cannot_be_written_only_costs_the_reading(
    app: Path, tmp_path: Path
) -> None:
    (app / ".colretire-cache").write_text("a file where the cache directory would go\n")

    runs = [alembic(app, tmp_path / f"{n}.db", "upgrade", "head") for n in ("one", "two")]

    assert [run[:2] for run in runs] == [(0, READ), (0, READ)]
    assert all("Traceback" not in output for _, _, output in runs)


def test_a_remembered_downgrade_still_lets_a_revision_drop_what_it_created(
    app: Path, tmp_path: Path
) -> None:
    # The wire judges the downgrade's DROP TABLE tasks: allowed because revision 0001 created
    # tasks. With the pre-check remembered, what 0001 creates is read when the wire asks.
    for name in ("one", "two"):
        database = tmp_path / f"{name}.db"
        assert alembic(app, database, "upgrade", "head")[0] == 0
        code, _, output = alembic(app, database, "downgrade", "base")
        assert code == 0, output
        assert "tasks" not in tables(database)
    assert len(memory(app)) == 2  # the upgrade and the downgrade, each remembered once
