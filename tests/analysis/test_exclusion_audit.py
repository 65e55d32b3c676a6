"""Exclusions checked by hand on the real-code corpus, kept in the shape the code had.

Each test is one exclusion reason as it was found right in a project of the corpus (the
docstring says where), with a near miss beside it that must not get the reason: the same
name one step away, where it is a use of the column or cannot be judged."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write


def _rows(tmp_path: Path, column: str, path: str) -> list[tuple[int, int, str]]:
    return [(line, col, where) for p, line, col, where in accounted(tmp_path, column) if p == path]


_DAGS = """
from sqlalchemy import Boolean, Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class DagModel(Base):
    __tablename__ = "dag"
    dag_id = Column(String(250), primary_key=True)
    is_subdag = Column(Boolean)
    default_view = Column(String(25))


class DagRun(Base):
    __tablename__ = "dag_run"
    id = Column(Integer, primary_key=True)
    dag_id = Column(String(250))
    external_trigger = Column(Boolean)
"""


def test_other_type_the_plain_dag_beside_its_model(tmp_path: Path) -> None:
    """airflow, ``dag.is_subdag``: ``DAG`` is the plain class the program builds, whose
    property of the column's name is written into ``DagModel`` when the DAG is synced; its
    reads are of another type. The near miss: the row it is written into."""
    files = write(
        tmp_path,
        {
            "app/models.py": _DAGS,
            "app/dag.py": """
        from __future__ import annotations

        from app.models import DagModel


        class DAG:
            parent_dag: DAG | None = None

            @property
            def is_subdag(self) -> bool:
                return self.parent_dag is not None


        def bulk_write(dags: list[DAG], orm_dags: dict[str, DagModel]) -> None:
            for key, dag in enumerate(dags):
                orm_dag = orm_dags[str(key)]
                if dag.is_subdag:
                    orm_dag.is_subdag = True
    """,
        },
    )
    dag = files["app/dag.py"]
    assert _rows(tmp_path, "dag.is_subdag", "app/dag.py") == [
        (*at(dag, "def ^is_subdag"), "excluded: other-type"),
        (*at(dag, "if dag.^is_subdag"), "excluded: other-type"),
        (*at(dag, "orm_dag.^is_subdag"), "CR103 certain"),
    ]


def test_keyword_of_a_method_that_only_filters_on_it(tmp_path: Path) -> None:
    """airflow, ``dag.get_num_active_runs(external_trigger=False)``: the method compares its
    parameter with the column in a query, and never writes it. The near miss:
    ``dag.create_dagrun(external_trigger=False)``, whose method builds a ``DagRun`` with it
    (given only constants, the parameter carries the column; the constant a caller gives is
    its choice of the value, or a setting of the method's: unexplained, never excluded)."""
    files = write(
        tmp_path,
        {
            "app/models.py": _DAGS,
            "app/dag.py": """
        from sqlalchemy import func, select
        from sqlalchemy.orm import Session

        from app.models import DagRun


        class DAG:
            dag_id = "example"

            def get_num_active_runs(self, session: Session, external_trigger=None) -> int:
                query = select(func.count()).where(DagRun.dag_id == self.dag_id)
                if external_trigger is not None:
                    query = query.where(DagRun.external_trigger == external_trigger)
                return session.scalar(query)

            def create_dagrun(self, session: Session, external_trigger: bool = False) -> DagRun:
                run = DagRun(dag_id=self.dag_id, external_trigger=external_trigger)
                session.add(run)
                return run
    """,
            "app/backfill.py": """
        from sqlalchemy.orm import Session

        from app.dag import DAG


        def backfill(dag: DAG, session: Session) -> None:
            if dag.get_num_active_runs(session, external_trigger=False) < 16:
                dag.create_dagrun(session, external_trigger=False)
    """,
        },
    )
    backfill = files["app/backfill.py"]
    assert _rows(tmp_path, "dag_run.external_trigger", "app/backfill.py") == [
        (*at(backfill, "session, ^external_trigger=False) <"), "excluded: keyword"),
        (*at(backfill, "dagrun(session, ^external_trigger"), "unexplained"),
    ]


def test_keyword_a_key_of_a_dict_given_to_a_library(tmp_path: Path) -> None:
    """superset, ``json.dumps({"datasources": sorted(datasources, ...)})``: the keys of a
    dict literal given to a library's function are its data, but a serialiser's result
    carries them on (the JSON may be stored into the model or sent to an API of the
    project), so they are no more excluded than those of a dict given to a function of
    the project, which may hand it to the model: both unexplained. A library that keeps
    the dict (``requests.post(url, json={...})``) is the near miss: excluded."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()


        class DruidCluster(Base):
            __tablename__ = "clusters"
            id = Column(Integer, primary_key=True)
            cluster_name = Column(String(250), unique=True)


        class DruidDatasource(Base):
            __tablename__ = "datasources"
            id = Column(Integer, primary_key=True)
            cluster_name = Column(String(250), ForeignKey("clusters.cluster_name"))
            cluster = relationship(DruidCluster, backref="datasources")
    """,
            "app/views.py": """
        import json

        import requests

        from app.store import save


        def datasources(names: list[str]) -> str:
            found = [{"label": name} for name in names]
            return json.dumps({"datasources": sorted(found, key=lambda d: d["label"])})


        def keep(names: list[str]) -> None:
            save({"datasources": names})


        def notify(url: str, names: list[str]) -> None:
            requests.post(url, json={"datasources": names})
    """,
            "app/store.py": """
        def save(payload):
            return payload
    """,
        },
    )
    views = files["app/views.py"]
    rows = _rows(tmp_path, "datasources.cluster_name", "app/views.py")
    assert (*at(views, 'json.dumps({"^datasources'), "unexplained") in rows
    assert (*at(views, 'save({"^datasources'), "unexplained") in rows
    assert (*at(views, 'json={"^datasources'), "excluded: keyword") in rows


