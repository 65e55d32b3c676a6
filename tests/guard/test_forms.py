"""Every way a migration can drop a tracked column, refused before the run changes anything.

Each form below drops ``tasks.expected_completion_time`` (stage ``unreferenced``) after an
``add_column``, so a refusal that came after the first statement would show in the schema
dump on MariaDB (which commits each DDL statement) and SQLite (whose DDL Alembic does not
wrap in a transaction). The forms come from trying to get the column out as a user would;
each is also flagged by ``colretire check``. The legitimate migrations after them must run.
"""

from __future__ import annotations

import py_compile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from alembic import command
from alembic.util import CommandError

from colretire.alembic.history import lint_migrations
from colretire.model import ColumnRef, Stage
from colretire.project import Project

from .conftest import Demo, make_demo

ADD_FIRST = 'op.add_column("tasks", sa.Column("eta_minutes", sa.Integer))\n'
ECT = "expected_completion_time"
ALL = ("sqlite", "postgresql", "mysql")


@dataclass(frozen=True)
class Form:
    upgrade: str
    #: Code before ``upgrade()`` in the revision.
    module: str = ""
    #: Other modules of the migrations directory: file name -> source.
    files: dict[str, str] = field(default_factory=dict)
    #: The databases the form means something on.
    databases: tuple[str, ...] = ALL


HELPER = """\
from alembic import op


def retire(table, column):
    op.drop_column(table, column)
"""

CUSTOM_OPERATION = """\
from alembic.operations import MigrateOperation, Operations


@Operations.register_operation("{name}")
class QuietDropOp(MigrateOperation):
    def __init__(self, table_name, column_name):
        self.table_name = table_name
        self.column_name = column_name

    @classmethod
    def {name}(cls, operations, table_name, column_name):
        return operations.invoke(cls(table_name, column_name))


@Operations.implementation_for(QuietDropOp)
def {name}(operations, operation):
    {body}
"""

TASKS_WITHOUT_ECT = (
    'sa.Table("tasks", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), '
    'sa.Column("title", sa.String(200), nullable=False), '
    'sa.Column("legacy_code", sa.String(20), nullable=False, server_default="n/a"))'
)

