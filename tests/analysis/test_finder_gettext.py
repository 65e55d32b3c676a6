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


FORMATTED = """
    from flask_babel import _, gettext

    from app.models import Cluster


    def describe(name, table):
        built = f"SELECT cluster_name FROM clusters WHERE name = '{name}'"
        shown = gettext(f"cluster_name of {name} is unknown")
        listed = _(f"Order by cluster_name in {table}")
        return built, shown, listed
"""


def test_a_translated_f_string_is_prose_beside_sql_of_the_table(tmp_path: Path) -> None:
    """The function also builds SQL on the table, which made the translated f-string read
    as a fragment of it (a likely reference): a text to translate is never SQL, whatever
    it reads like; the SQL beside it stays a reference."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": FORMATTED})
    source = files["app/views.py"]
    rows = accounted(tmp_path, "clusters.cluster_name", skip="app/models.py")
    assert rows == [
        ("app/views.py", *at(source, 'built = ^f"SELECT'), "CR107 certain"),
        ("app/views.py", *at(source, 'f"^cluster_name of'), "excluded: prose"),
        ("app/views.py", *at(source, "by ^cluster_name"), "excluded: prose"),
    ]


def test_a_translated_statement_is_not_sql(tmp_path: Path) -> None:
    view = """
        from flask_babel import gettext


        def hint():
            return gettext("select cluster_name from clusters")
    """
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": view})
    source = files["app/views.py"]
    rows = accounted(tmp_path, "clusters.cluster_name", skip="app/models.py")
    assert rows == [("app/views.py", *at(source, "select ^cluster_name"), "excluded: prose")]


def test_an_f_string_given_to_the_project_s_own_underscore_is_not_translated(
    tmp_path: Path,
) -> None:
    """Near miss: the project's own ``_`` may run its text; the fragment beside SQL of the
    table stays a likely reference."""
    view = """
        def _(text):
            return text


        def describe(name):
            built = f"SELECT cluster_name FROM clusters WHERE name = '{name}'"
            listed = _(f"cluster_name = '{name}'")
            return built, listed
    """
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": view})
    source = files["app/views.py"]
    rows = accounted(tmp_path, "clusters.cluster_name", skip="app/models.py")
    assert rows == [
        ("app/views.py", *at(source, 'built = ^f"SELECT'), "CR107 certain"),
        ("app/views.py", *at(source, '_(^f"cluster_name'), "CR107 likely"),
    ]
