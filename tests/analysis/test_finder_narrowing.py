"""Objects whose class the code itself proves: ``isinstance`` guards, backrefs, rows of an
ORM query of attributes, names a nested function rebinds with ``nonlocal``. Each test is a
small project shaped as the real code was, the column scanned for, and what each
occurrence ends as."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Server(Base):
        __tablename__ = "server"
        id = Column(Integer, primary_key=True)
        host = Column(String(128))
        passfile = Column(String(256))


    class Distribution:
        def __init__(self, low: int, high: int, passfile: str) -> None:
            self.low = low
            self.high = high
            self.passfile = passfile
"""


def test_an_asserted_isinstance_proves_the_class_for_the_rest_of_the_block(
    tmp_path: Path,
) -> None:
    """``ServerManager.update(self, server)`` takes an untyped parameter but asserts its
    class first, as pgAdmin's does: the reads after the assert are the column's."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/manager.py": """
        from app.models import Server

        def describe(srv):
            before = srv.passfile
            assert isinstance(srv, Server)
            path = srv.passfile
            return before, path
    """,
        },
    )
    manager = files["app/manager.py"]
    rows = [r for r in accounted(tmp_path, "server.passfile") if r[0] == "app/manager.py"]
    assert rows == [
        ("app/manager.py", *at(manager, "before = srv.^passfile"), "unexplained"),
        ("app/manager.py", *at(manager, "path = srv.^passfile"), "CR103 certain"),
    ]


def test_an_isinstance_test_proves_the_class_inside_its_branch_only(tmp_path: Path) -> None:
    """``if isinstance(dist, Distribution):`` makes ``dist.passfile`` in the branch an
    attribute of a class that maps no table; after the branch the value is unknown again.
    ``if not isinstance(obj, Server): return`` proves the rest of the block."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/sampler.py": """
        from app.models import Distribution, Server

        def sample(dist):
            if isinstance(dist, Distribution) and dist.low < dist.high:
                inside = dist.passfile
            after = dist.passfile
            return inside, after

        def path_of(obj):
            if not isinstance(obj, Server):
                return None
            return obj.passfile

        def rebound(obj, other):
            assert isinstance(obj, Server)
            obj = other
            return obj.passfile
    """,
        },
    )
    sampler = files["app/sampler.py"]
    rows = [r for r in accounted(tmp_path, "server.passfile") if r[0] == "app/sampler.py"]
    assert rows == [
        (
            "app/sampler.py",
            *at(sampler, "inside = dist.^passfile"),
            "excluded: other-type",
        ),
        ("app/sampler.py", *at(sampler, "after = dist.^passfile"), "unexplained"),
        ("app/sampler.py", *at(sampler, "return obj.^passfile"), "CR103 certain"),
        ("app/sampler.py", *at(sampler, "return obj.^passfile", 2), "unexplained"),
    ]


TRIALS = """
    from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, Table
    from sqlalchemy.orm import backref, declarative_base, mapper, relationship

    Base = declarative_base()


    class TrialModel(Base):
        __tablename__ = "trials"
        trial_id = Column(Integer, primary_key=True)
        value = Column(Float)


    class TrialValueModel(Base):
        __tablename__ = "trial_values"
        trial_value_id = Column(Integer, primary_key=True)
        trial_id = Column(Integer, ForeignKey("trials.trial_id"))
        step = Column(Integer)
        value = Column(Float)
        trial = relationship(TrialModel, backref=backref("values", cascade="all, delete-orphan"))


    metadata = MetaData()
    group_table = Table("group", metadata, Column("id", Integer, primary_key=True))
    member_table = Table(
        "member",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("group_id", Integer, ForeignKey("group.id")),
        Column("rank", Integer),
    )


    class Group:
        pass


    class Member:
        pass


    mapper(Group, group_table)
    mapper(Member, member_table, properties={"group": relationship(Group, backref="members")})
"""


