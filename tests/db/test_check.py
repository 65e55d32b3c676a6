"""colretire check: the static gate, and the models against SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from colretire.model import ColumnDefinition, ColumnRef, Stage
from tests.conftest import driver_url
from tests.db.conftest import LEGACY, Run, alembic, execute, make_project, track

STATIC_ONLY = "(static checks only; add --db for the database)"
LEGACY_DEFINITION = ColumnDefinition("String(50)", nullable=False, server_default='"none"')
PRIORITY = ColumnRef("tasks", "priority")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project directory, made current: printed paths are relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def database(url: str) -> str:
    """The name check prints for a database: its name, or the SQLite file's path."""
    return str(driver_url(url).database)


def migrated(root: Path, url: str) -> Path:
    """The project at ``url`` with its migrations applied and the unmapped column tracked."""
    make_project(root, url)
    alembic(root, "upgrade", "head")
    track(root, LEGACY, Stage.DEPRECATED, LEGACY_DEFINITION)
    return root


# -- static ---------------------------------------------------------------------------------


def test_a_clean_project_passes_the_static_gate(here: Path, sqlite_url: str, run: Run) -> None:
    make_project(here, sqlite_url)
    result = run(here, "check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"colretire check: no findings {STATIC_ONLY}\n"


def test_a_broken_state_file_is_one_line_with_its_place_and_exit_2(
    here: Path, sqlite_url: str, run: Run
) -> None:
    make_project(here, sqlite_url)
    (here / "state").mkdir()
    (here / "state" / "columns.toml").write_text(
        'version = 1\n\n[columns."tasks.x"]\nstage = "gone"\n'
    )
    result = run(here, "check")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: ")
    assert "columns.toml:4: stage 'gone' is not one of: " in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_dropped_column_the_code_still_declares_is_an_error(
    here: Path, sqlite_url: str, run: Run
) -> None:
    make_project(here, sqlite_url)
    (here / "migrations" / "versions" / "0002_drop.py").write_text(
        HAND_WRITTEN_DROP.replace("legacy_code", "expected_completion_time")
    )
    track(here, ColumnRef("tasks", "expected_completion_time"), Stage.DROPPED, None)
    result = run(here, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "app/models.py:16:5: CR404 tasks.expected_completion_time is recorded as dropped but "
        "the code still declares or uses it: declares tasks.expected_completion_time as "
        "Task.expected_completion_time"
    )


def test_a_dropped_record_whose_revision_is_gone_is_a_warning(
    here: Path, sqlite_url: str, run: Run
) -> None:
    make_project(here, sqlite_url)
    drop = here / "migrations" / "versions" / "0002_drop.py"
    drop.write_text(HAND_WRITTEN_DROP)
    track(here, LEGACY, Stage.DROPPED, LEGACY_DEFINITION)
    assert run(here, "check").exit_code == 0
    drop.unlink()  # someone deleted the drop revision
    result = run(here, "check")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "state/columns.toml:9:1: CR405 [warning] tasks.legacy_code is recorded as dropped by "
        "revision 0002, but no migration script has that revision: the drop revision is "
        "missing (deleted or never committed), so databases built from the migrations keep "
        "the column"
    )
    assert "restore the revision file from version control" in result.stdout
    assert run(here, "check", "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("stage", "exit_code", "text"),
    [
        (Stage.DEPRECATED, 0, "CR403 [warning] tasks.priority is NOT NULL without a server default; INSERTs fail once the code stops writing it"),
        (Stage.WAITED, 1, "CR403 tasks.priority is NOT NULL without a server default; INSERTs fail now that the code no longer writes it"),
    ],
)  # fmt: skip
def test_a_not_null_column_on_its_way_out_asks_for_relax(
    here: Path, sqlite_url: str, run: Run, stage: Stage, exit_code: int, text: str
) -> None:
    make_project(here, sqlite_url)
    (here / "app" / "models.py").write_text(
        (here / "app" / "models.py")
        .read_text()
        .replace("    priority: Mapped[int] = mapped_column(Integer)\n", "")
    )
    track(here, PRIORITY, stage, ColumnDefinition("Integer", nullable=False))
    result = run(here, "check")
    assert result.exit_code == exit_code
    line = 9 if stage is Stage.WAITED else 5  # after the [[releases]] entry its wait needs
    assert result.stdout == (
        f"state/columns.toml:{line}:1: {text}\n"
        "  fix: colretire relax tasks.priority (or --server-default SQL)\n"
    )
    if stage is Stage.DEPRECATED:
        assert run(here, "check", "--strict").exit_code == 1
    assert run(here, "relax", "tasks.priority").exit_code == 0
    relaxed = run(here, "check")
    assert (relaxed.exit_code, relaxed.stdout) == (0, "")


