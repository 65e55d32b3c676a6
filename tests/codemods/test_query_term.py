from __future__ import annotations

from colretire.codemods.query_term import RemoveQueryTerm
from tests.codemods.helpers import assert_codemod


def test_one_filter_clause_of_two() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        stmt = select(Task).where(Task.done.is_(False), Task.expected_completion_time > 30)
        """,
        """
        stmt = select(Task).where(Task.done.is_(False))
        """,
        "Task.^expected_completion_time >",
    )


def test_the_only_term_takes_its_call_out_of_the_chain() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        rows = (
            session.query(Task)
            .filter(Task.expected_completion_time.isnot(None))
            .order_by(desc(Task.expected_completion_time))
            .all()
        )
        """,
        """
        rows = (
            session.query(Task)
            .all()
        )
        """,
        "Task.^expected_completion_time.isnot",
        "desc(Task.^expected_completion_time",
    )


def test_an_order_by_term_among_others() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        stmt = select(Task).order_by(
            Task.priority.desc(),
            Task.expected_completion_time.asc().nulls_last(),
        )
        """,
        """
        stmt = select(Task).order_by(
            Task.priority.desc(),
        )
        """,
        "Task.^expected_completion_time",
    )


def test_a_conditional_filter_goes_whole() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        def tasks(session, limit=None):
            query = session.query(Task)
            if limit is not None:
                query = query.filter(Task.expected_completion_time <= limit)
            return query.all()
        """,
        """
        def tasks(session, limit=None):
            query = session.query(Task)
            if limit is not None:
                pass
            return query.all()
        """,
        "Task.^expected_completion_time <=",
    )


def test_and_and_loader_options() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        from sqlalchemy.orm import defer, load_only

        a = select(Task).where(and_(Task.done, Task.expected_completion_time > 3))
        b = select(Task).options(load_only(Task.id, Task.expected_completion_time))
        c = select(Task).options(defer(Task.expected_completion_time)).limit(3)
        """,
        """
        from sqlalchemy.orm import load_only

        a = select(Task).where(and_(Task.done))
        b = select(Task).options(load_only(Task.id))
        c = select(Task).limit(3)
        """,
        "Task.^expected_completion_time > 3",
        "Task.id, Task.^expected_completion_time",
        "defer(Task.^expected_completion_time",
    )


def test_nothing_changes_where_removal_is_not_mechanical() -> None:
    before = """
        a = select(Task.id, Task.expected_completion_time)
        b = select(Task).where(or_(Task.done, Task.expected_completion_time > 3))
        c = select(Task).where(Task.expected_completion_time + 5 > Task.budget)
        d = Task.expected_completion_time.desc()
    """
    assert_codemod(
        RemoveQueryTerm,
        before,
        before,
        "Task.id, Task.^expected_completion_time",
        "Task.^expected_completion_time > 3",
        "Task.^expected_completion_time + 5",
        "Task.^expected_completion_time.desc",
    )
