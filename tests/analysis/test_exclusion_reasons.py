"""Each exclusion reason, where it holds and where it does not, in the shapes of exclusions
checked by hand on the real-code corpus (a sample of every reason). An exclusion says why a
word spelling the column's name is not a use of it; where the analysis cannot say, the word
is unexplained instead."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write


def _rows(tmp_path: Path, column: str, path: str) -> list[tuple[int, int, str]]:
    return [(line, col, where) for p, line, col, where in accounted(tmp_path, column) if p == path]


def test_other_table(tmp_path: Path) -> None:
    """The same name on another table's model: read through ``self`` in that model, on the
    rows of a query of it, given to its constructor (even when the value is copied from our
    model), and declared by it. The other side of the relationship built on our foreign key
    (``JobModel.instance`` for ``instances.job_id``) is ours, not another table's."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Float, ForeignKey, Integer, String
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()


        class Server(Base):
            __tablename__ = "server"
            id = Column(Integer, primary_key=True)
            hostaddr = Column(String(1024))


        class SharedServer(Base):
            __tablename__ = "sharedserver"
            id = Column(Integer, primary_key=True)
            hostaddr = Column(String(1024))

            @property
            def data(self) -> dict:
                return {"id": self.id, "address": self.hostaddr}


        class Reading(Base):
            __tablename__ = "readings"
            id = Column(Integer, primary_key=True)
            hostaddr = Column(String(1024))
            value = Column(Float)


        class JobModel(Base):
            __tablename__ = "jobs"
            id = Column(Integer, primary_key=True)
            instance = relationship("InstanceModel", back_populates="job", uselist=False)


        class InstanceModel(Base):
            __tablename__ = "instances"
            id = Column(Integer, primary_key=True)
            job_id = Column(Integer, ForeignKey("jobs.id"))
            job = relationship("JobModel", back_populates="instance")
    """,
            "app/sharing.py": """
        from sqlalchemy.orm import Session

        from app.models import InstanceModel, JobModel, Reading, Server, SharedServer


        def create_shared_server(session: Session, data: Server) -> SharedServer:
            shared = SharedServer(hostaddr=data.hostaddr)
            session.add(shared)
            return shared


        def addresses(session: Session) -> dict:
            readings = session.query(Reading).all()
            return {reading.id: reading.hostaddr for reading in readings}


        def create_job(instance: InstanceModel) -> JobModel:
            return JobModel(instance=instance)
    """,
        },
    )
    models, sharing = files["app/models.py"], files["app/sharing.py"]
    assert _rows(tmp_path, "server.hostaddr", "app/models.py") == [
        (*at(models, "^hostaddr = Column"), "CR101 certain"),
        (*at(models, "^hostaddr = Column", 2), "excluded: other-table"),
        (*at(models, "self.^hostaddr"), "excluded: other-table"),
        (*at(models, "^hostaddr = Column", 3), "excluded: other-table"),
    ]
    assert _rows(tmp_path, "server.hostaddr", "app/sharing.py") == [
        (*at(sharing, "SharedServer(^hostaddr="), "excluded: other-table"),
        (*at(sharing, "data.^hostaddr"), "CR103 certain"),
        (*at(sharing, "reading.^hostaddr"), "excluded: other-table"),
    ]
    jobs = _rows(tmp_path, "instances.job_id", "app/sharing.py")
    assert (*at(sharing, "JobModel(^instance="), "CR108 certain") in jobs


def test_other_table_of_a_core_table_beside_the_models(tmp_path: Path) -> None:
    """A module of the application declares ``Table("package", meta, Column("revision_id",
    ...))``: that is the package table's column, not ``activity.revision_id``. The ``Table``
    of the column's own table declares it."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, MetaData, Table, UnicodeText

        meta = MetaData()
        activity_table = Table(
            "activity",
            meta,
            Column("id", Integer, primary_key=True),
            Column("revision_id", UnicodeText),
        )
    """,
            "app/packages.py": """
        from sqlalchemy import *

        from app.models import meta


        def create_package_table(engine):
            package = Table("package", meta,
                Column("id", Integer(), primary_key=True),
                Column("revision_id", Integer(), ForeignKey("revision.id")),
            )
            package.create(bind=engine)
    """,
        },
    )
    models, script = files["app/models.py"], files["app/packages.py"]
    assert _rows(tmp_path, "activity.revision_id", "app/models.py") == [
        (*at(models, '^Column("revision_id"'), "CR101 certain"),
    ]
    assert _rows(tmp_path, "activity.revision_id", "app/packages.py") == [
        (*at(script, 'Column("^revision_id"'), "excluded: other-table"),
    ]


def test_other_table_in_the_constraints_of_another_model(tmp_path: Path) -> None:
    """Two models share a mixin's columns. The constraints and indexes in another model's
    ``__table_args__`` name that model's table's columns; the same strings in our model's
    own ``__table_args__`` are the column. The name of a constraint and a string of a
    method of the other model are not judged by it."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class ConsentMixin:
            provided_identity_id = Column(String)
            notice_id = Column(String)


        class PreferenceHistory(ConsentMixin, Base):
            __tablename__ = "preferencehistory"
            id = Column(Integer, primary_key=True)
            __table_args__ = (Index("ix_history_identity", "provided_identity_id"),)


        class CurrentPreference(ConsentMixin, Base):
            __tablename__ = "currentpreference"
            id = Column(Integer, primary_key=True)
            history_id = Column(Integer, ForeignKey("preferencehistory.id"))

            __table_args__ = (
                UniqueConstraint("provided_identity_id", "notice_id", name="identity_notice"),
                Index("ix_current_identity", "provided_identity_id", unique=False),
            )

            def identity(self, data):
                return data.get("provided_identity_id")
    """,
        },
    )
    models = files["app/models.py"]
    assert _rows(tmp_path, "preferencehistory.provided_identity_id", "app/models.py") == [
        (*at(models, "    ^provided_identity_id = Column"), "CR101 certain"),
        (*at(models, '"ix_history_identity", ^"provided_identity_id"'), "CR106 certain"),
        (*at(models, 'UniqueConstraint("^provided_identity_id"'), "excluded: other-table"),
        (*at(models, '"ix_current_identity", "^provided_identity_id"'), "excluded: other-table"),
        (*at(models, 'data.get("^provided_identity_id")'), "unexplained"),
    ]


def test_other_table_where_the_code_names_a_table(tmp_path: Path) -> None:
    """Retiring ``prompt.chat_id``, whose relationship is ``chat``: the table ``chat`` is
    spelt like the relationship. Its ``__tablename__``, the name given to ``Table(...)`` and
    the table of a ``ForeignKey("chat.id")`` are a table's names, never the column; so is
    the attribute of another model that its ``back_populates`` names. The relationship
    itself, and its own ``back_populates`` naming ours, are references."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()
        meta = MetaData()


        class Chat(Base):
            __tablename__: str = "chat"
            id = Column(Integer, primary_key=True)
            prompts = relationship("Prompt", back_populates="chat")


        class Prompt(Base):
            __tablename__ = "prompt"
            id = Column(Integer, primary_key=True)
            chat_id = Column(Integer, ForeignKey("chat.id"))
            chat = relationship("Chat", back_populates="prompts")


        class Message(Base):
            __tablename__ = "message"
            id = Column(Integer, primary_key=True)
            chat_id = Column(Integer, ForeignKey("chat.id"))
            chat = relationship("Chat")


        class Case(Base):
            __tablename__ = "case"
            id = Column(Integer, primary_key=True)
            messages = relationship(Message, back_populates="chat")


        archive = Table("chat", meta, Column("id", Integer, primary_key=True))
    """,
        },
    )
    models = files["app/models.py"]
    assert _rows(tmp_path, "prompt.chat_id", "app/models.py") == [
        (*at(models, '__tablename__: str = "^chat"'), "excluded: other-table"),
        (*at(models, '    ^prompts = relationship("Prompt"'), "CR108 certain"),
        (*at(models, "    ^chat_id = Column"), "CR101 certain"),
        (*at(models, '    ^chat = relationship("Chat", back_populates'), "CR108 certain"),
        (*at(models, "    ^chat_id = Column", nth=2), "excluded: other-table"),
        (*at(models, 'ForeignKey("^chat.id")', nth=2), "excluded: other-table"),
        (*at(models, '    ^chat = relationship("Chat")'), "excluded: other-table"),
        (*at(models, 'relationship(Message, back_populates="^chat")'), "excluded: other-table"),
        (*at(models, 'Table("^chat", meta'), "excluded: other-table"),
    ]


def test_other_table_the_table_of_a_foreign_key_to_our_own_table(tmp_path: Path) -> None:
    """Retiring ``datasources.cluster_name``, whose relationship on the cluster is
    ``datasources``, spelt like the table: another model's ``ForeignKey("datasources.id")``
    names our table, and another of its columns; neither is the retired column."""
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


        class DruidMetric(Base):
            __tablename__ = "metrics"
            id = Column(Integer, primary_key=True)
            datasource_id = Column(Integer, ForeignKey("datasources.id"))
    """,
        },
    )
    models = files["app/models.py"]
    rows = _rows(tmp_path, "datasources.cluster_name", "app/models.py")
    assert (*at(models, 'ForeignKey("^datasources.id")'), "excluded: other-table") in rows


