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


def test_a_schema_built_from_the_model_loses_the_read_with_its_keyword() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        out = TaskOut(id=t.id, expected_completion_time=t.expected_completion_time)
        """,
        """
        out = TaskOut(id=t.id)
        """,
        "t.^expected_completion_time",
    )


def test_filter_by_left_empty_leaves_the_chain() -> None:
    assert_codemod(
        RemoveKeyword,
        """
        rows = session.query(Task).filter_by(expected_completion_time=30).all()
        kept = session.query(Task).filter_by(expected_completion_time=30, done=False).all()
        if eta:
            query = query.filter_by(expected_completion_time=eta)
        """,
        """
        rows = session.query(Task).all()
        kept = session.query(Task).filter_by(done=False).all()
        if eta:
            pass
        """,
        "^expected_completion_time=30)",
        "^expected_completion_time=30, done",
        "^expected_completion_time=eta",
    )


def test_nothing_changes_for_an_update_that_would_set_nothing() -> None:
    before = """
        session.execute(update(Task).values(expected_completion_time=None))
    """
    assert_codemod(RemoveKeyword, before, before, "^expected_completion_time=None")


def test_nothing_changes_for_a_read_passed_to_a_function_under_another_name() -> None:
    before = """
        minutes = convert(value=t.expected_completion_time)
        shown = describe(expected_completion_time=t.expected_completion_time)
    """
    assert_codemod(
        RemoveKeyword, before, before, "t.^expected_completion_time)", "=t.^expected_completion"
    )