def test_a_backref_is_an_attribute_of_the_class_it_refers_to(tmp_path: Path) -> None:
    """``relationship(TrialModel, backref=backref("values"))`` on ``TrialValueModel``, whose
    foreign key refers to ``trials``, gives each ``TrialModel`` its list of values, as in
    optuna's storage; a classic ``mapper(..., properties=...)`` over imperative tables,
    as in CKAN, the same way."""
    files = write(
        tmp_path,
        {
            "app/models.py": TRIALS,
            "app/storage.py": """
        from app.models import Group, TrialModel

        def intermediate(trial: TrialModel) -> dict:
            return {value.step: value.value for value in trial.values}

        def ranks(group: Group) -> list:
            return [member.rank for member in group.members]
    """,
        },
    )
    storage = files["app/storage.py"]
    rows = [r for r in accounted(tmp_path, "trial_values.step") if r[0] == "app/storage.py"]
    assert rows == [("app/storage.py", *at(storage, "{value.^step"), "CR103 certain")]
    rows = [r for r in accounted(tmp_path, "member.rank") if r[0] == "app/storage.py"]
    assert rows == [("app/storage.py", *at(storage, "[member.^rank"), "CR103 certain")]


DAGS = """
    from sqlalchemy import Boolean, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DagModel(Base):
        __tablename__ = "dag"
        dag_id = Column(String(250), primary_key=True)
        is_subdag = Column(Boolean)


    class StudyInfo:
        def __init__(self, is_subdag: bool) -> None:
            self.is_subdag = is_subdag
"""


def test_the_values_of_an_annotated_dict_or_a_dict_comprehension(tmp_path: Path) -> None:
    """``existing: dict[str, DagModel]`` iterated by ``.items()``, as Airflow's
    ``bulk_write_to_db`` does, and a dict comprehension of the models by key, hold
    ``DagModel`` rows; a ``Dict[int, StudyInfo]`` of a storage holds a class that maps no
    table."""
    files = write(
        tmp_path,
        {
            "app/models.py": DAGS,
            "app/sync.py": """
        from typing import Dict
        from sqlalchemy.orm import Session
        from app.models import DagModel, StudyInfo

        def sync(session: Session, dags: list[DagModel]) -> None:
            existing: dict[str, DagModel] = {dag.dag_id: dag for dag in dags}
            for dag_id, orm_dag in existing.items():
                orm_dag.is_subdag = False
            by_id = {dag.dag_id: dag for dag in dags}
            first = by_id["a"].is_subdag

        class Storage:
            def __init__(self) -> None:
                self._studies: Dict[int, StudyInfo] = {}

            def is_subdag(self, study_id: int) -> bool:
                return self._studies[study_id].is_subdag
    """,
        },
    )
    sync = files["app/sync.py"]
    rows = [r for r in accounted(tmp_path, "dag.is_subdag") if r[0] == "app/sync.py"]
    assert rows == [
        ("app/sync.py", *at(sync, "orm_dag.^is_subdag"), "CR103 certain"),
        ("app/sync.py", *at(sync, 'by_id["a"].^is_subdag'), "CR103 certain"),
        ("app/sync.py", *at(sync, "def ^is_subdag"), "excluded: other-type"),
        ("app/sync.py", *at(sync, "].^is_subdag", 2), "excluded: other-type"),
    ]