def test_other_table_the_label_of_another_models_column(tmp_path: Path) -> None:
    """A report query labels each column it selects with the column's name. The label of
    our model's column is part of the reference to it; the label of the same name on
    another model's column is that model's."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class PreferenceHistory(Base):
            __tablename__ = "preferencehistory"
            id = Column(Integer, primary_key=True)
            tcf_version = Column(String)
            served_notice_history_id = Column(String)


        class LastServedNotice(Base):
            __tablename__ = "lastservednotice"
            id = Column(Integer, primary_key=True)
            served_notice_history_id = Column(String)
    """,
            "app/report.py": """
        from sqlalchemy import select

        from app.models import PreferenceHistory


        def report_query():
            return select(
                PreferenceHistory.id,
                PreferenceHistory.tcf_version.label("tcf_version"),
                PreferenceHistory.served_notice_history_id.label(
                    "served_notice_history_id"
                ),
            )
    """,
        },
    )
    report = files["app/report.py"]
    assert _rows(tmp_path, "preferencehistory.tcf_version", "app/report.py") == [
        (*at(report, "PreferenceHistory.^tcf_version.label"), "CR102 certain"),
    ]
    assert _rows(tmp_path, "lastservednotice.served_notice_history_id", "app/report.py") == [
        (*at(report, "PreferenceHistory.^served_notice_history_id.label"), "excluded: other-table"),
        (*at(report, '    "^served_notice_history_id"'), "excluded: other-table"),
    ]


