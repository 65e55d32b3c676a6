"""A function that makes SQLAlchemy's table of the name it is given (CKAN's stats
extension: ``def table(name): return Table(name, model.meta.metadata, autoload=True)``)
makes that table: ``package_revision = table("package_revision")`` then
``package_revision.c.revision_id`` is a column of ``package_revision``, another table's
(excluded as ``other-table``), and ``table("activity").c.revision_id`` our column. Not where
the function may make anything else: a class that is not SQLAlchemy's, a name it binds anew,
or an argument that is no string."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, MetaData, String, Table
    from sqlalchemy.orm import mapper

    metadata = MetaData()
    activity_table = Table(
        "activity",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("revision_id", String),
    )


    class Activity(object):
        pass


    mapper(Activity, activity_table)
"""

STATS = """
    from sqlalchemy import Table, func, select

    from app.models import metadata


    def table(name):
        return Table(name, metadata, autoload=True)


    def most_edited():
        package_revision = table("package_revision")
        return select([func.count(package_revision.c.revision_id)])
"""


def _rows(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, **files})
    return [r for r in accounted(tmp_path, "activity.revision_id") if r[0] == "app/stats.py"]


def test_a_table_made_by_a_function_of_the_file(tmp_path: Path) -> None:
    rows = _rows(tmp_path, {"app/stats.py": STATS})
    position = at(code(STATS), "package_revision.c.^revision_id")
    assert ("app/stats.py", *position, "excluded: other-table") in rows


def test_a_table_made_by_a_function_of_another_module(tmp_path: Path) -> None:
    factory, _, use = code(STATS).partition("\n\ndef most_edited")
    stats = "from app.tables import table\n\n\ndef most_edited" + use
    rows = _rows(tmp_path, {"app/tables.py": factory + "\n", "app/stats.py": stats})
    position = at(stats, "package_revision.c.^revision_id")
    assert ("app/stats.py", *position, "excluded: other-table") in rows


def test_our_table_made_so_is_our_column(tmp_path: Path) -> None:
    stats = code(STATS).replace('table("package_revision")', 'table("activity")')
    rows = _rows(tmp_path, {"app/stats.py": stats})
    position = at(stats, "package_revision.c.^revision_id")
    assert ("app/stats.py", *position, "CR102 certain") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # not SQLAlchemy's Table
        (
            "from sqlalchemy import Table, func, select",
            "from sqlalchemy import func, select\nfrom app.mine import Table",
        ),
        # the name bound anew in the function
        ("    return Table(name", "    name = name.lower()\n    return Table(name"),
        # no string given
        ('table("package_revision")', "table(NAME)"),
        # a decorator, which may make the name a function that returns anything else
        ("def table(name):", "@memo\ndef table(name):"),
        ("def table(name):", "@memo(size=4)\ndef table(name):"),
    ],
)
def test_a_table_not_shown_to_be_named_so(tmp_path: Path, old: str, new: str) -> None:
    stats = code(STATS).replace(old, new)
    assert stats != code(STATS)
    stats = stats.replace(
        "from app.models import metadata",
        "from app.models import metadata\nfrom app.mine import memo",
    )
    rows = _rows(tmp_path, {"app/stats.py": stats, "app/mine.py": MINE})
    position = at(stats, "package_revision.c.^revision_id")
    assert ("app/stats.py", *position, "unexplained") in rows


MINE = """
    class Table:
        pass


    def memo(function=None, size=0):
        def wrapped(name):
            return name

        return wrapped
"""


def test_a_decorated_factory_of_another_module(tmp_path: Path) -> None:
    """The decorator in the module that defines the factory: the name imported from there
    may be anything the decorator gives back."""
    factory, _, use = code(STATS).partition("\n\ndef most_edited")
    factory = factory.replace(
        "def table(name):", "from app.mine import memo\n\n\n@memo\ndef table(name):"
    )
    stats = "from app.tables import table\n\n\ndef most_edited" + use
    files = {"app/tables.py": factory + "\n", "app/stats.py": stats, "app/mine.py": MINE}
    rows = _rows(tmp_path, files)
    position = at(stats, "package_revision.c.^revision_id")
    assert ("app/stats.py", *position, "unexplained") in rows