def test_references_that_came_back_after_unreferenced_are_errors_where_they_are(
    here: Path, sqlite_url: str, run: Run
) -> None:
    make_project(here, sqlite_url)
    (here / "app" / "report.py").write_text(
        "from app.models import Task\n\n\ndef eta(task: Task) -> int | None:\n"
        "    return task.expected_completion_time\n"
    )
    track(here, ColumnRef("tasks", "expected_completion_time"), Stage.UNREFERENCED, None)
    result = run(here, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-2:] == [
        "app/report.py:5:17: CR402 tasks.expected_completion_time is at stage 'unreferenced' "
        "but the code uses it again: reads Task.expected_completion_time "
        "(tasks.expected_completion_time) on a Task instance",
        "  fix: remove the use, or record the regression with: colretire advance "
        "tasks.expected_completion_time",
    ]


# -- against the database -------------------------------------------------------------------


def test_models_and_database_that_agree_pass(here: Path, database_url: str, run: Run) -> None:
    migrated(here, database_url)
    result = run(here, "check", "--db", database_url)
    assert (result.exit_code, result.stdout) == (0, "")
    assert (
        result.stderr
        == f"colretire check: no findings (database {database(database_url)} checked)\n"
    )


def test_a_mapped_column_missing_from_the_database_is_the_outage(
    here: Path, database_url: str, run: Run
) -> None:
    migrated(here, database_url)
    execute(database_url, "ALTER TABLE tasks DROP COLUMN expected_completion_time")
    result = run(here, "check", "--db", database_url)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{database(database_url)}: CR301 tasks.expected_completion_time is mapped by the models "
        "(metadata app.models:Base) but the database has no such column: every query that "
        "loads the model fails with 'column does not exist'\n"
        "  fix: colretire restore tasks.expected_completion_time\n"
    )
    assert (
        result.stderr
        == f"colretire check: 1 error, 0 warnings (database {database(database_url)} checked)\n"
    )


def test_an_untracked_unmapped_column_is_a_warning(here: Path, sqlite_url: str, run: Run) -> None:
    make_project(here, sqlite_url)
    alembic(here, "upgrade", "head")
    result = run(here, "check", "--db", sqlite_url)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{database(sqlite_url)}: CR303 [warning] tasks.legacy_code is in the database but the "
        "models do not map it and colretire does not track it; if it is on its way out, track it\n"
        '  fix: colretire deprecate tasks.legacy_code --force --reason "..."\n'
    )
    assert run(here, "check", "--db", sqlite_url, "--strict").exit_code == 1


def test_a_column_recorded_as_dropped_but_still_there_is_an_error(
    here: Path, sqlite_url: str, run: Run
) -> None:
    make_project(here, sqlite_url)
    alembic(here, "upgrade", "head")
    (here / "migrations" / "versions" / "0002_drop.py").write_text(HAND_WRITTEN_DROP)
    track(here, LEGACY, Stage.DROPPED, LEGACY_DEFINITION)
    result = run(here, "check", "--db", sqlite_url)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{database(sqlite_url)}: CR304 tasks.legacy_code is recorded as dropped by revision 0002 "
        "but the database still has it: that revision has not been applied here\n"
        "  fix: alembic upgrade head\n"
    )


def test_a_column_dropped_by_hand_before_its_time_is_an_error(
    here: Path, sqlite_url: str, run: Run
) -> None:
    migrated(here, sqlite_url)
    execute(sqlite_url, "ALTER TABLE tasks DROP COLUMN legacy_code")
    result = run(here, "check", "--db", sqlite_url)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{database(sqlite_url)}: CR305 tasks.legacy_code is at stage 'deprecated' but the "
        "database no longer has it: it was dropped outside colretire, before its time"
    )


def test_rows_that_still_hold_a_value_are_evidence_before_a_drop(
    here: Path, database_url: str, run: Run
) -> None:
    make_project(here, database_url)
    alembic(here, "upgrade", "head")
    track(here, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    execute(
        database_url,
        "INSERT INTO tasks (id, title, priority, legacy_code) VALUES (1, 'a', 1, 'X'), (2, 'b', 1, 'Y')",
    )
    result = run(here, "check", "--db", database_url, "--format", "json")
    assert result.exit_code == 0  # evidence is a warning; pg_stat_statements is absent and skipped
    (evidence,) = json.loads(result.stdout)["diagnostics"]
    assert (evidence["code"], evidence["severity"], evidence["database"]) == (
        "CR307",
        "warning",
        database(database_url),
    )
    assert evidence["message"] == (
        "2 row(s) of tasks still hold a value in legacy_code; dropping it deletes them: back "
        "them up or make sure they are not needed"
    )


def test_a_not_null_column_in_the_database_asks_for_relax_then_upgrade(
    here: Path, sqlite_url: str, run: Run
) -> None:
    migrated(here, sqlite_url)
    track(here, PRIORITY, Stage.DEPRECATED, ColumnDefinition("Integer", nullable=True))
    result = run(here, "check", "--db", sqlite_url)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{database(sqlite_url)}: CR306 [warning] tasks.priority is NOT NULL without a default in "
        "the database; INSERTs fail once the code stops writing it\n"
        "  fix: colretire relax tasks.priority, then alembic upgrade head\n"
    )