def test_a_function_annotated_with_a_model_imported_under_another_name(tmp_path: Path) -> None:
    """Onyx's ``fetch_existing_llm_providers(...) -> list[LLMProviderModel]``, where
    ``from onyx.db.models import LLMProvider as LLMProviderModel``: its callers iterate
    ``LLMProvider`` rows."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
        from sqlalchemy import String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class LLMProvider(Base):
            __tablename__ = "llm_provider"
            id: Mapped[int] = mapped_column(primary_key=True)
            fast_default_model_name: Mapped[str | None] = mapped_column(String)
    """,
            "app/llm.py": """
        from sqlalchemy import select
        from sqlalchemy.orm import Session
        from app.models import LLMProvider as LLMProviderModel

        def fetch_existing_llm_providers(db_session: Session) -> list[LLMProviderModel]:
            return list(db_session.scalars(select(LLMProviderModel)).all())
    """,
            "app/factory.py": """
        from app.llm import fetch_existing_llm_providers

        def vision(db_session):
            for provider in fetch_existing_llm_providers(db_session):
                if provider.fast_default_model_name:
                    return provider
    """,
        },
    )
    factory = files["app/factory.py"]
    column = "llm_provider.fast_default_model_name"
    rows = [r for r in accounted(tmp_path, column) if r[0] == "app/factory.py"]
    assert rows == [("app/factory.py", *at(factory, "provider.^fast"), "CR103 certain")]


JOBS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class RunModel(Base):
        __tablename__ = "runs"
        id: Mapped[int] = mapped_column(primary_key=True)
        instance_id: Mapped[str | None] = mapped_column(String(50))


    class JobModel(Base):
        __tablename__ = "jobs"
        id: Mapped[int] = mapped_column(primary_key=True)
        run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
        instance_id: Mapped[str | None] = mapped_column(String(50))
"""


def test_a_name_assigned_twice_in_a_block_is_what_the_last_assignment_before_gave(
    tmp_path: Path,
) -> None:
    """dstack's ``_process_job`` binds ``res`` to the result of one select, then of another,
    in the same ``async with`` block: each read sees the assignment before it. In a loop, a
    later assignment may come back round, so a read there stays unknown."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOBS,
            "app/process.py": """
        from sqlalchemy import select
        from app.models import JobModel, RunModel

        async def process(session_ctx, job_id):
            async with session_ctx() as session:
                res = await session.execute(select(JobModel).where(JobModel.id == job_id))
                job_model = res.scalar_one()
                res = await session.execute(select(RunModel).where(RunModel.id == job_model.run_id))
                run_model = res.scalar_one()
                return job_model.instance_id, run_model.instance_id

        async def loop(session, ids):
            res = await session.execute(select(JobModel))
            for _ in ids:
                first = res.scalar_one().instance_id
                res = await session.execute(select(RunModel))
    """,
        },
    )
    process = files["app/process.py"]
    rows = [r for r in accounted(tmp_path, "jobs.instance_id") if r[0] == "app/process.py"]
    assert rows == [
        ("app/process.py", *at(process, "job_model.^instance_id"), "CR103 certain"),
        ("app/process.py", *at(process, "run_model.^instance_id"), "excluded: other-table"),
        ("app/process.py", *at(process, "scalar_one().^instance_id"), "unexplained"),
    ]


