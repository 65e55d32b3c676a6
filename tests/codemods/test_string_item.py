from __future__ import annotations

from colretire.codemods.string_item import RemoveStringItem
from tests.codemods.helpers import assert_codemod


def test_an_element_of_a_list_a_set_and_a_tuple() -> None:
    assert_codemod(
        RemoveStringItem,
        """
        FIELDS = ["id", "expected_completion_time", "title"]
        dumped = out.model_dump(exclude={"id", "expected_completion_time"})
        PAIR = ("id", "expected_completion_time")
        """,
        """
        FIELDS = ["id", "title"]
        dumped = out.model_dump(exclude={"id"})
        PAIR = ("id",)
        """,
        '^"expected_completion_time", "title"',
        '^"expected_completion_time"}',
        '^"expected_completion_time")',
    )


def test_a_lone_excluded_field_takes_its_keyword_along() -> None:
    assert_codemod(
        RemoveStringItem,
        """
        public = TaskRead.model_validate(task).model_dump(mode="json", exclude={"expected_completion_time"})
        """,
        """
        public = TaskRead.model_validate(task).model_dump(mode="json")
        """,
        '^"expected_completion_time"',
    )


def test_nothing_changes_where_an_empty_list_would_mean_something_else() -> None:
    before = """
        only = task.model_dump(include={"expected_completion_time"})
        columns = ["expected_completion_time"]
        value = getattr(task, "expected_completion_time")
    """
    assert_codemod(
        RemoveStringItem,
        before,
        before,
        '^"expected_completion_time"}',
        '^"expected_completion_time"]',
        '^"expected_completion_time")',
    )
