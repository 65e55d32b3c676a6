"""Raw SQL as real code writes it, read by the SQL parser: each example is a small project,
the column scanned for, and where every word of its name ends (a reference at the line that
names it, another table's column, prose, or unexplained)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Agent(Base):
        __tablename__ = "agents"
        id: Mapped[int] = mapped_column(primary_key=True)
        status: Mapped[str] = mapped_column(String(20))


    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
        agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
        status: Mapped[str] = mapped_column(String(20))


    class Product(Base):
        __tablename__ = "products"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str]
        spec_sheet: Mapped[str | None]
"""


def outside_models(root: Path, column: str) -> list[tuple[str, int, int, str]]:
    return [row for row in accounted(root, column) if row[0] != "app/models.py"]


def test_multi_line_sql_is_reported_at_the_line_that_names_the_column(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/reports.py": '''
        from sqlalchemy import text

        def open_tasks(session):
            return session.execute(
                text(
                    """
                    SELECT id, agent_id
                    FROM tasks
                    WHERE status = 'open'
                    ORDER BY id
                    """
                )
            ).all()
    ''',
        },
    )
    reports = files["app/reports.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/reports.py", *at(reports, "WHERE ^status"), "CR107 certain"),
    ]


def test_an_alias_of_another_table_is_that_table(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/load.py": '''
        from sqlalchemy import text

        AGENT_LOAD = text("""
            SELECT a.id, a.status, count(t.id) AS open_tasks
            FROM agents AS a
            JOIN tasks t ON t.agent_id = a.id
            GROUP BY a.id, a.status
        """)
        STUCK = text("SELECT t.id FROM tasks t JOIN agents a ON a.id = t.agent_id WHERE t.status = 'stuck'")
    ''',
        },
    )
    load = files["app/load.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/load.py", *at(load, "a.id, a.^status"), "excluded: other-table"),
        ("app/load.py", *at(load, "GROUP BY a.id, a.^status"), "excluded: other-table"),
        ("app/load.py", *at(load, 'STUCK = text(^"'), "CR107 certain"),
    ]
    agents = [r for r in outside_models(tmp_path, "agents.status") if r[3].startswith("CR")]
    assert agents == [
        ("app/load.py", *at(load, "SELECT a.id, a.^status"), "CR107 certain"),
        ("app/load.py", *at(load, "GROUP BY a.id, a.^status"), "CR107 certain"),
    ]


def test_a_condition_appended_with_plus_equals(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/search.py": """
        from sqlalchemy import text

        def search_products(db, term, include_specs=False):
            sql = "SELECT id, name FROM products WHERE name LIKE :p"
            if include_specs:
                sql += " OR spec_sheet LIKE :p"
            return db.execute(text(sql), {"p": f"%{term}%"}).all()
    """,
        },
    )
    search = files["app/search.py"]
    assert outside_models(tmp_path, "products.spec_sheet") == [
        ("app/search.py", *at(search, '^" OR spec_sheet'), "CR107 certain"),
    ]


def test_conditions_joined_into_an_f_string_with_a_constant_table(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/filters.py": """
        TABLE = "tasks"

        def filtered(db, agent_id=None, status=None):
            conditions = []
            params = {}
            if agent_id is not None:
                conditions.append("agent_id = :agent_id")
                params["agent_id"] = agent_id
            if status is not None:
                conditions.append("status = :status")
                params["status"] = status
            where = " AND ".join(conditions) or "TRUE"
            return db.execute(f"SELECT id FROM {TABLE} WHERE {where}", params)
    """,
        },
    )
    filters = files["app/filters.py"]
    rows = outside_models(tmp_path, "tasks.status")
    assert ("app/filters.py", *at(filters, '^"status = :status"'), "CR107 certain") in rows
    # the function's parameter and the SQL's bind parameter are not the column; the key of
    # the parameters' dict, an object of unknown use, stays unexplained
    assert [r[3] for r in rows if r[3] != "CR107 certain"] == [
        "excluded: local",
        "excluded: local",
        "excluded: local",
        "unexplained",
        "excluded: local",
    ]


def test_percent_and_format_with_the_table_filled_in(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/maintenance.py": """
        from app.models import Task

        def reset(cursor, ids):
            cursor.execute("UPDATE %s SET status = 'new' WHERE id = ANY(%%s)" % Task.__tablename__, (ids,))

        def agents_idle(cursor):
            cursor.execute("SELECT id FROM {} WHERE status = {!r}".format("agents", "idle"))
    """,
        },
    )
    maintenance = files["app/maintenance.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/maintenance.py", *at(maintenance, '^"UPDATE %s'), "CR107 certain"),
        ("app/maintenance.py", *at(maintenance, "WHERE ^status = {!r}"), "excluded: other-table"),
    ]


def test_a_builder_given_the_table_name_and_its_columns(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/sync.py": """
        TASK_COLUMNS = ["id", "agent_id", "status"]

        def upsert(conn, table, columns, rows):
            names = ", ".join(columns)
            conn.execute(f"INSERT INTO {table} ({names}) VALUES ...", rows)

        def sync(conn, tasks, agents):
            upsert(conn, "tasks", TASK_COLUMNS, tasks)
            upsert(conn, "agents", ["id", "status"], agents)
    """,
        },
    )
    sync = files["app/sync.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/sync.py", *at(sync, '"agent_id", ^"status"'), "CR106 certain"),
        ("app/sync.py", *at(sync, '["id", "^status"]'), "excluded: other-table"),
    ]


def test_a_core_column_among_the_arguments_given_with_the_table_name(tmp_path: Path) -> None:
    """``_TableConfig(table_name="tasks", keep_last_filters=[column("status") == ...])``: the
    cleanup configuration of a table filters it on its own column, named to SQLAlchemy's
    ``column()``; the same filter in the configuration of another table is that table's."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/cleanup.py": """
        from sqlalchemy import column, false


        class _TableConfig:
            def __init__(self, table_name, recency_column_name, keep_last_filters=None):
                self.table_name = table_name
                self.keep_last_filters = keep_last_filters


        config_list = [
            _TableConfig(
                table_name="tasks",
                recency_column_name="started_at",
                keep_last_filters=[column("status") == false()],
            ),
            _TableConfig(
                table_name="agents",
                recency_column_name="seen_at",
                keep_last_filters=[column("status") == false()],
            ),
        ]
    """,
        },
    )
    cleanup = files["app/cleanup.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/cleanup.py", *at(cleanup, '[column(^"status")'), "CR106 certain"),
        ("app/cleanup.py", *at(cleanup, '[column("^status")', 2), "excluded: other-table"),
    ]


def test_prose_in_text_is_not_sql(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/help.py": """
        from sqlalchemy import text

        HELP = text("Select the status you want the task to have once the agent has finished.")

        def explain(log, task_id, status):
            log.info("task %s: status=%s", task_id, status)
            raise ValueError(f"status {status!r} is not allowed here")
    """,
        },
    )
    assert [r[3] for r in outside_models(tmp_path, "tasks.status")] == [
        "excluded: prose",
        "excluded: local",
        "excluded: prose",
        "excluded: local",
        "excluded: prose",
        "excluded: local",
    ]


def test_a_fragment_given_to_a_statement_of_the_model(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/queue.py": """
        from sqlalchemy import select, text
        from app.models import Agent, Task

        def stuck(session):
            return session.scalars(select(Task).where(text("status = 'stuck'"))).all()

        def idle(session):
            return session.scalars(select(Agent).where(text("status = 'idle'"))).all()
    """,
        },
    )
    queue = files["app/queue.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/queue.py", *at(queue, "text(^\"status = 'stuck'"), "CR107 likely"),
        ("app/queue.py", *at(queue, "text(\"^status = 'idle'"), "excluded: other-table"),
    ]


def test_foreign_key_strings_name_their_table(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/history.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String, Table
        from app.models import Base

        task_history = Table(
            "task_history",
            Base.metadata,
            Column("id", Integer, primary_key=True),
            Column("task_status", String(20), ForeignKey("tasks.status")),
            Column("agent_status", String(20), ForeignKey("agents.status")),
        )
    """,
        },
    )
    history = files["app/history.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/history.py", *at(history, 'ForeignKey(^"tasks.status")'), "CR106 certain"),
        ("app/history.py", *at(history, '"agents.^status"'), "excluded: other-table"),
    ]


def test_what_the_reader_cannot_decide_stays_unexplained(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/generic.py": """
        def counts(db, table):
            return db.execute(f"SELECT status, count(*) FROM {table} GROUP BY status").all()
    """,
        },
    )
    generic = files["app/generic.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/generic.py", *at(generic, "SELECT ^status"), "unexplained"),
        ("app/generic.py", *at(generic, "GROUP BY ^status"), "unexplained"),
    ]


def test_upper_case_sql_is_read_too(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/legacy.py": """
        LEGACY = "UPDATE TASKS SET STATUS = 'archived' WHERE status = 'done'"
    """,
        },
    )
    legacy = files["app/legacy.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/legacy.py", *at(legacy, '^"UPDATE TASKS'), "CR107 certain"),
    ]


def test_a_migration_is_read_with_the_same_reader(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "migrations/versions/0007_statuses.py": """
        from alembic import op

        def upgrade():
            op.execute("ALTER TABLE agents DROP COLUMN status")
            op.execute("UPDATE tasks SET status = 'new' WHERE status IS NULL")
    """,
        },
    )
    migration = files["migrations/versions/0007_statuses.py"]
    migrations = [r for r in accounted(tmp_path, "tasks.status") if r[3].startswith("CR120")]
    assert migrations == [
        (
            "migrations/versions/0007_statuses.py",
            *at(migration, '^op.execute("UPDATE'),
            "CR120 certain",
        ),
    ]


def test_a_loop_over_known_tables_reads_each_statement(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/maintenance.py": """
        def reset(connection):
            for table in "agents agents_archive".split():
                connection.execute(f"UPDATE {table} SET status = 'idle'")
            for table in ("tasks", "agents"):
                connection.execute(f"SELECT id, status FROM {table}")
    """,
        },
    )
    maintenance = files["app/maintenance.py"]
    assert outside_models(tmp_path, "tasks.status") == [
        ("app/maintenance.py", *at(maintenance, "SET ^status"), "excluded: other-table"),
        ("app/maintenance.py", *at(maintenance, '^f"SELECT id, status'), "CR107 likely"),
    ]


def test_the_sql_of_a_check_constraint_built_by_a_function_names_the_models_columns(
    tmp_path: Path,
) -> None:
    # The shape of a real Flask application: the CHECK constraints of a model are SQL that
    # module functions build with str.format and f-strings from enum values, given to
    # CheckConstraint in __table_args__.
    files = write(
        tmp_path,
        {
            "app/models.py": '''
        import re
        from enum import IntEnum

        from sqlalchemy import CheckConstraint, Integer
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class State(IntEnum):
            none = 0
            accepted = 1


        def _make_state_check():
            return re.sub(r'\\s+', ' ', """
                (kind=1 AND final_state IN ({none}, {accepted})) OR
                (kind=2)
            """.format(none=State.none, accepted=State.accepted)).strip()


        def _make_reviewed_check():
            return f"((final_state = {State.none}) OR (reviewed_dt IS NOT NULL))"


        def _describe():
            return "final_state is documented in the handbook"


        class Revision(Base):
            __tablename__ = "revisions"
            __table_args__ = (
                CheckConstraint(_make_state_check(), name="valid_state"),
                CheckConstraint(_make_reviewed_check(), name="reviewed_when_final"),
            )
            id: Mapped[int] = mapped_column(primary_key=True)
            kind: Mapped[int] = mapped_column(Integer)
            final_state: Mapped[int] = mapped_column(Integer)


        class Review(Base):
            __tablename__ = "reviews"
            __table_args__ = (CheckConstraint(_describe(), name="a_text_nobody_reads"),)
            id: Mapped[int] = mapped_column(primary_key=True)
    ''',
        },
    )
    models = files["app/models.py"]
    assert accounted(tmp_path, "revisions.final_state") == [
        ("app/models.py", *at(models, "AND ^final_state"), "CR107 certain"),
        ("app/models.py", *at(models, '^f"((final_state'), "CR107 certain"),
        ("app/models.py", *at(models, '"^final_state is documented'), "unexplained"),
        # the constraints themselves: dropped or rewritten with the column, which no
        # analysis can tell; their lines spell no name of it
        ("app/models.py", *at(models, "^CheckConstraint(_make_state_check"), "unexplained"),
        ("app/models.py", *at(models, "^CheckConstraint(_make_reviewed_check"), "unexplained"),
        ("app/models.py", *at(models, "^final_state: Mapped"), "CR101 certain"),
    ]