def test_local_that_carries_the_value_to_the_constructor(tmp_path: Path) -> None:
    """warehouse, ``file_upload``: ``has_signature = True`` while the ``.asc`` file is
    buffered, tested later, and given to ``File(has_signature=bool(has_signature))``: the
    local is the function's own, the keyword is the reference. The near miss: the
    attribute read on a ``File``."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Boolean, Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class File(Base):
            __tablename__ = "release_files"
            id = Column(Integer, primary_key=True)
            filename = Column(String)
            has_signature = Column(Boolean)
    """,
            "app/upload.py": """
        from app.models import File


        def file_upload(form: dict, store) -> File:
            if "gpg_signature" in form:
                has_signature = True
            else:
                has_signature = False
            file_ = File(filename=form["name"], has_signature=bool(has_signature))
            if has_signature:
                store(form["gpg_signature"])
            return file_


        def signed(file_: File) -> bool:
            return file_.has_signature
    """,
        },
    )
    upload = files["app/upload.py"]
    assert _rows(tmp_path, "release_files.has_signature", "app/upload.py") == [
        (*at(upload, "^has_signature = True"), "excluded: local"),
        (*at(upload, "^has_signature = False"), "excluded: local"),
        (*at(upload, '"name"], ^has_signature'), "CR104 certain"),
        (*at(upload, "bool(^has_signature"), "excluded: local"),
        (*at(upload, "if ^has_signature"), "excluded: local"),
        (*at(upload, "file_.^has_signature"), "CR103 certain"),
    ]


def test_comment_a_docstring_naming_the_parameter(tmp_path: Path) -> None:
    """airflow, ``:param external_trigger: True for externally triggered active dag runs``
    in the docstring of a method whose body filters on the column. The near miss: the
    filter itself."""
    files = write(
        tmp_path,
        {
            "app/models.py": _DAGS,
            "app/runs.py": '''
        from sqlalchemy import select

        from app.models import DagRun


        def active_runs(external: bool):
            """The active runs.

            :param external: True for the runs of an external_trigger
            """
            return select(DagRun).where(DagRun.external_trigger == external)
    ''',
        },
    )
    runs = files["app/runs.py"]
    assert _rows(tmp_path, "dag_run.external_trigger", "app/runs.py") == [
        (*at(runs, "of an ^external_trigger"), "excluded: comment"),
        (*at(runs, "DagRun.^external_trigger"), "CR102 certain"),
    ]


