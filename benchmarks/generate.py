"""Build a large synthetic FastAPI + SQLAlchemy project for the reference-scan benchmark.

The tree is many copies of one application shape (a package per domain: SQLAlchemy 2 models in
``Mapped``/``mapped_column`` or classic ``Column`` style, Pydantic schemas, a FastAPI router, a
query service, a repository, and an Alembic migration per table), each copy with its own
tables, models and columns, so that no two files are alike. Everything comes from one seeded
random generator: the same ``--lines`` and ``--seed`` give the same tree, byte for byte.

Two columns are measured, both on the one table named ``tasks``:

- ``tasks.expected_completion_time``, the RARE name: besides ``tasks`` only one sibling table
  (``task_templates``) has a column of that name, and one unrelated module mentions it in a
  comment and a local variable, so it sits in a handful of files;
- ``tasks.status``, the COMMON name: many tables have a ``status`` column and many routers use
  FastAPI's ``status`` module, so it sits in hundreds of files.

The generator records every line where it writes a reference to a ``tasks`` column, so the
benchmark can check the scanner's answer as well as its speed (see :class:`Manifest`).

    python benchmarks/generate.py [DIR] [--lines N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

TARGET_TABLE = "tasks"
RARE_COLUMN = "expected_completion_time"
COMMON_COLUMN = "status"
DEFAULT_LINES = 1_000_000
MIGRATIONS = "migrations/versions/"

#: Chance that a table other than ``tasks`` has a ``status`` column, and that a router uses
#: FastAPI's ``status`` module; together they put ``status`` in several hundred files.
STATUS_COLUMN_RATE = 0.035
STATUS_MODULE_RATE = 0.06


@dataclass(frozen=True)
class Column:
    """A column of the synthetic schema: its Python annotation, SQLAlchemy type and a sample."""

    name: str
    annotation: str
    sa_type: str
    sample: str
    writable: bool = True

    @property
    def nullable(self) -> bool:
        return self.annotation.endswith("| None")

    @property
    def filterable(self) -> bool:
        return self.annotation.split(" ")[0] in {"str", "int", "bool"}

    @property
    def numeric(self) -> bool:
        return self.annotation.split(" ")[0] in {"int", "float"}


COLUMNS = (
    Column("name", "str", "String(120)", '"alpha"'),
    Column("title", "str", "String(200)", '"Quarterly review"'),
    Column("description", "str | None", "Text", '"Imported from the old system"'),
    Column("priority", "int", "Integer", "3"),
    Column("amount", "float", "Numeric(12, 2)", "120.5"),
    Column("currency", "str", "String(3)", '"EUR"'),
    Column("due_date", "date | None", "Date", "date(2024, 1, 31)"),
    Column("is_active", "bool", "Boolean", "True"),
    Column("notes", "str | None", "Text", '"checked twice"'),
    Column("code", "str", "String(32)", '"A-100"'),
    Column("quantity", "int", "Integer", "2"),
    Column("email", "str", "String(254)", '"ops@example.com"'),
    Column("reference", "str", "String(64)", '"REF-1"'),
    Column("archived_at", "datetime | None", "DateTime(timezone=True)", "None"),
    Column("score", "float", "Float", "0.5"),
    Column("external_id", "str | None", "String(64)", '"ext-1"'),
    Column("sort_order", "int", "Integer", "0"),
    Column("label", "str", "String(80)", '"blue"'),
    Column("category", "str", "String(40)", '"general"'),
    Column("region", "str", "String(16)", '"eu-west"'),
    Column("version", "int", "Integer", "1"),
    Column("started_at", "datetime | None", "DateTime(timezone=True)", "None"),
    Column("weight", "float", "Float", "1.25"),
    Column("owner_email", "str | None", "String(254)", '"owner@example.com"'),
    Column("locale", "str", "String(8)", '"en"'),
    Column("retries", "int", "Integer", "0"),
)
STATUS = Column(COMMON_COLUMN, "str", "String(20)", '"open"')
# Computed by the system, never written by clients: no Create schema field, no keyword.
RARE = Column(RARE_COLUMN, "int | None", "Integer", "90", writable=False)
CREATED_AT = Column("created_at", "datetime", "DateTime(timezone=True)", "None", writable=False)

PREFIXES = (
    "account", "archive", "audit", "billing", "booking", "branch", "budget", "campaign",
    "carrier", "catalog", "claim", "client", "contract", "credit", "customer", "delivery",
    "device", "dispatch", "document", "employee", "export", "facility", "field", "fleet",
    "grant", "import", "incident", "inventory", "lab", "lead", "ledger", "loyalty", "market",
    "member", "partner", "patient", "payroll", "pricing", "project", "purchase", "quality",
    "region", "rental", "report", "research", "retail", "review", "route", "sales", "school",
    "service", "site", "store", "supplier", "support", "survey", "team", "tenant", "training",
    "travel", "vendor", "warehouse", "agency", "asset", "broker", "cargo", "clinic", "course",
    "dealer", "donor", "energy", "event", "finance", "freight", "guest", "hotel", "insurance",
    "legal", "lending", "media", "office", "parking", "policy", "portal", "property",
    "studio", "ticket", "venue", "wholesale", "workshop", "youth",
)  # fmt: skip
NOUNS = (
    "account", "adjustment", "alert", "allocation", "approval", "asset", "batch", "charge",
    "checklist", "comment", "contact", "cost", "coupon", "deadline", "deposit", "discount",
    "entry", "estimate", "event", "fee", "form", "goal", "invoice", "item", "job", "label",
    "line", "lot", "message", "milestone", "note", "offer", "order", "package", "payment",
    "period", "plan", "policy", "quote", "rate", "record", "refund", "request", "reservation",
    "rule", "schedule", "shipment", "shift", "slot", "step", "task", "ticket", "transfer",
    "visit",
)  # fmt: skip


@dataclass(frozen=True)
class Entity:
    """One mapped class and its table."""

    cls: str
    table: str
    var: str
    columns: tuple[Column, ...]

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)

    @property
    def writable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.writable)

    @property
    def title(self) -> str:
        return self.var.replace("_", " ")


@dataclass(frozen=True)
class Style:
    """How one domain package is written, so that the copies do not all look alike."""

    classic_columns: bool
    status_module: bool
    async_session: bool


@dataclass
class Manifest:
    """What was generated, and where the references to ``tasks`` columns were planted.

    ``references`` maps a column of ``tasks`` to its ``path:line`` locations (paths relative to
    the tree); ``optional`` holds lines a scanner may or may not report (fields of a ``Create``
    schema, which mirrors the model only loosely); ``decoys`` holds lines that name the column
    but are not references to ``tasks`` (another table's column, a comment, a local variable).
    A reference in a migration is recorded at the column's line, but a scanner may as well
    point at the operation that holds it, so the benchmark matches those by file.
    """

    seed: int
    lines: int = 0
    python_lines: int = 0
    files: int = 0
    python_files: int = 0
    packages: int = 0
    references: dict[str, list[str]] = field(default_factory=dict)
    optional: dict[str, list[str]] = field(default_factory=dict)
    decoys: dict[str, list[str]] = field(default_factory=dict)
    target_files: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(**json.loads(text))


class Source:
    """One file being written: its lines and the references to ``tasks`` it plants."""

    def __init__(self, path: str, manifest: Manifest) -> None:
        self.path = path
        self.lines: list[str] = []
        self.manifest = manifest

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def use(
        self, entity: Entity, columns: Iterable[str], line: str, optional: bool = False
    ) -> None:
        """Add ``line``, which names ``columns`` of ``entity``; record those of ``tasks``."""
        self.lines.append(line)
        if entity.table != TARGET_TABLE:
            return
        book = self.manifest.optional if optional else self.manifest.references
        for column in sorted(set(columns)):
            book.setdefault(column, []).append(f"{self.path}:{len(self.lines)}")

    def decoy(self, column: str, line: str) -> None:
        self.lines.append(line)
        self.manifest.decoys.setdefault(column, []).append(f"{self.path}:{len(self.lines)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# -- models -----------------------------------------------------------------------------------


def models_module(src: Source, package: str, entities: Sequence[Entity], style: Style) -> None:
    src.add(f'"""Database models of the {package.replace("_", " ")} domain."""', "")
    src.add("from __future__ import annotations", "", "from datetime import date, datetime", "")
    src.add(
        "from sqlalchemy import Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, "
        "Numeric, String, Text, func",
        "from sqlalchemy.orm import Mapped, mapped_column, relationship",
        "",
        "from app.db import Base",
    )
    parent = entities[0]
    for entity in entities:
        model_class(src, entity, style, None if entity is parent else parent)


def model_class(src: Source, entity: Entity, style: Style, parent: Entity | None) -> None:
    src.add("", "", f"class {entity.cls}(Base):", f'    """A {entity.title}."""', "")
    src.add(f'    __tablename__ = "{entity.table}"', "")
    if style.classic_columns:
        src.add("    id = Column(Integer, primary_key=True)")
    else:
        src.add("    id: Mapped[int] = mapped_column(Integer, primary_key=True)")
    for column in entity.columns:
        src.use(entity, [column.name], column_declaration(column, style))
    if parent is not None:
        foreign_key(src, entity, parent, style)
    src.add(
        "", "    def __repr__(self) -> str:", f'        return f"<{entity.cls} id={{self.id}}>"'
    )


def column_declaration(column: Column, style: Style) -> str:
    options = ["nullable=True" if column.nullable else "nullable=False"]
    if column.name == "created_at":
        options.append("server_default=func.now()")
    elif column.name == COMMON_COLUMN:
        options += ["default=" + column.sample, "index=True"]
    arguments = ", ".join([column.sa_type, *options])
    if style.classic_columns:
        return f"    {column.name} = Column({arguments})"
    return f"    {column.name}: Mapped[{column.annotation}] = mapped_column({arguments})"


def foreign_key(src: Source, entity: Entity, parent: Entity, style: Style) -> None:
    key = f'ForeignKey("{parent.table}.id", ondelete="CASCADE")'
    if style.classic_columns:
        src.add(f"    {parent.var}_id = Column(Integer, {key}, nullable=False)")
        src.add(f'    {parent.var} = relationship("{parent.cls}")')
    else:
        src.add(f"    {parent.var}_id: Mapped[int] = mapped_column(Integer, {key}, nullable=False)")
        src.add(f'    {parent.var}: Mapped[{parent.cls}] = relationship("{parent.cls}")')


# -- schemas ----------------------------------------------------------------------------------


def schemas_module(src: Source, package: str, entities: Sequence[Entity]) -> None:
    src.add(f'"""Request and response bodies of the {package.replace("_", " ")} API."""', "")
    src.add("from __future__ import annotations", "", "from datetime import date, datetime", "")
    src.add("from pydantic import BaseModel, ConfigDict, Field")
    for entity in entities:
        create_schema(src, entity)
        update_schema(src, entity)
        read_schema(src, entity)


def create_schema(src: Source, entity: Entity) -> None:
    src.add("", "", f"class {entity.cls}Create(BaseModel):")
    src.add(f'    """What a client sends to create a {entity.title}."""', "")
    for column in entity.writable:
        default = " = None" if column.nullable else ""
        if column.annotation == "str":
            default = " = Field(min_length=1)"
        src.use(
            entity, [column.name], f"    {column.name}: {column.annotation}{default}", optional=True
        )


def update_schema(src: Source, entity: Entity) -> None:
    src.add("", "", f"class {entity.cls}Update(BaseModel):")
    src.add(f'    """A partial update of a {entity.title}: absent fields are left alone."""', "")
    for column in entity.writable:
        annotation = column.annotation if column.nullable else f"{column.annotation} | None"
        src.use(entity, [column.name], f"    {column.name}: {annotation} = None", optional=True)


def read_schema(src: Source, entity: Entity) -> None:
    src.add("", "", f"class {entity.cls}Read(BaseModel):")
    src.add(f'    """A {entity.title} as the API returns it."""', "")
    src.add("    model_config = ConfigDict(from_attributes=True)", "", "    id: int")
    for column in entity.columns:
        default = " = None" if column.nullable else ""
        src.use(entity, [column.name], f"    {column.name}: {column.annotation}{default}")


# -- routers ----------------------------------------------------------------------------------


def routers_module(src: Source, package: str, entities: Sequence[Entity], style: Style) -> None:
    src.add(f'"""HTTP routes of the {package.replace("_", " ")} domain."""', "")
    src.add("from __future__ import annotations", "")
    fastapi_names = "APIRouter, Depends, HTTPException" + (
        ", status" if style.status_module else ""
    )
    session_import = (
        "from sqlalchemy.ext.asyncio import AsyncSession"
        if style.async_session
        else "from sqlalchemy.orm import Session"
    )
    src.add(f"from fastapi import {fastapi_names}", "from sqlalchemy import select", session_import)
    src.add("", "from app.db import get_session")
    names = ", ".join(e.cls for e in entities)
    src.add(f"from app.{package}.models import {names}")
    schema_names = ", ".join(f"{e.cls}{s}" for e in entities for s in ("Create", "Read", "Update"))
    src.add(f"from app.{package}.schemas import {schema_names}", "")
    src.add(f'router = APIRouter(prefix="/{package.replace("_", "-")}", tags=["{package}"])')
    for entity in entities:
        Routes(src, entity, style).write()


class Routes:
    """The CRUD routes and a summary payload for one model, sync or async."""

    def __init__(self, src: Source, entity: Entity, style: Style) -> None:
        self.src, self.e, self.style = src, entity, style
        self.path = "/" + entity.table.replace("_", "-")
        self.session = "AsyncSession" if style.async_session else "Session"
        self.aw = "await " if style.async_session else ""
        self.fn = "async def" if style.async_session else "def"

    def code(self, number: int) -> str:
        names = {201: "HTTP_201_CREATED", 204: "HTTP_204_NO_CONTENT", 404: "HTTP_404_NOT_FOUND"}
        return f"status.{names[number]}" if self.style.status_module else str(number)

    def write(self) -> None:
        self.list_route()
        self.get_route()
        self.create_route()
        self.update_route()
        self.delete_route()
        self.summary_route()

    def fetch(self, indent: str = "    ") -> None:
        e = self.e
        self.src.add(f"{indent}{e.var} = {self.aw}session.get({e.cls}, item_id)")
        self.src.add(f"{indent}if {e.var} is None:")
        self.src.add(
            f"{indent}    raise HTTPException(status_code={self.code(404)}, "
            f'detail="{e.title} not found")'
        )

    def list_route(self) -> None:
        e, src = self.e, self.src
        column = next((c for c in e.columns if c.filterable), None)
        src.add("", "", f'@router.get("{self.path}", response_model=list[{e.cls}Read])')
        params = f"session: {self.session} = Depends(get_session)"
        if column is not None:
            params = f"{column.name}: {column.annotation.split(' ')[0]} | None = None, {params}"
        src.add(f"{self.fn} list_{e.table}({params}) -> list[{e.cls}]:")
        src.add(f"    query = select({e.cls}).order_by({e.cls}.id)")
        if column is not None:
            src.add(f"    if {column.name} is not None:")
            src.use(
                e,
                [column.name],
                f"        query = query.where({e.cls}.{column.name} == {column.name})",
            )
        src.add(f"    return list({self.aw}session.scalars(query))")

    def get_route(self) -> None:
        e, src = self.e, self.src
        src.add("", "", f'@router.get("{self.path}/{{item_id}}", response_model={e.cls}Read)')
        src.add(
            f"{self.fn} get_{e.var}(item_id: int, session: {self.session} = Depends(get_session)) -> {e.cls}:"
        )
        self.fetch()
        src.add(f"    return {e.var}")

    def create_route(self) -> None:
        e, src = self.e, self.src
        src.add("", "")
        src.add(
            f'@router.post("{self.path}", response_model={e.cls}Read, status_code={self.code(201)})'
        )
        src.add(
            f"{self.fn} create_{e.var}(payload: {e.cls}Create, "
            f"session: {self.session} = Depends(get_session)) -> {e.cls}:"
        )
        src.add(f"    {e.var} = {e.cls}(**payload.model_dump())", f"    session.add({e.var})")
        src.add(f"    {self.aw}session.commit()", f"    {self.aw}session.refresh({e.var})")
        src.add(f"    return {e.var}")

    def update_route(self) -> None:
        e, src = self.e, self.src
        src.add("", "", f'@router.patch("{self.path}/{{item_id}}", response_model={e.cls}Read)')
        src.add(f"{self.fn} update_{e.var}(")
        src.add(
            f"    item_id: int, payload: {e.cls}Update, session: {self.session} = Depends(get_session)"
        )
        src.add(f") -> {e.cls}:")
        self.fetch()
        src.add("    for key, value in payload.model_dump(exclude_unset=True).items():")
        src.add(f"        setattr({e.var}, key, value)")
        src.add(f"    {self.aw}session.commit()", f"    return {e.var}")

    def delete_route(self) -> None:
        e, src = self.e, self.src
        src.add("", "", f'@router.delete("{self.path}/{{item_id}}", status_code={self.code(204)})')
        src.add(
            f"{self.fn} delete_{e.var}(item_id: int, session: {self.session} = Depends(get_session)) -> None:"
        )
        self.fetch()
        src.add(f"    {self.aw}session.delete({e.var})", f"    {self.aw}session.commit()")

    def summary_route(self) -> None:
        e, src = self.e, self.src
        src.add("", "", f'@router.get("{self.path}/{{item_id}}/summary")')
        src.add(
            f"{self.fn} summarize_{e.var}(item_id: int, "
            f"session: {self.session} = Depends(get_session)) -> dict[str, object]:"
        )
        self.fetch()
        src.add("    return {", f'        "id": {e.var}.id,')
        for column in e.columns:
            src.use(e, [column.name], f'        "{column.name}": {e.var}.{column.name},')
        src.add("    }")


# -- services and repositories ----------------------------------------------------------------


def services_module(
    src: Source,
    package: str,
    entities: Sequence[Entity],
    plan: Sequence[tuple[Entity, str, Column]],
) -> None:
    """Query functions: ``plan`` lists (entity, kind of function, column) to write."""
    src.add(f'"""Queries and bulk operations of the {package.replace("_", " ")} domain."""', "")
    src.add("from __future__ import annotations", "")
    src.add("from sqlalchemy import func, select, update", "from sqlalchemy.orm import Session", "")
    src.add(f"from app.{package}.models import {', '.join(e.cls for e in entities)}")
    repositories = ", ".join(f"{e.cls}Repository" for e in entities)
    src.add(f"from app.{package}.repository import {repositories}")
    for entity, kind, column in plan:
        SERVICES[kind](src, entity, column)


def filter_service(src: Source, e: Entity, c: Column) -> None:
    base = c.annotation.split(" ")[0]
    src.add("", "", f"def {e.table}_by_{c.name}(session: Session, value: {base}) -> list[{e.cls}]:")
    src.add(f'    """Every {e.title} whose {c.name} is ``value``, oldest first."""')
    src.use(
        e,
        [c.name],
        f"    query = select({e.cls}).where({e.cls}.{c.name} == value).order_by({e.cls}.id)",
    )
    src.add("    return list(session.scalars(query))")


def count_service(src: Source, e: Entity, c: Column) -> None:
    src.add("", "", f"def count_{e.table}_by_{c.name}(session: Session) -> dict[object, int]:")
    src.add(f'    """How many {e.title} rows there are for each {c.name}."""')
    src.use(
        e,
        [c.name, c.name],
        f"    query = select({e.cls}.{c.name}, func.count({e.cls}.id)).group_by({e.cls}.{c.name})",
    )
    src.add("    return {value: total for value, total in session.execute(query)}")


def latest_service(src: Source, e: Entity, c: Column) -> None:
    src.add("", "", f"def latest_{e.table}(session: Session, limit: int = 20) -> list[{e.cls}]:")
    src.use(
        e, [c.name], f"    query = select({e.cls}).order_by({e.cls}.{c.name}.desc()).limit(limit)"
    )
    src.add("    return list(session.scalars(query))")


def bulk_service(src: Source, e: Entity, c: Column) -> None:
    base = c.annotation.split(" ")[0]
    src.add(
        "",
        "",
        f"def set_{e.table}_{c.name}(session: Session, ids: list[int], value: {base}) -> None:",
    )
    src.add(f"    statement = update({e.cls}).where({e.cls}.id.in_(ids))")
    src.use(e, [c.name], f"    session.execute(statement.values({c.name}=value))")
    src.add("    session.commit()")


def export_service(src: Source, e: Entity, c: Column) -> None:
    columns = [c, *[other for other in e.columns if other is not c][:2]]
    src.add("", "", f"def export_{e.table}(session: Session) -> list[dict[str, object]]:")
    src.add("    rows: list[dict[str, object]] = []")
    src.add(f"    for {e.var} in session.scalars(select({e.cls}).order_by({e.cls}.id)):")
    src.add(f'        row: dict[str, object] = {{"id": {e.var}.id}}')
    for column in columns:
        src.use(e, [column.name], f'        row["{column.name}"] = {e.var}.{column.name}')
    src.add("        rows.append(row)", "    return rows")


def total_service(src: Source, e: Entity, c: Column) -> None:
    src.add("", "", f"def total_{c.name}_of_{e.table}(session: Session) -> float:")
    src.add("    total = 0.0")
    src.add(f"    for {e.var} in session.scalars(select({e.cls})):")
    src.use(e, [c.name], f"        total += {e.var}.{c.name} or 0")
    src.add("    return total")


def create_service(src: Source, e: Entity, c: Column) -> None:
    others = [o for o in e.writable if o is not c and not o.nullable][:2]
    arguments = [f"{o.name}={o.sample}" for o in [c, *others]]
    src.add("", "", f"def new_{e.var}(session: Session) -> {e.cls}:")
    src.add(f'    """A {e.title} with the defaults the importer expects."""')
    src.use(e, [o.name for o in [c, *others]], f"    {e.var} = {e.cls}({', '.join(arguments)})")
    src.add(f"    session.add({e.var})", f"    return {e.var}")


def touch_service(src: Source, e: Entity, c: Column) -> None:
    src.add("", "", f"def reset_{e.var}_{c.name}(session: Session, item_id: int) -> bool:")
    src.add(
        f"    {e.var} = session.get({e.cls}, item_id)",
        f"    if {e.var} is None:",
        "        return False",
    )
    src.use(e, [c.name], f"    {e.var}.{c.name} = {c.sample}")
    src.add("    session.commit()", "    return True")


def repository_service(src: Source, e: Entity, c: Column) -> None:
    src.add("", "", f"def {e.var}_{c.name}(session: Session, item_id: int) -> object:")
    src.add(f"    {e.var} = {e.cls}Repository(session).get(item_id)")
    src.use(e, [c.name], f"    return None if {e.var} is None else {e.var}.{c.name}")


SERVICES = {
    "filter": filter_service,
    "count": count_service,
    "latest": latest_service,
    "bulk": bulk_service,
    "export": export_service,
    "total": total_service,
    "create": create_service,
    "touch": touch_service,
    "repository": repository_service,
}


def fits(kind: str, column: Column) -> bool:
    """Whether a service of ``kind`` makes sense for ``column``."""
    if kind in {"filter", "count"}:
        return column.filterable
    if kind == "total":
        return column.numeric
    if kind in {"bulk", "create", "touch"}:
        return column.writable and column.filterable and not column.nullable
    return True


def repository_module(src: Source, package: str, entities: Sequence[Entity]) -> None:
    src.add(
        f'"""Data access for the {package.replace("_", " ")} domain, one class per model."""', ""
    )
    src.add("from __future__ import annotations", "")
    src.add("from sqlalchemy import select", "from sqlalchemy.orm import Session", "")
    src.add(f"from app.{package}.models import {', '.join(e.cls for e in entities)}")
    for e in entities:
        src.add(
            "", "", f"class {e.cls}Repository:", f'    """Loads and stores {e.title} rows."""', ""
        )
        src.add(
            "    def __init__(self, session: Session) -> None:",
            "        self.session = session",
            "",
        )
        src.add(f"    def get(self, item_id: int) -> {e.cls} | None:")
        src.add(f"        return self.session.get({e.cls}, item_id)", "")
        src.add(f"    def page(self, offset: int, limit: int = 50) -> list[{e.cls}]:")
        src.add(f"        query = select({e.cls}).order_by({e.cls}.id).offset(offset).limit(limit)")
        src.add("        return list(self.session.scalars(query))", "")
        src.add(f"    def add(self, {e.var}: {e.cls}) -> {e.cls}:")
        src.add(
            f"        self.session.add({e.var})",
            "        self.session.flush()",
            f"        return {e.var}",
        )


# -- migrations -------------------------------------------------------------------------------


def migration_module(src: Source, entity: Entity, revision: str, down: str | None) -> None:
    src.add(f'"""Create {entity.table}.', "", f"Revision ID: {revision}", f"Revises: {down or '-'}")
    src.add('"""', "", "import sqlalchemy as sa", "from alembic import op", "")
    src.add(
        f'revision = "{revision}"', f"down_revision = {json.dumps(down)}".replace("null", "None")
    )
    src.add("branch_labels = None", "depends_on = None", "", "")
    src.add("def upgrade() -> None:", "    op.create_table(", f'        "{entity.table}",')
    src.add('        sa.Column("id", sa.Integer(), nullable=False),')
    for column in entity.columns:
        line = (
            f'        sa.Column("{column.name}", sa.{column.sa_type}, nullable={column.nullable}),'
        )
        src.use(entity, [column.name], line)
    src.add('        sa.PrimaryKeyConstraint("id"),', "    )", "", "")
    src.add("def downgrade() -> None:", f'    op.drop_table("{entity.table}")')


# -- the tree ---------------------------------------------------------------------------------


class Generator:
    """Writes domain packages until the tree holds the requested number of lines."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.manifest = Manifest(seed=seed)
        self.names = [(p, n) for p in PREFIXES for n in NOUNS]
        self.rng.shuffle(self.names)
        self.used: set[str] = {TARGET_TABLE, "task_templates", "task_comments"}
        self.revision: str | None = None
        self.packages: list[str] = []

    def run(self, lines: int) -> Manifest:
        self.root.mkdir(parents=True, exist_ok=True)
        self.write_project_files()
        self.write_package(
            TARGET_TABLE, self.target_entities(), Style(False, True, False), target=True
        )
        while self.manifest.python_lines < lines:
            entities = self.random_entities()
            self.write_package(entities[0].table, entities, self.random_style())
        self.write_app_main()
        return self.manifest

    def write(self, src: Source) -> None:
        path = self.root / src.path
        path.parent.mkdir(parents=True, exist_ok=True)
        text = src.text()
        path.write_text(text, encoding="utf-8")
        count = text.count("\n")
        self.manifest.files += 1
        self.manifest.lines += count
        if src.path.endswith(".py"):
            self.manifest.python_files += 1
            self.manifest.python_lines += count

    def source(self, path: str) -> Source:
        return Source(path, self.manifest)

    def write_project_files(self) -> None:
        pyproject = self.source("pyproject.toml")
        pyproject.add("[project]", 'name = "synthetic-app"', 'version = "0.0.0"', "")
        pyproject.add("[tool.colretire]", 'source = ["."]')
        self.write(pyproject)
        alembic_ini = self.source("alembic.ini")
        alembic_ini.add("[alembic]", "script_location = migrations")
        self.write(alembic_ini)
        db = self.source("app/db.py")
        db.add('"""The declarative base and the session dependency."""', "")
        db.add("from collections.abc import Iterator", "")
        db.add(
            "from sqlalchemy import create_engine",
            "from sqlalchemy.orm import DeclarativeBase, Session",
            "",
        )
        db.add('engine = create_engine("sqlite:///app.db")', "", "")
        db.add("class Base(DeclarativeBase):", "    pass", "", "")
        db.add("def get_session() -> Iterator[Session]:", "    with Session(engine) as session:")
        db.add("        yield session")
        self.write(db)
        self.write(self.source("app/__init__.py"))
        env = self.source("migrations/env.py")
        env.add('"""Alembic environment: migrations run against the models\' metadata."""', "")
        env.add("from app.db import Base", "", "target_metadata = Base.metadata")
        self.write(env)

    def write_app_main(self) -> None:
        src = self.source("app/main.py")
        src.add('"""The application: every domain\'s router, mounted once."""', "")
        src.add("from fastapi import FastAPI", "")
        for package in self.packages:
            src.add(f"from app.{package}.routers import router as {package}_router")
        src.add("", 'app = FastAPI(title="synthetic")')
        for package in self.packages:
            src.add(f"app.include_router({package}_router)")
        self.write(src)

    def target_entities(self) -> list[Entity]:
        """``tasks`` and two siblings; ``task_templates`` shares the rare column's name."""
        pool = [
            c
            for c in COLUMNS
            if c.name in {"title", "priority", "due_date", "notes", "owner_email"}
        ]
        task = Entity("Task", TARGET_TABLE, "task", (*pool, STATUS, RARE, CREATED_AT))
        template = Entity(
            "TaskTemplate", "task_templates", "task_template", (pool[0], RARE, pool[1])
        )
        comment = Entity(
            "TaskComment", "task_comments", "task_comment", (pool[3], STATUS, CREATED_AT)
        )
        return [task, template, comment]

    def random_entities(self) -> list[Entity]:
        return [self.random_entity() for _ in range(self.rng.choice((2, 3, 3, 4)))]

    def random_entity(self) -> Entity:
        prefix, noun = self.names.pop() if self.names else (f"x{len(self.used)}", "record")
        table = f"{prefix}_{noun}s"
        while table in self.used:
            table = f"{prefix}_{noun}s_{len(self.used)}"
        self.used.add(table)
        var = table.removesuffix("s") if table.endswith("s") else f"{table}_row"
        cls = "".join(part.capitalize() for part in var.split("_"))
        columns = self.rng.sample(COLUMNS, self.rng.randint(5, 11))
        if self.rng.random() < STATUS_COLUMN_RATE:
            columns.insert(self.rng.randint(0, len(columns)), STATUS)
        if self.rng.random() < 0.6:
            columns.append(CREATED_AT)
        return Entity(cls, table, var, tuple(columns))

    def random_style(self) -> Style:
        rng = self.rng
        return Style(rng.random() < 0.3, rng.random() < STATUS_MODULE_RATE, rng.random() < 0.25)

    def service_plan(
        self, entities: Sequence[Entity], target: bool
    ) -> list[tuple[Entity, str, Column]]:
        if target:  # a few deliberate uses of both measured columns, and of the look-alike
            task, template = entities[0], entities[1]
            plan = [(task, kind, RARE) for kind in ("filter", "latest", "export", "repository")]
            plan += [(task, kind, STATUS) for kind in ("count", "bulk", "touch", "create")]
            return plan + [(template, kind, RARE) for kind in ("filter", "export")]
        plan = []
        for entity in entities:
            for kind in self.rng.sample(sorted(SERVICES), self.rng.randint(3, 6)):
                candidates = [c for c in entity.columns if fits(kind, c)]
                if candidates:
                    plan.append((entity, kind, self.rng.choice(candidates)))
        return plan

    def write_package(
        self, package: str, entities: list[Entity], style: Style, target: bool = False
    ) -> None:
        self.packages.append(package)
        base = f"app/{package}"
        files = []
        for name, writer in (
            ("models", lambda s: models_module(s, package, entities, style)),
            ("schemas", lambda s: schemas_module(s, package, entities)),
            ("routers", lambda s: routers_module(s, package, entities, style)),
            ("repository", lambda s: repository_module(s, package, entities)),
            (
                "services",
                lambda s: services_module(
                    s, package, entities, self.service_plan(entities, target)
                ),
            ),
        ):
            src = self.source(f"{base}/{name}.py")
            writer(src)
            files.append(src)
        files.append(self.source(f"{base}/__init__.py"))
        if len(self.packages) == 2:
            files.append(self.decoy_module(base))
        files += [self.migration(entity) for entity in entities]
        for src in files:
            self.write(src)
        if target:
            self.manifest.target_files = [src.path for src in files]
        self.manifest.packages += 1

    def migration(self, entity: Entity) -> Source:
        revision = f"{self.rng.getrandbits(48):012x}"
        src = self.source(f"{MIGRATIONS}{revision}_create_{entity.table}.py")
        migration_module(src, entity, revision, self.revision)
        self.revision = revision
        return src

    def decoy_module(self, base: str) -> Source:
        """The rare name in a comment and a local variable, far from ``tasks``."""
        src = self.source(f"{base}/estimates.py")
        src.add('"""Rough planning estimates for the importer."""', "", "")
        src.add("def estimate_minutes(hours: float, buffer: float = 0.2) -> int:")
        src.decoy(
            RARE_COLUMN,
            f"    # Not {TARGET_TABLE}.{RARE_COLUMN}: that one is computed by the planner.",
        )
        src.decoy(RARE_COLUMN, f"    {RARE_COLUMN} = int(hours * 60 * (1 + buffer))")
        src.decoy(RARE_COLUMN, f"    return {RARE_COLUMN}")
        return src


def generate(root: Path, lines: int = DEFAULT_LINES, seed: int = 0) -> Manifest:
    """Write the synthetic project into ``root`` (which should be empty) and describe it."""
    return Generator(root, seed).run(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        help="where to write (default: a new temporary directory)",
    )
    parser.add_argument(
        "--lines", type=int, default=DEFAULT_LINES, help="at least this many lines of Python"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--manifest", type=Path, help="also write the manifest (JSON) to this file")
    args = parser.parse_args(argv)
    root = args.directory or Path(tempfile.mkdtemp(prefix="colretire-tree-"))
    if root.exists() and any(root.iterdir()):
        parser.error(f"{root} is not empty; give an empty or new directory")
    manifest = generate(root, args.lines, args.seed)
    if args.manifest:
        args.manifest.write_text(manifest.to_json(), encoding="utf-8")
    print(
        f"{root}: {manifest.python_lines:,} lines of Python in {manifest.python_files:,} files, "
        f"{manifest.packages:,} domain packages"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
