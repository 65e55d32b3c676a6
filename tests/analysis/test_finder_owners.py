"""Owners the finder must tell apart, as examples: each test is a small project (before),
the column scanned for, and the references expected (after), with the look-alike beside
it that must stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, found, summary, write

PROJECTS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Project(Base):
        __tablename__ = "projects"
        id: Mapped[int] = mapped_column(primary_key=True)
        eta: Mapped[str | None] = mapped_column(String(10))
        tasks: Mapped[list["Task"]] = relationship(back_populates="project")


    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
        project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
        title: Mapped[str] = mapped_column(String(80))
        eta: Mapped[str | None] = mapped_column(String(10))
        project: Mapped[Project] = relationship(back_populates="tasks")
"""


def test_a_comprehension_inside_a_payload_keeps_its_own_loop_variable(tmp_path: Path) -> None:
    """A dict literal is judged (is it built from a model?) before its values are visited;
    the loop variable of a comprehension among those values is bound by the comprehension,
    not by the function around it."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/timeline.py": """
        from sqlalchemy.orm import Session
        from app.models import Project

        def timeline(session: Session, project_id: int) -> dict:
            project = session.get(Project, project_id)
            return {
                "eta": project.eta,
                "titles": [t.title for t in project.tasks],
                "task_etas": [t.eta for t in project.tasks],
            }
    """,
        },
    )
    timeline = files["app/timeline.py"]
    refs = [r for r in found(tmp_path, "tasks.eta") if r.path == "app/timeline.py"]
    assert summary(refs) == [
        ("app/timeline.py", *at(timeline, "t.^eta for"), "CR103", "certain"),
    ]


TABLES = """
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

    metadata = MetaData()

    suppliers = Table(
        "suppliers",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("legacy_sku", String(32)),
    )

    products = Table(
        "products",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("sku", String(32)),
        Column("legacy_sku", String(32)),
        Column("supplier_id", ForeignKey("suppliers.id")),
    )
"""


def test_rows_of_a_core_select_carry_the_columns_selected(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/tables.py": TABLES,
            "app/codes.py": """
        from sqlalchemy import Connection, select
        from app.tables import products, suppliers

        def legacy_code_of(conn: Connection, product_id: int):
            row = conn.execute(
                select(products.c.id, products.c.legacy_sku).where(products.c.id == product_id)
            ).one_or_none()
            return row.legacy_sku

        def supplier_codes(conn: Connection) -> dict:
            rows = conn.execute(select(suppliers.c.id, suppliers.c.legacy_sku))
            return {r.id: r.legacy_sku for r in rows}

        def both(conn: Connection) -> list:
            stmt = select(products.c.legacy_sku, suppliers.c.legacy_sku).join(suppliers)
            return [r.legacy_sku for r in conn.execute(stmt)]
    """,
        },
    )
    codes = files["app/codes.py"]
    refs = [r for r in found(tmp_path, "products.legacy_sku") if r.path == "app/codes.py"]
    assert summary(refs) == [
        ("app/codes.py", *at(codes, "products.c.^legacy_sku).where"), "CR102", "certain"),
        ("app/codes.py", *at(codes, "row.^legacy_sku"), "CR103", "certain"),
        ("app/codes.py", *at(codes, "select(products.c.^legacy_sku"), "CR102", "certain"),
        # both tables give the row a legacy_sku: which one it reads is not for us to say
        ("app/codes.py", *at(codes, "[r.^legacy_sku"), "CR103", "likely"),
    ]


def test_a_table_column_by_subscript(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/tables.py": TABLES,
            "app/report.py": """
        from sqlalchemy import select
        from app.tables import products, suppliers

        def report():
            return select(products.c.sku, products.c["legacy_sku"], suppliers.c["legacy_sku"])
    """,
        },
    )
    report = files["app/report.py"]
    refs = [r for r in found(tmp_path, "products.legacy_sku") if r.path == "app/report.py"]
    assert summary(refs) == [
        ("app/report.py", *at(report, '^products.c["legacy_sku"]'), "CR102", "certain"),
    ]


SHIPMENTS = """
    from sqlalchemy import Float
    from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column

    from app.geo import GeoPoint


    class Base(DeclarativeBase):
        pass


    class Depot(Base):
        __tablename__ = "depots"
        id: Mapped[int] = mapped_column(primary_key=True)
        origin_lat: Mapped[float] = mapped_column(Float)
        origin_lng: Mapped[float] = mapped_column(Float)
        origin: Mapped[GeoPoint] = composite("origin_lat", "origin_lng")


    class Shipment(Base):
        __tablename__ = "shipments"
        id: Mapped[int] = mapped_column(primary_key=True)
        origin_lat: Mapped[float] = mapped_column(Float)
        origin_lng: Mapped[float] = mapped_column(Float)
        origin: Mapped[GeoPoint] = composite("origin_lat", "origin_lng")