def test_other_table_a_list_of_field_names_that_fits_only_another_model(tmp_path: Path) -> None:
    """Users and teams both have a ``bracket``. A list of field names whose other names are
    all the team's and not all the user's (``captain_id``) names the team's ``bracket``: for
    ``users.bracket`` it is another table's field, for ``teams.bracket`` a reference. So is
    a dict whose other keys are: a team's labels or data, never a user's (the user has no
    ``captain_id`` to take it). A list or dict whose other names fit neither model, or
    both, proves nothing and stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Users(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            name = Column(String(128))
            bracket = Column(String(32))
            language = Column(String(32))


        class Teams(Base):
            __tablename__ = "teams"
            id = Column(Integer, primary_key=True)
            name = Column(String(128))
            bracket = Column(String(32))
            captain_id = Column(Integer, ForeignKey("users.id"))
    """,
            "app/schemas.py": """
        from app.models import Teams


        class TeamSchema:
            model = Teams

            views = {
                "user": ["id", "name", "bracket", "captain_id"],
            }


        PUBLIC = ["name", "bracket", "website"]
        SHARED = ["id", "name", "bracket"]
        LABELS = {"bracket": "Bracket", "captain_id": "Captain"}
        FILTERS = {"bracket": str, "q": str}
    """,
        },
    )
    schemas = files["app/schemas.py"]
    assert _rows(tmp_path, "users.bracket", "app/schemas.py") == [
        (*at(schemas, '"name", "^bracket", "captain_id"'), "excluded: other-table"),
        (*at(schemas, '"name", "^bracket", "website"'), "unexplained"),
        (*at(schemas, '"name", "^bracket"]'), "unexplained"),
        (*at(schemas, '{"^bracket": "Bracket"'), "excluded: other-table"),
        (*at(schemas, '{"^bracket": str'), "unexplained"),
    ]
    assert _rows(tmp_path, "teams.bracket", "app/schemas.py")[0] == (
        *at(schemas, '"name", ^"bracket", "captain_id"'),
        "CR106 certain",
    )


def test_other_table_an_attribute_of_an_object_named_after_another_model(tmp_path: Path) -> None:
    """Notes and channels both have an ``access_control``. In a router, ``channel`` comes
    from a function colretire cannot follow: its name, and the names it comes from, are the
    channel model's and never the note's, so ``channel.access_control`` is the channel's (as
    ``channel["access_control"]`` already is). An object whose name says nothing
    (``item``) stays undecided; one named as our model's instances are is likely ours
    (``channel.access_control``, scanning for ``channel.access_control``)."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import JSON, Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Note(Base):
            __tablename__ = "note"
            id = Column(Integer, primary_key=True)
            access_control = Column(JSON)


        class Channel(Base):
            __tablename__ = "channel"
            id = Column(String, primary_key=True)
            access_control = Column(JSON)
    """,
            "app/routers.py": """
        from app.access import get_users_with_access, load


        def channel_users(channel_id):
            channel = load("channels", channel_id)
            return get_users_with_access("read", channel.access_control)


        def item_users(item_id):
            item = load("items", item_id)
            return get_users_with_access("read", item.access_control)
    """,
        },
    )
    routers = files["app/routers.py"]
    assert _rows(tmp_path, "note.access_control", "app/routers.py") == [
        (*at(routers, "channel.^access_control"), "excluded: other-table"),
        (*at(routers, "item.^access_control"), "unexplained"),
    ]
    assert _rows(tmp_path, "channel.access_control", "app/routers.py") == [
        (*at(routers, "channel.^access_control"), "CR103 likely"),
        (*at(routers, "item.^access_control"), "unexplained"),
    ]


def test_sqlalchemy_migrate_and_peewee_migrate_scripts_are_history(tmp_path: Path) -> None:
    """Migration tools other than Alembic keep history too. A sqlalchemy-migrate script
    (``def upgrade(migrate_engine):``, in the ``versions/`` directory of a repository with
    a ``migrate.cfg``) renames and recreates the column; a peewee_migrate script (``def
    migrate(migrator, database)`` and ``def rollback(migrator, database)``) adds and
    removes it. Every word of them is history, and peewee_migrate's ``migrator.*``
    operations on the column are reported as CR120, as Alembic's ``op.*`` are."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class User(Base):
            __tablename__ = "user"
            id = Column(Integer, primary_key=True)
            oauth_sub = Column(String, unique=True)
    """,
            "app/migration/migrate.cfg": "[db_settings]\nrepository_id=App\n",
            "app/migration/versions/034_rename_subject.py": """
        from sqlalchemy import *
        from migrate import *


        def upgrade(migrate_engine):
            metadata = MetaData(migrate_engine)
            user = Table("user", metadata, autoload=True)
            user.c.subject.alter(name="oauth_sub")
    """,
            "app/legacy/035_index_subject.py": """
        def upgrade(migrate_engine):
            migrate_engine.execute("CREATE INDEX idx_user_sub ON user (oauth_sub)")
    """,
            "app/internal/migrations/017_add_user_oauth_sub.py": """
        import peewee as pw
        from peewee_migrate import Migrator


        def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
            migrator.add_fields("user", oauth_sub=pw.TextField(null=True, unique=True))


        def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
            migrator.remove_fields("user", "oauth_sub")
    """,
        },
    )
    renamed = files["app/migration/versions/034_rename_subject.py"]
    assert _rows(tmp_path, "user.oauth_sub", "app/migration/versions/034_rename_subject.py") == [
        (*at(renamed, 'name="^oauth_sub"'), "excluded: migration"),
    ]
    indexed = files["app/legacy/035_index_subject.py"]
    assert _rows(tmp_path, "user.oauth_sub", "app/legacy/035_index_subject.py") == [
        (*at(indexed, "(^oauth_sub)"), "excluded: migration"),
    ]
    path = "app/internal/migrations/017_add_user_oauth_sub.py"
    peewee = files[path]
    assert _rows(tmp_path, "user.oauth_sub", path) == [
        (*at(peewee, "^migrator.add_fields"), "CR120 certain"),
        (*at(peewee, "^oauth_sub=pw"), "excluded: migration"),
        (*at(peewee, "^migrator.remove_fields"), "CR120 certain"),
        (*at(peewee, '"user", "^oauth_sub")'), "excluded: migration"),
    ]


