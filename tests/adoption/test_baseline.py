"""Adopting colretire on a project with years of migrations harms nothing.

Before the baseline, a fresh database built from such a history was refused (the drops were
written long before colretire was adopted), and accepting them one by one recorded live
columns as dropped. Now ``init`` records the revisions that exist, in every version tree, and
neither the guard nor ``check`` refuses what they do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from colretire import statefile
from colretire.alembic.baseline import Baseline, Tree
from colretire.cli import main
from colretire.model import ColumnRef, Stage
from tests.guard.conftest import schema_dump

from .legacy import DIALECTS, PYPROJECT, guard_env_py, make_legacy, write_revision

ALEMBIC = Path(sys.executable).with_name("alembic")


def colretire(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def alembic(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``alembic`` command, run by a user in the project."""
    env = {k: v for k, v in os.environ.items() if k != "COLRETIRE_ALLOW_DROP"}
    return subprocess.run(
        [str(ALEMBIC), *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def reset(url: str) -> None:
    """Empty the database, as a fresh one."""
    engine = sa.create_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            Path(str(engine.url.database)).unlink(missing_ok=True)
            return
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def migrated(root: Path, url: str) -> dict[str, Any]:
    """The schema a fresh database gets from ``alembic upgrade head``."""
    reset(url)
    done = alembic(root, "upgrade", "head")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    engine = sa.create_engine(url)
    try:
        return schema_dump(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=DIALECTS)
def url(request: pytest.FixtureRequest) -> str:
    fixture = {"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param]
    value: str = request.getfixturevalue(fixture)
    return value.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def sqlite_project(tmp_path: Path, sqlite_url: str) -> Path:
    return make_legacy(tmp_path / "legacy", sqlite_url)


def test_without_a_baseline_a_fresh_database_is_refused(sqlite_project: Path) -> None:
    """The defect: configured for colretire, the history no longer builds a database."""
    pyproject = sqlite_project / "pyproject.toml"
    pyproject.write_text(PYPROJECT + '\n[tool.colretire]\nstate = "state/columns.toml"\n')
    done = alembic(sqlite_project, "upgrade", "head")
    assert done.returncode != 0
    assert "FAILED: refusing to drop tasks.legacy_code: it is not tracked" in done.stdout


@pytest.mark.parametrize("mode", ["env.py line", "zero lines"])
def test_after_init_a_fresh_database_migrates_exactly_as_without_colretire(
    tmp_path: Path, url: str, mode: str
) -> None:
    plain = make_legacy(tmp_path / "plain", url)
    expected = migrated(plain, url)

    adopted = make_legacy(tmp_path / "adopted", url)
    result = colretire(adopted, "init")
    assert result.exit_code == 0, result.output
    if mode == "env.py line":
        guard_env_py(adopted)

    assert migrated(adopted, url) == expected
    assert "legacy_code" in [c[0] for c in expected["tasks"]["columns"]]


def test_a_revision_written_after_adoption_is_judged_in_full(
    sqlite_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sqlite_project)
    assert colretire(sqlite_project, "init").exit_code == 0
    guard_env_py(sqlite_project)
    write_revision(sqlite_project, "sqlite", "0005", "0004", 'op.drop_column("tasks", "title")')

    checked = colretire(sqlite_project, "check")
    upgraded = alembic(sqlite_project, "upgrade", "head")

    assert checked.exit_code == 1
    assert checked.stdout == (
        "migrations/versions/sqlite/0005_rev.py:10:5: CR201 refusing to drop tasks.title: it is "
        "not tracked by colretire; start its retirement with: colretire deprecate tasks.title "
        "(see docs/lifecycle.md)\n"
    )
    assert upgraded.returncode != 0
    assert "FAILED: refusing to drop tasks.title" in upgraded.stdout
    assert "Nothing was run; the database is unchanged." in upgraded.stdout


def test_a_new_revision_reusing_a_twin_tree_id_is_not_covered(sqlite_project: Path) -> None:
    """Twin trees share ids: the baseline is kept per tree, so an id that exists only in the
    other tree covers nothing here."""
    assert colretire(sqlite_project, "init").exit_code == 0
    (sqlite_project / "migrations" / "versions" / "postgresql" / "0005_rev.py").write_text(
        "revision = '0005'\ndown_revision = '0004'\n"
    )
    baseline_file = sqlite_project / "state" / "baseline.toml"
    text = baseline_file.read_text().replace('"0004",\n]', '"0004",\n    "0005",\n]', 1)
    baseline_file.write_text(text)  # 0005 now in the postgresql tree's baseline only
    write_revision(sqlite_project, "sqlite", "0005", "0004", 'op.drop_column("tasks", "title")')

    assert colretire(sqlite_project, "check").exit_code == 1


def test_after_adoption_check_is_clean_and_nothing_is_recorded_as_dropped(
    sqlite_project: Path,
) -> None:
    assert colretire(sqlite_project, "init").exit_code == 0

    checked = colretire(sqlite_project, "check")
    status = colretire(sqlite_project, "status", "--no-scan", "--format", "json")
    checklist = colretire(sqlite_project, "checklist", "--no-scan")

    assert (checked.exit_code, checked.stdout) == (0, "")
    assert '"columns": []' in status.stdout
    assert "dropped" not in checklist.stdout.lower()
    assert "[columns" not in (sqlite_project / "state" / "columns.toml").read_text()


def test_a_column_dropped_and_added_back_is_live(sqlite_project: Path) -> None:
    assert colretire(sqlite_project, "init").exit_code == 0

    deprecated = colretire(sqlite_project, "deprecate", "tasks.legacy_code", "--reason", "x")
    checked = colretire(sqlite_project, "check")

    assert deprecated.exit_code == 0, deprecated.output
    record = statefile.read(sqlite_project / "state" / "columns.toml").get(
        ColumnRef("tasks", "legacy_code")
    )
    assert record is not None
    assert [entry.stage for entry in record.history] == [Stage.DEPRECATED]
    assert (checked.exit_code, checked.stdout) == (0, "")


def test_init_records_every_tree_of_the_history(sqlite_project: Path) -> None:
    result = colretire(sqlite_project, "init")

    assert result.stdout.splitlines() == [
        "found Alembic: alembic.ini [alembic]",
        "found version trees picked in env.py: migrations/versions/postgresql, "
        "migrations/versions/sqlite",
        "found models: app.models:Base (env.py's target_metadata)",
        "wrote [tool.colretire] to pyproject.toml and the state file state/columns.toml",
        "recorded the adoption baseline in state/baseline.toml: 8 revision(s) in 2 version "
        "tree(s); commit it",
        "added .colretire-cache, state/columns.toml.lock to .gitignore",
    ]
    text = (sqlite_project / "pyproject.toml").read_text()
    assert text.endswith(
        "[tool.colretire]\n"
        'state = "state/columns.toml"\n'
        'source = ["app"]\n'
        'alembic = "alembic.ini"\n'
        'versions = ["migrations/versions/postgresql", "migrations/versions/sqlite"]\n'
        'metadata = "app.models:Base"\n'
    )


def test_a_project_configured_before_baselines_gets_one_from_init(sqlite_project: Path) -> None:
    (sqlite_project / "pyproject.toml").write_text(
        PYPROJECT + "\n[tool.colretire]\n"
        'versions = ["migrations/versions/sqlite", "migrations/versions/postgresql"]\n'
    )
    assert colretire(sqlite_project, "check").exit_code == 1  # the history is refused

    result = colretire(sqlite_project, "init")

    assert result.exit_code == 0, result.output
    assert "recorded the adoption baseline in state/baseline.toml: 8 revision(s)" in result.stdout
    assert colretire(sqlite_project, "check").exit_code == 0
    again = colretire(sqlite_project, "init")
    assert (again.exit_code, again.stderr) == (
        2,
        f"error: {sqlite_project / 'pyproject.toml'} already has a [tool.colretire] table; "
        "edit it by hand\n",
    )


COVERS = [
    ("migrations/versions/sqlite/0002_rev.py", "0002", True),
    ("migrations/versions/sqlite/0009_new.py", "0009", False),
    ("migrations/versions/sqlite/0003_rev.py", "0003", False),  # only the other tree had it
    ("migrations/versions/sqlite/helpers.py", None, True),
    ("migrations/versions/sqlite/other.py", None, False),
    ("migrations/elsewhere/0002_rev.py", "0002", False),
    (None, "0002", False),
]


@pytest.mark.parametrize(("path", "revision", "covered"), COVERS)
def test_the_baseline_covers_a_script_of_its_tree(
    path: str | None, revision: str | None, covered: bool
) -> None:
    baseline = Baseline(
        (
            Tree(
                "migrations/versions/sqlite", frozenset({"0001", "0002"}), frozenset({"helpers.py"})
            ),
            Tree("migrations/versions/postgresql", frozenset({"0001", "0002", "0003"})),
        )
    )
    assert baseline.covers(path, revision) is covered