FORMS: dict[str, Form] = {
    # -- the forms that dropped the column outright --------------------------------------------
    "batch recreate with copy_from lacking the column": Form(
        f'with op.batch_alter_table("tasks", recreate="always", copy_from={TASKS_WITHOUT_ECT}):\n'
        "    pass"
    ),
    "batch recreate with reflect_kwargs include_columns": Form(
        'with op.batch_alter_table("tasks", recreate="always",\n'
        '        reflect_kwargs={"include_columns": ["id", "title", "legacy_code"]}):\n'
        "    pass"
    ),
    "MariaDB executable comment": Form(
        f'op.execute("/*!50000 ALTER TABLE tasks DROP COLUMN {ECT} */")', databases=("mysql",)
    ),
    "backslash-escaped quote earlier in the SQL (MySQL)": Form(
        f"op.execute(\"UPDATE tasks SET title = 'don\\\\'t'; ALTER TABLE tasks DROP COLUMN {ECT}\")",
        databases=("mysql",),
    ),
    "PostgreSQL E'' string earlier in the SQL": Form(
        f"op.execute(\"UPDATE tasks SET title = E'don\\\\'t'; ALTER TABLE tasks DROP COLUMN {ECT}\")",
        databases=("postgresql",),
    ),
    "DO block with EXECUTE of a literal": Form(
        f"op.execute(\"DO $$ BEGIN EXECUTE 'ALTER TABLE tasks DROP COLUMN {ECT}'; END $$\")",
        databases=("postgresql",),
    ),
    "DO block with EXECUTE format()": Form(
        "op.execute(\"DO $$ BEGIN EXECUTE format('ALTER TABLE %I DROP COLUMN %I', 'tasks', "
        f"'{ECT}'); END $$\")",
        databases=("postgresql",),
    ),
    "op.get_context().impl.drop_column": Form(
        f'op.get_context().impl.drop_column("tasks", sa.Column("{ECT}", sa.Integer))'
    ),
    "a custom operation calling operations.impl.drop_column": Form(
        f'op.quiet_drop_impl("tasks", "{ECT}")',
        module=CUSTOM_OPERATION.format(
            name="quiet_drop_impl",
            body="operations.impl.drop_column(operation.table_name, "
            "sa.Column(operation.column_name, sa.Integer))",
        ),
    ),
    "sa.Table(...).drop(op.get_bind())": Form(
        'sa.Table("tasks", sa.MetaData()).drop(op.get_bind())'
    ),
    "SQL built with + through get_bind().execute(text())": Form(
        f'op.get_bind().execute(sa.text("ALTER TABLE tasks " + "DROP COLUMN {ECT}"))'
    ),
    "SQL built with % through exec_driver_sql": Form(
        f'op.get_bind().exec_driver_sql("ALTER TABLE %s DROP COLUMN %s" % ("tasks", "{ECT}"))'
    ),
    "SQL RENAME TO, then drop_table of the new name": Form(
        'op.execute("ALTER TABLE tasks RENAME TO tasks_old")\nop.drop_table("tasks_old")'
    ),
    # -- the forms that were refused only after earlier DDL ran ---------------------------------
    "op.execute of SQL built with %": Form(
        f'op.execute("ALTER TABLE %s DROP COLUMN %s" % ("tasks", "{ECT}"))'
    ),
    "op.execute of SQL built with .format()": Form(
        f'op.execute("ALTER TABLE {{}} DROP COLUMN {{}}".format("tasks", "{ECT}"))'
    ),
    "op.execute of SQL built with +": Form(
        f'table = "tasks"\nop.execute("ALTER TABLE " + table + " DROP COLUMN {ECT}")'
    ),
    "op.execute(DropColumn(...))": Form(
        "from alembic.ddl.base import DropColumn\n"
        f'op.execute(DropColumn("tasks", sa.Column("{ECT}", sa.Integer)))'
    ),
    "op.execute(DropTable(...))": Form(
        'op.execute(sa.schema.DropTable(sa.Table("tasks", sa.MetaData())))'
    ),
    "op.invoke(DropColumnOp(...))": Form(
        f'from alembic.operations import ops\nop.invoke(ops.DropColumnOp("tasks", "{ECT}"))'
    ),
    "a custom operation calling operations.execute": Form(
        f'op.quiet_drop_sql("tasks", "{ECT}")',
        module=CUSTOM_OPERATION.format(
            name="quiet_drop_sql",
            body='operations.execute(f"ALTER TABLE {operation.table_name} '
            'DROP COLUMN {operation.column_name}")',
        ),
    ),
    "an alias of op": Form(f'o = op\no.drop_column("tasks", "{ECT}")'),
    "getattr(op, 'drop_column')": Form(f'getattr(op, "drop_column")("tasks", "{ECT}")'),
    "a batch operation passed to a helper": Form(
        'with op.batch_alter_table("tasks") as batch_op:\n    retire(batch_op)',
        module=f'def retire(batch):\n    batch.drop_column("{ECT}")',
    ),
    "a helper in another module of the migrations directory": Form(
        f'from colretire_test_helpers import retire\nretire("tasks", "{ECT}")',
        files={"colretire_test_helpers.py": HELPER},
    ),
    "a helper named downgrade_... called from upgrade()": Form(
        "downgrade_tasks()", module=f'def downgrade_tasks():\n    op.drop_column("tasks", "{ECT}")'
    ),
    # -- more of our own --------------------------------------------------------------------------
    "a literal loop over column names": Form(
        f'for name in ["{ECT}"]:\n    op.drop_column("tasks", name)'
    ),
    "an f-string with constant parts": Form(
        f'table = "tasks"\nop.execute(f"ALTER TABLE {{table}} DROP COLUMN {ECT}")'
    ),
    "a raw DBAPI cursor": Form(
        f'op.get_bind().connection.cursor().execute("ALTER TABLE tasks DROP COLUMN {ECT}")'
    ),
    "MetaData.drop_all": Form(
        'metadata = sa.MetaData()\nsa.Table("tasks", metadata)\nmetadata.drop_all(op.get_bind())'
    ),
    "a Session executing text()": Form(
        "from sqlalchemy.orm import Session\n"
        f'Session(bind=op.get_bind()).execute(sa.text("ALTER TABLE tasks DROP COLUMN {ECT}"))'
    ),
    "a table rebuilt by hand": Form(
        'op.execute("CREATE TABLE tasks_new (id INTEGER PRIMARY KEY, title VARCHAR(200))")\n'
        'op.execute("INSERT INTO tasks_new (id, title) SELECT id, title FROM tasks")\n'
        'op.execute("DROP TABLE tasks")\n'
        'op.execute("ALTER TABLE tasks_new RENAME TO tasks")'
    ),
    "ADD and DROP in one ALTER TABLE": Form(
        f'op.execute("ALTER TABLE tasks ADD COLUMN x INT, DROP COLUMN {ECT}")',
        databases=("postgresql", "mysql"),
    ),
    "CREATE OR REPLACE TABLE": Form(
        'op.execute("CREATE OR REPLACE TABLE tasks (id INT PRIMARY KEY)")', databases=("mysql",)
    ),
    "MySQL CHANGE, then a drop under the new name": Form(
        f'op.execute("ALTER TABLE tasks CHANGE {ECT} ect INT")\nop.drop_column("tasks", "ect")',
        databases=("mysql",),
    ),
    "a prepared statement": Form(
        f"op.execute(\"PREPARE s FROM 'ALTER TABLE tasks DROP COLUMN {ECT}'\")",
        databases=("mysql",),
    ),
    "DROP SCHEMA": Form('op.execute("DROP SCHEMA public CASCADE")', databases=("postgresql",)),
    "a dynamic EXECUTE that names the table": Form(
        "op.execute(\"DO $$ BEGIN EXECUTE 'ALTER TABLE tasks DROP COLUMN ' || "
        f"(SELECT '{ECT}'); END $$\")",
        databases=("postgresql",),
    ),
    "a drop written as a literal but through sa.text in a variable": Form(
        f'statement = sa.text("ALTER TABLE tasks DROP COLUMN {ECT}")\nop.execute(statement)'
    ),
}


