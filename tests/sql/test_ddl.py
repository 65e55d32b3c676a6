"""What SQL does to the schema, read as each database reads it: one table of examples."""

from __future__ import annotations

import pytest

from colretire.sql import ddl
from colretire.sql.ddl import (
    AddColumn,
    CopyRows,
    CreateTable,
    DropColumn,
    DropSchema,
    DropTable,
    RenameColumn,
    RenameTable,
    TableName,
    Unjudged,
)

TASKS = TableName("tasks")
X = DropColumn(TASKS, "x")

#: (SQL, dialect, effects without offsets). ``None``: the database is not known.
CASES: list[tuple[str, str | None, list[ddl.Effect]]] = [
    ("ALTER TABLE tasks DROP COLUMN x", "postgres", [X]),
    ("alter table tasks drop column x;", "sqlite", [X]),
    ("ALTER TABLE tasks DROP COLUMN IF EXISTS x CASCADE", "postgres", [X]),
    ('ALTER TABLE "tasks" DROP COLUMN "x"', "postgres", [X]),
    ("ALTER TABLE `tasks` DROP `x`", "mysql", [X]),
    ("ALTER TABLE [tasks] DROP COLUMN [x]", "tsql", [X]),
    ("ALTER TABLE tasks DROP x", "sqlite", [X]),
    ("ALTER TABLE tasks DROP x", "mysql", [X]),
    ("ALTER TABLE tasks DROP x", None, [X]),
    (
        "ALTER TABLE public.tasks DROP COLUMN x",
        "postgres",
        [DropColumn(TableName("tasks", "public"), "x")],
    ),
    (
        'ALTER TABLE "public"."tasks" DROP COLUMN "x"',
        "postgres",
        [DropColumn(TableName("tasks", "public"), "x")],
    ),
    ("ALTER TABLE IF EXISTS ONLY tasks DROP COLUMN x", "postgres", [X]),
    ("ALTER TABLE tasks * DROP COLUMN x", "postgres", [X]),
    (
        'ALTER TABLE "we""ird" DROP COLUMN "a""b"',
        "postgres",
        [DropColumn(TableName('we"ird'), 'a"b')],
    ),
    (
        "ALTER TABLE tasks DROP COLUMN a, DROP b, ADD c INT",
        "mysql",
        [DropColumn(TASKS, "a"), DropColumn(TASKS, "b"), AddColumn(TASKS, "c")],
    ),
    (
        "ALTER TABLE tasks ADD COLUMN y NUMERIC(10, 2), DROP COLUMN x",
        "postgres",
        [AddColumn(TASKS, "y"), X],
    ),
    (
        "UPDATE tasks SET title = 'a; ALTER TABLE t DROP COLUMN y'; ALTER TABLE tasks DROP COLUMN x",
        "postgres",
        [X],
    ),
    (
        "-- ALTER TABLE tasks DROP COLUMN y\nALTER TABLE tasks /* DROP COLUMN z */ DROP COLUMN x",
        "postgres",
        [X],
    ),
    # a backslash-escaped quote earlier in the text does not hide what follows
    ("UPDATE tasks SET title = 'don\\'t'; ALTER TABLE tasks DROP COLUMN x", "mysql", [X]),
    ("UPDATE tasks SET title = E'don\\'t'; ALTER TABLE tasks DROP COLUMN x", "postgres", [X]),
    ("UPDATE tasks SET title = 'don\\'t'; ALTER TABLE tasks DROP COLUMN x", None, [X]),
    # MySQL/MariaDB run executable comments; PostgreSQL and SQLite ignore them
    ("/*!50000 ALTER TABLE tasks DROP COLUMN x */", "mysql", [X]),
    ("/*M!100100 ALTER TABLE tasks DROP COLUMN x */", "mysql", [X]),
    ("/*!50000 ALTER TABLE tasks DROP COLUMN x */", None, [X]),
    ("/*!50000 ALTER TABLE tasks DROP COLUMN x */", "postgres", []),
    ("ALTER TABLE tasks /*!50000 DROP COLUMN x */", "mysql", [X]),
    # a '#' is MySQL's comment and PostgreSQL's XOR: unknown dialect, both readings count
    ("SELECT 1 # 2; ALTER TABLE tasks DROP COLUMN x", "postgres", [X]),
    ("SELECT 1 # 2; ALTER TABLE tasks DROP COLUMN x", "mysql", []),
    ("SELECT 1 # 2; ALTER TABLE tasks DROP COLUMN x", None, [X]),
    # PostgreSQL blocks and functions: their statements, and what they EXECUTE
    ("DO $$ BEGIN ALTER TABLE tasks DROP COLUMN x; END $$", "postgres", [X]),
    ("DO $$ BEGIN EXECUTE 'ALTER TABLE tasks DROP COLUMN x'; END $$", "postgres", [X]),
    (
        "DO $body$ BEGIN EXECUTE format('ALTER TABLE %I DROP COLUMN %I', 'tasks', 'x'); END $body$",
        "postgres",
        [X],
    ),
    (
        "DO $$ DECLARE c text := 'x'; BEGIN IF true THEN EXECUTE 'ALTER TABLE tasks DROP COLUMN ' || quote_ident(c); END IF; END $$",
        "postgres",
        [X],
    ),
    (
        "DO $$ BEGIN IF EXISTS (SELECT 1) THEN ALTER TABLE tasks DROP COLUMN x; END IF; END $$",
        "postgres",
        [X],
    ),
    (
        "CREATE FUNCTION f() RETURNS void AS $$ BEGIN ALTER TABLE tasks DROP COLUMN x; END $$ LANGUAGE plpgsql",
        "postgres",
        [X],
    ),
    # MySQL's prepared statements are read as the SQL they will run
    ("SET @s = 'ALTER TABLE tasks DROP COLUMN x'", "mysql", [X]),
    ("PREPARE st FROM 'ALTER TABLE tasks DROP COLUMN x'", "mysql", [X]),
    # tables
    ("DROP TABLE tasks", "sqlite", [DropTable(TASKS)]),
    (
        "DROP TABLE IF EXISTS public.tasks, notes CASCADE",
        "postgres",
        [DropTable(TableName("tasks", "public")), DropTable(TableName("notes"))],
    ),
    (
        "CREATE OR REPLACE TABLE tasks (id INT)",
        "mysql",
        [DropTable(TASKS, replaced=True), CreateTable(TASKS, ("id",))],
    ),
    ("DROP SCHEMA public CASCADE", "postgres", [DropSchema("public")]),
    ("DROP DATABASE test", "mysql", [DropSchema("test")]),
    # renames
    (
        "ALTER TABLE tasks RENAME TO tasks_old",
        "postgres",
        [RenameTable(TASKS, TableName("tasks_old"))],
    ),
    (
        "ALTER TABLE tasks RENAME TO tasks_old",
        "sqlite",
        [RenameTable(TASKS, TableName("tasks_old"))],
    ),
    (
        "RENAME TABLE tasks TO tasks_old, a TO db.b",
        "mysql",
        [
            RenameTable(TASKS, TableName("tasks_old")),
            RenameTable(TableName("a"), TableName("b", "db")),
        ],
    ),
    (
        "ALTER TABLE tasks SET SCHEMA archive",
        "postgres",
        [RenameTable(TASKS, TableName("tasks", "archive"))],
    ),
    ("ALTER TABLE tasks RENAME COLUMN x TO y", "sqlite", [RenameColumn(TASKS, "x", "y")]),
    ("ALTER TABLE tasks CHANGE x y INT", "mysql", [RenameColumn(TASKS, "x", "y")]),
    # a table rebuild: create, copy, drop, rename
    (
        "CREATE TABLE _t (id INTEGER NOT NULL, title VARCHAR(200), PRIMARY KEY (id))",
        "sqlite",
        [CreateTable(TableName("_t"), ("id", "title"))],
    ),
    (
        "INSERT INTO _t (id, title) SELECT tasks.id, tasks.title FROM tasks",
        "sqlite",
        [CopyRows(TableName("_t"), TASKS, (("id", "id"), ("title", "title")))],
    ),
    (
        "INSERT INTO _t (id, eta) SELECT id, x AS e FROM tasks",
        "sqlite",
        [CopyRows(TableName("_t"), TASKS, (("id", "id"), ("eta", "x")))],
    ),
    (
        "CREATE TABLE t2 AS SELECT * FROM tasks",
        "sqlite",
        [CreateTable(TableName("t2"), None), CopyRows(TableName("t2"), TASKS, everything=True)],
    ),
    # what changes no column
    ("ALTER TABLE tasks DROP CONSTRAINT tasks_pkey", "postgres", []),
    ("ALTER TABLE tasks DROP PRIMARY KEY, DROP FOREIGN KEY fk_owner", "mysql", []),
    ("ALTER TABLE tasks DROP INDEX ix_title", "mysql", []),
    ("ALTER TABLE tasks ALTER COLUMN x DROP DEFAULT", "postgres", []),
    ("ALTER TABLE tasks ALTER COLUMN x DROP NOT NULL", "postgres", []),
    ("DROP INDEX ix_title", None, []),
    ("SELECT 'ALTER TABLE tasks DROP COLUMN x'", None, []),
    ("UPDATE tasks SET x = NULL", None, []),
    ("INSERT INTO tasks (x) VALUES (1)", None, []),
    ("", None, []),
]