def test_prose_a_warning_and_a_route(tmp_path: Path) -> None:
    """airflow, ``warnings.warn("`default_view` of 'tree' has been renamed to 'grid'")``,
    and zenml, ``@router.get("/{trigger_execution_id}")``: a message and a URL path, not
    SQL. The near miss: SQL naming the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": _DAGS,
            "app/views.py": """
        import warnings

        from sqlalchemy import text


        def check(default_view: str) -> None:
            if default_view == "tree":
                warnings.warn("`default_view` of 'tree' has been renamed to 'grid'")


        def route(router):
            return router.get("/{default_view}")


        def views(connection):
            return connection.execute(text("SELECT default_view FROM dag"))
    """,
        },
    )
    views = files["app/views.py"]
    rows = _rows(tmp_path, "dag.default_view", "app/views.py")
    assert (*at(views, '"`^default_view'), "excluded: prose") in rows
    assert (*at(views, '"/{^default_view'), "excluded: prose") in rows
    sql = at(views, '"SELECT ^default_view')[0]
    assert [where for line, _, where in rows if line == sql] == ["CR107 certain"]


def test_other_table_the_name_of_the_table_of_a_relationship(tmp_path: Path) -> None:
    """zenml, ``__tablename__ = "trigger_execution"``: the table the relationship
    ``PipelineRunSchema.trigger_execution`` (built on ``trigger_execution_id``) leads to is
    named like it; a table's name is never the column. The near miss: the relationship."""
    files = write(
        tmp_path,
        {
            "app/schemas.py": """
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()


        class TriggerExecutionSchema(Base):
            __tablename__ = "trigger_execution"
            id = Column(Integer, primary_key=True)


        class PipelineRunSchema(Base):
            __tablename__ = "pipeline_run"
            id = Column(Integer, primary_key=True)
            trigger_execution_id = Column(Integer, ForeignKey("trigger_execution.id"))
            trigger_execution = relationship(TriggerExecutionSchema)
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = _rows(tmp_path, "pipeline_run.trigger_execution_id", "app/schemas.py")
    assert (*at(schemas, '"^trigger_execution"'), "excluded: other-table") in rows
    assert (*at(schemas, "^trigger_execution = relationship"), "CR108 certain") in rows


_JOURNAL = {
    "app/models.py": """
        from sqlalchemy import JSON, Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Journal(Base):
            __tablename__ = "journal"
            id = Column(Integer, primary_key=True)
            post_id = Column(Integer)
            event_payload = Column(JSON)
    """,
    "app/journal_writer.py": """
        import logging

        from app.models import Journal

        logger = logging.getLogger(__name__)


        class JournalWriter:
            def __init__(self, db):
                self.db = db

            def log_rating(self, post_id: int, rating: int) -> Journal:
                logger.info("rating", post_id=post_id)
                return self.log(payload={"rating": rating}, post_id=post_id)

            def log(self, *, payload: dict, post_id: int | None = None) -> Journal:
                entry = Journal(event_payload=payload, post_id=post_id)
                self.db.add(entry)
                return entry
    """,
    "app/repository.py": """
        from app.journal_writer import JournalWriter


        class Notes:
            def log(self, post_id: int | None = None) -> None:
                print("noted", post_id)


        def rate(journal: JournalWriter, notes: Notes, post: int, rating: int) -> None:
            journal.log_rating(post_id=post, rating=rating)
            notes.log(post_id=post)
    """,
}


def test_a_method_of_the_project_named_log_is_not_a_logging_call(tmp_path: Path) -> None:
    """open-assistant, ``JournalWriter``: ``self.log(..., post_id=post_id)`` calls the
    writer's own ``log``, which builds the ``Journal`` row with it; the keyword was excluded
    as a logging call's, and so, through it, were the callers' ``log_rating(post_id=...)``.
    Both are handed on to the write. The keyword given to ``log`` is the keyword of a
    function whose parameter it writes into the column: that write is the reference, the
    keyword a keyword; so is the caller's, handed through ``log_rating`` (which also logs
    it) to the same write. The near misses: a logger's keyword, and a method ``log`` of the
    project that only prints its value, which stay keywords."""
    files = write(tmp_path, _JOURNAL)
    writer = files["app/journal_writer.py"]
    rows = _rows(tmp_path, "journal.post_id", "app/journal_writer.py")
    assert (*at(writer, '"rating", ^post_id'), "excluded: keyword") in rows
    assert (*at(writer, "rating}, ^post_id"), "excluded: keyword") in rows
    repository = files["app/repository.py"]
    assert _rows(tmp_path, "journal.post_id", "app/repository.py") == [
        (*at(repository, "def log(self, ^post_id"), "excluded: local"),
        (*at(repository, '"noted", ^post_id'), "excluded: local"),
        (*at(repository, "log_rating(^post_id"), "excluded: keyword"),
        (*at(repository, "notes.log(^post_id"), "excluded: keyword"),
    ]


def test_framework_a_field_of_the_request_beside_the_row(tmp_path: Path) -> None:
    """redash, ``destination.options.update(req['options'])``: the key of the request's
    JSON is the client's field, the attribute beside it the column. The near miss: the same
    key read off a dict of unknown origin."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import JSON, Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class NotificationDestination(Base):
            __tablename__ = "notification_destinations"
            id = Column(Integer, primary_key=True)
            options = Column(JSON)
    """,
            "app/handlers.py": """
        from flask import request

        from app.models import NotificationDestination


        def post(destination: NotificationDestination) -> None:
            req = request.get_json(True)
            destination.options.update(req["options"])


        def copy(destination: NotificationDestination, settings) -> None:
            destination.options.update(settings["options"])
    """,
        },
    )
    handlers = files["app/handlers.py"]
    assert _rows(tmp_path, "notification_destinations.options", "app/handlers.py") == [
        (*at(handlers, "destination.^options.update(req"), "CR103 certain"),
        (*at(handlers, 'req["^options'), "excluded: framework"),
        (*at(handlers, "destination.^options.update(settings"), "CR103 certain"),
        (*at(handlers, 'settings["^options'), "unexplained"),
    ]


def test_local_a_function_of_a_module_of_the_project(tmp_path: Path) -> None:
    """lemur, ``self.not_after = defaults.not_after(cert)`` in the model's constructor:
    ``lemur/common/defaults.py`` defines ``def not_after(cert)``, so the attribute of the
    imported module is its function. The near miss: a module whose ``not_after`` is a
    variable assigned a read (it may stand for anything) stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, DateTime, Integer
        from sqlalchemy.orm import declarative_base

        from app.common import defaults, settings

        Base = declarative_base()


        class Certificate(Base):
            __tablename__ = "certificates"
            id = Column(Integer, primary_key=True)
            not_after = Column(DateTime)

            def __init__(self, cert):
                self.not_after = defaults.not_after(cert)

            def fallback(self):
                return settings.not_after
    """,
            "app/common/__init__.py": "",
            "app/common/defaults.py": """
        def not_after(cert):
            return cert.expiry
    """,
            "app/common/settings.py": """
        import os

        not_after = os.environ.get("NOT_AFTER")
    """,
        },
    )
    models = files["app/models.py"]
    rows = _rows(tmp_path, "certificates.not_after", "app/models.py")
    assert (*at(models, "defaults.^not_after"), "excluded: local") in rows
    assert (*at(models, "self.^not_after ="), "CR103 certain") in rows
    assert (*at(models, "settings.^not_after"), "unexplained") in rows


def test_migration_the_text_of_a_revision(tmp_path: Path) -> None:
    """airflow, the docstring ``Unapply Add dag_hash Column to serialized_dag table`` in a
    file of ``migrations/versions``: history, never counted. The near miss: a module of the
    application that only mentions migrations in its name."""
    files = write(
        tmp_path,
        {
            "app/models.py": _DAGS.replace(
                "external_trigger = Column(Boolean)", "dag_hash = Column(String(32))"
            ),
            "app/migrations/versions/0056_add_dag_hash.py": '''
        """Add dag_hash to dag_run."""
        import sqlalchemy as sa
        from alembic import op

        revision = "0056"
        down_revision = "0055"


        def upgrade():
            """Apply Add ``dag_hash`` to ``dag_run``."""
            op.add_column("dag_run", sa.Column("dag_hash", sa.String(32)))


        def downgrade():
            op.drop_column("dag_run", "dag_hash")
    ''',
            "app/migrate_runs.py": """
        from app.models import DagRun


        def stale(run: DagRun, current: str) -> bool:
            return run.dag_hash != current
    """,
        },
    )
    revision = files["app/migrations/versions/0056_add_dag_hash.py"]
    rows = _rows(tmp_path, "dag_run.dag_hash", "app/migrations/versions/0056_add_dag_hash.py")
    assert (*at(revision, "Apply Add ``^dag_hash"), "excluded: migration") in rows
    runs = files["app/migrate_runs.py"]
    assert _rows(tmp_path, "dag_run.dag_hash", "app/migrate_runs.py") == [
        (*at(runs, "run.^dag_hash"), "CR103 certain"),
    ]
