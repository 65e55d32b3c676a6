"""A class attribute of a mapped class whose value is a string, or a list of strings, each
naming an attribute of that class names those attributes: superset's import/export mixin
reads ``export_parent = "cluster"`` and ``export_children = ["datasources"]`` with
``getattr``. Where one is a relationship built on the column (the model's own ``cluster``
over ``datasources.cluster_name``, or ``datasources``, the backref it gives the cluster),
the string is a use of that relationship: certain in a list of several such names, likely
alone (a lone string may be a constant that happens to spell the attribute). A string among
others that are not the class's attributes, or a dunder setting, is not decided by it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import backref, declarative_base, relationship

    Base = declarative_base()


    class DruidCluster(Base):
        __tablename__ = "clusters"
        id = Column(Integer, primary_key=True)
        cluster_name = Column(String(250), unique=True)
        broker_host = Column(String(255))

        export_fields = ["cluster_name", "broker_host"]
        export_children = ["datasources"]
        shown = ("broker_host", "datasources")


    class DruidDatasource(Base):
        __tablename__ = "datasources"
        id = Column(Integer, primary_key=True)
        datasource_name = Column(String(255))
        cluster_name = Column(String(250), ForeignKey("clusters.cluster_name"))
        cluster = relationship(
            "DruidCluster", backref=backref("datasources", cascade="all, delete-orphan")
        )

        export_parent = "cluster"
        export_children = ["columns", "metrics"]
"""


def _models(tmp_path: Path, models: str = MODELS) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": models})
    return accounted(tmp_path, "datasources.cluster_name")


def test_class_attributes_that_name_the_relationship(tmp_path: Path) -> None:
    source = code(MODELS)
    rows = _models(tmp_path)
    likely = "CR108 likely"
    assert ("app/models.py", *at(source, 'export_parent = ^"cluster"'), likely) in rows
    assert ("app/models.py", *at(source, 'export_children = [^"datasources"]'), likely) in rows
    shown = at(source, '"broker_host", ^"datasources")')
    assert ("app/models.py", *shown, "CR108 certain") in rows


def test_a_constant_that_spells_the_relationship_is_likely_only(tmp_path: Path) -> None:
    """Near miss: ``KIND = "cluster"``, a constant of the class that happens to spell its
    relationship, is not told from ``export_parent``: likely, never certain."""
    source = code(MODELS).replace('export_parent = "cluster"', 'KIND = "cluster"')
    rows = _models(tmp_path, source)
    assert ("app/models.py", *at(source, 'KIND = ^"cluster"'), "CR108 likely") in rows


@pytest.mark.parametrize(
    ("old", "new", "snippet"),
    [
        # among strings that are no attributes of the class
        (
            'export_children = ["datasources"]',
            'export_children = ["datasources", "brokers"]',
            'export_children = [^"datasources"',
        ),
        # a setting of SQLAlchemy's, not a list of the class's attributes
        ('export_parent = "cluster"', '__label__ = "cluster"', '__label__ = ^"cluster"'),
    ],
)
def test_strings_that_are_not_a_list_of_the_classs_attributes(
    tmp_path: Path, old: str, new: str, snippet: str
) -> None:
    source = code(MODELS).replace(old, new)
    assert source != code(MODELS)
    rows = _models(tmp_path, source)
    position = at(source, snippet)
    assert not any(r[1:3] == position and r[3].endswith("certain") for r in rows)
