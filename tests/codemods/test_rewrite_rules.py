"""``colretire rewrite`` end to end on small apps in the shapes where it once changed more
than it meant to: schemas of other models, filters of a bulk update, likely names in
``exclude={...}``, a file with syntax newer than the running Python.

Each runs the finder, then ``rewrite --write``, then checks the files, the report, and (for
the queries) that the statements touch the same rows as before, on SQLite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from click.testing import CliRunner, Result

from colretire.cli import main
from colretire.model import Confidence, Reference, ReferenceKind
from tests.codemods.helpers import at, code, rewrite_source

K = ReferenceKind
PYPROJECT = """\
[project]
name = "desk"
version = "0.1.0"

[tool.colretire]
source = ["app"]
"""


def make(root: Path, files: dict[str, str]) -> Path:
    for path, text in {"pyproject.toml": PYPROJECT, "app/__init__.py": "", **files}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def rewrite(root: Path, column: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), "rewrite", column, *args])


# --- schemas of other models -------------------------------------------------------------

INCIDENTS = {
    "app/models.py": """
        from datetime import datetime

        from sqlalchemy import DateTime, Integer, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class Incident(Base):
            __tablename__ = "incident"

            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            title: Mapped[str] = mapped_column(String(200))
            created_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


        class Ticket(Base):
            __tablename__ = "tickets"

            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            created_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    """,
    "app/schemas.py": """
        from datetime import datetime

        from pydantic import BaseModel, ConfigDict


        class IncidentRead(BaseModel):
            model_config = ConfigDict(from_attributes=True)

            id: int
            title: str
            created_at: datetime | None = None


        class TicketRead(BaseModel):
            model_config = ConfigDict(from_attributes=True)

            id: int
            created_at: datetime | None = None


        class AuditEntry(BaseModel):
            message: str
            created_at: datetime
    """,
    "app/service.py": """
        from typing import Any

        from app.models import Incident, Ticket
        from app.schemas import IncidentRead, TicketRead


        def incident_out(incident: Incident) -> IncidentRead:
            return IncidentRead.model_validate(incident)


        def ticket_out(ticket: Ticket) -> dict[str, Any]:
            return TicketRead.model_validate(ticket).model_dump(exclude={"created_at"})


        def summary(row: Any) -> dict[str, Any]:
            return row.model_dump(exclude={"id", "created_at"})
    """,
}


def test_only_the_schema_proven_to_mirror_the_model_loses_its_field(tmp_path: Path) -> None:
    root = make(tmp_path, INCIDENTS)
    result = rewrite(root, "incident.created_at", "--write", "--include-likely")
    assert result.exit_code == 0, result.output
    schemas = (root / "app/schemas.py").read_text()
    assert "    title: str\n\n\nclass TicketRead" in schemas  # IncidentRead's field went
    assert "    id: int\n    created_at: datetime | None = None\n" in schemas  # TicketRead's
    assert "    message: str\n    created_at: datetime\n" in schemas  # AuditEntry's
    assert (root / "app/service.py").read_text() == code(INCIDENTS["app/service.py"])
    assert "created_at" not in (root / "app/models.py").read_text().split("class Ticket")[0]


def test_likely_names_in_an_exclude_set_or_a_class_body_are_never_removed() -> None:
    """Even with --include-likely: excluding a field of an object that may be another
    model's, or a field of a class that may mirror another model, is that class's own."""
    source = code(
        """
        class TicketRead(BaseModel):
            id: int
            created_at: datetime | None = None


        def summary(row):
            return row.model_dump(exclude={"id", "created_at"})


        FIELDS = ["id", "created_at"]
        """
    )
    uses = [
        ("^created_at: datetime", K.SCHEMA_FIELD, Confidence.LIKELY),
        ('^"created_at"}', K.STRING, Confidence.LIKELY),
        ('^"created_at"]', K.STRING, Confidence.LIKELY),
    ]
    result, plan = rewrite_source(source, uses, column="incident.created_at", include_likely=True)
    assert result == source.replace('FIELDS = ["id", "created_at"]', 'FIELDS = ["id"]')
    assert [m.reason for m in plan.manual] == [
        "a field of a class not proven to mirror the model: never removed",
        "a name passed as exclude= to an object not proven to be the model: never removed",
    ]
    assert [n.text for n in plan.notes] == ["CR100 removed although only likely: a use"]


# --- which rows a statement touches ------------------------------------------------------

ORDERS = {
    "app/models.py": """
        from sqlalchemy import Integer, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class Order(Base):
            __tablename__ = "orders"

            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            status: Mapped[str] = mapped_column(String(20), default="open")
            discount_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """,
    "app/orders.py": """
        from sqlalchemy import delete, select, update
        from sqlalchemy.orm import Session

        from app.models import Order


        def create(session: Session, discount: int | None) -> Order:
            order = Order(status="open", discount_percent=discount)
            session.add(order)
            return order


        def close_discounted(session: Session) -> int:
            stmt = select(Order.id).where(Order.status == "open", Order.discount_percent > 0)
            ids = session.scalars(stmt).all()
            session.execute(update(Order).where(Order.id.in_(ids)).values(status="closed"))
            return len(ids)


        def expire(session: Session) -> int:
            return session.query(Order).filter(Order.discount_percent > 10).update({"status": "expired"})


        def purge(session: Session) -> int:
            stmt = delete(Order).where(Order.discount_percent.is_(None), Order.status == "void")
            return session.execute(stmt).rowcount


        def listing(session: Session) -> list[int]:
            stmt = select(Order.id).order_by(Order.discount_percent.desc(), Order.id)
            return list(session.scalars(stmt))
    """,
}
EXERCISE = """
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app import orders
from app.models import Base