URLS = {"sqlite": "sqlite_url", "postgresql": "postgres_url", "mysql": "mariadb_url"}


@pytest.fixture
def on(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], Demo]]:
    """``on("mysql")``: the guarded demo project on that database."""
    made: list[Demo] = []
    monkeypatch.setenv("COLRETIRE_USER", "Ada Lovelace <ada@example.com>")
    monkeypatch.delenv("COLRETIRE_ALLOW_DROP", raising=False)

    def make(database: str) -> Demo:
        made.append(make_demo(tmp_path / "project", str(request.getfixturevalue(URLS[database]))))
        return made[-1]

    yield make
    for demo in made:
        demo.close()


CASES = [(database, name) for name, form in FORMS.items() for database in form.databases]


def write(demo: Demo, form: Form, rev: str = "0002", down: str = "0001") -> Path:
    for name, source in form.files.items():
        (demo.root / "migrations" / name).write_text(source)
    return demo.revision(rev, down, ADD_FIRST + form.upgrade, module=form.module)


@pytest.mark.parametrize(("database", "name"), CASES)
def test_each_form_is_refused_before_the_schema_changes(
    on: Callable[[str], Demo], database: str, name: str
) -> None:
    demo = on(database)
    write(demo, FORMS[name])
    demo.stage(Stage.UNREFERENCED)
    before = demo.dump()
    with pytest.raises(CommandError) as refused:
        demo.upgrade()
    message = str(refused.value)
    assert "Nothing was run; the database is unchanged." in message, message
    assert "expected_completion_time" in message or "tasks" in message, message
    assert demo.dump() == before


@pytest.mark.parametrize("name", FORMS)
def test_colretire_check_flags_each_form(tmp_path: Path, sqlite_demo: Demo, name: str) -> None:
    write(sqlite_demo, FORMS[name])
    sqlite_demo.stage(Stage.UNREFERENCED)
    found = lint_migrations(Project.locate(sqlite_demo.root))
    errors = [d for d in found if d.severity == "error" and d.path and "0002_rev.py" in d.path]
    assert errors, found
    assert {d.code for d in errors} <= {"CR202", "CR203", "CR204", "CR206"}, errors


def test_the_console_script_says_failed_without_a_traceback(sqlite_demo: Demo) -> None:
    write(sqlite_demo, FORMS["a helper in another module of the migrations directory"])
    sqlite_demo.stage(Stage.UNREFERENCED)
    done = sqlite_demo.alembic("upgrade", "head")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "FAILED: refusing to drop tasks.expected_completion_time" in output
    assert "Traceback" not in output


# -- across revisions: renames, the state at each revision, downgrades ---------------------------


def test_a_rename_in_an_already_applied_revision_is_followed(demo: Demo) -> None:
    demo.revision("0002", "0001", 'op.rename_table("tasks", "tasks_old")')
    demo.upgrade()
    demo.revision(
        "0003", "0002", ADD_FIRST.replace('"tasks"', '"tasks_old"') + 'op.drop_table("tasks_old")'
    )
    demo.stage(Stage.UNREFERENCED)
    before = demo.dump()
    with pytest.raises(CommandError, match="refusing to drop table tasks: colretire still tracks"):
        demo.upgrade()
    assert demo.dump() == before