"""

GEO = """
    from dataclasses import dataclass

    @dataclass
    class GeoPoint:
        lat: float
        lng: float
"""


def test_a_keyword_naming_a_composite_is_a_use_of_the_composite(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/geo.py": GEO,
            "app/models.py": SHIPMENTS,
            "app/book.py": """
        from app.geo import GeoPoint
        from app.models import Depot, Shipment

        def book(depot: Depot) -> Shipment:
            Depot(origin=GeoPoint(0, 0))
            return Shipment(origin=GeoPoint(depot.origin_lat, depot.origin_lng))
    """,
        },
    )
    book = files["app/book.py"]
    refs = [r for r in found(tmp_path, "shipments.origin_lat") if r.path == "app/book.py"]
    assert summary(refs) == [
        ("app/book.py", *at(book, "Shipment(^origin="), "CR110", "certain"),
    ]


TICKETS = """
    from sqlalchemy import Column, ForeignKey, Integer, Text
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Ticket(Base):
        __tablename__ = "tickets"
        id = Column(Integer, primary_key=True)
        body_html = Column(Text)
        comments = relationship("Comment", back_populates="ticket")


    class Comment(Base):
        __tablename__ = "comments"
        id = Column(Integer, primary_key=True)
        ticket_id = Column(Integer, ForeignKey("tickets.id"))
        body_html = Column(Text)
        ticket = relationship(Ticket, back_populates="comments")
"""


def test_a_relationship_without_annotation_holds_what_its_foreign_key_says(
    tmp_path: Path,
) -> None:
    """``relationship("Comment")`` with the foreign key on Comment is one-to-many: iterating
    it gives Comments, not an object of unknown type; ``comment.ticket`` is one Ticket."""
    files = write(
        tmp_path,
        {
            "app/models.py": TICKETS,
            "app/render.py": """
        from app.models import Comment, Ticket

        def refresh(ticket: Ticket) -> None:
            ticket.body_html = ""
            for comment in ticket.comments:
                comment.body_html = ""

        def parent_html(comment: Comment) -> str:
            return comment.ticket.body_html
    """,
        },
    )
    render = files["app/render.py"]
    tickets = [r for r in found(tmp_path, "tickets.body_html") if r.path == "app/render.py"]
    assert summary(tickets) == [
        ("app/render.py", *at(render, "ticket.^body_html ="), "CR103", "certain"),
        ("app/render.py", *at(render, "comment.ticket.^body_html"), "CR103", "certain"),
    ]
    comments = [r for r in found(tmp_path, "comments.body_html") if r.path == "app/render.py"]
    assert summary(comments) == [
        ("app/render.py", *at(render, "comment.^body_html ="), "CR103", "certain"),
    ]


def test_rows_given_to_a_table_insert_by_a_comprehension(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/tables.py": TABLES,
            "app/load.py": """
        from sqlalchemy import Connection
        from app.tables import products, suppliers

        def load(conn: Connection, rows) -> None:
            conn.execute(products.insert(), [{"sku": r["sku"], "legacy_sku": r["old"]} for r in rows])
            conn.execute(suppliers.insert(), [{"id": r["id"], "legacy_sku": r["old"]} for r in rows])
    """,
        },
    )
    load = files["app/load.py"]
    refs = [r for r in found(tmp_path, "products.legacy_sku") if r.path == "app/load.py"]
    assert summary(refs) == [("app/load.py", *at(load, '^"legacy_sku"'), "CR106", "certain")]


VEHICLES = """
    from sqlmodel import Field, SQLModel


    class Vehicle(SQLModel, table=True):
        __tablename__ = "vehicles"
        id: int | None = Field(default=None, primary_key=True)
        odometer_km: int | None = None


    class ServiceRecord(SQLModel, table=True):
        __tablename__ = "service_records"
        id: int | None = Field(default=None, primary_key=True)
        odometer_km: int = 0
