"""Statements and their offsets; SQL told apart from prose."""

from __future__ import annotations

import pytest

from colretire.sql.reader import dialect_for, is_sql, statements


def test_statements_keep_their_offsets() -> None:
    sql = "UPDATE t SET a = 'x;y';\n  DELETE FROM t ; SELECT 1"
    found = statements(sql, "postgres")
    assert [s.text for s in found] == ["UPDATE t SET a = 'x;y'", "DELETE FROM t", "SELECT 1"]
    assert [sql[s.start : s.end] for s in found] == [s.text for s in found]


def test_a_statement_that_does_not_parse_keeps_its_text_and_the_reason() -> None:
    (found,) = statements("TODO: fix the ALTER TABLE", "postgres")
    assert (found.text, found.parsed) == ("TODO: fix the ALTER TABLE", False)
    assert found.error and "Invalid expression" in found.error


def test_an_unterminated_quote_is_one_unparsed_statement() -> None:
    (found,) = statements("SELECT 'oops", "postgres")
    assert not found.parsed


@pytest.mark.parametrize(
    ("text", "sql"),
    [
        ("SELECT id FROM tasks WHERE expected_completion_time IS NULL", True),
        ("UPDATE tasks SET eta = 1; DELETE FROM notes", True),
        ("ALTER TABLE tasks DROP COLUMN x", True),
        ("DO $$ BEGIN NULL; END $$", True),
        ("TODO: ALTER TABLE tasks DROP COLUMN legacy_note", False),
        ("expected_completion_time", False),
        ("the expected completion time, in minutes", False),
        ("Please select a task from the list.", False),
        ("", False),
    ],
)
def test_is_sql(text: str, sql: bool) -> None:
    assert is_sql(text) is sql


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("postgresql", "postgres"),
        ("mariadb", "mysql"),
        ("mysql", "mysql"),
        ("sqlite", "sqlite"),
        ("firebird", None),
        (None, None),
    ],
)
def test_dialect_for_sqlalchemy_names(name: str | None, expected: str | None) -> None:
    assert dialect_for(name) == expected
