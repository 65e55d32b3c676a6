"""`alembic upgrade` refuses a drop before its time, in every form, before any statement runs.

Each refused migration first adds a column, so a refusal that came after the first statement
would show in the schema dump on MariaDB, which commits every DDL statement on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.util import CommandError

from colretire.model import Stage

from .conftest import Demo, make_demo

ADD_FIRST = 'op.add_column("tasks", sa.Column("eta_minutes", sa.Integer))\n'

#: Every way a migration can drop tasks.expected_completion_time.
FORMS = {
    "op.drop_column": 'op.drop_column("tasks", "expected_completion_time")',
    "batch_op.drop_column": (
        'with op.batch_alter_table("tasks") as batch_op:\n'
        '    batch_op.drop_column("expected_completion_time")'
    ),
    "op.execute": 'op.execute("ALTER TABLE tasks DROP COLUMN expected_completion_time")',
    "text() with quoted names": (
        'op.execute(sa.text(\'ALTER TABLE "tasks" DROP COLUMN "expected_completion_time"\'))'
    ),
    "schema-qualified": 'op.execute("ALTER TABLE public.tasks DROP COLUMN expected_completion_time")',
    "several statements, IF EXISTS": (
        "op.execute(\"UPDATE tasks SET title = 'a; b'; "
        'ALTER TABLE tasks DROP COLUMN IF EXISTS expected_completion_time")'
    ),
    "MySQL DROP without COLUMN": 'op.execute("ALTER TABLE `tasks` DROP `expected_completion_time`")',
    "op.drop_table": 'op.drop_table("tasks")',
}

EXPECTED = {
    Stage.DEPRECATED: "refusing to drop tasks.expected_completion_time: its stage is 'deprecated'",
    Stage.UNREFERENCED: "refusing to drop tasks.expected_completion_time: its stage is 'unreferenced'",
    Stage.WAITED: (
        "refusing to drop tasks.expected_completion_time: its stage is 'waited-one-release' but "
        "the drop was not written by colretire"
    ),
    None: "refusing to drop tasks.expected_completion_time: it is not tracked by colretire",
}


def expected(form: str, stage: Stage | None) -> str:
    if form == "op.drop_table":
        return f"refusing to drop table tasks: colretire still tracks tasks.expected_completion_time (stage '{stage}')"
    if form == "schema-qualified" and stage is None:  # an untracked column is named as written
        return EXPECTED[stage].replace("drop tasks.", "drop public.tasks.")
    return EXPECTED[stage]


@pytest.mark.parametrize("form", FORMS)
def test_a_drop_before_its_time_is_refused_and_the_schema_is_unchanged(
    demo: Demo, form: str
) -> None:
    demo.revision("0002", "0001", ADD_FIRST + FORMS[form])
    stages = [Stage.DEPRECATED, Stage.UNREFERENCED, Stage.WAITED]
    if form != "op.drop_table":  # a table without tracked columns may go
        stages.append(None)
    before = demo.dump()
    for stage in stages:
        demo.stage(stage)
        with pytest.raises(CommandError) as refused:
            demo.upgrade()
        assert str(refused.value).startswith(expected(form, stage)), (stage, str(refused.value))
        assert "at migrations/versions/0002_rev.py:" in str(refused.value)
        assert demo.dump() == before, stage


def test_a_refused_drop_in_a_later_revision_stops_the_earlier_ones_too(demo: Demo) -> None:
    demo.revision("0002", "0001", ADD_FIRST)
    demo.revision("0003", "0002", FORMS["op.drop_column"])
    demo.stage(Stage.UNREFERENCED)
    before = demo.dump()
    with pytest.raises(CommandError, match="revision 0003"):
        demo.upgrade()
    assert demo.dump() == before  # 0002 did not run either: its add_column would show


ALLOWED = ["op.drop_column", "batch_op.drop_column", "op.execute"]


@pytest.mark.parametrize("form", ALLOWED)
def test_a_drop_written_by_colretire_drop_runs(demo: Demo, form: str) -> None:
    demo.revision("0002", "0001", ADD_FIRST + FORMS[form])
    demo.stage(Stage.DROPPED, revision="0002")
    demo.upgrade()
    columns = [c[0] for c in demo.dump()["tasks"]["columns"]]
    assert "expected_completion_time" not in columns
    assert "eta_minutes" in columns


def test_a_drop_retired_by_another_revision_is_refused(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", FORMS["op.drop_column"])
    sqlite_demo.stage(Stage.DROPPED, revision="0009")
    with pytest.raises(CommandError, match="it was retired by revision 0009, not by 0002"):
        sqlite_demo.upgrade()


def test_a_table_without_tracked_columns_may_be_dropped(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", 'op.drop_table("notes")')
    sqlite_demo.stage(Stage.DEPRECATED)
    sqlite_demo.upgrade()
    assert "notes" not in sqlite_demo.dump()


def test_a_table_the_models_still_map_is_not_dropped(sqlite_demo: Demo) -> None:
    (sqlite_demo.root / "app").mkdir()
    (sqlite_demo.root / "app" / "models.py").write_text(
        "import sqlalchemy as sa\nfrom sqlalchemy.orm import DeclarativeBase\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        "sa.Table('notes', Base.metadata, sa.Column('id', sa.Integer, primary_key=True))\n"
    )
    sqlite_demo.revision("0002", "0001", 'op.drop_table("notes")')
    with pytest.raises(CommandError, match="refusing to drop table notes: the models still map it"):
        sqlite_demo.upgrade()


def test_downgrades_are_not_judged(sqlite_demo: Demo) -> None:
    """Undoing an add_column drops the column by design."""
    sqlite_demo.revision("0002", "0001", ADD_FIRST, 'op.drop_column("tasks", "eta_minutes")')
    sqlite_demo.upgrade()
    command.downgrade(sqlite_demo.config(), "0001")
    assert "eta_minutes" not in [c[0] for c in sqlite_demo.dump()["tasks"]["columns"]]


#: A name the script only learns from the database: no reading can tell it before the run.
RUN_TIME_NAME = (
    "name = op.get_bind().execute(sa.text(\"SELECT 'expected_completion_time'\")).scalar()\n"
    'op.drop_column("tasks", name)'
)


def test_a_drop_named_at_run_time_is_refused_before_anything_runs(demo: Demo) -> None:
    demo.revision("0002", "0001", ADD_FIRST + RUN_TIME_NAME)
    demo.stage(Stage.DROPPED, "0002")  # even a column this very revision may drop
    before = demo.dump()
    with pytest.raises(CommandError) as refused:
        demo.upgrade()
    message = str(refused.value)
    assert message.startswith(
        "refusing a drop_column whose table or column is named at run time: colretire cannot "
        "tell which column it drops before it runs; write the names as string literals"
    )
    assert "Nothing was run; the database is unchanged." in message
    assert demo.dump() == before


def test_a_drop_named_through_a_constant_is_judged_before_anything_runs(
    sqlite_demo: Demo,
) -> None:
    sqlite_demo.revision(
        "0002", "0001", ADD_FIRST + 'COLUMN = "expected_completion_time"\n'
        'op.drop_column("tasks", COLUMN)',
    )  # fmt: skip
    sqlite_demo.stage(Stage.UNREFERENCED)
    before = sqlite_demo.dump()
    with pytest.raises(CommandError) as refused:
        sqlite_demo.upgrade()
    assert str(refused.value).startswith(EXPECTED[Stage.UNREFERENCED])
    assert sqlite_demo.dump() == before


def test_a_whole_table_override_passes_a_run_time_name_to_the_backstop(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "notes.*:archiving notes")
    demo.revision("0002", "0001", RUN_TIME_NAME)
    demo.stage(Stage.UNREFERENCED)
    before = demo.dump()
    with pytest.raises(CommandError) as refused:
        demo.upgrade()
    assert str(refused.value).startswith(EXPECTED[Stage.UNREFERENCED])
    assert "refused before the database ran: ALTER TABLE tasks" in str(refused.value)
    assert "passed on to the run-time check" in capfd.readouterr().err
    assert demo.dump() == before


def test_the_console_script_prints_failed_and_no_traceback(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", ADD_FIRST + FORMS["op.drop_column"])
    sqlite_demo.stage(Stage.UNREFERENCED)
    done = sqlite_demo.alembic("upgrade", "head")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert (
        "FAILED: refusing to drop tasks.expected_completion_time: its stage is 'unreferenced'; "
        "it can be dropped after one release (see docs/lifecycle.md)\n"
        "  at migrations/versions/0002_rev.py:11:5 (revision 0002)\n"
        "Nothing was run; the database is unchanged."
    ) in output
    assert "Traceback" not in output


def test_offline_sql_is_refused_too(postgres_demo: Demo) -> None:
    postgres_demo.revision("0002", "0001", ADD_FIRST + FORMS["op.drop_column"])
    postgres_demo.stage(Stage.DEPRECATED)
    with pytest.raises(CommandError, match="its stage is 'deprecated'"):
        postgres_demo.upgrade("0001:head", sql=True)
    done = postgres_demo.alembic("upgrade", "0001:head", "--sql")
    assert "FAILED: refusing to drop tasks.expected_completion_time" in done.stdout
    assert "DROP COLUMN" not in done.stdout and "Traceback" not in done.stderr


def test_offline_sql_of_an_allowed_drop_is_written(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", FORMS["op.drop_column"])
    sqlite_demo.stage(Stage.DROPPED, revision="0002")
    assert "DROP COLUMN expected_completion_time" in sqlite_demo.upgrade("0001:head", sql=True)


# -- the zero-line mode: only the alembic.plugins entry point ----------------------------------


@pytest.fixture
def zero_line(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """A project with [tool.colretire] whose env.py has no guard line."""
    monkeypatch.delenv("COLRETIRE_ALLOW_DROP", raising=False)
    demo = make_demo(tmp_path / "plain", database_url, guarded=False)
    yield demo
    demo.close()


def test_the_entry_point_alone_refuses_the_drop_before_anything_runs(zero_line: Demo) -> None:
    """Without the env.py line, the wire sees the run's first statement (Alembic reading its
    version table) and runs the pre-check there: the add_column never runs either."""
    zero_line.revision("0002", "0001", ADD_FIRST + FORMS["op.drop_column"])
    zero_line.stage(Stage.UNREFERENCED)
    before = zero_line.dump()
    with pytest.raises(CommandError) as refused:
        zero_line.upgrade()
    assert str(refused.value).startswith(EXPECTED[Stage.UNREFERENCED])
    assert "Nothing was run; the database is unchanged." in str(refused.value)
    assert zero_line.dump() == before


def test_the_entry_point_leaves_projects_without_colretire_alone(
    tmp_path: Path, sqlite_url: str
) -> None:
    plain = make_demo(tmp_path / "other", sqlite_url, guarded=False, configured=False)
    plain.revision("0002", "0001", FORMS["op.drop_column"])
    plain.upgrade()
    assert "expected_completion_time" not in [c[0] for c in plain.dump()["tasks"]["columns"]]


# -- renames: a drop under a new name is a drop of the original ------------------------------

RENAMES = {
    "rename_table then drop_table": 'op.rename_table("tasks", "tasks_old")\nop.drop_table("tasks_old")',
    "rename_table then drop_column": (
        'op.rename_table("tasks", "tasks_old")\n'
        'op.drop_column("tasks_old", "expected_completion_time")'
    ),
    "alter_column new_column_name then drop_column": (
        'op.alter_column("tasks", "expected_completion_time", new_column_name="eta")\n'
        'op.drop_column("tasks", "eta")'
    ),
}


@pytest.mark.parametrize("form", RENAMES)
def test_a_drop_after_a_rename_is_refused_before_anything_runs(demo: Demo, form: str) -> None:
    demo.revision("0002", "0001", ADD_FIRST + RENAMES[form])
    demo.stage(Stage.DEPRECATED)
    before = demo.dump()
    with pytest.raises(CommandError) as refused:
        demo.upgrade()
    table_drop = form.endswith("drop_table")
    assert str(refused.value).startswith(
        expected("op.drop_table" if table_drop else form, Stage.DEPRECATED)
    )
    assert "Nothing was run" in str(refused.value)
    assert demo.dump() == before


def test_a_rename_in_an_earlier_pending_revision_is_followed(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", 'op.rename_table("tasks", "tasks_old")')
    sqlite_demo.revision("0003", "0002", 'op.drop_table("tasks_old")')
    sqlite_demo.stage(Stage.DEPRECATED)
    before = sqlite_demo.dump()
    with pytest.raises(CommandError) as refused:
        sqlite_demo.upgrade()
    assert str(refused.value).startswith("refusing to drop table tasks: colretire still tracks")
    assert sqlite_demo.dump() == before


def test_the_backstop_follows_renames_made_while_the_migration_runs(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pre-check passes the run-time name on (an override names a whole table); the
    # backstop must still see that tasks_old.eta is tasks.expected_completion_time.
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "notes.*:archiving notes")
    sqlite_demo.revision(
        "0002",
        "0001",
        'op.alter_column("tasks", "expected_completion_time", new_column_name="eta")\n'
        "name = op.get_bind().execute(sa.text(\"SELECT 'eta'\")).scalar()\n"
        'op.drop_column("tasks", name)',
    )
    sqlite_demo.stage(Stage.DEPRECATED)
    with pytest.raises(CommandError) as refused:
        sqlite_demo.upgrade()
    assert str(refused.value).startswith(EXPECTED[Stage.DEPRECATED])
    assert "refused before the database ran: ALTER TABLE tasks" in str(refused.value)