"""


def test_the_fields_given_to_sqlmodel_update(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": VEHICLES,
            "app/reset.py": """
        from app.models import ServiceRecord, Vehicle

        def reset(vehicle: Vehicle, record: ServiceRecord) -> None:
            vehicle.sqlmodel_update({"odometer_km": 0})
            record.sqlmodel_update({"odometer_km": 0})
    """,
        },
    )
    reset = files["app/reset.py"]
    refs = [r for r in found(tmp_path, "vehicles.odometer_km") if r.path == "app/reset.py"]
    assert summary(refs) == [("app/reset.py", *at(reset, '^"odometer_km"'), "CR106", "certain")]


FLEET = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Vehicle(Base):
        __tablename__ = "vehicles"
        id: Mapped[int] = mapped_column(primary_key=True)
        plate: Mapped[str] = mapped_column(String(16))
        odometer_km: Mapped[int | None] = mapped_column()


    class ServiceRecord(Base):
        __tablename__ = "service_records"
        id: Mapped[int] = mapped_column(primary_key=True)
        vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
        odometer_km: Mapped[int] = mapped_column()
"""


def test_a_schema_mirrors_the_model_on_evidence_never_by_its_field_names(tmp_path: Path) -> None:
    """A request body whose field gives the model its value (``vehicle.odometer_km =
    body.odometer_km``) carries the column: its field and the read are references. A
    schema that only shares field names with the model, with nothing in the code tying it to
    the model, is not proven to mirror it: its field is left unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": FLEET,
            "app/schemas.py": """
        from datetime import datetime
        from pydantic import BaseModel

        class VehicleSummary(BaseModel):
            plate: str
            odometer_km: int | None = None

        class TelemetryIn(BaseModel):
            device_id: str
            odometer_km: int
            sent_at: datetime
    """,
            "app/ping.py": """
        from app.models import Vehicle
        from app.schemas import TelemetryIn

        def ping(vehicle: Vehicle, body: TelemetryIn) -> None:
            vehicle.odometer_km = body.odometer_km
    """,
        },
    )
    schemas, ping = files["app/schemas.py"], files["app/ping.py"]
    refs = [r for r in found(tmp_path, "vehicles.odometer_km") if r.path != "app/models.py"]
    assert summary(refs) == [
        ("app/ping.py", *at(ping, "vehicle.^odometer_km"), "CR103", "certain"),
        ("app/ping.py", *at(ping, "body.^odometer_km"), "CR103", "certain"),
        ("app/schemas.py", *at(schemas, "^odometer_km: int\n"), "CR105", "certain"),
    ]
    assert ("app/schemas.py", *at(schemas, "^odometer_km: int | None"), "unexplained") in (
        accounted(tmp_path, "vehicles.odometer_km")
    )


def test_a_schema_field_mirroring_a_composite(tmp_path: Path) -> None:
    """``origin: PointOut`` in a schema built from a Shipment reads the composite
    ``Shipment.origin``; the file never names origin_lat, so the index did not read it and
    the scan judges the schema where it finds it. The same field of the schema built from a
    Depot is Depot's composite."""
    files = write(
        tmp_path,
        {
            "app/geo.py": GEO,
            "app/models.py": SHIPMENTS,
            "app/views.py": """
        from app.models import Depot, Shipment
        from app.schemas import DepotOut, ShipmentOut

        def show(shipment: Shipment, depot: Depot):
            return ShipmentOut.model_validate(shipment), DepotOut.model_validate(depot)
    """,
            "app/schemas.py": """
        from pydantic import BaseModel, ConfigDict

        class PointOut(BaseModel):
            lat: float
            lng: float

        class ShipmentOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            origin: PointOut

        class DepotOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            origin: PointOut
    """,
        },
    )
    schemas = files["app/schemas.py"]
    refs = [r for r in found(tmp_path, "shipments.origin_lat") if r.path == "app/schemas.py"]
    assert summary(refs) == [
        ("app/schemas.py", *at(schemas, "^origin: PointOut"), "CR110", "certain"),
    ]


