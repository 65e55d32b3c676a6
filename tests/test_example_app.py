"""The example application's own test suite passes on SQLite, PostgreSQL and MariaDB.

Every other test runs colretire against examples/workflow_tracker, so that app has to be a
working application first: its suite migrates an empty database with Alembic, seeds it through
the API, checks every dashboard and endpoint, and migrates back down to nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent / "examples" / "workflow_tracker" / "backend"


def run_app_tests(database_url: str | None) -> subprocess.CompletedProcess[str]:
    # The app's suite is a pytest run of its own: none of this run's pytest settings apply.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    return subprocess.run(
        command, cwd=BACKEND, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def assert_passed(result: subprocess.CompletedProcess[str]) -> None:
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, f"the example app's tests failed:\n{output}"
    assert " passed" in result.stdout, output


def test_example_app_suite(database_url: str) -> None:
    """Parametrized by the shared fixture: a temporary SQLite file, then fresh databases."""
    assert_passed(run_app_tests(database_url))


def test_example_app_suite_without_database_url(tmp_path: Path) -> None:
    """With no DATABASE_URL the suite uses a temporary SQLite file, not backend/workflow.db."""
    default_db = BACKEND / "workflow.db"
    existed = default_db.exists()
    assert_passed(run_app_tests(None))
    assert default_db.exists() == existed