def test_a_query_filtered_further_on_one_path_is_still_a_query_of_its_class(
    tmp_path: Path,
) -> None:
    """skyvern's ``update_workflow`` builds ``select(WorkflowModel)...``, filters it again
    under an ``if`` (``query = query.filter_by(...)``) and runs it in a walrus: both bindings
    are queries of ``JobModel``, so the row is one. A name rebound to something else on one
    path (a method that is no refinement of a query) stays unknown."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOBS,
            "app/client.py": """
        from sqlalchemy import select
        from app.models import JobModel

        class AgentDB:
            async def update_job(self, job_id, run_id=None, value=None):
                async with self.Session() as session:
                    query = select(JobModel).filter_by(id=job_id).filter(JobModel.run_id > 0)
                    if run_id:
                        query = query.filter_by(run_id=run_id).order_by(JobModel.id)
                    if job := (await session.scalars(query)).first():
                        if value is not None:
                            job.instance_id = value
                        return job

            async def other_job(self, job_id, run_id=None):
                async with self.Session() as session:
                    query = select(JobModel).filter_by(id=job_id)
                    if run_id:
                        query = query.with_only_columns(JobModel.id)
                    if job := (await session.scalars(query)).first():
                        return job.instance_id
    """,
        },
    )
    client = files["app/client.py"]
    rows = [r for r in accounted(tmp_path, "jobs.instance_id") if r[0] == "app/client.py"]
    assert rows == [
        ("app/client.py", *at(client, "job.^instance_id = value"), "CR103 certain"),
        ("app/client.py", *at(client, "return job.^instance_id"), "unexplained"),
    ]


HISTORY = """
    from typing import Any, Type, TypeVar

    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import Session, declarative_base

    Base = declarative_base()
    T = TypeVar("T", bound="FidesBase")


    class FidesBase(Base):
        __abstract__ = True

        @classmethod
        def create(cls: Type[T], db: Session, *, data: dict[str, Any]) -> T:
            record = cls(**data)
            db.add(record)
            return record


    class PrivacyPreferenceHistory(FidesBase):
        __tablename__ = "privacypreferencehistory"
        id = Column(Integer, primary_key=True)
        provided_identity_id = Column(String)

        @classmethod
        def create(cls, db: Session, *, data: dict[str, Any]) -> "PrivacyPreferenceHistory":
            created = super().create(db=db, data=data)
            current = {"provided_identity_id": created.provided_identity_id}
            return created


    class ServedNoticeHistory(FidesBase):
        __tablename__ = "servednoticehistory"
        id = Column(Integer, primary_key=True)
        provided_identity_id = Column(String)
"""


def test_a_classmethod_typed_to_return_its_own_class(tmp_path: Path) -> None:
    """Fides's ``FidesBase.create(cls: Type[T], ...) -> T`` returns an instance of the class
    it is called on: ``ServedNoticeHistory.create(...)`` another table's row, and
    ``super().create(...)`` in ``PrivacyPreferenceHistory.create`` a row of its own."""
    files = write(
        tmp_path,
        {
            "app/models.py": HISTORY,
            "app/consent.py": """
        from app.models import ServedNoticeHistory

        def serve(db, data):
            served = ServedNoticeHistory.create(db, data=data)
            return served.provided_identity_id
    """,
        },
    )
    models, consent = files["app/models.py"], files["app/consent.py"]
    column = "privacypreferencehistory.provided_identity_id"
    rows = [r for r in accounted(tmp_path, column) if r[1] > 25 or r[0] == "app/consent.py"]
    assert rows == [
        ("app/consent.py", *at(consent, "served.^provided"), "excluded: other-table"),
        ("app/models.py", *at(models, '{^"provided_identity_id"'), "CR106 certain"),
        ("app/models.py", *at(models, "created.^provided"), "CR103 certain"),
        (
            "app/models.py",
            *at(models, "    ^provided_identity_id = Column", 2),
            "excluded: other-table",
        ),
    ]


def test_a_key_written_into_a_payload_from_elsewhere_is_not_proven_the_model_s(
    tmp_path: Path,
) -> None:
    """Fides builds the current-preference data from a history row, then writes
    ``data["tcf_version"] = CURRENT_TCF_VERSION`` for ``CurrentPrivacyPreference``: the
    dict echoes the history row, the key written from a constant is not shown to be its."""
    files = write(
        tmp_path,
        {
            "app/models.py": HISTORY,
            "app/consent.py": """
        from app.models import PrivacyPreferenceHistory

        CURRENT = "2.0"

        def save(db, data):
            created = PrivacyPreferenceHistory.create(db, data=data)
            current = {"id": created.id}
            current["provided_identity_id"] = CURRENT
            current["provided_identity_id"] = created.provided_identity_id
            return current
    """,
        },
    )
    consent = files["app/consent.py"]
    column = "privacypreferencehistory.provided_identity_id"
    rows = [r for r in accounted(tmp_path, column) if r[0] == "app/consent.py"]
    assert rows == [
        ("app/consent.py", *at(consent, 'current["^provided'), "unexplained"),
        ("app/consent.py", *at(consent, 'current[^"provided', 2), "CR106 certain"),
        ("app/consent.py", *at(consent, "created.^provided"), "CR103 certain"),
    ]


MIXINS = """
    from sqlalchemy import Boolean, Column, Integer, String, sql
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class TwoFactorRequireable:
        owners_require_2fa = Column(Boolean, nullable=False, server_default=sql.false())


    class Project(TwoFactorRequireable, Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)


    class Reviewable:
        owners_require_2fa = Column(Boolean, default=False)


    class Release(Reviewable, Base):
        __tablename__ = "releases"
        id = Column(Integer, primary_key=True)
        version = Column(String)
