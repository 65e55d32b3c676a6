from __future__ import annotations

from colretire.codemods.query_term import RemoveQueryTerm
from tests.codemods.helpers import assert_codemod


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
            .filter(Task.expected_completion_time.isnot(None))
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


def test_a_conditional_order_by_goes_whole() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        def tasks(session, by_eta=False):
            query = session.query(Task)
            if by_eta:
                query = query.order_by(Task.expected_completion_time)
            return query.all()
        """,
        """
        def tasks(session, by_eta=False):
            query = session.query(Task)
            if by_eta:
                pass
            return query.all()
        """,
        "Task.^expected_completion_time)",
    )


def test_loader_options() -> None:
    assert_codemod(
        RemoveQueryTerm,
        """
        from sqlalchemy.orm import defer, load_only

        b = select(Task).options(load_only(Task.id, Task.expected_completion_time))
        c = select(Task).options(defer(Task.expected_completion_time)).limit(3)
        """,
        """
        from sqlalchemy.orm import load_only

        b = select(Task).options(load_only(Task.id))
        c = select(Task).limit(3)
        """,
        "Task.id, Task.^expected_completion_time",
        "defer(Task.^expected_completion_time",
    )


def test_no_condition_grouping_or_selected_column_is_removed() -> None:
    """A term of a where, filter, having or join, of and_/or_, decides which rows a
    statement reads, updates or deletes; a group_by term which rows come out; a selected
    column what comes out. None of them is the codemod's to remove."""
    before = """
        a = select(Task.id, Task.expected_completion_time)
        b = select(Task).where(or_(Task.done, Task.expected_completion_time > 3))
        c = select(Task).where(Task.expected_completion_time + 5 > Task.budget)
        d = Task.expected_completion_time.desc()
        e = select(Task).where(Task.done.is_(False), Task.expected_completion_time > 30)
        f = session.query(Task).filter(Task.expected_completion_time.isnot(None)).delete()
        g = update(Task).where(and_(Task.done, Task.expected_completion_time > 3)).values(x=1)
        h = select(Task.done, func.count()).group_by(Task.done, Task.expected_completion_time)
        i = select(Task).having(func.max(Task.expected_completion_time) > 3)
        j = select(Task).join(Project, Project.eta == Task.expected_completion_time)
    """
    assert_codemod(
        RemoveQueryTerm,
        before,
        before,
        "Task.id, Task.^expected_completion_time",
        "Task.^expected_completion_time > 3",
        "Task.^expected_completion_time + 5",
        "Task.^expected_completion_time.desc",
        "Task.^expected_completion_time > 30",
        "Task.^expected_completion_time.isnot(None)).delete",
        "Task.^expected_completion_time > 3)).values",
        "Task.done, Task.^expected_completion_time)",
        "max(Task.^expected_completion_time",
        "== Task.^expected_completion_time",
    )
