"""Evidence that a schema mirrors a model, as examples: each test is a small project, the
column scanned for, and how every occurrence of its name ends."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef
from tests.analysis.helpers import accounted, at, write

LINKS = """
    from sqlalchemy import Boolean, Integer
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Link(Base):
        __tablename__ = "links"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        is_model_artifact: Mapped[bool] = mapped_column(Boolean, default=False)
"""


def test_a_request_that_writes_the_column_of_its_name_mirrors_it_however_it_is_built(
    tmp_path: Path,
) -> None:
    """``Link(is_model_artifact=request.is_model_artifact)`` in the model's own
    ``from_request``: the request's field gives the column its value, so the field carries
    the column, even though other code builds the request from a local of its own
    (``LinkRequest(is_model_artifact=flag)``, the shape of a link request between model
    versions and artifacts): every value that code gives the field ends in the column. The
    keyword of that construction is a use of the field, and so of the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/requests.py": """
        from pydantic import BaseModel

        from app.models import Link


        class LinkRequest(BaseModel):
            link_id: int
            is_model_artifact: bool = False


        def link_from_request(request: LinkRequest) -> Link:
            return Link(id=request.link_id, is_model_artifact=request.is_model_artifact)
    """,
            "app/client.py": """
        from app.requests import LinkRequest


        def link(link_id: int, flag: bool) -> LinkRequest:
            return LinkRequest(link_id=link_id, is_model_artifact=flag)
    """,
        },
    )
    requests, client = files["app/requests.py"], files["app/client.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    field = at(requests, "^is_model_artifact: bool = False")
    assert ("app/requests.py", *field, "CR105 certain") in rows
    assert ("app/requests.py", *at(requests, "request.^is_model_artifact"), "CR103 certain") in rows
    assert ("app/client.py", *at(client, "^is_model_artifact=flag"), "CR104 certain") in rows


def test_a_field_that_some_construction_fills_from_elsewhere_stays_the_classs_own(
    tmp_path: Path,
) -> None:
    """The other way round, a domain object built from the row (``TrialOut(is_model_artifact=
    link.is_model_artifact)``) and from computed values elsewhere carries its own field: it
    is not proven to mirror the column, and its field stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/domain.py": """
        from pydantic import BaseModel

        from app.models import Link


        class LinkOut(BaseModel):
            is_model_artifact: bool


        def out(link: Link) -> LinkOut:
            return LinkOut(is_model_artifact=link.is_model_artifact)


        def fake() -> LinkOut:
            return LinkOut(is_model_artifact=compute())
    """,
        },
    )
    domain = files["app/domain.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    assert ("app/domain.py", *at(domain, "^is_model_artifact: bool"), "unexplained") in rows


def test_a_schema_that_stands_for_the_model_in_an_annotation_mirrors_it(tmp_path: Path) -> None:
    """``def flag(link: Link | LinkPydantic)``: the code reads a value that is either the
    model or the schema through the same attributes, so the schema carries the model's
    fields of the same names (the shape of the Pydantic twins an internal API sends in
    place of the rows). Pydantic's ``BaseModel`` may be imported under another name. A
    schema only shaped like the model, never standing for it, stays unexplained; a plain
    class of the project in such a union is no schema, and stays what it was (a class of
    the project that maps no table)."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/pydantic_twins.py": """
        from __future__ import annotations

        from pydantic import BaseModel as BaseModelPydantic

        from app.models import Link


        class LinkPydantic(BaseModelPydantic):
            id: int
            is_model_artifact: bool = False


        class Unrelated(BaseModelPydantic):
            is_model_artifact: bool = False


        class Handle:
            def __init__(self, is_model_artifact: bool) -> None:
                self.is_model_artifact = is_model_artifact


        def flag(link: Link | LinkPydantic | None, handle: Handle | Link) -> bool:
            return bool(link)
    """,
        },
    )
    twins = files["app/pydantic_twins.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    at_field = at(twins, "^is_model_artifact: bool = False")
    assert ("app/pydantic_twins.py", *at_field, "CR105 certain") in rows
    unrelated = at(twins, "^is_model_artifact: bool = False", 2)
    assert ("app/pydantic_twins.py", *unrelated, "unexplained") in rows
    handle = ("app/pydantic_twins.py", *at(twins, "self.^is_model_artifact"))
    assert (*handle, "excluded: other-type") in rows


def test_a_local_written_into_the_column_is_part_of_the_write(tmp_path: Path) -> None:
    """``link.is_model_artifact = is_model_artifact`` and ``Link(is_model_artifact=
    is_model_artifact)``: the value at the write belongs to the write, which the reference
    stands for. The parameter's other uses (its declaration, a test of it) are the local's:
    dropping the column breaks the write, not them."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/store.py": """
        from app.models import Link


        def mark(link: Link, is_model_artifact: bool) -> Link:
            if is_model_artifact:
                link.is_model_artifact = is_model_artifact
            return Link(id=link.id, is_model_artifact=is_model_artifact or False)
    """,
        },
    )
    store = files["app/store.py"]
    tiers = {
        (o.line, o.col): o.tier.value
        for o in scan(tmp_path, ColumnRef.parse("links.is_model_artifact")).occurrences
        if o.path == "app/store.py"
    }
    assert tiers[at(store, "^is_model_artifact: bool")] == "excluded"
    assert tiers[at(store, "if ^is_model_artifact")] == "excluded"
    assert tiers[at(store, "link.^is_model_artifact = ")] == "reference"
    assert tiers[at(store, "= ^is_model_artifact\n")] == "reference"
    assert tiers[at(store, "=^is_model_artifact or")] == "reference"


def test_a_plain_class_that_writes_the_column_is_not_proven_to_mirror_it(tmp_path: Path) -> None:
    """``Link(is_model_artifact=frozen.is_model_artifact)`` of a plain class of the project
    that other code builds from values of its own (the shape of a storage's domain trial,
    converted to and from the row): the class has a life of its own, and whether it has to
    change with the column is a judgement. Its field is the class's own, not the column's;
    the keyword that writes the column is the reference."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/frozen.py": """
        from app.models import Link


        class FrozenLink:
            def __init__(self, is_model_artifact: bool) -> None:
                self.is_model_artifact = is_model_artifact


        def store(frozen: FrozenLink) -> Link:
            return Link(is_model_artifact=frozen.is_model_artifact)


        def guess() -> FrozenLink:
            return FrozenLink(is_model_artifact=compute())
    """,
        },
    )
    frozen = files["app/frozen.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    field = at(frozen, "self.^is_model_artifact")
    assert [row[3] for row in rows if row[1:3] == field] == ["excluded: other-type"]
    assert ("app/frozen.py", *at(frozen, "^is_model_artifact=frozen"), "CR104 certain") in rows


JOURNALS = """
    from sqlalchemy import Column, Integer, Text
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class JournalEntry(Base):
        __tablename__ = "journals"
        id = Column(Integer, primary_key=True)
        name = Column(Text)
        submitted_from = Column(Text)
"""


def test_a_service_whose_attribute_fills_the_column_is_not_a_schema(tmp_path: Path) -> None:
    """A service built with the client's address (``ProjectService(session, remote_addr)``)
    writes it into a journal entry, ``JournalEntry(submitted_from=self.remote_addr)``, and
    also rate-limits on it: the class is no schema of the journal, its ``remote_addr`` is its
    own. The keyword is the reference; the service's other uses of its attribute are not
    the column's, nor, since they spell none of its names, occurrences of it at all."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOURNALS,
            "app/services.py": """
        from app.models import JournalEntry


        class ProjectService:
            def __init__(self, session, remote_addr, ratelimiter=None) -> None:
                self.db = session
                self.remote_addr = remote_addr
                self.ratelimiter = ratelimiter

            def create_project(self, name):
                if not self.ratelimiter.test(self.remote_addr):
                    raise RuntimeError(self.remote_addr)
                self.db.add(JournalEntry(name=name, submitted_from=self.remote_addr))
                self.ratelimiter.hit(self.remote_addr)


        def project_factory(context, request):
            return ProjectService(request.db, request.remote_addr)
    """,
        },
    )
    services = files["app/services.py"]
    rows = accounted(tmp_path, "journals.submitted_from")
    assert [row for row in rows if row[0] == "app/services.py"] == [
        ("app/services.py", *at(services, "^submitted_from=self"), "CR104 certain")
    ]


def test_a_request_whose_field_fills_the_column_under_another_name_mirrors_it(
    tmp_path: Path,
) -> None:
    """The same keyword given a Pydantic request's field (``JournalEntry(submitted_from=
    body.remote_addr)``): a declared data schema's field exists to carry its value, here
    into the column, so the field mirrors it and its reads are references."""
    files = write(
        tmp_path,
        {
            "app/models.py": JOURNALS,
            "app/views.py": """
        from pydantic import BaseModel

        from app.models import JournalEntry


        class JournalIn(BaseModel):
            name: str
            remote_addr: str


        def record(session, body: JournalIn) -> None:
            session.add(JournalEntry(name=body.name, submitted_from=body.remote_addr))
    """,
        },
    )
    views = files["app/views.py"]
    rows = accounted(tmp_path, "journals.submitted_from")
    assert ("app/views.py", *at(views, "^remote_addr: str"), "CR105 certain") in rows
    assert ("app/views.py", *at(views, "^submitted_from=body"), "CR104 certain") in rows


def test_a_schema_field_handed_to_a_function_that_writes_the_column_mirrors_it(
    tmp_path: Path,
) -> None:
    """``upsert_link(is_model_artifact=request.is_model_artifact)`` where ``upsert_link``
    assigns its parameter to the model's attribute (the shape of a persona upsert fed by
    its request body): the request's field carries the column one call away, as it would
    written in place. Its declaration and its read are references; a field of the same
    name on a request handed nowhere stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/db.py": """
        from app.models import Link


        def upsert_link(link: Link, is_model_artifact: bool | None = None) -> Link:
            link.is_model_artifact = is_model_artifact
            return link
    """,
            "app/api.py": """
        from pydantic import BaseModel

        from app.db import upsert_link
        from app.models import Link


        class LinkUpsertRequest(BaseModel):
            is_model_artifact: bool | None = None


        class LinkTestRequest(BaseModel):
            is_model_artifact: bool | None = None


        def update(link: Link, request: LinkUpsertRequest) -> Link:
            return upsert_link(link, is_model_artifact=request.is_model_artifact)
    """,
        },
    )
    api = files["app/api.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    upsert, test = (at(api, "^is_model_artifact: bool | None = None", n) for n in (1, 2))
    assert ("app/api.py", *upsert, "CR105 certain") in rows
    assert ("app/api.py", *at(api, "request.^is_model_artifact"), "CR103 certain") in rows
    assert ("app/api.py", *test, "unexplained") in rows


def test_the_response_model_of_a_route_returning_a_page_of_the_model(tmp_path: Path) -> None:
    """``response_model=Page[LinkReport]`` on a route annotated ``-> AbstractPage[Link]``
    (a paginated report of the rows): the page's items are the model's, given out as the
    schema, so the schema mirrors the model."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/routes.py": """
        from fastapi import APIRouter
        from fastapi_pagination import Page, Params, paginate
        from fastapi_pagination.bases import AbstractPage
        from pydantic import BaseModel

        from app.models import Link

        router = APIRouter()


        class LinkReport(BaseModel):
            id: int
            is_model_artifact: bool


        @router.get("/links", response_model=Page[LinkReport])
        def report(db, params: Params) -> AbstractPage[Link]:
            return paginate(db.query(Link), params)
    """,
        },
    )
    routes = files["app/routes.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    assert ("app/routes.py", *at(routes, "^is_model_artifact: bool"), "CR105 certain") in rows


def test_a_mixin_no_class_of_the_table_inherits_declares_other_tables_columns(
    tmp_path: Path,
) -> None:
    """``LastSavedMixin`` declares ``tcf_version`` (and a ``declared_attr`` key that reads
    ``cls.tcf_version``) for the tables whose classes use it; the history table declares
    its own column of that name and does not inherit the mixin (the shape of a consent
    history beside its "last saved" tables). For the history table, the mixin's members
    are another table's; for a table whose class inherits the mixin, they are its
    declaration."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base, declared_attr

        Base = declarative_base()


        class LastSavedMixin:
            tcf_version = Column(String)

            @declared_attr
            def tcf_key(cls) -> Column:
                return Column(String, default=cls.tcf_version)


        class History(Base):
            __tablename__ = "history"
            id = Column(Integer, primary_key=True)
            tcf_version = Column(String)


        class LastSaved(LastSavedMixin, Base):
            __tablename__ = "last_saved"
            id = Column(Integer, primary_key=True)
    """,
        },
    )
    models = files["app/models.py"]
    mixin, read = at(models, "^tcf_version = Column(String)\n"), at(models, "cls.^tcf_version")
    history = accounted(tmp_path, "history.tcf_version")
    assert ("app/models.py", *mixin, "excluded: other-table") in history
    assert ("app/models.py", *read, "excluded: other-table") in history
    assert ("app/models.py", *mixin, "CR101 certain") in accounted(
        tmp_path, "last_saved.tcf_version"
    )


