from __future__ import annotations

from colretire.codemods.dict_entry import RemoveDictEntry
from tests.codemods.helpers import assert_codemod


def test_an_entry_named_by_its_key() -> None:
    assert_codemod(
        RemoveDictEntry,
        """
        def serialize(task: Task) -> dict:
            return {
                "id": task.id,
                "expected_completion_time": task.expected_completion_time,  # minutes
                "title": task.title,
            }
        """,
        """
        def serialize(task: Task) -> dict:
            return {
                "id": task.id,
                "title": task.title,
            }
        """,
        '^"expected_completion_time"',
    )


def test_a_read_under_another_key_flows_on_and_stays() -> None:
    before = """
        payload = {"id": task.id, "eta": task.expected_completion_time}
    """
    assert_codemod(RemoveDictEntry, before, before, "task.^expected_completion_time")


def test_update_values_keep_their_last_entry() -> None:
    assert_codemod(
        RemoveDictEntry,
        """
        session.execute(update(Task).values({"done": True, "expected_completion_time": None}))
        session.query(Task).filter(Task.done).update({"expected_completion_time": None})
        """,
        """
        session.execute(update(Task).values({"done": True}))
        session.query(Task).filter(Task.done).update({"expected_completion_time": None})
        """,
        '^"expected_completion_time": None}))',
        '^"expected_completion_time": None})\n',
    )


def test_an_entry_keyed_by_the_attribute_whose_value_uses_it() -> None:
    assert_codemod(
        RemoveDictEntry,
        """
        row = {"expected_completion_time": minutes(task.expected_completion_time), "id": 1}
        """,
        """
        row = {"id": 1}
        """,
        "(task.^expected_completion_time",
    )


def test_the_only_entry() -> None:
    assert_codemod(
        RemoveDictEntry,
        """
        row = {
            "expected_completion_time": 30,
        }
        """,
        """
        row = {}
        """,
        '^"expected_completion_time"',
    )


def test_nothing_changes_for_a_read_computed_into_another_key() -> None:
    before = """
        row = {"late": task.expected_completion_time > 30}
    """
    assert_codemod(RemoveDictEntry, before, before, "task.^expected_completion_time")
