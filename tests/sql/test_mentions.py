"""What the SQL reader says of each word of SQL that names a column, for one table: a use
(certain, likely), a fragment, another table's column or prose, a bind parameter, or
undecided; with the word's exact place in the text."""

from __future__ import annotations

import pytest

from colretire.sql import mentions as lazy_mentions
from colretire.sql.refs import mentions, tables_named
from colretire.sql.words import is_prose, may_be_sql, names_word

READINGS = [
    ("SELECT status FROM tasks", ["certain"]),
    ("select STATUS from TASKS", ["certain"]),
    ('SELECT "status" FROM public.tasks', ["certain"]),
    ("UPDATE tasks SET status = 'done' WHERE status IS NULL", ["certain", "certain"]),
    ("INSERT INTO tasks (id, status) VALUES (1, 'new')", ["certain"]),
    ("ALTER TABLE tasks ADD COLUMN status TEXT", ["certain"]),
    ("CREATE INDEX ix_tasks_status ON tasks (status)", ["certain"]),
    ("WITH open AS (SELECT id, status FROM tasks) SELECT status FROM open", ["certain", "certain"]),
    ("SELECT t.status FROM tasks t JOIN agents a ON a.id = t.agent_id", ["certain"]),
    ("SELECT status FROM tasks JOIN agents ON agents.id = tasks.agent_id", ["likely"]),
    ("SELECT a.status FROM agents AS a JOIN tasks t ON t.agent_id = a.id", ["other"]),
    ("ALTER TABLE comments DROP COLUMN status", ["other"]),
    ("ALTER TABLE tasks ALTER COLUMN status SET NOT NULL", ["certain"]),
    (
        "ALTER TABLE tasks ADD CONSTRAINT fk FOREIGN KEY (status) REFERENCES states (status)",
        ["certain", "other"],
    ),
    ("ALTER TABLE agents ADD CONSTRAINT uq UNIQUE (id, status)", ["other"]),
    (" OR status LIKE :p", ["fragment"]),
    ("status = :s", ["fragment"]),
    ("status = :s, updated_at = now()", ["fragment"]),
    (" AND t.status <> 'done'", ["fragment"]),
    # a condition whose only commas are inside parentheses is a condition, not assignments
    ("(kind = 1 AND status IN (0, 3)) OR kind = 2", ["fragment"]),
    (" JOIN agents a ON a.id = t.agent_id WHERE a.status = 'idle'", ["other"]),
    ("SELECT status FROM colretire_hole_3", ["unknown"]),
    ("SELECT count(*) AS status FROM tasks", ["unknown"]),
    ("SELECT id FROM tasks WHERE kind = 'status'", ["unknown"]),
    ("UPDATE tasks SET state = :status", ["parameter"]),
    ("UPDATE tasks SET state = %(status)s", ["parameter"]),
    # an oslo.policy rule: only its placeholder looks like SQL; a key of the mapping that
    # formats it, which may be a row's (``cluster.as_dict()``): undecided
    ("user_id:%(status)s", ["unknown"]),
    # a record formatted for a DNS backend (``'%(priority)d %(data)s' % record``): ``%(name)d``
    # is no bind parameter of any driver, ``%(name)s`` beside it none either
    ("%(status)d %(data)s", ["unknown"]),
    ("UPDATE tasks SET state = %(status)d", ["unknown"]),
    ("The status of the task is unknown.", ["other"]),
    ("Select the status you want the task to have.", ["other"]),
    # a tag, an option or a header built with the name by hyphens: not SQL either
    ("x-task-meta-status", ["other"]),
    ("status-badge", ["other"]),
    ("task_status-badge", []),  # no word of its own: not a mention at all
]


@pytest.mark.parametrize(("sql", "expected"), READINGS)
def test_readings(sql: str, expected: list[str]) -> None:
    assert [str(m.confidence) for m in mentions(sql, "tasks", "status")] == expected


def test_other_names_the_tables_and_prose_names_none() -> None:
    (agents,) = mentions(
        "SELECT a.status FROM agents AS a JOIN tasks t ON t.id = a.id", "tasks", "status"
    )
    (prose,) = mentions("The status of the task is unknown.", "tasks", "status")
    assert (agents.tables, agents.prose) == (("agents",), False)
    assert (prose.tables, prose.prose) == ((), True)


