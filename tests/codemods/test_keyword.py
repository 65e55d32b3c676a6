from __future__ import annotations

from colretire.codemods.keyword import RemoveKeyword
from tests.codemods.helpers import assert_codemod


def test_a_constructor_keyword() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        task = Task(title="x", expected_completion_time=30, status="open")
        """,
        """
        task = Task(title="x", status="open")
        """,
        "^expected_completion_time=30",
    )


def test_the_last_keyword_one_per_line_with_a_trailing_comma() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        task = Task(
            title=payload.title,  # shown in lists
            expected_completion_time=payload.expected_completion_time,  # minutes
        )
        """,
        """
        task = Task(
            title=payload.title,  # shown in lists
        )
        """,
        "^expected_completion_time=payload",
    )


def test_the_last_keyword_without_a_trailing_comma() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        task = Task(title="x", expected_completion_time=30)
        other = Task(
            title="y",
            expected_completion_time=30
        )
        """,
        """
        task = Task(title="x")
        other = Task(
            title="y"
        )
        """,
        "^expected_completion_time=30)",
        "^expected_completion_time=30\n",
    )


def test_the_only_keyword() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        empty = Task(
            expected_completion_time=None,
        )
        """,
        """
        empty = Task()
        """,
        "^expected_completion_time",
    )


def test_a_schema_built_from_the_model_loses_the_keyword_and_the_read_in_it() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        out = TaskOut(id=t.id, expected_completion_time=t.expected_completion_time)
        """,
        """
        out = TaskOut(id=t.id)
        """,
        "^expected_completion_time=t",
    )


def test_insert_and_update_values() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        session.execute(insert(Task).values(title="x", expected_completion_time=30))
        session.execute(update(Task).where(Task.id == 3).values(done=True, expected_completion_time=None))
        """,
        """
        session.execute(insert(Task).values(title="x"))
        session.execute(update(Task).where(Task.id == 3).values(done=True))
        """,
        "^expected_completion_time=30",
        "^expected_completion_time=None",
    )


def test_a_filter_by_keyword_is_a_condition_and_stays() -> None:
    before = """
        rows = session.query(Task).filter_by(expected_completion_time=30).all()
        if eta:
            query = query.filter_by(expected_completion_time=eta, done=False)
    """
    assert_codemod(
        RemoveKeyword,
        before,
        before,
        "^expected_completion_time=30)",
        "^expected_completion_time=eta",
    )


def test_nothing_changes_for_an_update_that_would_set_nothing() -> None:
    before = """
        session.execute(update(Task).values(expected_completion_time=None))
    """
    assert_codemod(RemoveKeyword, before, before, "^expected_completion_time=None")


def test_a_read_alone_is_no_keyword_to_remove() -> None:
    """Only the keyword is the codemod's unit: a read passed to a constructor whose keyword
    is no proven reference (the schema may not mirror the model) flows on, and stays."""
    before = """
        minutes = convert(value=t.expected_completion_time)
        shown = Describe(expected_completion_time=t.expected_completion_time)
    """
    assert_codemod(
        RemoveKeyword, before, before, "t.^expected_completion_time)", "=t.^expected_completion"
    )