engine = sa.create_engine("sqlite://")
Base.metadata.create_all(engine)
with Session(engine) as session:
    session.execute(
        sa.text(
            "INSERT INTO orders (id, status, discount_percent) VALUES (1, 'void', NULL), "
            "(2, 'void', 0), (3, 'open', 5), (4, 'open', 20), (5, 'open', 30), (6, 'open', NULL)"
        )
    )
    print(orders.expire(session), orders.close_discounted(session), orders.purge(session))
    print(sorted(orders.listing(session)))
"""


def exercise(root: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", EXERCISE], cwd=root, capture_output=True, text=True, check=True
    )
    return run.stdout


def test_conditions_stay_marked_and_the_same_rows_are_touched(tmp_path: Path) -> None:
    root = make(tmp_path, ORDERS)
    before = exercise(root)
    assert before == "2 1 1\n[2, 3, 4, 5, 6]\n"  # expired 2, closed 1, purged 1
    result = rewrite(root, "orders.discount_percent", "--write")
    assert result.exit_code == 0, result.output
    assert exercise(root) == before
    written = (root / "app/orders.py").read_text()
    note = "# colretire: uses orders.discount_percent; remove by hand"
    for statement in (
        'stmt = select(Order.id).where(Order.status == "open", Order.discount_percent > 0)',
        "return session.query(Order).filter(Order.discount_percent > 10).update(",
        'stmt = delete(Order).where(Order.discount_percent.is_(None), Order.status == "void")',
    ):
        assert f"    {note}\n    {statement}" in written
    held = "# colretire: remove orders.discount_percent once the uses marked for a person are gone"
    assert f'    {held}\n    order = Order(status="open", discount_percent=discount)\n' in written
    assert "    stmt = select(Order.id).order_by(Order.id)\n" in written
    lines = written.splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if text in line)

    def at(text: str) -> str:
        """``line:col`` of the column's name in the line holding ``text``."""
        line = line_of(text)
        return f"{line}:{lines[line - 1].index('discount_percent') + 1}"

    assert result.stderr.splitlines()[1:] == [
        f"app/orders.py:{line_of('order_by(Order.id)')}:44: CR102 removed from an order_by: "
        "the rows may come in another order",
        "app/models.py:15:5: CR101 left for a person (marked): the model attribute stays until "
        "the 3 use(s) left for a person are removed; then run rewrite again",
        f"app/orders.py:{at('order = Order(')}: CR104 left for a person (marked): a write of the "
        "column stays while 3 read(s) of it are left for a person (they would see no value in "
        "new rows); then run rewrite again",
        f"app/orders.py:{at('.where(Order.status')}: CR102 left for a person (marked): "
        "a condition of a query: removing it would change which rows it reads",
        f"app/orders.py:{at('.filter(Order.discount')}: CR102 left for a person (marked): "
        "a condition of an UPDATE: removing it would change which rows it updates",
        f"app/orders.py:{at('stmt = delete(')}: CR102 left for a person (marked): "
        "a condition of a DELETE: removing it would change which rows it deletes",
    ]
    again = rewrite(root, "orders.discount_percent", "--write")
    assert (again.exit_code, again.stdout) == (0, "")


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("q = select(Order).where(Order.discount_percent > 0)", "reads"),
        ("q = session.query(Order).filter(Order.discount_percent.in_([5, 10]))", "reads"),
        ("q = session.query(Order).filter_by(discount_percent=5).all()", "reads"),
        ("q = select(Order).where(and_(Order.id > 3, Order.discount_percent > 0))", "reads"),
        ("q = select(Order).where(or_(Order.id > 3, ~Order.discount_percent.is_(None)))", "reads"),
        ("q = select(Shop).join(Order, Order.discount_percent == Shop.discount)", "reads"),
        ("q = select(Order).having(func.max(Order.discount_percent) > 3)", "reads"),
        ("q = update(Order).where(Order.discount_percent > 0).values(status='x')", "updates"),
        ("q = session.query(Order).filter(Order.discount_percent > 0).delete()", "deletes"),
        ("q = Order.__table__.delete().where(Order.discount_percent == 0)", "deletes"),
    ],
)
def test_every_condition_is_marked_with_what_it_decides(statement: str, reason: str) -> None:
    source = f"def run(session):\n    {statement}\n"
    line, col = at(source, "^discount_percent")
    kind = K.KEYWORD if "filter_by" in statement else K.CLASS_ATTRIBUTE
    use = Reference("app/m.py", line, col, kind, Confidence.CERTAIN, "CR102", "a use")
    from colretire.codemods.plan import plan_module

    plan = plan_module(cst.parse_module(source), [use], column="orders.discount_percent")
    what = {"reads": "a query", "updates": "an UPDATE", "deletes": "a DELETE"}[reason]
    assert [(m.reason, m.marked) for m in plan.manual] == [
        (f"a condition of {what}: removing it would change which rows it {reason}", True)
    ]
    assert plan.removed == ()


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        (
            "q = select(Order.status).group_by(Order.status, Order.discount_percent)",
            "a group_by term of a query: removing it would change which rows it returns",
        ),
        (
            "q = select(Order.id, Order.discount_percent)",
            "selected by a query: removing it would change what the query returns",
        ),
        (
            "q = session.execute(update(Order).values(discount_percent=None))",
            "the only value the statement sets: removing it would leave it none",
        ),
        ('q = ", ".join([Order.discount_percent])', "collected in a list, tuple or set"),
        ("q = os.path.join(root, Order.discount_percent)", "passed to a function"),
    ],
)
def test_other_query_uses_say_what_they_do(statement: str, reason: str) -> None:
    source = f"def run(session):\n    {statement}\n"
    line, col = at(source, "^discount_percent")
    kind = K.KEYWORD if "values(" in statement else K.CLASS_ATTRIBUTE
    use = Reference("app/m.py", line, col, kind, Confidence.CERTAIN, "CR102", "a use")
    from colretire.codemods.plan import plan_module

    plan = plan_module(cst.parse_module(source), [use], column="orders.discount_percent")
    assert [m.reason for m in plan.manual] == [reason]


