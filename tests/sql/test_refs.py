"""The columns SQL uses: tables resolved through aliases, positions exact."""

from __future__ import annotations

import pytest

from colretire.sql.refs import column_refs

CASES = [
    ("SELECT t.eta FROM tasks AS t WHERE t.id = 1", [("tasks", "eta"), ("tasks", "id")]),
    ("SELECT eta FROM tasks", [("tasks", "eta")]),
    ("SELECT eta FROM public.tasks", [("tasks", "eta")]),
    ("UPDATE tasks SET eta = 1 WHERE done", [("tasks", "eta"), ("tasks", "done")]),
    (
        "UPDATE tasks t SET eta = n.a FROM notes n WHERE t.id = n.id",
        [("tasks", "eta"), ("notes", "a"), ("tasks", "id"), ("notes", "id")],
    ),
    ("DELETE FROM tasks WHERE eta IS NULL", [("tasks", "eta")]),
    (
        "INSERT INTO tasks (eta, title) SELECT a, b FROM notes",
        [("tasks", "eta"), ("tasks", "title"), ("notes", "a"), ("notes", "b")],
    ),
    ("SELECT (SELECT max(eta) FROM tasks) FROM notes", [("tasks", "eta")]),
    (
        "SELECT n.id FROM notes n WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.note_id = n.id)",
        [("notes", "id"), ("tasks", "note_id"), ("notes", "id")],
    ),
    (
        "SELECT eta FROM tasks JOIN notes ON notes.id = tasks.id",
        [(None, "eta"), ("notes", "id"), ("tasks", "id")],
    ),
    ("WITH c AS (SELECT eta FROM tasks) SELECT eta FROM c", [("tasks", "eta"), (None, "eta")]),
    ("the eta of a task", []),
]


@pytest.mark.parametrize(("sql", "expected"), CASES)
def test_column_refs(sql: str, expected: list[tuple[str | None, str]]) -> None:
    assert [(u.table, u.column) for u in column_refs(sql, "postgres")] == expected


def test_offsets_are_exact_and_ambiguity_names_the_candidates() -> None:
    sql = "SELECT 1;\nSELECT x.eta, eta FROM tasks x JOIN notes ON true"
    uses = column_refs(sql, "postgres")
    assert [sql[u.offset : u.offset + 3] for u in uses] == ["eta", "eta"]
    assert uses[1].candidates == ("tasks", "notes")


def test_mysql_quotes() -> None:
    (use,) = column_refs("SELECT `eta` FROM `tasks`", "mysql")
    assert (use.table, use.column) == ("tasks", "eta")