def test_a_field_of_a_schemas_dump_assigned_to_the_model(tmp_path: Path) -> None:
    """``form_data = form_data.model_dump(exclude_unset=True)`` and then ``link.
    is_model_artifact = form_data["is_model_artifact"]`` (the shape of a note's update
    form): the dump's item is the form's field, which gives the model its value, so the
    form mirrors the model."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/update.py": """
        from pydantic import BaseModel

        from app.models import Link


        class LinkUpdateForm(BaseModel):
            is_model_artifact: bool | None = None


        def update(link: Link, form_data: LinkUpdateForm) -> Link:
            form_data = form_data.model_dump(exclude_unset=True)
            if "is_model_artifact" in form_data:
                link.is_model_artifact = form_data["is_model_artifact"]
            return link
    """,
        },
    )
    update = files["app/update.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    assert ("app/update.py", *at(update, "^is_model_artifact: bool"), "CR105 certain") in rows


def test_a_subclass_of_another_tables_schema_carries_that_tables_fields(tmp_path: Path) -> None:
    """``ToolModel.model_validate(tool)`` proves ``ToolModel`` a schema of the tools table;
    ``ToolUserModel(ToolModel)`` adds the owner and keeps the tool's fields, so its
    ``access_control`` is the tools table's, not the links table's column of that name."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import JSON, Integer
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class Link(Base):
            __tablename__ = "links"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            access_control: Mapped[dict] = mapped_column(JSON)


        class Tool(Base):
            __tablename__ = "tools"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            access_control: Mapped[dict] = mapped_column(JSON)
    """,
            "app/tools.py": """
        from pydantic import BaseModel

        from app.models import Tool


        class ToolModel(BaseModel):
            id: int
            access_control: dict | None = None


        class ToolUserModel(ToolModel):
            user: str | None = None


        def get(tool: Tool) -> ToolModel:
            return ToolModel.model_validate(tool)


        def allowed(tool: ToolUserModel) -> bool:
            return tool.access_control is None
    """,
        },
    )
    tools = files["app/tools.py"]
    rows = accounted(tmp_path, "links.access_control")
    assert ("app/tools.py", *at(tools, "tool.^access_control is"), "excluded: other-table") in rows


def test_a_base_schema_declares_the_field_its_mirroring_subclass_carries(tmp_path: Path) -> None:
    """``LinkBase`` declares ``is_model_artifact``; its subclass ``LinkRequest`` is proven
    to mirror the model (its field gives the column its value): the base's declaration is
    that field. A base shared with a schema of another table's model is not so claimed."""
    files = write(
        tmp_path,
        {
            "app/models.py": LINKS,
            "app/requests.py": """
        from pydantic import BaseModel

        from app.models import Link


        class LinkBase(BaseModel):
            is_model_artifact: bool = False


        class LinkRequest(LinkBase):
            link_id: int


        def link_from_request(request: LinkRequest) -> Link:
            return Link(id=request.link_id, is_model_artifact=request.is_model_artifact)
    """,
        },
    )
    requests = files["app/requests.py"]
    rows = accounted(tmp_path, "links.is_model_artifact")
    field = at(requests, "^is_model_artifact: bool = False")
    assert ("app/requests.py", *field, "CR105 certain") in rows


