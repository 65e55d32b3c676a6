"""A class attribute of a mapped class whose value is a string, or a list of strings, each
naming an attribute of that class names those attributes: superset's import/export mixin
reads ``export_parent = "cluster"`` and ``export_children = ["datasources"]`` with
``getattr``. Where one is a relationship built on the column (the model's own ``cluster``
over ``datasources.cluster_name``, or ``datasources``, the backref it gives the cluster),
the string is a certain use of that relationship. A string among others that are not the
class's attributes, a dunder setting, or a class that does not have the relationship is not
decided by it."""

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
    assert ("app/models.py", *at(source, 'export_parent = ^"cluster"'), "CR108 certain") in rows
    assert (
        "app/models.py",
        *at(source, 'export_children = [^"datasources"]'),
        "CR108 certain",
    ) in rows


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