def _plain(effect: ddl.Effect) -> ddl.Effect:
    from dataclasses import replace

    return replace(effect, offset=0)


@pytest.mark.parametrize(("sql", "dialect", "expected"), CASES)
def test_effects(sql: str, dialect: str | None, expected: list[ddl.Effect]) -> None:
    assert [_plain(e) for e in ddl.effects(sql, dialect)] == expected


UNJUDGED = [
    (
        "DO $$ BEGIN FOR r IN SELECT 1 LOOP EXECUTE 'ALTER TABLE tasks DROP COLUMN ' || r.name; END LOOP; END $$",
        "postgres",
        "EXECUTE runs SQL built at run time",
    ),
    (
        "DO $$ BEGIN EXECUTE 'ALTER TABLE ' || t || ' DROP COLUMN x'; END $$",
        "postgres",
        "EXECUTE runs SQL built at run time",
    ),
    ("PREPARE st FROM @sql", "mysql", "PREPARE of SQL only known at run time"),
    ("TODO: ALTER TABLE tasks DROP COLUMN x", "postgres", "it does not parse as postgres"),
]


@pytest.mark.parametrize(("sql", "dialect", "reason"), UNJUDGED)
def test_what_cannot_be_read_says_so(sql: str, dialect: str, reason: str) -> None:
    (found,) = ddl.effects(sql, dialect)
    assert isinstance(found, Unjudged)
    assert found.reason.startswith(reason)
    assert found.names("tasks") == ("tasks" in sql)


def test_offsets_point_at_the_names() -> None:
    sql = "UPDATE tasks SET a = 1; ALTER TABLE tasks DROP COLUMN x, DROP COLUMN yy"
    found = ddl.effects(sql, "postgres")
    assert [sql[e.offset :] for e in found] == ["x, DROP COLUMN yy", "yy"]


def test_data_statements_are_not_parsed_at_all() -> None:
    assert not ddl.may_change_schema("UPDATE tasks SET eta_minutes = expected_completion_time")
    assert ddl.may_change_schema("ALTER TABLE tasks DROP COLUMN x")
    assert ddl.may_change_schema("/*!50000 x */")
