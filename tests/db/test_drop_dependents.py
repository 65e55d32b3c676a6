"""colretire drop writes what the database needs: the column's indexes go first, and the
downgrade puts them back after the column."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from colretire.model import Stage
from tests.conftest import driver_url
from tests.db.conftest import LEGACY, Run, alembic, execute, make_project, track
from tests.db.test_revisions import LEGACY_DEFINITION, wrote


def indexes(url: str) -> list[tuple[str, tuple[str, ...], bool]]:
    engine = sa.create_engine(driver_url(url))
    try:
        found = sa.inspect(engine).get_indexes("tasks")
    finally:
        engine.dispose()
    return sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found)


def columns(url: str) -> list[str]:
    engine = sa.create_engine(driver_url(url))
    try:
        return [c["name"] for c in sa.inspect(engine).get_columns("tasks")]
    finally:
        engine.dispose()


def test_an_indexed_column_is_dropped_with_its_indexes_and_restored_with_them(
    tmp_path: Path, database_url: str, run: Run
) -> None:
    root = make_project(tmp_path, database_url)
    alembic(root, "upgrade", "head")
    execute(
        database_url,
        "CREATE INDEX ix_tasks_legacy_code ON tasks (legacy_code)",
        "CREATE UNIQUE INDEX ux_tasks_legacy_status ON tasks (legacy_code, status)",
        "CREATE INDEX ix_tasks_priority ON tasks (priority)",
    )
    before = indexes(database_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)

    result = run(root, "drop", "tasks.legacy_code", "--db", database_url)

    assert result.exit_code == 0, result.output
    script = (root / wrote(result.stdout)["path"]).read_text()
    upgrade, downgrade = script.split("def downgrade")
    assert upgrade.index("op.drop_index('ix_tasks_legacy_code'") < upgrade.index("drop_column")
    assert "ux_tasks_legacy_status" in upgrade and "ix_tasks_priority" not in upgrade
    assert downgrade.index("add_column") < downgrade.index("op.create_index('ix_tasks_legacy_code'")

    alembic(root, "upgrade", "head")
    assert "legacy_code" not in columns(database_url)
    assert indexes(database_url) == [("ix_tasks_priority", ("priority",), False)]
    alembic(root, "downgrade", "-1")
    assert "legacy_code" in columns(database_url)
    assert indexes(database_url) == before


def test_without_the_database_the_drop_says_its_indexes_were_not_looked_up(
    tmp_path: Path, run: Run
) -> None:
    missing = tmp_path / "missing.db"
    root = make_project(tmp_path, f"sqlite:///{missing}")
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    result = run(root, "drop", "tasks.legacy_code")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"note: sqlite:///{missing} does not exist, so the indexes and constraints on "
        "tasks.legacy_code were not looked up; if it has any, drop them in the revision first\n"
    )
    assert not missing.exists()
