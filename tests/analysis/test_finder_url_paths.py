"""A string that is, whole, the path of a URL (a web framework's route) names no column, though
a placeholder of it (``{recipe_id}``, ``<int:recipe_id>``), a regular expression's group or a
word such as ``delete`` makes it look like SQL to the cheap test. The shape is a module of
routes beside a model with a ``recipe_id`` column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Favorite(Base):
        __tablename__ = "favorites"
        id = Column(Integer, primary_key=True)
        recipe_id = Column(Integer)
"""

ROUTES = """
    from fastapi import APIRouter
    from flask import Blueprint

    from app.models import Favorite

    router = APIRouter()
    bp = Blueprint("recipes", __name__)
    HANDLERS = [(r"/api/recipe_id/([^/]+)/delete", object)]


    @router.post("/{item_id}/recipe/{recipe_id}/delete")
    def remove(item_id: int):
        return item_id


    def setup():
        bp.add_url_rule("/event/<int:recipe_id>/key-access", "key_access", methods=("POST",))
"""

QUERY = """
    import requests

    from app.models import Favorite


    def fetch(base):
        return requests.get(base + "/api/favorites?recipe_id=1")
"""


def test_a_url_path_is_prose(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": ROUTES})
    source = files["app/routes.py"]
    rows = accounted(tmp_path, "favorites.recipe_id", skip="app/models.py")
    assert rows == [
        ("app/routes.py", *at(source, "/api/^recipe_id/"), "excluded: prose"),
        ("app/routes.py", *at(source, "/recipe/{^recipe_id}"), "excluded: prose"),
        ("app/routes.py", *at(source, "<int:^recipe_id>"), "excluded: prose"),
    ]


def test_a_url_with_a_query_is_not_a_path(tmp_path: Path) -> None:
    """Near miss: ``?recipe_id=1`` is a filter the server may read into a query on the
    column; the string stays undecided."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/client.py": QUERY})
    source = files["app/client.py"]
    rows = accounted(tmp_path, "favorites.recipe_id", skip="app/models.py")
    assert rows == [("app/client.py", *at(source, "?^recipe_id=1"), "unexplained")]


SEARCH = """
    from app.models import Favorite


    def search(session, term):
        return session.get(f"/api/recipe_id/search?q={term}&limit=5")


    def sorted_search(session):
        return session.get("/api/recipe_id/search?order_by=recipe_id")
"""


def test_the_path_before_a_query_is_prose(tmp_path: Path) -> None:
    """The path of a URL that a query follows is the route's, where the query does not name
    the column; a query that does (``?order_by=recipe_id``) leaves the whole string to the
    SQL reader, the path's word with it."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/search.py": SEARCH})
    source = files["app/search.py"]
    rows = accounted(tmp_path, "favorites.recipe_id", skip="app/models.py")
    assert rows == [
        ("app/search.py", *at(source, '"/api/^recipe_id/search?q='), "excluded: prose"),
        ("app/search.py", *at(source, '"/api/^recipe_id/search?order_by'), "unexplained"),
        ("app/search.py", *at(source, "order_by=^recipe_id"), "unexplained"),
    ]
