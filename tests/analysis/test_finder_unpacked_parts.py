"""``query, count = build(session)`` where what ``build`` returns is not known: the parts
are values of unknown type, not plain values. ``query.filter_by(eta=...)`` may filter a
query of the model, so the keyword stays unexplained; it is not excluded as a keyword of
a plain value's method. Where the tuple's shape is known, each part has its own type."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "task"
        id = Column(Integer, primary_key=True)
        eta = Column(String)
"""

HELPERS = """
    def build(session):
        return session.registry.query_for("tasks"), 3
"""


def _rows(tmp_path: Path, use: str) -> tuple[str, dict[tuple[int, int], str]]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/helpers.py": HELPERS,
            "app/use.py": use,
        },
    )
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "task.eta")
        if path == "app/use.py"
    }
    return files["app/use.py"], rows


def test_a_part_of_an_unknown_tuple_is_not_a_plain_value(tmp_path: Path) -> None:
    source, rows = _rows(
        tmp_path,
        """
        from app.helpers import build


        def due(session):
            query, count = build(session)
            return query.filter_by(eta=1).all()


        def later(session):
            update, count = build(session)
            return update(eta=2)
        """,
    )
    assert not rows[at(source, "filter_by(^eta=1)")].startswith("excluded")
    assert not rows[at(source, "update(^eta=2)")].startswith("excluded")


def test_a_part_of_a_split_string_is_still_a_plain_value(tmp_path: Path) -> None:
    """The neighbour: the parts of a list of strings written out (``first, second =
    ["{eta}", "{x}"]``) are strings, whatever the list's size; ``first.format(eta=...)`` is
    a keyword of a plain value's method."""
    source, rows = _rows(
        tmp_path,
        """
        def due(text):
            first, second = ["{eta}", "{x}"]
            return first.format(eta=1)
        """,
    )
    assert rows[at(source, "format(^eta=1)")] == "excluded: keyword"


def test_nested_and_starred_parts_are_not_plain_values(tmp_path: Path) -> None:
    """``(query, n), m = build(session)``, ``for k, (query, n) in things.items()``,
    ``first, *rest = build(session)`` then ``for query in rest``, and the items of
    ``*args``: each may be a query of the model."""
    source, rows = _rows(
        tmp_path,
        """
        from app.helpers import build


        def nested(session):
            (query, n), m = build(session), 1
            return query.filter_by(eta=1).all()


        def looped(things):
            for k, (query, n) in things.items():
                query.filter_by(eta=2)


        def starred(session):
            first, *rest = build(session)
            for query in rest:
                query.filter_by(eta=3)


        def varargs(*queries, **named):
            for query in queries:
                query.filter_by(eta=4)
            for query in named.values():
                query.filter_by(eta=5)
        """,
    )
    for n in range(1, 6):
        assert not rows[at(source, f"filter_by(^eta={n})")].startswith("excluded"), n


def test_the_items_of_a_sequence_annotated_without_their_type_are_unknown(
    tmp_path: Path,
) -> None:
    """``items: list``, ``items: List`` or a function annotated ``-> List``: the list is a
    builtin, its items anything (queries of the model among them); ``names: str`` iterated
    gives strings, still plain."""
    source, rows = _rows(
        tmp_path,
        """
        from typing import List


        def listed() -> List:
            return []


        def bare(items: list, more: List):
            for query in items:
                query.filter_by(eta=1)
            for query in more:
                query.filter_by(eta=2)
            for query in listed():
                query.filter_by(eta=3)


        def letters(names: str):
            for letter in names:
                letter.format(eta=4)
        """,
    )
    for n in range(1, 4):
        assert not rows[at(source, f"filter_by(^eta={n})")].startswith("excluded"), n
    assert rows[at(source, "format(^eta=4)")] == "excluded: keyword"


def test_a_copy_of_an_unknown_iterable_and_a_list_guard_say_nothing_of_the_items(
    tmp_path: Path,
) -> None:
    """``list(qs)``, ``sorted(qs)``, ``reversed(qs)`` of a value of unknown type, and ``qs``
    under ``isinstance(qs, list)``: the items are still of unknown type."""
    source, rows = _rows(
        tmp_path,
        """
        def guarded(qs):
            if isinstance(qs, list):
                for query in qs:
                    query.filter_by(eta=1)


        def copied(qs):
            for i, query in enumerate(list(qs)):
                query.filter_by(eta=2)
            for query in sorted(qs):
                query.filter_by(eta=3)
            for query in reversed(qs):
                query.filter_by(eta=4)
        """,
    )
    for n in range(1, 5):
        assert not rows[at(source, f"filter_by(^eta={n})")].startswith("excluded"), n
