"""A replacement field that reads an attribute in a string given to ``str.format``
(superset's ``("[{obj.cluster_name}].[{obj.datasource_name}](id:{obj.id})").format(obj=self)``
in a method of the model) reads that attribute off the argument, as ``obj.cluster_name``
would: a certain reference where the argument is proven to be the model's. An argument of
another class or of unknown type, an escaped brace, or a field that reads a longer name
decides nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DruidDatasource(Base):
        __tablename__ = "datasources"
        id = Column(Integer, primary_key=True)
        datasource_name = Column(String(255))
        cluster_name = Column(String(250))

        def get_perm(self) -> str:
            return ("[{obj.cluster_name}].[{obj.datasource_name}]" "(id:{obj.id})").format(
                obj=self
            )


    class Report:
        cluster_name = "main"

        def title(self) -> str:
            return "{0.cluster_name}".format(self)
"""


def _rows(tmp_path: Path, models: str) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": models})
    return accounted(tmp_path, "datasources.cluster_name")


def test_a_field_that_reads_the_column_off_the_model(tmp_path: Path) -> None:
    source = code(MODELS)
    rows = _rows(tmp_path, MODELS)
    assert ("app/models.py", *at(source, "[{obj.^cluster_name}]"), "CR103 certain") in rows


@pytest.mark.parametrize(
    ("old", "new", "snippet"),
    [
        # another class's attribute
        ("", "", '"{0.^cluster_name}"'),
        # an argument of unknown type
        ("obj=self", "obj=thing", "[{obj.^cluster_name}]"),
        # an escaped brace: no field
        ("[{obj.cluster_name}]", "[{{obj.cluster_name}}]", "[{{obj.^cluster_name}}]"),
    ],
)
def test_a_field_that_is_not_the_models_column(
    tmp_path: Path, old: str, new: str, snippet: str
) -> None:
    source = code(MODELS).replace(old, new) if old else code(MODELS)
    rows = _rows(tmp_path, source)
    position = at(source, snippet)
    assert not any(r[1:3] == position and r[3].endswith("certain") for r in rows)


OTHER = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DruidDatasource(Base):
        __tablename__ = "datasources"
        id = Column(Integer, primary_key=True)
        cluster_name = Column(String(250))


    class SqlaTable(Base):
        __tablename__ = "tables"
        id = Column(Integer, primary_key=True)
        cluster_name = Column(String(250))

        def get_perm(self) -> str:
            return "[{obj.cluster_name}](id:{obj.id})".format(obj=self)
"""


def test_a_field_that_reads_another_tables_column(tmp_path: Path) -> None:
    """The same field in a method of another table's model reads that table's column, as
    ``self.cluster_name`` would there."""
    source = code(OTHER)
    rows = _rows(tmp_path, OTHER)
    position = at(source, "[{obj.^cluster_name}]")
    assert [r[3] for r in rows if r[1:3] == position] == ["excluded: other-table"]
