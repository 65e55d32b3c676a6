"""A text given to a library's gettext function, under its own name or another (``from
flask_babel import gettext as __``), is a message for people, though it may read like a
condition of SQL (``cluster_name = '%(name)s'``). The shape is a Flask view that reports a
missing row, beside a model with a ``cluster_name`` column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Cluster(Base):
        __tablename__ = "clusters"
        id = Column(Integer, primary_key=True)
        cluster_name = Column(String)
"""

VIEW = """
    from flask_babel import gettext as __

    from app.models import Cluster


    def missing(name):
        return __("Can't find Cluster with cluster_name = " "'%(name)s'", name=name)
"""

OWN = """
    from app.models import Cluster


    def __(text, **values):
        return text % values


    def missing(name):
        return __("Can't find Cluster with cluster_name = " "'%(name)s'", name=name)
"""


def test_a_translated_text_is_a_message(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": VIEW})
    source = files["app/views.py"]
    rows = accounted(tmp_path, "clusters.cluster_name", skip="app/models.py")
    assert rows == [("app/views.py", *at(source, "with ^cluster_name"), "excluded: prose")]


def test_a_function_of_the_project_named_like_gettext_is_not_gettext(tmp_path: Path) -> None:
    """Near miss: the project's own ``__`` may do anything with its text; it stays
    undecided."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": OWN})
    source = files["app/views.py"]
    rows = accounted(tmp_path, "clusters.cluster_name", skip="app/models.py")
    assert rows == [("app/views.py", *at(source, "with ^cluster_name"), "unexplained")]