"""


def test_an_isinstance_guard_naming_a_mixin_of_the_model_among_and_operands(
    tmp_path: Path,
) -> None:
    """A security policy tests ``isinstance(context, TwoFactorRequireable)`` among the
    operands of an ``and``, then reads the mixin's column on the context in a nested ``if``:
    the mixin declares the column for every model that uses it, so the read is the
    column's. The same guard naming a mixin of another table's model proves the read is that
    table's column."""
    files = write(
        tmp_path,
        {
            "app/models.py": MIXINS,
            "app/policy.py": """
        from app.models import Reviewable, TwoFactorRequireable


        class TwoFactorPolicy:
            def permits(self, context, request):
                allowed = self.policy.permits(context, request)
                if allowed and isinstance(context, TwoFactorRequireable) and request.user:
                    if request.enabled and context.owners_require_2fa:
                        return False
                return allowed

            def reviewed(self, context, request):
                if isinstance(context, Reviewable) and request.user:
                    return context.owners_require_2fa
                return False
    """,
        },
    )
    policy = files["app/policy.py"]
    rows = [
        r for r in accounted(tmp_path, "projects.owners_require_2fa") if r[0] == "app/policy.py"
    ]
    assert (
        "app/policy.py",
        *at(policy, "and context.^owners_require_2fa"),
        "CR103 certain",
    ) in rows
    assert not any(
        row[1:3] == at(policy, "return context.^owners_require_2fa") and row[3].startswith("CR")
        for row in rows
    )


def test_the_context_of_a_pyramid_view_class_is_the_class_it_is_registered_for(
    tmp_path: Path,
) -> None:
    """A Pyramid view class registered with ``@view_defaults(context=Project)`` is built by
    Pyramid as ``ManageProjectSettingsViews(project, request)``: its ``__init__`` stores the
    context, a ``Project``, and the views read and write the column on ``self.project``. A
    view class registered for another context (a ``Release``) reads that model's attribute."""
    files = write(
        tmp_path,
        {
            "app/models.py": MIXINS,
            "app/views.py": """
        from pyramid.view import view_config, view_defaults

        from app.models import Project, Release


        @view_defaults(route_name="manage.project.settings", context=Project)
        class ManageProjectSettingsViews:
            def __init__(self, project, request):
                self.project = project
                self.request = request

            @view_config(request_method="POST")
            def toggle_2fa_requirement(self):
                if self.project.owners_require_2fa:
                    self.project.owners_require_2fa = False
                return {}


        @view_defaults(context=Release)
        class ManageReleaseViews:
            def __init__(self, release, request):
                self.release = release

            def review(self):
                return self.release.owners_require_2fa
    """,
        },
    )
    views = files["app/views.py"]
    rows = [r for r in accounted(tmp_path, "projects.owners_require_2fa") if r[0] == "app/views.py"]
    assert ("app/views.py", *at(views, "if self.project.^owners"), "CR103 certain") in rows
    assert (
        "app/views.py",
        *at(views, "self.project.^owners_require_2fa = F"),
        "CR103 certain",
    ) in rows
    assert not any(
        row[1:3] == at(views, "self.release.^owners_require_2fa") and row[3].startswith("CR")
        for row in rows
    )