def test_other_type(tmp_path: Path) -> None:
    """An attribute of an object whose class is known and maps no table: a loader's own
    ``self.api_key``, ``trial.value`` of a dataclass the storage builds from the row. The
    constructor's parameter of that name, which it keeps in that attribute and nowhere
    else, is the attribute's too."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Float, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class User(Base):
            __tablename__ = "user"
            id = Column(Integer, primary_key=True)
            api_key = Column(String)


        class TrialModel(Base):
            __tablename__ = "trials"
            id = Column(Integer, primary_key=True)
            value = Column(Float)
    """,
            "app/loaders.py": """
        from dataclasses import dataclass


        class MistralLoader:
            def __init__(self, file_path: str, api_key: str):
                self.file_path = file_path
                self.api_key = api_key

            def headers(self) -> dict:
                return {"Authorization": f"Bearer {self.api_key}"}


        @dataclass
        class FrozenTrial:
            number: int
            value: float | None


        def best(trials: list[FrozenTrial]) -> float:
            return max(trial.value for trial in trials if trial.value is not None)
    """,
        },
    )
    loaders = files["app/loaders.py"]
    assert _rows(tmp_path, "user.api_key", "app/loaders.py") == [
        (*at(loaders, "str, ^api_key: str"), "excluded: other-type"),
        (*at(loaders, "self.^api_key = api_key"), "excluded: other-type"),
        (*at(loaders, "self.api_key = ^api_key"), "excluded: other-type"),
        (*at(loaders, "{self.^api_key}"), "excluded: other-type"),
    ]
    assert [row for row in _rows(tmp_path, "trials.value", "app/loaders.py") if row[0] > 18] == [
        (*at(loaders, "trial.^value for"), "excluded: other-type"),
        (*at(loaders, "trial.^value is not"), "excluded: other-type"),
    ]


def test_the_parameters_of_an_exception_are_locals(tmp_path: Path) -> None:
    """An exception of the project keeps the id of the job it was raised for, for its
    message and its handler: what its constructor is given is carried up the stack, never
    into a row, so its parameter and the keyword that fills it are not the column's (a
    plain class's constructor parameter that it keeps in its own attribute is that
    attribute's, a member of a class that maps no table)."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Step(Base):
            __tablename__ = "steps"
            id = Column(String, primary_key=True)
            job_id = Column(String, ForeignKey("jobs.id"))
    """,
            "app/streaming.py": """
        class JobCancelledException(Exception):
            def __init__(self, job_id: str, message: str = None):
                self.job_id = job_id
                super().__init__(message or f"Job {job_id} was explicitly cancelled")


        class CancellationSignal:
            def __init__(self, job_id=None):
                self.job_id = job_id


        def stream(run_id):
            raise JobCancelledException(job_id=run_id)
    """,
        },
    )
    source = files["app/streaming.py"]
    assert _rows(tmp_path, "steps.job_id", "app/streaming.py") == [
        (*at(source, "self, ^job_id: str"), "excluded: local"),
        (*at(source, "self.^job_id = job_id"), "excluded: other-type"),
        (*at(source, "self.job_id = ^job_id"), "excluded: local"),
        (*at(source, "{^job_id}"), "excluded: local"),
        (*at(source, "self, ^job_id=None"), "excluded: other-type"),
        (*at(source, "self.^job_id = job_id", 2), "excluded: other-type"),
        (*at(source, "self.job_id = ^job_id", 2), "excluded: other-type"),
        (*at(source, "(^job_id=run_id)"), "excluded: keyword"),
    ]


def test_local(tmp_path: Path) -> None:
    """A local variable or parameter of that name: the target of an assignment (whose value
    is what is judged), a parameter compared with the column, a flag in a conditional, a
    list the function builds."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import JSON, Boolean, Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Group(Base):
            __tablename__ = "group"
            id = Column(Integer, primary_key=True)
            user_ids = Column(JSON)


        class SqlJob(Base):
            __tablename__ = "jobs"
            id = Column(Integer, primary_key=True)
            function_fullname = Column(String)
            is_user_file = Column(Boolean)
    """,
            "app/jobs.py": """
        from sqlalchemy.orm import Session

        from app.models import Group, SqlJob


        def add_member(group: Group, user_id: int) -> list[int]:
            user_ids = group.user_ids
            user_ids.append(user_id)
            return user_ids


        def list_jobs(session: Session, function_fullname: str | None = None) -> list[SqlJob]:
            query = session.query(SqlJob)
            if function_fullname is not None:
                query = query.filter(SqlJob.function_fullname == function_fullname)
            return query.all()


        def priority(is_user_file: bool) -> int:
            return 1 if is_user_file else 2
    """,
        },
    )
    jobs = files["app/jobs.py"]
    assert _rows(tmp_path, "group.user_ids", "app/jobs.py") == [
        (*at(jobs, "^user_ids = group"), "excluded: local"),
        (*at(jobs, "group.^user_ids"), "CR103 certain"),
        (*at(jobs, "^user_ids.append"), "excluded: local"),
        (*at(jobs, "return ^user_ids"), "excluded: local"),
    ]
    assert _rows(tmp_path, "jobs.function_fullname", "app/jobs.py") == [
        (*at(jobs, "Session, ^function_fullname"), "excluded: local"),
        (*at(jobs, "if ^function_fullname"), "excluded: local"),
        (*at(jobs, "SqlJob.^function_fullname"), "CR102 certain"),
        (*at(jobs, "== ^function_fullname"), "excluded: local"),
    ]
    assert _rows(tmp_path, "jobs.is_user_file", "app/jobs.py") == [
        (*at(jobs, "priority(^is_user_file"), "excluded: local"),
        (*at(jobs, "if ^is_user_file"), "excluded: local"),
    ]


