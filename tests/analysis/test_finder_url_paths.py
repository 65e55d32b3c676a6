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
