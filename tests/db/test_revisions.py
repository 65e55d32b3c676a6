"""drop, restore and relax: the revisions they write, run by Alembic against real databases."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from colretire import statefile
from colretire.model import ColumnDefinition, ColumnRef, Stage
from tests.db.conftest import (
    COLUMN,
    LEGACY,
    Run,
    alembic,
    execute,
    make_project,
    schema,
    track,
)

LEGACY_DEFINITION = ColumnDefinition("String(50)", nullable=False, server_default='"none"')
WROTE = re.compile(r"wrote (?P<path>\S+\.py): (?P<what>.+) \(revision (?P<rev>[0-9a-f]{12})\)")


def versions(root: Path) -> set[str]:
    return {p.name for p in (root / "migrations" / "versions").glob("*.py")}


def wrote(output: str) -> re.Match[str]:
    found = WROTE.match(output)
    assert found, output
    return found


def record(root: Path, column: ColumnRef = LEGACY):  # type: ignore[no-untyped-def]
    return statefile.read(root / "state" / "columns.toml").get(column)


# -- drop -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "why"),
    [
        (Stage.DEPRECATED, "its stage is 'deprecated'; remove its references and run colretire advance; it can be dropped one release after it is unreferenced (see docs/lifecycle.md)"),
        (Stage.UNREFERENCED, "its stage is 'unreferenced'; it can be dropped after one release (see docs/lifecycle.md)"),
    ],
)  # fmt: skip
def test_drop_before_the_final_stage_is_refused_and_writes_nothing(
    tmp_path: Path, sqlite_url: str, run: Run, stage: Stage, why: str
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, stage, LEGACY_DEFINITION)
    result = run(root, "drop", "tasks.legacy_code")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: refusing to drop tasks.legacy_code: {why}\n"
    assert versions(root) == {"0001_initial.py"}
    assert record(root).stage is stage


def test_drop_of_an_untracked_column_is_refused(tmp_path: Path, sqlite_url: str, run: Run) -> None:
    root = make_project(tmp_path, sqlite_url)
    result = run(root, "drop", "tasks.title")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: refusing to drop tasks.title: it is not tracked by colretire; start its "
        "retirement with: colretire deprecate tasks.title (see docs/lifecycle.md)\n"
    )


def test_drop_is_refused_when_the_references_came_back(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    # The record reached waited-one-release, but the models map the column again.
    root = make_project(tmp_path, sqlite_url)
    column = ColumnRef("tasks", "expected_completion_time")
    track(root, column, Stage.WAITED, ColumnDefinition("Integer", nullable=True))
    result = run(root, "drop", COLUMN)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: refusing to drop {COLUMN}: the references came back")
    assert f"colretire refs {COLUMN}" in result.stderr
    assert f"colretire advance {COLUMN}" in result.stderr
    assert versions(root) == {"0001_initial.py"}
    assert record(root, column).stage is Stage.WAITED


def test_drop_is_refused_when_the_scan_could_not_read_a_file(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    (root / "app" / "legacy.py").symlink_to("../vendor/legacy.py")  # its target moved away
    result = run(root, "drop", "tasks.legacy_code")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: refusing to drop tasks.legacy_code: the scan could not read app/legacy.py, so "
        "the code in them may still use the column; make them readable, or exclude them in "
        "[tool.colretire] (colretire refs tasks.legacy_code says why each could not be read), "
        "and run drop again\n"
    )
    assert versions(root) == {"0001_initial.py"}
    assert record(root).stage is Stage.WAITED


def test_drop_writes_through_the_project_template_and_records_the_revision(
    tmp_path: Path, sqlite_url: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    monkeypatch.chdir(root)
    result = run(root, "drop", "tasks.legacy_code", "-m", "retire legacy_code")
    assert result.exit_code == 0, result.output
    written = wrote(result.stdout)
    assert written["path"] == f"migrations/versions/{written['rev']}_retire_legacy_code.py"
    assert result.stdout.splitlines()[1] == (
        "recorded tasks.legacy_code as dropped; apply it with: alembic upgrade head"
    )
    script = (root / written["path"]).read_text()
    assert "# written from the project's script.py.mako" in script
    assert "down_revision = '0001'" in script
    assert "    op.drop_column('tasks', 'legacy_code')\n" in script
    assert (
        "    op.add_column('tasks', sa.Column('legacy_code', sa.String(length=50), "
        "server_default='none', nullable=False))\n"
    ) in script
    dropped = record(root)
    assert (dropped.stage, dropped.history[-1].revision) == (Stage.DROPPED, written["rev"])


def test_drop_round_trips_and_the_downgrade_restores_the_column_exactly(
    tmp_path: Path, database_url: str, run: Run
) -> None:
    root = make_project(tmp_path, database_url)
    alembic(root, "upgrade", "head")
    execute(database_url, "INSERT INTO tasks (id, title, priority) VALUES (1, 'ship', 2)")
    before = schema(database_url)
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    assert run(root, "drop", "tasks.legacy_code").exit_code == 0

    alembic(root, "upgrade", "head")
    assert "legacy_code" not in schema(database_url)
    alembic(root, "downgrade", "-1")  # on a table with rows: NOT NULL works thanks to the default
    assert schema(database_url) == before
    alembic(root, "upgrade", "head")
    assert "legacy_code" not in schema(database_url)


def test_the_downgrade_restores_precision_nullability_and_an_expression_default_on_postgres(
    tmp_path: Path, postgres_url: str, run: Run
) -> None:
    root = make_project(tmp_path, postgres_url)
    alembic(root, "upgrade", "head")
    execute(
        postgres_url,
        "ALTER TABLE tasks ADD COLUMN budget NUMERIC(10, 2) DEFAULT 0 NOT NULL",
        "ALTER TABLE tasks ADD COLUMN archived_at TIMESTAMP WITH TIME ZONE DEFAULT now()",
    )
    before = schema(postgres_url)
    track(
        root,
        ColumnRef("tasks", "budget"),
        Stage.WAITED,
        ColumnDefinition("sa.Numeric(10, 2)", False, None, 'sa.text("0")'),
    )
    track(
        root,
        ColumnRef("tasks", "archived_at"),
        Stage.WAITED,
        ColumnDefinition("DateTime(timezone=True)", True, None, "func.now()"),
    )
    assert run(root, "drop", "tasks.budget").exit_code == 0
    assert run(root, "drop", "tasks.archived_at").exit_code == 0
    alembic(root, "upgrade", "head")
    assert {"budget", "archived_at"}.isdisjoint(schema(postgres_url))
    alembic(root, "downgrade", "0001")
    assert schema(postgres_url) == before
    assert before["budget"] == ("NUMERIC(precision=10, scale=2)", False, "0")
    assert before["archived_at"] == ("TIMESTAMP(timezone=True)", True, "now()")


def test_drop_takes_a_missing_definition_from_the_models(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    # The models are imported from a module the reference scan skips (generated, or
    # outside the scanned sources), so the scan finds no reference left.
    root = make_project(tmp_path, sqlite_url)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'exclude = ["app/models.py"]\n')
    track(root, ColumnRef("tasks", "expected_completion_time"), Stage.WAITED, None)
    result = run(root, "drop", COLUMN)
    assert result.exit_code == 0, result.output
    script = Path(wrote(result.stdout)["path"]).read_text()
    assert (
        "op.add_column('tasks', sa.Column('expected_completion_time', sa.Integer(), nullable=True))"
        in script
    )


def test_drop_without_any_definition_is_refused_with_what_to_do(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.WAITED, None)
    result = run(root, "drop", "tasks.legacy_code")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: cannot write the downgrade of the drop of tasks.legacy_code: the state file "
        "records no definition for it and the models no longer declare it; add its "
        "definition to the state file (type, nullable, server_default; see docs/state-file.md)\n"
    )
    assert record(root).stage is Stage.WAITED


BRANCH = """\
revision = "{rev}"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
"""


def test_several_heads_need_head_and_the_revision_follows_it(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    for rev in ("0002a", "0002b"):
        (root / "migrations" / "versions" / f"{rev}.py").write_text(BRANCH.format(rev=rev))
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    refused = run(root, "drop", "tasks.legacy_code")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "error: the migrations have 2 heads (0002a, 0002b); say which branch the revision "
        "belongs to with --head REV, or merge them first with: alembic merge heads\n"
    )
    assert record(root).stage is Stage.WAITED
    result = run(root, "drop", "tasks.legacy_code", "--head", "0002b")
    assert result.exit_code == 0, result.output
    assert "down_revision = '0002b'" in Path(wrote(result.stdout)["path"]).read_text()


def test_an_env_py_that_cannot_run_offline_is_reported_and_nothing_is_recorded(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    ini = root / "alembic.ini"
    ini.write_text(
        "\n".join(line for line in ini.read_text().splitlines() if "sqlalchemy.url" not in line)
    )
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    result = run(root, "drop", "tasks.legacy_code")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: env.py failed while Alembic prepared the revision (Exception: Connection, "
        "url, or dialect_name is required.); colretire runs it in offline mode"
    )
    assert versions(root) == {"0001_initial.py"}
    assert record(root).stage is Stage.WAITED


# -- restore --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("database", "sql"),
    [
        (None, "ALTER TABLE tasks ADD COLUMN due_at DATETIME;"),
        ("postgres_url", "ALTER TABLE tasks ADD COLUMN due_at TIMESTAMP WITHOUT TIME ZONE;"),
        ("mariadb_url", "ALTER TABLE tasks ADD COLUMN due_at DATETIME;"),
    ],
)  # fmt: skip
def test_restore_sql_prints_the_emergency_fix_in_the_dialect_of_the_database(
    tmp_path: Path,
    sqlite_url: str,
    run: Run,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    database: str | None,
    sql: str,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    root = make_project(tmp_path, sqlite_url)
    sqlite3.connect(sqlite_url.removeprefix("sqlite:///")).close()  # an empty database
    url = [] if database is None else ["--db", request.getfixturevalue(database)]
    result = run(root, "restore", "tasks.due_at", "--sql", *url)
    assert (result.exit_code, result.stdout, result.stderr) == (0, sql + "\n", "")


def test_restore_of_a_column_the_database_has_is_refused(
    tmp_path: Path, database_url: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    root = make_project(tmp_path, database_url)
    alembic(root, "upgrade", "head")
    for how in (["--db", database_url], [], ["--sql"]):  # --db, else alembic.ini's URL
        result = run(root, "restore", COLUMN, *how)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"error: refusing to restore {COLUMN}: the database ")
        assert "already has it, so there is nothing to restore" in result.stderr
    assert versions(root) == {"0001_initial.py"}
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert run(root, "restore", COLUMN).exit_code == 1


def test_restore_without_a_known_database_says_the_absence_was_not_checked(
    tmp_path: Path, sqlite_url: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    root = make_project(tmp_path, sqlite_url)
    (root / "alembic.ini").unlink()  # a database managed without Alembic
    result = run(root, "restore", COLUMN, "--sql")
    assert (result.exit_code, result.stdout) == (
        0,
        "ALTER TABLE tasks ADD COLUMN expected_completion_time INTEGER;\n",
    )
    assert result.stderr == (
        "note: no database URL is known (--db URL, DATABASE_URL, or sqlalchemy.url in "
        f"alembic.ini), so it was not checked that {COLUMN} is missing; verify with: "
        "colretire check --db URL\n"
    )


def test_restore_sql_is_the_outage_reports_statement(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    sqlite3.connect(sqlite_url.removeprefix("sqlite:///")).close()  # an empty database
    result = run(root, "restore", COLUMN, "--sql")
    assert result.stdout == "ALTER TABLE tasks ADD COLUMN expected_completion_time INTEGER;\n"


def test_restore_against_a_sqlite_file_that_does_not_exist_says_so_and_creates_none(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    result = run(root, "restore", COLUMN, "--sql")
    assert result.stdout == "ALTER TABLE tasks ADD COLUMN expected_completion_time INTEGER;\n"
    assert result.stderr == (
        f"note: {sqlite_url} does not exist, so it was not checked that {COLUMN} is missing; "
        "verify with: colretire check --db URL\n"
    )
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()


def test_restore_writes_a_nullable_add_column_even_for_a_not_null_model_column(
    tmp_path: Path, database_url: str, run: Run
) -> None:
    root = make_project(tmp_path, database_url)
    alembic(root, "upgrade", "head")
    execute(database_url, "INSERT INTO tasks (id, title, priority) VALUES (1, 'ship', 2)")
    execute(database_url, "ALTER TABLE tasks DROP COLUMN priority")
    result = run(root, "restore", "tasks.priority")
    assert result.exit_code == 0, result.output
    assert wrote(result.stdout)["what"] == "restores tasks.priority"
    assert result.stdout.splitlines()[1] == (
        "apply it with: alembic upgrade head; then verify with: colretire check --db"
    )
    alembic(root, "upgrade", "head")
    assert schema(database_url)["priority"][1:] == (True, None)


def test_restore_of_a_column_the_models_do_not_map_is_refused_with_suggestions(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    result = run(root, "restore", "tasks.expected_completion")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the models do not declare a column tasks.expected_completion; did you mean "
        "tasks.expected_completion_time? (colretire restores only columns the models map; "
        "read from metadata app.models:Base)\n"
    )


# -- relax ----------------------------------------------------------------------------------

PRIORITY = ColumnRef("tasks", "priority")


def test_relax_makes_the_column_nullable_and_records_it(
    tmp_path: Path, database_url: str, run: Run
) -> None:
    root = make_project(tmp_path, database_url)
    alembic(root, "upgrade", "head")
    track(root, PRIORITY, Stage.DEPRECATED, ColumnDefinition("Integer", nullable=False))
    result = run(root, "relax", "tasks.priority")
    assert result.exit_code == 0, result.output
    assert wrote(result.stdout)["what"] == "makes tasks.priority nullable"
    assert record(root, PRIORITY).definition == ColumnDefinition("Integer", nullable=True)
    alembic(root, "upgrade", "head")
    assert schema(database_url)["priority"][1] is True
    execute(database_url, "INSERT INTO tasks (id, title) VALUES (1, 'no priority given')")


def test_relax_with_a_server_default_keeps_not_null(
    tmp_path: Path, database_url: str, run: Run
) -> None:
    root = make_project(tmp_path, database_url)
    alembic(root, "upgrade", "head")
    track(root, PRIORITY, Stage.DEPRECATED, ColumnDefinition("Integer", nullable=False))
    result = run(root, "relax", "tasks.priority", "--server-default", "0")
    assert result.exit_code == 0, result.output
    assert wrote(result.stdout)["what"] == "gives tasks.priority a server default"
    assert record(root, PRIORITY).definition == ColumnDefinition(
        "Integer", False, None, "sa.text('0')"
    )
    alembic(root, "upgrade", "head")
    execute(database_url, "INSERT INTO tasks (id, title) VALUES (1, 'no priority given')")
    nullable, default = schema(database_url)["priority"][1:]
    assert (nullable, str(default).strip("'()")) == (False, "0")
    alembic(root, "downgrade", "-1")
    assert schema(database_url)["priority"][1:] == (False, None)


def test_relax_of_a_column_inserts_can_already_leave_out_is_refused(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    track(root, LEGACY, Stage.DEPRECATED, LEGACY_DEFINITION)
    result = run(root, "relax", "tasks.legacy_code")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: tasks.legacy_code is already nullable or has a server default, so INSERTs "
        "that leave it out keep working; nothing to relax\n"
    )


def test_drop_through_an_env_py_with_the_guard_records_the_drop_once(
    tmp_path: Path, sqlite_url: str, run: Run
) -> None:
    root = make_project(tmp_path, sqlite_url)
    env = root / "migrations" / "env.py"
    env.write_text(
        env.read_text().replace(
            "from alembic import context", "from colretire.alembic.guard import context"
        )
    )
    alembic(root, "upgrade", "head")
    track(root, LEGACY, Stage.WAITED, LEGACY_DEFINITION)
    result = run(root, "drop", "tasks.legacy_code")
    assert result.exit_code == 0, result.output
    revision = wrote(result.stdout)["rev"]
    history = record(root).history
    assert [(e.stage, e.revision) for e in history[-2:]] == [
        (Stage.WAITED, None),
        (Stage.DROPPED, revision),
    ]
    alembic(root, "upgrade", "head")  # the guard lets the recorded drop run
    assert "legacy_code" not in schema(sqlite_url)
