"""A class method of the model that hands its ``**kwargs``, untouched, to its own class's
constructor (redash's ``DataSource.create_with_group(cls, *args, **kwargs)``, which builds
``cls(*args, **kwargs)`` and adds it to a group) takes every keyword its callers give it
that it does not name as a parameter of its own: each is a keyword of the model's
constructor, and a certain reference where it is spelt like the column. A method that reads,
pops or rebinds its ``**kwargs`` first, one that names the keyword as a parameter, or one that
hands them to something else than its own class proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()
    session = None


    class DataSource(Base):
        __tablename__ = "data_sources"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        type = Column(String)
        options = Column(String)

        @classmethod
        def create_with_group(cls, *args, **kwargs):
            data_source = cls(*args, **kwargs)
            group = DataSourceGroup(data_source=data_source)
            session.add_all([data_source, group])
            return data_source


    class DataSourceGroup(Base):
        __tablename__ = "data_source_groups"
        id = Column(Integer, primary_key=True)
        data_source_id = Column(Integer, ForeignKey("data_sources.id"))
        data_source = relationship(DataSource)
"""

CLI = """
    from app import models


    def new(name, type, options):
        source = models.DataSource.create_with_group(name=name, type=type, options=options)
        return source.id
"""


def _cli(tmp_path: Path, models: str = MODELS) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"app/__init__.py": "", "app/models.py": models, "app/cli.py": CLI})
    return [r for r in accounted(tmp_path, "data_sources.options") if r[0] == "app/cli.py"]


def test_a_keyword_the_class_method_hands_to_the_constructor(tmp_path: Path) -> None:
    cli = code(CLI)
    rows = _cli(tmp_path)
    assert ("app/cli.py", *at(cli, "type=type, ^options="), "CR104 certain") in rows


@pytest.mark.parametrize(
    "body",
    [
        # the method takes the keyword itself
        "def create_with_group(cls, options=None, **kwargs):\n"
        "            data_source = cls(**kwargs)",
        # it reads or pops its keywords first
        "def create_with_group(cls, *args, **kwargs):\n"
        "            kwargs.pop('options', None)\n"
        "            data_source = cls(*args, **kwargs)",
        # it rebinds them
        "def create_with_group(cls, *args, **kwargs):\n"
        "            kwargs = {'name': 'x'}\n"
        "            data_source = cls(*args, **kwargs)",
        # it hands them to another class
        "def create_with_group(cls, *args, **kwargs):\n"
        "            data_source = DataSourceGroup(*args, **kwargs)",
    ],
)
def test_a_class_method_that_does_more_with_its_keywords(tmp_path: Path, body: str) -> None:
    models = code(MODELS).replace(
        "def create_with_group(cls, *args, **kwargs):\n        data_source = cls(*args, **kwargs)",
        body.replace("            ", "        "),
    )
    assert models != code(MODELS)
    cli = code(CLI)
    rows = _cli(tmp_path, models)
    position = at(cli, "type=type, ^options=")
    assert not any(r[1:3] == position and r[3].endswith("certain") for r in rows)
