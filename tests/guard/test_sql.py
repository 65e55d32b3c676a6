"""Raw SQL drops, read as the database would read them: one table of examples."""

from __future__ import annotations

import pytest

from colretire.alembic.sql import find_drops, mentions_drop

X = ("tasks", "x", None)

CASES: list[tuple[str, list[tuple[str, str | None, str | None]]]] = [
    ("ALTER TABLE tasks DROP COLUMN x", [X]),
    ("alter table tasks drop column x;", [X]),
    ("ALTER TABLE tasks DROP COLUMN IF EXISTS x CASCADE", [X]),
    ('ALTER TABLE "tasks" DROP COLUMN "x"', [X]),
    ("ALTER TABLE `tasks` DROP `x`", [X]),
    ("ALTER TABLE [tasks] DROP COLUMN [x]", [X]),
    ("ALTER TABLE tasks DROP x", [X]),
    ("ALTER TABLE public.tasks DROP COLUMN x", [("tasks", "x", "public")]),
    ('ALTER TABLE "public"."tasks" DROP COLUMN "x"', [("tasks", "x", "public")]),
    ("ALTER TABLE IF EXISTS ONLY tasks DROP COLUMN x", [X]),
    ('ALTER TABLE "we""ird" DROP COLUMN "a""b"', [('we"ird', 'a"b', None)]),
    (
        "ALTER TABLE tasks DROP COLUMN a, DROP b, ADD c INT",
        [("tasks", "a", None), ("tasks", "b", None)],
    ),
    (
        "UPDATE tasks SET title = 'a; ALTER TABLE t DROP COLUMN y'; ALTER TABLE tasks DROP COLUMN x",
        [X],
    ),
    (
        "-- ALTER TABLE tasks DROP COLUMN y\nALTER TABLE tasks /* DROP COLUMN z */ DROP COLUMN x",
        [X],
    ),
    ("ALTER TABLE tasks ADD COLUMN y NUMERIC(10, 2), DROP COLUMN x", [X]),
    ("DROP TABLE tasks", [("tasks", None, None)]),
    (
        "DROP TABLE IF EXISTS public.tasks, notes CASCADE",
        [("tasks", None, "public"), ("notes", None, None)],
    ),
    # not column drops
    ("ALTER TABLE tasks DROP CONSTRAINT tasks_pkey", []),
    ("ALTER TABLE tasks DROP PRIMARY KEY", []),
    ("ALTER TABLE tasks DROP FOREIGN KEY fk_owner", []),
    ("ALTER TABLE tasks DROP INDEX ix_title", []),
    ("ALTER TABLE tasks ALTER COLUMN x DROP DEFAULT", []),
    ("ALTER TABLE tasks ALTER COLUMN x DROP NOT NULL", []),
    ("DROP INDEX ix_title", []),
    ("SELECT 'ALTER TABLE tasks DROP COLUMN x'", []),
    ("UPDATE tasks SET x = NULL", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_drops(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert [(d.table, d.column, d.schema) for d in find_drops(text)] == expected


def test_text_built_at_run_time_is_flagged_when_it_looks_like_a_drop() -> None:
    assert mentions_drop("ALTER TABLE tasks DROP COLUMN {}")
    assert mentions_drop("drop table {}")
    assert not mentions_drop("UPDATE {} SET x = NULL")


def test_when_in_doubt_a_drop_is_seen() -> None:
    """A ``#`` is PostgreSQL's XOR, not a comment; a DO block's body runs."""
    assert find_drops("SELECT 1 # 2; ALTER TABLE tasks DROP COLUMN x")
    assert find_drops("DO $$ BEGIN ALTER TABLE tasks DROP COLUMN x; END $$")