def test_keyword(tmp_path: Path) -> None:
    """A keyword of a call that cannot hand the value to the model: a library's function or
    class (``psycopg2.connect(passfile=...)``, ``FirecrawlApp(api_key=...)``), a logging
    call. A keyword of the project's own code may (``dag.create_dagrun(external_trigger=...)``
    hands the value on to what it cannot follow): unexplained, unless it is given the
    column's value (part of that reference). An item of a literal list of values of unknown type is of unknown type,
    not a plain value whose methods are a library's."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Boolean, Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Server(Base):
            __tablename__ = "server"
            id = Column(Integer, primary_key=True)
            passfile = Column(String)
            external_trigger = Column(Boolean)


        class DAG:
            def create_dagrun(self, run_id: str, external_trigger: bool = False) -> None:
                self.runs.append((run_id, external_trigger))
    """,
            "app/connection.py": """
        import logging

        import psycopg2
        from firecrawl import FirecrawlApp

        from app.models import DAG, Server

        logger = logging.getLogger(__name__)


        def connect(server: Server, passfile: str):
            logger.info("connecting", passfile=passfile)
            crawler = FirecrawlApp(passfile=passfile)
            return psycopg2.connect(host="db", passfile=passfile), crawler


        def trigger(dag: DAG, server: Server) -> None:
            dag.create_dagrun("manual", external_trigger=True)
            dag.create_dagrun("copy", external_trigger=server.external_trigger)


        def trigger_all(dag, subdags) -> None:
            for each in [dag, *subdags]:
                each.create_dagrun("each", external_trigger=True)
    """,
        },
    )
    connection = files["app/connection.py"]
    assert _rows(tmp_path, "server.passfile", "app/connection.py") == [
        (*at(connection, "Server, ^passfile"), "excluded: local"),
        (*at(connection, '"connecting", ^passfile'), "excluded: keyword"),
        (*at(connection, '"connecting", passfile=^passfile'), "excluded: local"),
        (*at(connection, "FirecrawlApp(^passfile"), "excluded: keyword"),
        (*at(connection, "FirecrawlApp(passfile=^passfile"), "excluded: local"),
        (*at(connection, '"db", ^passfile'), "excluded: keyword"),
        (*at(connection, '"db", passfile=^passfile'), "excluded: local"),
    ]
    # given the column's value, the keyword is part of that reference (not listed apart)
    assert _rows(tmp_path, "server.external_trigger", "app/connection.py") == [
        (*at(connection, '"manual", ^external_trigger'), "unexplained"),
        (*at(connection, "server.^external_trigger"), "CR103 certain"),
        (*at(connection, '"each", ^external_trigger'), "unexplained"),
    ]


def test_comment(tmp_path: Path) -> None:
    """A comment, and a docstring (its ``Args:`` section names the parameter)."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class DynamicChallenge(Base):
            __tablename__ = "dynamic_challenge"
            id = Column(Integer, primary_key=True)
            decay = Column(Integer)
    """,
            "app/decay.py": """
        def logarithmic(value: int, decay: int, solves: int) -> int:
            \"\"\"The value of a challenge after ``solves`` solves.

            Args:
                decay: how many solves bring the value to its minimum
            \"\"\"
            # Handle situations where admins have entered a 0 decay
            if decay == 0:
                decay = 1
            return value - solves * value // decay
    """,
        },
    )
    decay = files["app/decay.py"]
    assert [row for row in _rows(tmp_path, "dynamic_challenge.decay", "app/decay.py")] == [
        (*at(decay, "int, ^decay: int"), "excluded: local"),
        (*at(decay, "^decay: how"), "excluded: comment"),
        (*at(decay, "a 0 ^decay"), "excluded: comment"),
        (*at(decay, "if ^decay"), "excluded: local"),
        (*at(decay, "^decay = 1"), "excluded: local"),
        (*at(decay, "// ^decay"), "excluded: local"),
    ]


def test_framework(tmp_path: Path) -> None:
    """A field of the web request (``payload["cluster_name"]`` of ``request.get_json()``) is
    the client's. What the request's application holds (``request.app.state.config``) is the
    server's own data: a key of it is not the client's field, and, of an object of unknown
    type, unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import JSON, Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Tool(Base):
            __tablename__ = "tool"
            id = Column(Integer, primary_key=True)
            cluster_name = Column(String)
            access_control = Column(JSON)
    """,
            "app/views.py": """
        from flask import request
        from starlette.requests import Request


        def sync_druid_source() -> str:
            payload = request.get_json(force=True)
            return payload["cluster_name"]


        async def get_tools(request: Request) -> list[dict]:
            return [
                {
                    "id": "server:0",
                    "access_control": request.app.state.config.TOOL_SERVER_CONNECTIONS[0]
                    .get("config", {})
                    .get("access_control", None),
                }
            ]
    """,
        },
    )
    views = files["app/views.py"]
    assert _rows(tmp_path, "tool.cluster_name", "app/views.py") == [
        (*at(views, 'payload["^cluster_name"]'), "excluded: framework"),
    ]
    assert _rows(tmp_path, "tool.access_control", "app/views.py") == [
        (*at(views, '"^access_control": request'), "unexplained"),
        (*at(views, '.get("^access_control"'), "unexplained"),
    ]