def test_a_table_named_like_the_column_is_another_table_never_the_column() -> None:
    """The relationship ``resource.resource_group`` gives the column a name that is also a
    table's: in SQL that parsed, that table's name and the qualifier of its columns are not
    a use of the column. A fragment's completion is a guess, so there it stays undecided."""
    sql = """
        insert into resource_group (id, package_id) select id, package_id from package;
        select r.id from resource r join resource_group on resource_group.id = r.group_id
    """
    readings = mentions(sql, "resource", "resource_group")
    assert [(str(m.confidence), m.tables) for m in readings] == [
        ("other", ("resource_group",)),
        ("other", ("resource_group",)),
        ("other", ("resource_group",)),
    ]
    assert all(m.detail.startswith("the name of the table resource_group") for m in readings)
    assert [
        str(m.confidence) for m in mentions(" join resource_group", "resource", "resource_group")
    ] == ["unknown"]


def test_the_position_is_the_word_in_multi_line_sql() -> None:
    sql = "\n    SELECT id\n    FROM tasks\n    WHERE done\n      AND status = 'open'\n"
    (found,) = mentions(sql, "tasks", "status")
    assert (found.line, found.col) == (5, 11)
    assert sql[found.offset : found.offset + 6] == "status"


def test_a_dialect_reads_its_own_quotes() -> None:
    (found,) = mentions("SELECT `status` FROM `tasks`", "tasks", "status", "mysql")
    assert str(found.confidence) == "certain"


def test_a_hyphened_name_says_what_it_is() -> None:
    (header,) = mentions("x-image-meta-is_public", "images", "is_public")
    assert header.detail == "a name built with hyphens (a tag, an option, a header), not SQL"
    assert header.prose


def test_the_package_answers_prose_without_the_parser() -> None:
    assert lazy_mentions("The status is unknown.", "tasks", "status")[0].prose
    assert (
        str(lazy_mentions("SELECT status FROM tasks", "tasks", "status")[0].confidence) == "certain"
    )


def test_tables_named_leaves_out_expressions_and_unknown_parts() -> None:
    sql = "WITH c AS (SELECT id FROM tasks) SELECT * FROM c JOIN colretire_hole_1 ON true"
    assert tables_named(sql) == {"tasks"}
    assert tables_named(" JOIN agents a ON a.id = t.agent_id") == {"agents"}
    assert tables_named("Please select the tasks") == frozenset()


@pytest.mark.parametrize(
    ("text", "sql"),
    [
        ("SELECT id FROM tasks", True),
        (" OR spec_sheet LIKE :p", True),
        ("status = %(status)s", True),
        ("id, status", True),
        ("t.status", True),
        ("The status of the task is unknown.", False),
        ("Select the status you want the task to have.", False),
        ("Status must be one of: open, done", False),
        ("/tasks/{id}/status", False),
        ("status", False),
        ("application/json; charset=UTF-8", False),
        ("application/vnd.pagerduty+json;version=2", False),
        ('text/plain; charset="utf-8", text/html; q=0.9', False),
        ("application = 1", True),
        ("status/done; x=1", True),
        ("application/json WHERE id = 1", True),
        ("/{item_id}/recipe/{recipe_id}/delete", False),
        ("/event/<int:event_id>/key-access", False),
        (r"/api/users/([^/]+)/server", False),
        ("/tasks?status=open", True),
        ("/* status */ SELECT 1", True),
        ("/tasks/delete WHERE status = 1", True),
    ],
)
def test_may_be_sql(text: str, sql: bool) -> None:
    assert may_be_sql(text) is sql


def test_prose_is_judged_outside_quoted_literals() -> None:
    assert not is_prose("UPDATE tasks SET note = 'the agent has it' WHERE id = 1")
    assert is_prose("Invalid status.") is False  # one word of prose needs a sentence's end
    assert is_prose("This task was closed.")


def test_names_word_is_a_whole_identifier_in_any_case() -> None:
    assert names_word('SELECT "STATUS" FROM t', "status")
    assert not names_word("SELECT status_code, $status FROM t", "status")