def test_the_outage_in_every_format(here: Path, sqlite_url: str, run: Run) -> None:
    migrated(here, sqlite_url)
    execute(sqlite_url, "ALTER TABLE tasks DROP COLUMN expected_completion_time")
    sarif = json.loads(run(here, "check", "--db", sqlite_url, "--format", "sarif").stdout)
    (result,) = sarif["runs"][0]["results"]
    assert (result["ruleId"], result["level"]) == ("CR301", "error")
    assert "CR301" in {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    github = run(here, "check", "--db", sqlite_url, "--format", "github").stdout
    assert github.startswith(
        f"::error title=CR301::{database(sqlite_url).replace(':', '%3A')}: tasks.expected_completion_time is mapped"
    )


# -- the database URL -----------------------------------------------------------------------


def test_db_naming_a_sqlite_file_that_does_not_exist_creates_none(
    here: Path, sqlite_url: str, run: Run
) -> None:
    migrated(here, sqlite_url)
    result = run(here, "check", "--db", "sqlite:///typo.db")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: sqlite:///typo.db: there is no database file typo.db (relative to the current "
        "directory); colretire does not create one: check the path\n"
    )
    assert not (here / "typo.db").exists()


def test_db_alone_reads_database_url_then_alembic_ini(
    here: Path, sqlite_url: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrated(here, sqlite_url)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert f"(database {database(sqlite_url)} checked)" in run(here, "check", "--db").stderr
    other = here / "other.db"
    sqlite3.connect(other).close()  # an empty database: colretire never creates one
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    result = run(here, "check", "--db")
    assert "CR302 table tasks is mapped by the models" in result.stdout
    assert f"(database {other} checked)" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://nobody:secret@127.0.0.1:1/nowhere", "error: cannot inspect the database postgresql://nobody:***@127.0.0.1:1/nowhere: "),
        ("not a url", "error: 'not a url' is not a database URL, e.g. postgresql://user@host/db\n"),
    ],
)  # fmt: skip
def test_a_database_that_cannot_be_reached_is_one_line_and_exit_2(
    here: Path, sqlite_url: str, run: Run, url: str, message: str
) -> None:
    make_project(here, sqlite_url)
    result = run(here, "check", "--db", url)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert "secret" not in result.stderr


def test_without_configured_metadata_the_models_come_from_the_static_index(
    here: Path, postgres_url: str, run: Run
) -> None:
    migrated(here, postgres_url)
    pyproject = here / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('metadata = "app.models:Base"\n', ""))
    assert run(here, "check", "--db", postgres_url).exit_code == 0
    execute(postgres_url, "ALTER TABLE tasks DROP COLUMN expected_completion_time")
    result = run(here, "check", "--db", postgres_url)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{database(postgres_url)}: CR301 tasks.expected_completion_time is mapped by the models "
        "(the static index) but the database has no such column"
    )


def test_db_on_a_project_without_alembic_skips_the_migration_lint_with_a_note(
    here: Path, sqlite_url: str, run: Run
) -> None:
    migrated(here, sqlite_url)
    (here / "alembic.ini").unlink()  # a database managed by hand, fixed with restore --sql
    result = run(here, "check", "--db", sqlite_url)
    assert (result.exit_code, result.stdout) == (0, "")
    note, summary = result.stderr.splitlines()
    assert note == (
        "colretire check: no Alembic configuration at alembic.ini, so the migration lint was "
        "skipped (set 'alembic' in [tool.colretire] if the project has one)"
    )
    assert f"(database {database(sqlite_url)} checked)" in summary


def test_pg_stat_statements_installed_but_not_loaded_is_skipped_quietly(
    here: Path, postgres_url: str, run: Run
) -> None:
    make_project(here, postgres_url)
    alembic(here, "upgrade", "head")
    execute(postgres_url, "CREATE EXTENSION pg_stat_statements")  # not in shared_preload_libraries
    track(here, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    result = run(here, "check", "--db", postgres_url)
    assert (result.exit_code, result.stdout) == (0, "")


HAND_WRITTEN_DROP = '''\
"""drop legacy_code by hand"""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.drop_column("tasks", "legacy_code")
'''


def test_a_hand_written_early_drop_is_reported_by_the_migration_lint(
    here: Path, sqlite_url: str, run: Run
) -> None:
    make_project(here, sqlite_url)
    (here / "migrations" / "versions" / "0002_drop.py").write_text(HAND_WRITTEN_DROP)
    track(here, LEGACY, Stage.UNREFERENCED, LEGACY_DEFINITION)
    result = run(here, "check", "--format", "sarif")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["runs"][0]["results"]
    assert finding["ruleId"] == "CR202"
    assert finding["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "migrations/versions/0002_drop.py"},
        "region": {"startLine": 9, "startColumn": 5},
    }
    assert "CR202" in {
        rule["id"] for rule in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    }