def test_a_reference_names_the_schema_field_it_declares_fills_or_uses(
    tmp_path: Path,
) -> None:
    """``TaskOut`` is built from a Task, so it mirrors the model: its ``eta`` field, the
    keyword ``TaskOut(eta=...)`` and the read ``out.eta`` each carry the field's name as data
    (``schema_field``), which the rewrite acts on; the message is for people. The model's own
    declaration and ``task.eta`` are uses of the column, not of a schema's field."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Integer
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Task(Base):
            __tablename__ = "tasks"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            eta: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """,
            "app/schemas.py": """
        from pydantic import BaseModel, ConfigDict

        class TaskOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            eta: int | None = None
    """,
            "app/views.py": """
        from app.models import Task
        from app.schemas import TaskOut

        def show(task: Task) -> int | None:
            out = TaskOut.model_validate(task)
            return out.eta

        def copy(task: Task) -> TaskOut:
            return TaskOut(id=task.id, eta=task.eta)
    """,
        },
    )
    models, schemas, views = files["app/models.py"], files["app/schemas.py"], files["app/views.py"]
    refs = found(tmp_path, "tasks.eta")
    assert [(r.path, r.line, r.col, r.code, r.schema_field) for r in refs] == [
        ("app/models.py", *at(models, "^eta: Mapped"), "CR101", None),
        ("app/schemas.py", *at(schemas, "^eta: int"), "CR105", "eta"),
        ("app/views.py", *at(views, "out.^eta"), "CR103", "eta"),
        ("app/views.py", *at(views, "^eta=task.eta"), "CR104", "eta"),
        ("app/views.py", *at(views, "=task.^eta"), "CR103", None),
    ]


def test_a_field_of_another_name_mirrors_only_while_every_construction_is_seen(
    tmp_path: Path,
) -> None:
    """``SessionOut(project_eta=task.project.eta)`` hands the column's value to a field of
    another name: in a class built only that way, the field carries the column (the shape
    of a chat session's ``persona_icon_color``). ``Definition(inputs=project.eta)`` does the
    same, but ``Definition`` is also validated from a YAML mapping and built from a stored
    dict: its ``inputs`` is filled from elsewhere, so it is the class's own field, not the
    column (the shape of a workflow DSL's ``inputs``); the keyword's read is the reference."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/schemas.py": """
        from pydantic import BaseModel


        class SessionOut(BaseModel):
            title: str
            project_eta: str | None


        class Definition(BaseModel):
            title: str
            inputs: str | None = None
    """,
            "app/views.py": """
        from app.models import Project, Task
        from app.schemas import Definition, SessionOut


        def session_out(task: Task) -> SessionOut:
            return SessionOut(title=task.title, project_eta=task.project.eta)


        def definition(project: Project) -> Definition:
            return Definition(title="p", inputs=project.eta)


        def load(document: dict, stored: dict) -> list[Definition]:
            return [Definition.model_validate(document), Definition(**stored)]
    """,
        },
    )
    schemas, views = files["app/schemas.py"], files["app/views.py"]
    refs = [r for r in found(tmp_path, "projects.eta") if r.path != "app/models.py"]
    assert summary(refs) == [
        ("app/schemas.py", *at(schemas, "^project_eta: str"), "CR105", "certain"),
        ("app/views.py", *at(views, "^project_eta=task"), "CR104", "certain"),
        ("app/views.py", *at(views, "project_eta=task.project.^eta"), "CR103", "certain"),
        ("app/views.py", *at(views, "inputs=project.^eta"), "CR103", "certain"),
    ]


def test_a_dict_built_in_a_local_and_handed_whole_to_the_model(tmp_path: Path) -> None:
    """``kwargs = {"eta": ...}``, filled further (``kwargs["id"] = ...``), then
    ``Task(**kwargs)``: the dict is the model's payload as if passed inline, so its key is
    the column. A dict also read elsewhere (logged, returned) is more than a payload and
    stays undecided."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/create.py": """
        from app.models import Task


        def create(title: str, eta: str | None, task_id: int | None) -> Task:
            kwargs = {"title": title, "eta": eta}
            if task_id:
                kwargs["id"] = task_id
            return Task(**kwargs)


        def create_and_log(title: str, eta: str | None, log: list) -> Task:
            kwargs = {"title": title, "eta": eta}
            log.append(kwargs)
            return Task(**kwargs)
    """,
        },
    )
    create = files["app/create.py"]
    rows = [row for row in accounted(tmp_path, "tasks.eta") if row[0] == "app/create.py"]
    assert (*at(create, '{"title": title, ^"eta": eta}'), "CR106 certain") in [
        row[1:] for row in rows
    ]
    assert (*at(create, '{"title": title, "^eta": eta}', nth=2), "unexplained") in [
        row[1:] for row in rows
    ]


