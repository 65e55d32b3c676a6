"""Functions whose every ``return`` hands out rows of a model's query type their calls:
a class method of a mixin returning ``cls.query...one()``, a helper returning
``db.session.query(Model)...first()`` or a new row, and a function that returns what
another such function returns. A near miss of each stays unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class BelongsToOrgMixin:
        @classmethod
        def get_by_id_and_org(cls, object_id, org, org_cls=None):
            query = cls.query.filter(cls.id == object_id)
            if org_cls is None:
                query = query.filter(cls.org == org)
            else:
                query = query.join(org_cls).filter(org_cls.org == org)
            return query.one()

        @classmethod
        def ids(cls, org):
            return cls.query.with_entities(cls.id).filter(cls.org == org).all()


    class DataSource(BelongsToOrgMixin, db.Model):
        __tablename__ = "data_sources"
        id = db.Column(db.Integer, primary_key=True)
        org = db.Column(db.String(20))
        options = db.Column(db.Text)

        @classmethod
        def all(cls, org):
            data_sources = cls.query.filter(cls.org == org).order_by(cls.id.asc())
            return data_sources


    class Settings:  # not a model, with options of its own: a name alone proves nothing
        options = None
"""


def _rows(tmp_path: Path, path: str) -> list[tuple[str, int, int, str]]:
    return [r for r in accounted(tmp_path, "data_sources.options") if r[0] == path]


def test_a_class_method_returning_a_row_of_its_class(tmp_path: Path) -> None:
    """``DataSource.get_by_id_and_org(...)`` runs ``cls.query`` (rebuilt from itself) and
    returns ``.one()``: a ``DataSource``; ``DataSource.all(org)`` its query, iterated."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/handlers.py": """
        from app import models

        def post(data_source_id, org, req):
            data_source = models.DataSource.get_by_id_and_org(data_source_id, org)
            data_source.options.update(req)

        def listing(org):
            return [ds.options for ds in models.DataSource.all(org)]
    """,
        },
    )
    handlers = files["app/handlers.py"]
    assert _rows(tmp_path, "app/handlers.py") == [
        ("app/handlers.py", *at(handlers, "data_source.^options"), "CR103 certain"),
        ("app/handlers.py", *at(handlers, "ds.^options"), "CR103 certain"),
    ]


def test_a_class_method_returning_other_columns_types_nothing(tmp_path: Path) -> None:
    """``cls.query.with_entities(cls.id)...all()`` gives tuples of ids, not rows: a read on
    them stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/handlers.py": """
        from app import models

        def listing(org):
            return [row.options for row in models.DataSource.ids(org)]
    """,
        },
    )
    handlers = files["app/handlers.py"]
    assert _rows(tmp_path, "app/handlers.py") == [
        ("app/handlers.py", *at(handlers, "row.^options"), "unexplained"),
    ]


def test_a_function_returning_a_query_row_or_a_new_row(tmp_path: Path) -> None:
    """``get_or_create(...)`` returns a ``DataSource`` found or built; ``get_example()``
    returns what it returns, and is called through its module."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/utils/__init__.py": "",
            "app/utils/core.py": """
        from app import models
        from app.models import db

        def get_or_create(org):
            source = db.session.query(models.DataSource).filter_by(org=org).first()
            if not source:
                source = models.DataSource(org=org)
                db.session.add(source)
            return source

        def get_example():
            return get_or_create("examples")
    """,
            "app/cli.py": """
        from app.utils import core as utils

        def load():
            example = utils.get_example()
            return example.options
    """,
        },
    )
    cli = files["app/cli.py"]
    assert _rows(tmp_path, "app/cli.py") == [
        ("app/cli.py", *at(cli, "example.^options"), "CR103 certain"),
    ]


def test_a_function_returning_rows_or_something_else_types_nothing(tmp_path: Path) -> None:
    """One ``return`` gives a row, another a dict: the result is not proven a row."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/cli.py": """
        from app import models

        def find(org, raw):
            if raw:
                return {"raw": raw}
            return models.DataSource.query.filter_by(org=org).first()

        def load(org):
            found = find(org, False)
            return found.options
    """,
        },
    )
    cli = files["app/cli.py"]
    assert _rows(tmp_path, "app/cli.py") == [
        ("app/cli.py", *at(cli, "found.^options"), "unexplained"),
    ]


DELEGATING = """
    from app.models import BelongsToOrgMixin, db


    class Destination(BelongsToOrgMixin, db.Model):
        __tablename__ = "notification_destinations"
        id = db.Column(db.Integer, primary_key=True)
        org = db.Column(db.String(20))
        options = db.Column(db.Text)

        @classmethod
        def get_by_id_and_org(cls, object_id, org):
            return super(Destination, cls).get_by_id_and_org(object_id, org, None)

        @classmethod
        def get(cls, object_id, org):
            return cls.get_by_id_and_org(object_id, org)

        @classmethod
        def ids(cls, org):
            return super().ids(org)
"""


def test_a_class_method_returning_what_another_of_its_class_returns(tmp_path: Path) -> None:
    """``super(Destination, cls).get_by_id_and_org(...)`` returns what the mixin's returns
    (a row of the class), and so does ``cls.get_by_id_and_org(...)``; ``super().ids(org)``
    returns ids, not rows: a read on it stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/destinations.py": DELEGATING,
            "app/handlers.py": """
        from app.destinations import Destination

        def post(destination_id, org, req):
            destination = Destination.get_by_id_and_org(destination_id, org)
            destination.options.update(req)

        def put(destination_id, org, req):
            found = Destination.get(destination_id, org)
            found.options.update(req)

        def listing(org):
            return [row.options for row in Destination.ids(org)]
    """,
        },
    )
    handlers = files["app/handlers.py"]
    rows = [
        r
        for r in accounted(tmp_path, "notification_destinations.options")
        if r[0] == "app/handlers.py"
    ]
    assert rows == [
        ("app/handlers.py", *at(handlers, "destination.^options"), "CR103 certain"),
        ("app/handlers.py", *at(handlers, "found.^options"), "CR103 certain"),
        ("app/handlers.py", *at(handlers, "row.^options"), "unexplained"),
    ]