RUNS = """
    from sqlalchemy import Boolean, Integer
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class DagRun(Base):
        __tablename__ = "dag_run"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        external_trigger: Mapped[bool] = mapped_column(Boolean, default=False)
        run_type: Mapped[str] = mapped_column(default="manual")


    class TaskInstance(Base):
        __tablename__ = "task_instance"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)

        def get_dagrun(self) -> DagRun:
            return DagRun()
"""


def test_a_read_on_a_union_holding_the_model_is_the_models(tmp_path: Path) -> None:
    """``task_instance: TaskInstance | TaskInstancePydantic``, ``dag_run =
    task_instance.get_dagrun()`` (the model's method returns a ``DagRun``, the twin's a
    ``DagRunPydantic``), ``if dag_run.external_trigger``: whichever the value is, the code
    reads the attribute on it, so where one class of the union is the model the read is the
    model's, a plain class of the project with the same attribute in the union included
    (``dag: Dag | DagRun``). A union of classes that are none of the column's stays theirs:
    a plain class and another table's model exclude the read; the model's other attribute
    is not the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": RUNS,
            "app/twins.py": """
        from __future__ import annotations

        from pydantic import BaseModel

        from app.models import DagRun, TaskInstance


        class DagRunPydantic(BaseModel):
            id: int
            external_trigger: bool = False


        class TaskInstancePydantic(BaseModel):
            id: int

            def get_dagrun(self) -> DagRunPydantic:
                return DagRunPydantic(id=self.id)


        class Dag:
            external_trigger = False


        def template_context(task_instance: TaskInstance | TaskInstancePydantic) -> dict:
            dag_run = task_instance.get_dagrun()

            def next_execution() -> int | None:
                if dag_run.external_trigger:
                    return None
                return 1

            return {"run_type": dag_run.run_type, "next": next_execution()}


        def triggered(dag: Dag | DagRun | None) -> bool:
            return dag is not None and dag.external_trigger


        def elsewhere(dag: Dag | TaskInstance) -> bool:
            return dag.external_trigger
    """,
        },
    )
    twins = files["app/twins.py"]
    rows = accounted(tmp_path, "dag_run.external_trigger")
    inner = at(twins, "if dag_run.^external_trigger")
    assert ("app/twins.py", *inner, "CR103 certain") in rows
    union = at(twins, "dag.^external_trigger")
    assert ("app/twins.py", *union, "CR103 certain") in rows
    other = at(twins, "dag.^external_trigger", 2)
    assert ("app/twins.py", *other, "excluded: other-type") in rows


def test_a_name_declared_as_a_union_holding_the_model_keeps_its_declared_type(
    tmp_path: Path,
) -> None:
    """``dag: Dag | DagRun | None`` declared, then given a value the code cannot follow in
    each branch (``dag = task.dag`` or ``dag = loader.load()``): the declaration says what
    the name holds, so ``dag.external_trigger`` is a read on a value that may be the
    model."""
    files = write(
        tmp_path,
        {
            "app/models.py": RUNS,
            "app/command.py": """
        from app.models import DagRun


        class Dag:
            external_trigger = False


        def command(task, loader) -> bool:
            dag: Dag | DagRun | None
            if task.dag is not None:
                dag = task.dag
            else:
                dag = loader.load()
            if dag is None:
                return False
            return dag.external_trigger
    """,
        },
    )
    command = files["app/command.py"]
    rows = accounted(tmp_path, "dag_run.external_trigger")
    assert ("app/command.py", *at(command, "dag.^external_trigger"), "CR103 certain") in rows


LETTA_BASE = """
    from pydantic import BaseModel
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class SqlalchemyBase(Base):
        __abstract__ = True

        id: Mapped[str] = mapped_column(primary_key=True)

        @property
        def __pydantic_model__(self) -> "BaseModel":
            raise NotImplementedError("models declare __pydantic_model__")

        def to_pydantic(self) -> "BaseModel":
            model = self.__pydantic_model__.model_validate(self, from_attributes=True)
            return model