ACCESS = """
    from sqlalchemy import JSON, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Prompt(Base):
        __tablename__ = "prompt"
        command = Column(String, primary_key=True)
        access_control = Column(JSON, nullable=True)


    class Note(Base):
        __tablename__ = "note"
        id = Column(String, primary_key=True)
        access_control = Column(JSON, nullable=True)
"""


def test_a_form_dumped_into_a_schema_of_the_model_mirrors_the_model(tmp_path: Path) -> None:
    """The shape of a chat application's tables: ``PromptForm`` is dumped into
    ``PromptModel`` (spread into a dict with other entries), and ``PromptModel`` is dumped
    into the ORM ``Prompt``. The form mirrors the prompt table through that chain, so its
    ``access_control`` is the column; ``NoteForm``, dumped the same way into a schema of the
    note table, is that table's, whatever its field is called."""
    files = write(
        tmp_path,
        {
            "app/models.py": ACCESS,
            "app/schemas.py": """
        from pydantic import BaseModel


        class PromptModel(BaseModel):
            command: str
            user_id: str
            access_control: dict | None = None


        class PromptForm(BaseModel):
            command: str
            access_control: dict | None = None


        class NoteModel(BaseModel):
            id: str
            access_control: dict | None = None


        class NoteForm(BaseModel):
            access_control: dict | None = None
    """,
            "app/tables.py": """
        import uuid

        from app.models import Note, Prompt
        from app.schemas import NoteForm, NoteModel, PromptForm, PromptModel


        def insert_new_prompt(db, user_id: str, form_data: PromptForm) -> Prompt:
            prompt = PromptModel(**{"user_id": user_id, **form_data.model_dump()})
            result = Prompt(**prompt.model_dump())
            db.add(result)
            return result


        def insert_new_note(db, form_data: NoteForm) -> Note:
            note = NoteModel(**{"id": str(uuid.uuid4()), **form_data.model_dump()})
            result = Note(**note.model_dump())
            db.add(result)
            return result
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = _schema_rows(tmp_path, "prompt.access_control")
    assert (*at(schemas, "^access_control: dict | None = None"), "CR105 certain") in rows
    assert (*at(schemas, "^access_control: dict | None = None", 2), "CR105 certain") in rows
    assert (*at(schemas, "^access_control: dict | None = None", 3), "excluded: other-table") in rows
    assert (*at(schemas, "^access_control: dict | None = None", 4), "excluded: other-table") in rows


ORGANIZATIONS = """
    from sqlalchemy import Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class OrganizationDB(Base):
        __tablename__ = "organizations"
        id = Column(String, primary_key=True)
        name = Column(String)
        owner = Column(String)


    class WorkspaceDB(Base):
        __tablename__ = "workspaces"
        id = Column(String, primary_key=True)
        name = Column(String)
        owner = Column(String)
"""


def test_a_dump_kept_in_a_local_and_handed_whole_to_the_model(tmp_path: Path) -> None:
    """The shape of an admin service: the request is dumped into a local, the local is
    filled further, then given whole to the model. The request's fields reach the model's
    keywords, so ``CreateOrganization.owner`` is the column, and so are the keys the
    function tests and writes in that local; ``CreateWorkspace``, whose dump goes to another
    table's model, is that table's, and a dump kept in a local that is also given another
    value proves nothing."""
    files = write(
        tmp_path,
        {
            "app/models.py": ORGANIZATIONS,
            "app/schemas.py": """
        from pydantic import BaseModel


        class CreateOrganization(BaseModel):
            name: str
            owner: str | None = None


        class CreateWorkspace(BaseModel):
            name: str
            owner: str | None = None


        class ImportOrganization(BaseModel):
            name: str
            owner: str | None = None
    """,
            "app/admin.py": """
        from app.models import OrganizationDB, WorkspaceDB
        from app.schemas import CreateOrganization, CreateWorkspace, ImportOrganization


        def create_organization(session, payload: CreateOrganization, user_id: str):
            create_org_data = payload.model_dump(exclude_unset=True)
            create_org_data["id"] = user_id
            if "owner" not in create_org_data:
                create_org_data["owner"] = user_id
            organization_db = OrganizationDB(**create_org_data)
            session.add(organization_db)
            return organization_db


        def create_workspace(session, payload: CreateWorkspace):
            data = payload.model_dump(exclude_unset=True)
            if "owner" not in data:
                data["owner"] = "admin"
            workspace_db = WorkspaceDB(**data)
            session.add(workspace_db)
            return workspace_db


        def import_organization(session, payload: ImportOrganization, raw: dict | None):
            data = payload.model_dump()
            if raw is not None:
                data = raw
            session.add(OrganizationDB(**data))
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = _schema_rows(tmp_path, "organizations.owner")
    assert (*at(schemas, "^owner: str | None = None"), "CR105 certain") in rows
    assert (*at(schemas, "^owner: str | None = None", 2), "excluded: other-table") in rows
    assert (*at(schemas, "^owner: str | None = None", 3), "unexplained") in rows
    admin = files["app/admin.py"]
    rows = [
        row[1:] for row in accounted(tmp_path, "organizations.owner") if row[0] == "app/admin.py"
    ]
    assert (*at(admin, 'if ^"owner" not in create_org_data'), "CR106 certain") in rows
    assert (*at(admin, 'create_org_data[^"owner"] = user_id'), "CR106 certain") in rows
    assert not [
        row
        for row in rows
        if row[0]
        in (at(admin, '^if "owner" not in data')[0], at(admin, '^data["owner"] = "admin"')[0])
        and "certain" in row[2]
    ]


def _schema_rows(tmp_path: Path, column: str) -> list[tuple[int, int, str]]:
    return [row[1:] for row in accounted(tmp_path, column) if row[0] == "app/schemas.py"]


def test_the_model_class_reached_on_an_object_of_unknown_type_is_likely(tmp_path: Path) -> None:
    """``model = context["model"]`` hands a function the models' module under a name whose
    type nobody wrote: ``model.Task.eta`` reads the attribute of the one class named Task,
    the model of tasks, as a class. That is likely (the class is named, its holder is not
    proven). ``model.Project.eta`` names the other model's class and stays silent, and so
    does ``model.task.eta``, a lower-case attribute that may be anything."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/report.py": """
        def report(context):
            model = context["model"]
            late = model.Session.query(model.Task).filter(model.Task.eta != None)
            projects = model.Session.query(model.Project.eta)
            return late, projects, model.task.eta
    """,
        },
    )
    report = files["app/report.py"]
    refs = [r for r in found(tmp_path, "tasks.eta") if r.path == "app/report.py"]
    assert summary(refs) == [
        ("app/report.py", *at(report, "model.Task.^eta"), "CR102", "likely"),
    ]
    assert "reached as model.Task on an object of unknown type" in refs[0].message


KEYED = """
    from sqlalchemy import DateTime, Integer
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Authority(Base):
        __tablename__ = "authorities"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        not_before: Mapped[DateTime] = mapped_column(DateTime)


    class Certificate(Base):
        __tablename__ = "certificates"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        not_before: Mapped[DateTime] = mapped_column(DateTime)
"""


def test_the_value_of_a_key_spelt_like_the_model_is_likely_the_model(tmp_path: Path) -> None:
    """Lemur's validators read ``data["authority"].not_before`` from a marshmallow load that
    put the Authority there: another model has a not_before, but the key names this one, so
    the read is likely. ``data["certificate"].not_before`` names the other model, and
    ``data["issuer"].not_before`` none: both stay out of the references."""
    files = write(
        tmp_path,
        {
            "app/models.py": KEYED,
            "app/validators.py": """
        def dates(data):
            if data["start"] < data["authority"].not_before:
                raise ValueError("too early")
            return data["certificate"].not_before, data["issuer"].not_before
    """,
        },
    )
    source = files["app/validators.py"]
    refs = [r for r in found(tmp_path, "authorities.not_before") if r.path == "app/validators.py"]
    assert summary(refs) == [
        ("app/validators.py", *at(source, '["authority"].^not_before'), "CR103", "likely"),
    ]
    assert refs[0].message.endswith("the value of the key 'authority'")


def test_the_value_of_an_attribute_spelt_like_the_model_is_likely_the_model(
    tmp_path: Path,
) -> None:
    """privacyIDEA's TokenClass wraps a Token row in ``self.token`` (set from a parameter
    nobody typed): an attribute of the instance spelt like the model, read for its column,
    is likely that model's, as a key spelt so is. ``self.certificate`` names the other model
    that has a not_before and ``self.issuer`` none: both stay out of the references.
    ``other.authority`` is not the instance's own, so the class's code proves nothing of it:
    it is likely only as it is named as the model's instances are (``authority`` for
    ``Authority``), and its finding says so."""
    files = write(
        tmp_path,
        {
            "app/models.py": KEYED,
            "app/wrapper.py": """
        class AuthorityWrapper:
            def __init__(self, db_authority, db_certificate, issuer, other):
                self.authority = db_authority
                self.certificate = db_certificate
                self.issuer = issuer
                self.other = other

            def dates(self):
                return (
                    self.authority.not_before,
                    self.certificate.not_before,
                    self.issuer.not_before,
                    self.other.authority.not_before,
                )
    """,
        },
    )
    source = files["app/wrapper.py"]
    refs = [r for r in found(tmp_path, "authorities.not_before") if r.path == "app/wrapper.py"]
    assert summary(refs) == [
        ("app/wrapper.py", *at(source, "self.authority.^not_before"), "CR103", "likely"),
        ("app/wrapper.py", *at(source, "self.other.authority.^not_before"), "CR103", "likely"),
    ]
    assert refs[0].message.endswith("the value of the attribute .authority")
    assert refs[1].message.endswith(
        "; the object is named authority, as the model's instances are, "
        "though another class has the attribute"
    )


#: Optuna's models: ``study`` (the singular of ``studies``) is spelt like ``StudyModel``
#: without being its class name in snake case (``study_model``), which would make a read on
#: it likely by the object's name alone; another table has a ``direction`` too
STUDIES = """
    from sqlalchemy import Integer, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class StudyModel(Base):
        __tablename__ = "studies"
        study_id: Mapped[int] = mapped_column(Integer, primary_key=True)
        direction: Mapped[str] = mapped_column(String)


    class StudyDirectionModel(Base):
        __tablename__ = "study_directions"
        study_direction_id: Mapped[int] = mapped_column(Integer, primary_key=True)
        direction: Mapped[str] = mapped_column(String)