# --- a file the running Python cannot compile -------------------------------------------

NEWER = {
    "app/models.py": ORDERS["app/models.py"],
    "app/orders.py": """
        from app.models import Order


        def create(discount: int | None) -> Order:
            return Order(status="open", discount_percent=discount)
    """,
    "app/generic.py": """
        type Discounts = dict[int, int]  # Python 3.12: a type statement


        def discount_percent[T](orders: list[T]) -> list[T]:
            return orders
    """,
}


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the syntax is new to Python 3.12")
def test_a_file_with_newer_syntax_is_left_alone_and_the_others_are_written(
    tmp_path: Path,
) -> None:
    root = make(tmp_path, NEWER)
    result = rewrite(root, "orders.discount_percent", "--write")
    assert result.exit_code == 0, result.output
    assert (root / "app/generic.py").read_text() == code(NEWER["app/generic.py"])
    assert 'return Order(status="open")\n' in (root / "app/orders.py").read_text()
    assert "discount_percent" in (root / "app/models.py").read_text()  # its uses are unknown
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    lines = result.stderr.splitlines()
    assert lines[0] == "removed 1 reference(s) to orders.discount_percent in 2 file(s)"
    assert lines[1].startswith("app/generic.py:1:6: CR001 left for a person (not marked): ")
    assert lines[1].endswith(f"under Python {python}: it is left as it is")
    assert lines[2] == (
        "app/models.py:15:5: CR101 left for a person (marked): the model attribute stays until "
        "the 1 file(s) that do not compile are read (their uses are unknown); then run "
        "rewrite again"
    )


# --- a SQLModel table whose bases live elsewhere ------------------------------------------

COMPONENTS = {
    "app/schemas/base.py": """
        from datetime import datetime
        from uuid import UUID, uuid4

        from sqlmodel import Field, SQLModel


        class BaseSchema(SQLModel):
            id: UUID = Field(default_factory=uuid4, primary_key=True)
            created: datetime = Field(default_factory=datetime.utcnow)


        class NamedSchema(BaseSchema):
            name: str
    """,
    "app/schemas/component.py": """
        from typing import Optional

        from app.schemas.base import NamedSchema


        class StackComponentSchema(NamedSchema, table=True):
            __tablename__ = "stack_component"

            type: str
            labels: Optional[bytes]
            component_spec_path: Optional[str]

            @classmethod
            def from_request(
                cls, name: str, type: str, spec_path: Optional[str]
            ) -> "StackComponentSchema":
                return cls(name=name, type=type, component_spec_path=spec_path)
    """,
}


