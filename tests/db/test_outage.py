"""The outage of docs/outage.md, replayed on the example application and PostgreSQL.

``tasks.expected_completion_time`` is dropped by hand while the models still map it; check
names it, restore writes the fix, ``alembic upgrade head`` applies it, and check is clean.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import driver_url
from tests.db.conftest import Run, execute, schema

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "workflow_tracker"
COLUMN = "tasks.expected_completion_time"


@pytest.fixture
def app(tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example on a fresh PostgreSQL database migrated to head."""
    root = tmp_path / "workflow_tracker"
    shutil.copytree(
        EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".*cache*", "state")
    )
    monkeypatch.setenv(
        "DATABASE_URL", driver_url(postgres_url).render_as_string(hide_password=False)
    )
    monkeypatch.chdir(root)
    upgrade(root)
    return root


def upgrade(root: Path) -> None:
    """``alembic upgrade head``, run exactly as the team runs it."""
    subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "backend/alembic.ini", "upgrade", "head"],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


def outage_finding(database: str) -> str:
    return (
        f"{database}: CR301 tasks.expected_completion_time is mapped by the models (metadata "
        "app.models.models_db:Base) but the database has no such column: every query that "
        "loads the model fails with 'column does not exist'\n"
        "  fix: colretire restore tasks.expected_completion_time\n"
    )


def test_check_names_the_outage_and_restore_fixes_it(
    app: Path, postgres_url: str, run: Run
) -> None:
    database = str(driver_url(postgres_url).database)
    assert run(app, "check", "--db").exit_code == 0
    execute(postgres_url, "ALTER TABLE tasks DROP COLUMN expected_completion_time")

    broken = run(app, "check", "--db")
    assert (broken.exit_code, broken.stdout) == (1, outage_finding(database))

    restored = run(app, "restore", COLUMN)
    assert restored.exit_code == 0, restored.output
    assert restored.stdout.startswith("wrote backend/migrations/versions/")
    upgrade(app)
    assert schema(postgres_url)["expected_completion_time"] == ("INTEGER()", True, None)

    fixed = run(app, "check", "--db")
    assert (fixed.exit_code, fixed.stdout) == (0, "")
    assert fixed.stderr == f"colretire check: no findings (database {database} checked)\n"


def test_restore_sql_is_the_fix_for_a_database_without_alembic(
    app: Path, postgres_url: str, run: Run
) -> None:
    execute(postgres_url, "ALTER TABLE tasks DROP COLUMN expected_completion_time")
    sql = run(app, "restore", COLUMN, "--sql").stdout
    assert sql == "ALTER TABLE tasks ADD COLUMN expected_completion_time INTEGER;\n"
    execute(postgres_url, sql)
    assert run(app, "check", "--db", postgres_url).exit_code == 0