def test_a_sql_rename_in_an_applied_revision_is_followed(sqlite_demo: Demo) -> None:
    sqlite_demo.revision("0002", "0001", 'op.execute("ALTER TABLE tasks RENAME TO tasks_old")')
    sqlite_demo.upgrade()
    sqlite_demo.revision("0003", "0002", 'op.drop_table("tasks_old")')
    sqlite_demo.stage(Stage.DEPRECATED)
    with pytest.raises(CommandError, match="refusing to drop table tasks:"):
        sqlite_demo.upgrade()


def test_a_drop_in_downgrade_is_refused_on_alembic_downgrade(demo: Demo) -> None:
    demo.revision("0002", "0001", ADD_FIRST, downgrade=f'op.drop_column("tasks", "{ECT}")')
    demo.upgrade()
    demo.stage(Stage.DEPRECATED)
    before = demo.dump()
    with pytest.raises(CommandError) as refused:
        command.downgrade(demo.config(), "0001")
    assert str(refused.value).startswith(
        "refusing to drop tasks.expected_completion_time: its stage is 'deprecated'"
    )
    assert "(revision 0002, downgrade)" in str(refused.value)
    assert demo.dump() == before


def test_a_downgrade_drops_what_its_upgrade_added(demo: Demo) -> None:
    demo.revision("0002", "0001", ADD_FIRST, downgrade='op.drop_column("tasks", "eta_minutes")')
    demo.upgrade()
    demo.stage(Stage.DEPRECATED)
    command.downgrade(demo.config(), "0001")
    assert "eta_minutes" not in [c[0] for c in demo.dump()["tasks"]["columns"]]


def test_each_revision_is_judged_against_its_own_state_at_the_wire(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drop's name is only known at run time, so the wire judges it: in a run of two
    revisions it must still know that 0002 runs, not 0003 which the record names."""
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "notes.*:archiving notes")
    demo.revision(
        "0002",
        "0001",
        "name = op.get_bind().execute(sa.text(\"SELECT 'expected_completion_time'\")).scalar()\n"
        'op.drop_column("tasks", name)',
    )
    demo.revision("0003", "0002", "pass")
    demo.stage(Stage.DROPPED, revision="0003")
    with pytest.raises(CommandError) as refused:
        demo.upgrade()
    assert str(refused.value).startswith(
        "refusing to drop tasks.expected_completion_time: it was retired by revision 0003, "
        "not by 0002"
    )
    assert "refused before the database ran: ALTER TABLE tasks DROP COLUMN" in str(refused.value)
    assert "(revision 0002)" in str(refused.value)


# -- what must run ------------------------------------------------------------------------------

LEGITIMATE: dict[str, str] = {
    "the drop colretire drop wrote": f'op.drop_column("tasks", "{ECT}")',
    "the same drop in batch mode (a rebuild on SQLite)": (
        f'with op.batch_alter_table("tasks") as batch_op:\n    batch_op.drop_column("{ECT}")'
    ),
    "the same drop as SQL": f'op.execute("ALTER TABLE tasks DROP COLUMN {ECT}")',
    "a dropped column of another table": 'op.drop_column("notes", "body")',
    "a data update": f"op.execute(\"UPDATE tasks SET title = 'x' WHERE {ECT} IS NULL\")",
    "an index created and dropped": (
        f'op.create_index("ix_tasks_ect", "tasks", ["{ECT}"])\n'
        'op.drop_index("ix_tasks_ect", table_name="tasks")'
    ),
    "unrelated renames": (
        'op.rename_table("notes", "memos")\n'
        'op.alter_column("tasks", "title", new_column_name="name", '
        "existing_type=sa.String(200), existing_nullable=False)"
    ),
    "a string that mentions a drop and is never executed": (
        f'print("TODO: ALTER TABLE tasks DROP COLUMN {ECT}")'
    ),
    "a batch change that keeps every column (a rebuild on SQLite)": (
        'with op.batch_alter_table("tasks") as batch_op:\n'
        '    batch_op.alter_column("title", existing_type=sa.String(200), nullable=True)'
    ),
    "a scratch table created and dropped": (
        'op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))\n'
        'op.execute("INSERT INTO scratch (id) SELECT id FROM tasks")\n'
        'op.drop_table("scratch")'
    ),
}


@pytest.mark.parametrize("name", LEGITIMATE)
def test_legitimate_migrations_run(demo: Demo, name: str) -> None:
    demo.revision("0002", "0001", ADD_FIRST + LEGITIMATE[name])
    demo.stage(Stage.DROPPED, revision="0002")
    demo.stage(Stage.DROPPED, revision="0002", column=ColumnRef("notes", "body"))
    demo.upgrade()
    assert demo.dump()["versions"] == ["0002"]
    assert lint_migrations(Project.locate(demo.root)) == []


def test_a_table_rebuild_keeps_following_the_table(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a batch rebuild on SQLite, the table is the same table: dropping it later in the
    run is still a drop of tasks."""
    sqlite_demo.revision(
        "0002",
        "0001",
        'with op.batch_alter_table("tasks") as batch_op:\n'
        '    batch_op.alter_column("title", existing_type=sa.String(200), nullable=True)\n'
        "name = op.get_bind().execute(sa.text(\"SELECT 'tasks'\")).scalar()\n"
        "op.drop_table(name)",
    )
    sqlite_demo.stage(Stage.DEPRECATED)
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "notes.*:passing the run-time name on")
    with pytest.raises(CommandError, match="refusing to drop table tasks: colretire still tracks"):
        sqlite_demo.upgrade()


