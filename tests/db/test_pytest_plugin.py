"""The pytest plugin, installed through its pytest11 entry point, run as a user runs it:
one test file with both ways of calling the fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.db.conftest import alembic, execute, make_project

TESTS = """\
import sqlalchemy as sa

from app.models import Base


def test_configured(colretire_assert_schema_matches):
    colretire_assert_schema_matches()


def test_with_arguments(colretire_assert_schema_matches):
    engine = sa.create_engine("{url}")
    with engine.connect() as connection:
        colretire_assert_schema_matches(connection, Base)
"""


def run_pytest(root: Path, url: str) -> subprocess.CompletedProcess[str]:
    (root / "pytest.ini").write_text(f"[pytest]\npythonpath = .\ncolretire_db_url = {url}\n")
    (root / "test_schema.py").write_text(TESTS.format(url=url))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_schema.py"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path, sqlite_url: str) -> Path:
    make_project(tmp_path, sqlite_url)
    alembic(tmp_path, "upgrade", "head")
    return tmp_path


def test_the_migration_test_passes_on_a_matching_schema(project: Path, sqlite_url: str) -> None:
    done = run_pytest(project, sqlite_url)
    assert done.returncode == 0, done.stdout
    assert "2 passed" in done.stdout


def test_the_migration_test_lists_missing_columns_with_the_fix(
    project: Path, sqlite_url: str
) -> None:
    execute(
        sqlite_url,
        "ALTER TABLE tasks DROP COLUMN expected_completion_time",
        "ALTER TABLE tasks DROP COLUMN due_at",
    )
    done = run_pytest(project, sqlite_url)
    assert done.returncode == 1
    assert "2 failed" in done.stdout
    database = sqlite_url.removeprefix("sqlite:///")
    for source in ("app.models:Base", "Base"):
        assert (
            f"\nthe database {database} lacks 2 column(s) or table(s) that the models ({source}) "
            "map; every query that loads them fails:\n"
            "  tasks.expected_completion_time: fix with: colretire restore tasks.expected_completion_time\n"
            "  tasks.due_at: fix with: colretire restore tasks.due_at\n"
        ) in done.stdout
    assert "Traceback" not in done.stdout