def test_framework_a_form_or_its_parsed_body(tmp_path: Path) -> None:
    """A view reads the request's form, or its body parsed by ``json.loads``, whichever was
    sent: either is the client's data, and so are its fields. A dict that is also bound to
    something else (a function's result) is not proven to be the request's."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Server(Base):
            __tablename__ = "server"
            id = Column(Integer, primary_key=True)
            hostaddr = Column(String(1024))
    """,
            "app/views.py": """
        import json

        from flask import request


        def update(sid):
            data = request.form if request.form else json.loads(request.data)
            return data.get("hostaddr")


        def create(sid):
            data = request.form if request.form else json.loads(request.data)
            data = check_ssl_fields(data)
            return data["hostaddr"]


        def check_ssl_fields(data):
            return data
    """,
        },
    )
    views = files["app/views.py"]
    assert _rows(tmp_path, "server.hostaddr", "app/views.py") == [
        (*at(views, 'data.get("^hostaddr")'), "excluded: framework"),
        (*at(views, 'data["^hostaddr"]'), "unexplained"),
    ]


SERVER_MODEL = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Server(Base):
        __tablename__ = "server"
        id = Column(Integer, primary_key=True)
        hostaddr = Column(String(1024))
        passfile = Column(String(256))
"""

SERVER_VIEW = """
    import json

    from flask import request

    from app.models import Server


    class ServerNode:
        SSL_MODES = ["prefer", "require"]

        def check_ssl_fields(self, data):
            flag = False
            if "sslmode" in data and data["sslmode"] in self.SSL_MODES:
                flag = True
            return flag, data

        def create(self, gid):
            data = request.form if request.form else json.loads(request.data)
            is_ssl, data = self.check_ssl_fields(data)
            return Server(hostaddr=data.get("hostaddr"))

        def connect(self, gid, sid):
            data = None
            if request.form:
                data = request.form
            elif request.data:
                data = json.loads(request.data)
            if data is None:
                data = {}
            if "passfile" in data and data["passfile"] != "":
                return data["passfile"]
"""


def test_framework_a_request_handed_back_by_a_method_or_left_empty(tmp_path: Path) -> None:
    """``is_ssl, data = self.check_ssl_fields(data)``, a method of the view that gives back
    the dict it was given in its result's second place; ``data = {}`` where nothing was
    sent: ``data`` holds the request's data or nothing, and its keys are the client's."""
    files = write(tmp_path, {"app/models.py": SERVER_MODEL, "app/views.py": SERVER_VIEW})
    views = files["app/views.py"]
    assert _rows(tmp_path, "server.hostaddr", "app/views.py") == [
        (*at(views, "Server(^hostaddr="), "CR104 certain"),
        (*at(views, 'data.get("^hostaddr")'), "excluded: framework"),
    ]
    rows = _rows(tmp_path, "server.passfile", "app/views.py")
    assert [where for *_, where in rows] == ["excluded: framework"] * 3


def test_a_method_that_may_hand_back_another_dict_proves_nothing(tmp_path: Path) -> None:
    """The same method overridden by a subclass, or giving back another dict on one path:
    ``data`` may be anything, and its keys stay unexplained."""
    for view in (
        SERVER_VIEW
        + """

    class SharedServerNode(ServerNode):
        def check_ssl_fields(self, data):
            return True, {"hostaddr": Server.query.first().hostaddr}
