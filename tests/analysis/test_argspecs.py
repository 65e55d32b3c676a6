"""Request arguments declared as a dict given to a decorator factory of the project that
makes a Pydantic model of it and hands the validated fields, as a dict, to the function it
decorates: a key that function spreads into ``filter_by`` of a model's query names that
model's column, and a value of an enum typing a field names the attribute that a function
reads with ``getattr`` on the model it is given beside it. Any link that does not hold
(another shape of the factory, the key read by name, a second parameter, an enum whose
string is not its value) leaves the words unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Shop(Base):
        __tablename__ = "shop"
        id = Column(Integer, primary_key=True)
        title = Column(String)
        region = Column(String)


    class Courier(Base):
        __tablename__ = "courier"
        id = Column(Integer, primary_key=True)
        title = Column(String)
        region = Column(String)
"""

PARSING = """
    from functools import wraps

    from flask import request
    from pydantic import create_model


    def parsed_query(fields, source="args"):
        if isinstance(fields, dict):
            fields = create_model("Query", **fields)
        documented = fields.model_json_schema()

        def decorator(view):
            view.documented = documented

            @wraps(view)
            def wrapper(*args, **kwargs):
                values = fields(**getattr(request, source)).model_dump(exclude_unset=True)
                return view(*args, values, **kwargs)

            return wrapper

        return decorator


    def loose_query(fields):
        fields = create_model("Query", **fields)

        def decorator(view):
            @wraps(view)
            def wrapper(*args, **kwargs):
                return view(*args, **kwargs)

            return wrapper

        return decorator
"""

SEARCH = """
    from enum import Enum


    class Choice(Enum):
        def __str__(self):
            return str(self.value)


    class Plain(Enum):
        pass


    def like_filters(cls, term, column):
        if not term:
            return []
        return [getattr(cls, column).like(f"%{term}%")]
"""

VIEWS = """
    from app.models import Courier, Shop
    from app.parsing import loose_query, parsed_query
    from app.search import Choice, Plain, like_filters


    class ShopList:
        @parsed_query(
            {
                "region": (str, None),
                "term": (str, None),
                "column": (Choice("ShopColumns", {"title": "title", "region": "region"}), None),
            }
        )
        def get(self, query):
            term = query.pop("term", None)
            column = str(query.pop("column", None))
            found = like_filters(cls=Shop, term=term, column=column)
            return Shop.query.filter_by(**query).filter(*found).all()


    class CourierList:
        @parsed_query({"region": (str, None), "term": (str, None)})
        def get(self, query):
            query.pop("term", None)
            return Courier.query.filter_by(**query).all()


    @parsed_query({"region": (str, None)})
    def shops_by_name(query):
        if query.get("region"):
            print(query["region"])
        return Shop.query.filter_by(**query).all()


    @parsed_query({"region": (str, None)})
    def shops_paged(query, page):
        return Shop.query.filter_by(**query).limit(page).all()


    @loose_query({"region": (str, None)})
    def shops_loosely(query):
        return Shop.query.filter_by(**query).all()


    @parsed_query(
        {"column": (Plain("Columns", {"region": "region"}), None), "term": (str, None)}
    )
    def shops_plain(query):
        column = str(query.pop("column", None))
        return like_filters(Shop, query.pop("term", None), column)
"""


def _project(tmp_path: Path) -> str:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/parsing.py": PARSING,
            "app/search.py": SEARCH,
            "app/views.py": VIEWS,
        },
    )
    return files["app/views.py"]


def test_a_field_spread_into_the_models_filter_is_a_reference(tmp_path: Path) -> None:
    views = _project(tmp_path)
    rows = accounted(tmp_path, "shop.region", skip="app/models.py")
    assert ("app/views.py", *at(views, '"^region": (str, None),\n'), "CR106 certain") in rows
    # the value of the enum typing "column", read by getattr on Shop
    assert ("app/views.py", *at(views, '"region": "^region"'), "CR106 certain") in rows


def test_a_field_spread_only_into_another_models_filter_is_that_tables(tmp_path: Path) -> None:
    views = _project(tmp_path)
    rows = accounted(tmp_path, "shop.region", skip="app/models.py")
    courier = at(views, '"^region": (str, None), "term"')
    assert ("app/views.py", *courier, "excluded: other-table") in rows
    # and a reference of the courier's column
    rows = accounted(tmp_path, "courier.region", skip="app/models.py")
    assert ("app/views.py", *courier, "CR106 certain") in rows
    assert (
        "app/views.py",
        *at(views, '"^region": (str, None),\n'),
        "excluded: other-table",
    ) in rows


def test_links_that_do_not_hold_leave_the_fields_unexplained(tmp_path: Path) -> None:
    views = _project(tmp_path)
    rows = accounted(tmp_path, "shop.region", skip="app/models.py")
    lines = views.splitlines()

    def tier(snippet: str) -> str:
        line, col = at(views, snippet)
        found = [r[3] for r in rows if r[1:3] == (line, col)]
        assert found, lines[line - 1]
        return found[0]

    # read by name in the function: its value may go anywhere
    assert tier('@parsed_query({"^region": (str, None)})\ndef shops_by_name') == "unexplained"
    # a second parameter: which one the dict fills is not proven
    assert tier('@parsed_query({"^region": (str, None)})\ndef shops_paged') == "unexplained"
    # a factory that does not hand the validated fields to the function
    assert tier('@loose_query({"^region"') == "unexplained"
    # an enum whose string is not its value
    assert tier('{"region": "^region"}), None), "term"') == "unexplained"