"""


def test_an_attribute_the_class_also_sets_from_a_call_stays_out(tmp_path: Path) -> None:
    """Near miss: Optuna's tuner keeps ``self.study``, a ``Study`` that ``create_study()``
    makes when none is given; the table ``studies`` has a model ``StudyModel`` with a
    ``direction``, but ``self.study.direction`` is the Study's, no model's. Set from a call
    as well as from the parameter, the attribute says nothing of what it holds."""
    write(
        tmp_path,
        {
            "app/models.py": STUDIES,
            "app/tuner.py": """
        def create_study():
            raise NotImplementedError


        class Tuner:
            def __init__(self, study=None):
                if study is None:
                    self.study = create_study()
                else:
                    self.study = study

            def check(self):
                return self.study.direction
    """,
        },
    )
    refs = [r for r in found(tmp_path, "studies.direction") if r.path == "app/tuner.py"]
    assert refs == []


def test_an_attribute_set_from_a_parameter_only_is_likely(tmp_path: Path) -> None:
    """The same tuner setting ``self.study`` from its parameter alone: the attribute spelt
    like the table holds the model's rows, and the read is likely (by the attribute, not
    by the name of the object, which is not ``study_model``)."""
    files = write(
        tmp_path,
        {
            "app/models.py": STUDIES,
            "app/tuner.py": """
        class Tuner:
            def __init__(self, study):
                self.study = study

            def direction(self):
                return self.study.direction
    """,
        },
    )
    source = files["app/tuner.py"]
    refs = [r for r in found(tmp_path, "studies.direction") if r.path == "app/tuner.py"]
    assert summary(refs) == [
        ("app/tuner.py", *at(source, "self.study.^direction"), "CR103", "likely"),
    ]
    assert refs[0].message.endswith("the value of the attribute .study")


@pytest.mark.parametrize(
    "setter",
    [
        pytest.param(
            "self.study, self.refresh = fetch_study()",
            id="unpacked from a call",
        ),
        pytest.param(
            "study = fetch_study(); self.study = study",
            id="a parameter bound again to a call",
        ),
        pytest.param(
            'setattr(self, "study", fetch_study())',
            id="setattr",
        ),
        pytest.param(
            'object.__setattr__(self, "study", fetch_study())',
            id="object.__setattr__",
        ),
        pytest.param(
            'self.__dict__["study"] = fetch_study()',
            id="the instance's __dict__",
        ),
        pytest.param(
            'vars(self)["study"] = fetch_study()',
            id="vars(self)",
        ),
    ],
)
def test_an_attribute_set_otherwise_than_from_a_parameter_stays_out(
    tmp_path: Path, setter: str
) -> None:
    """Near miss: the class sets ``self.study`` from what a call returned, whatever the
    spelling; what it holds is unknown, so ``self.study.direction`` is no likely
    reference."""
    write(
        tmp_path,
        {
            "app/models.py": STUDIES,
            "app/client.py": f"""
        def fetch_study():
            raise NotImplementedError


        class Client:
            def __init__(self, study=None):
                self.study = study

            def login(self, study=None):
                {setter}

            def check(self):
                return self.study.direction
    """,
        },
    )
    refs = [r for r in found(tmp_path, "studies.direction") if r.path == "app/client.py"]
    assert refs == []


def test_the_wrapped_rows_own_attributes_may_be_set_through_it(tmp_path: Path) -> None:
    """``self.authority.not_before = when`` sets the row's attribute through the attribute,
    it does not set ``self.authority``: the wrapper still holds only what its parameter
    gave it, and both the write and the read are likely the model's (and ``postpone`` and
    ``start``, thin accessors of the column, likely wrappers)."""
    files = write(
        tmp_path,
        {
            "app/models.py": KEYED,
            "app/wrapper.py": """
        class AuthorityWrapper:
            def __init__(self, db_authority):
                self.authority = db_authority

            def postpone(self, when):
                self.authority.not_before = when

            def start(self):
                return self.authority.not_before
    """,
        },
    )
    source = files["app/wrapper.py"]
    refs = [r for r in found(tmp_path, "authorities.not_before") if r.path == "app/wrapper.py"]
    assert summary(refs) == [
        ("app/wrapper.py", *at(source, "def ^postpone"), "CR109", "likely"),
        ("app/wrapper.py", *at(source, "self.authority.^not_before = when"), "CR103", "likely"),
        ("app/wrapper.py", *at(source, "def ^start"), "CR109", "likely"),
        ("app/wrapper.py", *at(source, "return self.authority.^not_before"), "CR103", "likely"),
    ]


def test_reading_the_instances_dict_sets_nothing(tmp_path: Path) -> None:
    """privacyIDEA's TokenClass walks ``self.__dict__`` to print itself: a read of the
    instance's attributes sets none of them, and ``self.authority.not_before`` stays
    likely."""
    files = write(
        tmp_path,
        {
            "app/models.py": KEYED,
            "app/wrapper.py": """
        class AuthorityWrapper:
            def __init__(self, db_authority):
                self.authority = db_authority

            def __str__(self):
                return ", ".join(f"{k}={v}" for k, v in self.__dict__.items())

            def start(self):
                return self.authority.not_before
    """,
        },
    )
    source = files["app/wrapper.py"]
    refs = [r for r in found(tmp_path, "authorities.not_before") if r.path == "app/wrapper.py"]
    assert summary(refs) == [
        ("app/wrapper.py", *at(source, "def ^start"), "CR109", "likely"),
        ("app/wrapper.py", *at(source, "self.authority.^not_before"), "CR103", "likely"),
    ]