# -- sourceless migrations -----------------------------------------------------------------------


def _sourceless(demo: Demo, upgrade: str) -> None:
    ini = demo.root / "alembic.ini"
    ini.write_text(ini.read_text().replace("[alembic]\n", "[alembic]\nsourceless = true\n"))
    path = demo.revision("0002", "0001", upgrade)
    py_compile.compile(str(path), cfile=str(path.with_suffix(".pyc")), doraise=True)
    path.unlink()


def test_a_sourceless_migration_that_may_drop_is_refused_clearly(sqlite_demo: Demo) -> None:
    _sourceless(sqlite_demo, ADD_FIRST + f'op.drop_column("tasks", "{ECT}")')
    sqlite_demo.stage(Stage.UNREFERENCED)
    before = sqlite_demo.dump()
    done = sqlite_demo.alembic("upgrade", "head")
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "FAILED: refusing a migration colretire cannot read: it is compiled only" in output
    assert "Traceback" not in output
    assert sqlite_demo.dump() == before
    codes = [d.code for d in lint_migrations(Project.locate(sqlite_demo.root))]
    assert codes == ["CR207"]


def test_a_sourceless_migration_that_only_adds_runs(sqlite_demo: Demo) -> None:
    _sourceless(sqlite_demo, ADD_FIRST)
    sqlite_demo.stage(Stage.UNREFERENCED)
    sqlite_demo.upgrade()
    assert "eta_minutes" in [c[0] for c in sqlite_demo.dump()["tasks"]["columns"]]


def test_an_archive_copy_does_not_make_a_table_drop_a_rebuild(
    sqlite_demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_demo.revision(
        "0002",
        "0001",
        'op.execute("CREATE TABLE tasks_archive AS SELECT * FROM tasks")\n'
        "name = op.get_bind().execute(sa.text(\"SELECT 'tasks'\")).scalar()\n"
        "op.drop_table(name)",
    )
    sqlite_demo.stage(Stage.DEPRECATED)
    monkeypatch.setenv("COLRETIRE_ALLOW_DROP", "notes.*:passing the run-time name on")
    with pytest.raises(CommandError, match="refusing to drop table tasks: colretire still tracks"):
        sqlite_demo.upgrade()
    assert "tasks" in sqlite_demo.dump()


def test_a_custom_operation_registered_in_env_py_is_read(sqlite_demo: Demo) -> None:
    env = sqlite_demo.root / "migrations" / "env.py"
    operation = CUSTOM_OPERATION.format(
        name="quiet_drop_env",
        body='operations.execute(f"ALTER TABLE {operation.table_name} '
        'DROP COLUMN {operation.column_name}")',
    )
    env.write_text(operation + "\n\n" + env.read_text())
    sqlite_demo.revision("0002", "0001", ADD_FIRST + f'op.quiet_drop_env("tasks", "{ECT}")')
    sqlite_demo.stage(Stage.UNREFERENCED)
    before = sqlite_demo.dump()
    with pytest.raises(CommandError, match="Nothing was run"):
        sqlite_demo.upgrade()
    assert sqlite_demo.dump() == before
