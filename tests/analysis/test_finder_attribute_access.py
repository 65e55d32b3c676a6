"""Rows that read their attributes by name: a base whose ``__getitem__`` is ``getattr`` (its
``__setitem__`` ``setattr``) makes ``row["col"]`` the attribute ``col`` of the row, and a
method that returns the row's ``__dict__`` (a copy of it, a literal key popped) makes
``row.as_dict()["col"]`` a read of it. Read from the methods' code, never from their names;
a row of ``session.query(Model, other.id)`` is a tuple whose first item is the model's."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from colretire.analysis.attrdicts import DICT, ITEM, attribute_access
from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class RowMixin:
        def __getitem__(self, name):
            return getattr(self, name)

        def __setitem__(self, name, value):
            setattr(self, name, value)

        def as_dict(self):
            '''The row's loaded attributes.'''
            values = self.__dict__.copy()
            values.pop("_sa_instance_state", None)
            return values


    class Link(Base, RowMixin):
        __tablename__ = "links"
        id = Column(Integer, primary_key=True)


    class Route(Base, RowMixin):
        __tablename__ = "routes"
        id = Column(Integer, primary_key=True)
        link_id = Column(Integer, ForeignKey("links.id"))
        latency = Column(Integer)
"""

SERVICE = """
    from app.models import Link, Route


    def listing(session, link_id):
        query = session.query(Route)
        if link_id:
            query = query.filter(Route.link_id == link_id)
        out = []
        for row in query.all():
            values = row.as_dict()
            values["delay"] = values["latency"]
            out.append(values)
        return out


    def export(session):
        found = {}
        query = session.query(Route, Link.id).join(Link, Link.id == Route.link_id)
        for result in query.all():
            route = result[0]
            route["delay_ms"] = route["latency"]
            found[result[1]] = route.as_dict()
        return found
"""


def _rows(tmp_path: Path, models: str, service: str) -> list[tuple[str, int, int, str]]:
    write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": models, "app/service.py": service},
    )
    return [r for r in accounted(tmp_path, "routes.latency") if r[0] == "app/service.py"]


def _reference(rows: list[tuple[str, int, int, str]], position: tuple[int, int]) -> bool:
    return any(r[1:3] == position and r[3].endswith("certain") for r in rows)


def test_a_key_of_the_rows_attribute_dict_and_of_the_row(tmp_path: Path) -> None:
    service = code(SERVICE)
    rows = _rows(tmp_path, MODELS, SERVICE)
    assert _reference(rows, at(service, 'values[^"latency"]'))
    assert _reference(rows, at(service, 'route[^"latency"]'))


def test_a_key_written_by_name_through_setitem(tmp_path: Path) -> None:
    service = code(SERVICE).replace('route["delay_ms"] = route["latency"]', 'route["latency"] = 0')
    rows = _rows(tmp_path, MODELS, service)
    assert _reference(rows, at(service, 'route[^"latency"] = 0'))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # __getitem__ that reads something else than the attribute
        ("return getattr(self, name)", "return self.extra[name]"),
        # a dict that is not the row's attributes
        ("values = self.__dict__.copy()", "values = dict(self.extra)"),
        ("values = self.__dict__.copy()", "values = {'latency': 1}"),
        # a key put into the copy: it may hold anything under that key
        ('values.pop("_sa_instance_state", None)', 'values["latency"] = None'),
    ],
)
def test_methods_that_do_not_read_the_attribute(tmp_path: Path, old: str, new: str) -> None:
    models = code(MODELS).replace(old, new, 1)
    assert models != code(MODELS)
    service = code(SERVICE)
    rows = _rows(tmp_path, models, SERVICE)
    if "getattr" in old:
        assert not _reference(rows, at(service, 'route[^"latency"]'))
    else:
        assert not _reference(rows, at(service, 'values[^"latency"]'))


@pytest.mark.parametrize(
    ("old", "new", "snippet"),
    [
        # the other item of the tuple row, not the model's
        ("route = result[0]", "route = result[1]", 'route[^"latency"]'),
        # a key written into the copy does not reach the row
        ('values["delay"] = values["latency"]', 'values["latency"] = 0', 'values[^"latency"]'),
        # a row of another model
        ("query = session.query(Route)\n", "query = session.query(Link)\n", 'values[^"latency"]'),
    ],
)
def test_keys_that_are_not_the_rows_attribute(
    tmp_path: Path, old: str, new: str, snippet: str
) -> None:
    service = code(SERVICE).replace(old, new, 1)
    assert service != code(SERVICE)
    rows = _rows(tmp_path, MODELS, service)
    assert not _reference(rows, at(service, snippet))


def _method(text: str) -> str:
    node = ast.parse(textwrap.dedent(text)).body[0]
    assert isinstance(node, ast.FunctionDef)
    return attribute_access(node)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("def __getitem__(self, key):\n    return getattr(self, key)", ITEM),
        ("def __setitem__(self, key, value):\n    setattr(self, key, value)", ITEM),
        ("def to_dict(self):\n    return self.__dict__", DICT),
        ("def to_dict(self):\n    return dict(self.__dict__)", DICT),
        ("def to_dict(self):\n    return vars(self)", DICT),
        ("def to_dict(self):\n    d = self.__dict__.copy()\n    del d['_x']\n    return d", DICT),
        # the other way round, another object, more than a getattr
        ("def __getitem__(self, key):\n    return getattr(key, self)", ""),
        ("def __getitem__(self, key):\n    return getattr(self.row, key)", ""),
        ("def __getitem__(self, key):\n    return getattr(self, key, None) or 0", ""),
        ("def __setitem__(self, key, value):\n    setattr(self, value, key)", ""),
        # a key taken out by no literal, a key added, another dict, a parameter more
        ("def to_dict(self):\n    d = self.__dict__.copy()\n    d.pop(self.k)\n    return d", ""),
        ("def to_dict(self):\n    d = self.__dict__.copy()\n    d['x'] = 1\n    return d", ""),
        ("def to_dict(self):\n    return dict(self.extra)", ""),
        ("def to_dict(self, other):\n    return vars(other)", ""),
    ],
)
def test_attribute_access_read_from_the_code(text: str, found: str) -> None:
    assert _method(text) == found