"""


def test_the_schema_a_model_names_for_its_conversion_mirrors_it(tmp_path: Path) -> None:
    """``__pydantic_model__ = PydanticStep`` in the model, and the base's ``to_pydantic``
    builds it from the row (``self.__pydantic_model__.model_validate(self,
    from_attributes=True)``): the schema is built from the model, and mirrors it whole. A
    schema merely named by another class attribute (``summary_schema = StepSummary``) that
    no method validates from the row proves nothing, and neither does the attribute in a
    model whose base never converts it."""
    files = write(
        tmp_path,
        {
            "app/orm/base.py": LETTA_BASE,
            "app/schemas/step.py": """
        from typing import Optional

        from pydantic import BaseModel, Field


        class Step(BaseModel):
            id: str
            job_id: Optional[str] = Field(None, description="The run of the step")


        class StepSummary(BaseModel):
            id: str
            job_id: Optional[str] = None


        class Metrics(BaseModel):
            id: str
            job_id: Optional[str] = None
    """,
            "app/orm/step.py": """
        from typing import Optional

        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        from app.orm.base import SqlalchemyBase
        from app.schemas.step import Metrics, Step as PydanticStep, StepSummary


        class Step(SqlalchemyBase):
            __tablename__ = "steps"
            __pydantic_model__ = PydanticStep
            summary_schema = StepSummary

            job_id: Mapped[Optional[str]] = mapped_column(ForeignKey("jobs.id"))


        class OtherBase(DeclarativeBase):
            pass


        class LegacyStep(OtherBase):
            __tablename__ = "legacy_steps"
            __pydantic_model__ = Metrics

            id: Mapped[str] = mapped_column(primary_key=True)
            job_id: Mapped[Optional[str]] = mapped_column()
    """,
        },
    )
    schemas = files["app/schemas/step.py"]
    rows = accounted(tmp_path, "steps.job_id", skip="app/orm/step.py")
    fields = [("app/schemas/step.py", *at(schemas, "^job_id: Optional", n)) for n in (1, 2, 3)]
    assert (*fields[0], "CR105 certain") in rows
    assert (*fields[1], "unexplained") in rows
    assert (*fields[2], "unexplained") in rows


def test_the_documentation_of_a_declaration_is_no_part_of_it(tmp_path: Path) -> None:
    """``mapped_column(ForeignKey("jobs.id"), doc="The unique identifier of the job")`` and
    ``Field(None, description="... the job that this step belongs to")``: the word ``job``
    (the relationship built on ``job_id``) in the text documenting the declaration is prose,
    not part of the declaration's reference; the declaration itself is, and so is a line that
    holds its foreign key, whatever text shares the line."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from typing import Optional

        from sqlalchemy import ForeignKey
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class Job(Base):
            __tablename__ = "jobs"
            id: Mapped[str] = mapped_column(primary_key=True)


        class Step(Base):
            __tablename__ = "steps"
            id: Mapped[str] = mapped_column(primary_key=True)
            job_id: Mapped[Optional[str]] = mapped_column(
                ForeignKey("jobs.id", ondelete="SET NULL"),
                nullable=True,
                doc="The unique identifier of the job",
            )
            job: Mapped[Optional[Job]] = relationship(Job)


        class Metrics(Base):
            __tablename__ = "step_metrics"
            id: Mapped[str] = mapped_column(primary_key=True)
            job_id: Mapped[Optional[str]] = mapped_column(
                ForeignKey("jobs.id"), doc="The run of the job"
            )
            job: Mapped[Optional[Job]] = relationship(Job)
    """,
        },
    )
    models = files["app/models.py"]
    rows = accounted(tmp_path, "steps.job_id")
    assert ("app/models.py", *at(models, "^job_id: Mapped"), "CR101 certain") in rows
    doc = ("app/models.py", *at(models, "of the ^job"))
    assert (*doc, "excluded: comment") in rows
    tiers = {
        (o.line, o.col): o.tier.value
        for o in scan(tmp_path, ColumnRef.parse("step_metrics.job_id")).occurrences
    }
    assert tiers[at(models, "The run of the ^job")] == "reference"