def test_a_sqlmodel_column_declared_on_a_table_built_on_bases_elsewhere_is_removed(
    tmp_path: Path,
) -> None:
    """The table class is a SQLModel table through ``NamedSchema``, whose file names no table
    and declares no ``Column``. Its bare ``Optional[str]`` annotation is a nullable column:
    inserts survive without it, so the rewrite removes it with the keyword that fills it,
    rather than refusing for want of a definition."""
    root = make(tmp_path, COMPONENTS)
    result = rewrite(root, "stack_component.component_spec_path", "--write")
    assert result.exit_code == 0, result.output
    written = (root / "app/schemas/component.py").read_text()
    assert "component_spec_path" not in written
    assert "    labels: Optional[bytes]\n\n    @classmethod\n" in written
    assert "        return cls(name=name, type=type)\n" in written
    compile(written, "app/schemas/component.py", "exec")
    assert result.stderr.splitlines()[0] == (
        "removed 2 reference(s) to stack_component.component_spec_path in 1 file(s)"
    )
    again = rewrite(root, "stack_component.component_spec_path", "--write")
    assert (again.exit_code, again.stdout) == (0, "")


# --- a schema field still read -----------------------------------------------------------

PROMPTS = {
    "app/models.py": """
        from typing import Optional

        from pydantic import BaseModel, ConfigDict
        from sqlalchemy import JSON, Column, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Prompt(Base):
            __tablename__ = "prompt"

            command = Column(String, primary_key=True)
            title = Column(String)
            access_control = Column(JSON, nullable=True)


        class PromptModel(BaseModel):
            model_config = ConfigDict(from_attributes=True)

            command: str
            title: str
            access_control: Optional[dict] = None


        class PromptUserResponse(PromptModel):
            owner: str = ""


        def listed(prompts: list[Prompt]) -> list[PromptModel]:
            return [PromptModel.model_validate(prompt) for prompt in prompts]


        def readable(prompts: list[PromptUserResponse], user: str) -> list[PromptUserResponse]:
            return [p for p in prompts if has_access(user, p.access_control)]


        def has_access(user: str, rules: Optional[dict]) -> bool:
            return rules is None or user in rules.get("read", [])
    """,
}


def test_a_schema_field_stays_while_a_use_of_it_is_left(tmp_path: Path) -> None:
    """``p.access_control`` on a subclass of the mirroring schema is passed to a function:
    left for a person; the field it reads, declared on the base schema, stays with it (and
    so the second run finds the same use and changes nothing)."""
    root = make(tmp_path, PROMPTS)
    result = rewrite(root, "prompt.access_control", "--write")
    assert result.exit_code == 0, result.output
    written = (root / "app/models.py").read_text()
    held = "# colretire: remove prompt.access_control once the uses marked for a person are gone"
    assert f"    {held}\n    access_control: Optional[dict] = None\n" in written
    line = written.splitlines().index("    access_control: Optional[dict] = None") + 1
    assert (
        f"app/models.py:{line}:5: CR105 left for a person (marked): schema fields of this name "
        "stay while a use of one is left for a person"
    ) in result.stderr.splitlines()
    again = rewrite(root, "prompt.access_control", "--write")
    assert (again.exit_code, again.stdout) == (0, "")


def test_a_schema_field_read_through_getattr_names_the_field_and_stays(tmp_path: Path) -> None:
    """``getattr(p, "access_control")`` on the mirroring schema is a read of its field, as
    ``p.access_control`` is: the finder names the field (``schema_field``), and since the
    read is passed to a function and left for a person, the field stays with it."""
    files = {
        "app/models.py": PROMPTS["app/models.py"].replace(
            "has_access(user, p.access_control)", 'has_access(user, getattr(p, "access_control"))'
        )
    }
    root = make(tmp_path, files)
    refs = CliRunner().invoke(
        main, ["-C", str(root), "refs", "prompt.access_control", "--format", "json"]
    )
    read = next(r for r in json.loads(refs.stdout)["references"] if "getattr" in r["message"])
    assert (read["kind"], read["confidence"], read["schema_field"]) == (
        "string",
        "certain",
        "access_control",
    )
    result = rewrite(root, "prompt.access_control", "--write")
    assert result.exit_code == 0, result.output
    written = (root / "app/models.py").read_text()
    held = "# colretire: remove prompt.access_control once the uses marked for a person are gone"
    assert f"    {held}\n    access_control: Optional[dict] = None\n" in written
    again = rewrite(root, "prompt.access_control", "--write")
    assert (again.exit_code, again.stdout) == (0, "")