""",
        SERVER_VIEW.replace(
            "            return flag, data",
            "            if not flag:\n                return flag, {}\n            return flag, data",
        ),
    ):
        files = write(tmp_path, {"app/models.py": SERVER_MODEL, "app/views.py": view})
        views = files["app/views.py"]
        rows = dict(
            ((line, col), where)
            for line, col, where in _rows(tmp_path, "server.hostaddr", "app/views.py")
        )
        assert rows[at(views, 'data.get("^hostaddr")')] == "unexplained"


def test_framework_the_options_of_the_command_line(tmp_path: Path) -> None:
    """A command's handler is given the options argparse parsed, typed as such: an option
    named like the column is the command line's, whatever the handler does with it; the
    object it sets from it is judged on its own (of unknown type here, unexplained), and so
    is an untyped ``args``."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class StudyModel(Base):
            __tablename__ = "studies"
            id = Column(Integer, primary_key=True)
            direction = Column(String(8))
    """,
            "app/cli.py": """
        import argparse
        from argparse import Namespace


        class CreateStudy:
            def take_action(self, parsed_args: Namespace) -> None:
                create_study(direction=parsed_args.direction)


        def apply_profile_args(args: argparse.Namespace, settings) -> None:
            if args.direction is not None:
                settings.direction = args.direction


        def legacy(args):
            return args.direction
    """,
        },
    )
    cli = files["app/cli.py"]
    assert _rows(tmp_path, "studies.direction", "app/cli.py") == [
        (*at(cli, "(^direction=parsed_args"), "excluded: keyword"),
        (*at(cli, "parsed_args.^direction"), "excluded: framework"),
        (*at(cli, "if args.^direction"), "excluded: framework"),
        (*at(cli, "settings.^direction"), "unexplained"),
        (*at(cli, "= args.^direction"), "excluded: framework"),
        (*at(cli, "return args.^direction"), "unexplained"),
    ]


def test_prose(tmp_path: Path) -> None:
    """Text that is neither the name alone nor SQL: a log message, an exception's message,
    a route's path, a tag, an HTML attribute."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class DagPickle(Base):
            __tablename__ = "dag_pickle"
            id = Column(Integer, primary_key=True)
            pickle_id = Column(Integer)
    """,
            "app/routes.py": """
        import logging

        from fastapi import APIRouter

        router = APIRouter()
        logger = logging.getLogger(__name__)
        RUNNER_TAG = "dstack-runner-pickle_id"


        @router.get("/{pickle_id}")
        def get_pickle(pickle_id: int) -> dict:
            logger.debug("Using the provided pickle_id")
            if pickle_id < 0:
                raise ValueError(f"pickle_id could not be found: {pickle_id}")
            return {"data-pickle_id": pickle_id, "tag": RUNNER_TAG}
    """,
        },
    )
    routes = files["app/routes.py"]
    prose = [row for row in _rows(tmp_path, "dag_pickle.pickle_id", "app/routes.py")]
    assert [row for row in prose if row[2] == "excluded: prose"] == [
        (*at(routes, "runner-^pickle_id"), "excluded: prose"),
        (*at(routes, '"/{^pickle_id}"'), "excluded: prose"),
        (*at(routes, "provided ^pickle_id"), "excluded: prose"),
        (*at(routes, 'f"^pickle_id could'), "excluded: prose"),
        (*at(routes, '"data-^pickle_id"'), "excluded: prose"),
    ]


def test_prose_of_a_dotted_configuration_key(tmp_path: Path) -> None:
    """A configuration key ``audio.stt.openai.api_key`` reads as SQL ``schema.table.column``
    on the table ``openai`` (a schema qualifies a table's own name, never an alias), and
    as a path of attributes through ``openai``, which no class of the project declares:
    neither is the column. So is ``auth.plugins.api_key.enable``: in SQL, a part followed
    by another names a table or a schema, and as a path it is reached through ``plugins``.
    Through the model's table, the name is the column; through a relationship or an
    attribute of the project (``owner.api_key``), of two parts (``openai.api_key``, whose
    first part may be an alias of the table in SQL) or as the first part (a path may start
    at the column), it stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()


        class User(Base):
            __tablename__ = "user"
            id = Column(Integer, primary_key=True)
            api_key = Column(String)


        class Team(Base):
            __tablename__ = "team"
            id = Column(Integer, primary_key=True)
            owner_id = Column(Integer, ForeignKey("user.id"))
            owner = relationship(User)
    """,
            "app/config.py": """
        def setting(env, path, default):
            return default


        AUDIO_STT_OPENAI_API_KEY = setting("AUDIO_STT_OPENAI_API_KEY", "audio.stt.openai.api_key", "")
        OWNER_KEY_PATH = setting("OWNER_KEY_PATH", "team.owner.api_key", "")
        SCHEMA_KEY = setting("SCHEMA_KEY", "public.user.api_key", "")
        SHORT_KEY = setting("SHORT_KEY", "openai.api_key", "")
        ENABLE_API_KEY = setting("ENABLE_API_KEY", "auth.plugins.api_key.enable", False)
        ENABLE_KEY = setting("ENABLE_KEY", "api_key.enable", False)
    """,
        },
    )
    config = files["app/config.py"]
    assert _rows(tmp_path, "user.api_key", "app/config.py") == [
        (*at(config, '"audio.stt.openai.^api_key"'), "excluded: prose"),
        (*at(config, '"team.owner.^api_key"'), "unexplained"),
        (*at(config, '^"public.user.api_key"'), "CR106 certain"),
        (*at(config, '"openai.^api_key"'), "unexplained"),
        (*at(config, '"auth.plugins.^api_key.enable"'), "excluded: prose"),
        (*at(config, '"^api_key.enable"'), "unexplained"),
    ]


def test_prose_of_a_description_or_a_help_text(tmp_path: Path) -> None:
    """The ``description=`` of a field and the ``help=`` of a command's option are texts
    for people, even where they do not read as English (``"Reuse instance from pool"``
    holds SQL's ``from``); the name alone given there stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Job(Base):
            __tablename__ = "jobs"
            id = Column(Integer, primary_key=True)
            instance = Column(String)
    """,
            "app/cli.py": """
        import argparse

        from pydantic import BaseModel, Field


        class Profile(BaseModel):
            pool: str = Field(description="Reuse instance from pool")
            kind: str = Field(description="instance")


        def options(parser: argparse.ArgumentParser) -> None:
            parser.add_argument("--reuse", help="Reuse instance from pool with name NAME")
    """,
        },
    )
    cli = files["app/cli.py"]
    assert _rows(tmp_path, "jobs.instance", "app/cli.py") == [
        (*at(cli, 'Reuse ^instance from pool"'), "excluded: prose"),
        (*at(cli, 'description="^instance"'), "unexplained"),
        (*at(cli, "Reuse ^instance from pool with"), "excluded: prose"),
    ]


def test_migration(tmp_path: Path) -> None:
    """Every word of an Alembic migration is history: a column it creates, a constraint's
    list of columns, its docstring; the operations on the column are reported as CR120."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Study(Base):
            __tablename__ = "studies"
            id = Column(Integer, primary_key=True)
            direction = Column(String(8))
    """,
            "migrations/env.py": "",
            "migrations/versions/0001_create_studies.py": """
        \"\"\"Create studies with their direction.\"\"\"
        import sqlalchemy as sa
        from alembic import op

        revision = "0001"
        down_revision = None


        def upgrade():
            op.create_table(
                "studies",
                sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("direction", sa.String(length=8), nullable=False),
            )
            op.create_unique_constraint("uq_direction", "studies", ["id", "direction"])
    """,
        },
    )
    migration = files["migrations/versions/0001_create_studies.py"]
    assert _rows(tmp_path, "studies.direction", "migrations/versions/0001_create_studies.py") == [
        (*at(migration, "their ^direction"), "excluded: migration"),
        (*at(migration, "^op.create_table"), "CR120 certain"),
        (*at(migration, 'sa.Column("^direction"'), "excluded: migration"),
        (*at(migration, "^op.create_unique_constraint"), "CR120 certain"),
        (*at(migration, '["id", "^direction"]'), "excluded: migration"),
    ]


def test_a_plugin_migration_handed_op_by_its_caller_is_history(tmp_path: Path) -> None:
    """A plugin keeps its own revisions outside any ``versions/`` directory and is handed
    ``op`` by the application (``def upgrade(op=None)``), so it imports no ``op``. It still
    declares its revision as Alembic's template does: it is a migration, and its operations
    on the column are history (CR120), not code that uses the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class DynamicChallenge(Base):
            __tablename__ = "dynamic_challenge"
            id = Column(Integer, primary_key=True)
            function = Column(String(32))
    """,
            "app/plugins/dynamic/migrations/eb68f277ab61_add_func_column.py": """
        \"\"\"Add func column to dynamic_challenges

        Revision ID: eb68f277ab61
        Revises: b37fb68807ea
        \"\"\"
        import sqlalchemy as sa

        revision = "eb68f277ab61"
        down_revision = "b37fb68807ea"


        def upgrade(op=None):
            op.add_column("dynamic_challenge", sa.Column("function", sa.String(length=32)))


        def downgrade(op=None):
            op.drop_column("dynamic_challenge", "function")
    """,
        },
    )
    path = "app/plugins/dynamic/migrations/eb68f277ab61_add_func_column.py"
    script = files[path]
    assert _rows(tmp_path, "dynamic_challenge.function", path) == [
        (*at(script, "^op.add_column"), "CR120 certain"),
        (*at(script, 'sa.Column("^function"'), "excluded: migration"),
        (*at(script, "^op.drop_column"), "CR120 certain"),
        (*at(script, '"dynamic_challenge", "^function")'), "excluded: migration"),
    ]


def test_a_field_tested_in_request_data_handed_whole_to_the_model_is_not_the_clients(
    tmp_path: Path,
) -> None:
    """``if "passfile" in data: session.add(Server(**data))``: the request's fields go to
    the model under their names, and the test of one is part of that write: not only
    whether the client sent it. The key read (``data["passfile"]``) is left as it was."""
    view = SERVER_VIEW.replace(
        """            if "passfile" in data and data["passfile"] != "":
                return data["passfile"]""",
        """            if "passfile" in data:
                return Server(**data)""",
    )
    files = write(tmp_path, {"app/models.py": SERVER_MODEL, "app/views.py": view})
    views = files["app/views.py"]
    rows = dict(
        ((line, col), where)
        for line, col, where in _rows(tmp_path, "server.passfile", "app/views.py")
    )
    assert rows[at(views, 'if "^passfile" in data')] == "unexplained"


def test_a_method_handing_back_overridden_in_another_module_proves_nothing(
    tmp_path: Path,
) -> None:
    """``SharedServerNode``, in a module that spells none of the column's names, overrides
    ``check_ssl_fields`` to give back a row's values: ``data`` may hold the model's fields,
    and its keys stay unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": SERVER_MODEL,
            "app/views.py": SERVER_VIEW,
            "app/shared.py": """
                from app.models import Server
                from app.views import ServerNode


                class SharedServerNode(ServerNode):
                    def check_ssl_fields(self, data):
                        row = Server.query.get(data["id"])
                        return True, row.to_dict()
            """,
        },
    )
    views = files["app/views.py"]
    rows = dict(
        ((line, col), where)
        for line, col, where in _rows(tmp_path, "server.hostaddr", "app/views.py")
    )
    assert rows[at(views, 'data.get("^hostaddr")')] == "unexplained"


def test_the_fields_of_a_named_tuple_are_not_prose(tmp_path: Path) -> None:
    """Ichnaea's accuracy script reads a dump of the table into ``namedtuple("CellMeasure",
    "measure_id lat lon")``: the field names are attributes of the tuples, which may carry
    the column's values. Undecided, never prose; a message beside it stays prose."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class CellMeasure(Base):
            __tablename__ = "cell_measure"
            id = Column(Integer, primary_key=True)
            measure_id = Column(Integer)
    """,
            "app/accuracy.py": """
        from collections import namedtuple

        Row = namedtuple("Row", "measure_id lat lon")
        Other = namedtuple("Other", ["measure_id", "radio"])
        HELP = "each line gives the measure_id and the position"
    """,
        },
    )
    script = files["app/accuracy.py"]
    assert _rows(tmp_path, "cell_measure.measure_id", "app/accuracy.py") == [
        (*at(script, '"^measure_id lat'), "unexplained"),
        (*at(script, '["^measure_id"'), "unexplained"),
        (*at(script, "the ^measure_id and"), "excluded: prose"),
    ]
