"""The hard cases, as examples: a small project, the column scanned for, the references
expected (position, code, confidence), and the look-alikes that must stay silent."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
    from sqlalchemy.ext.hybrid import hybrid_property
    from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Organization(Base):
        __tablename__ = "organizations"
        id: Mapped[int] = mapped_column(primary_key=True)
        refunds_blocked: Mapped[bool] = mapped_column(default=False)


    class Order(Base):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)
        organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
        refunds_blocked: Mapped[bool] = mapped_column(default=False)
        closed = mapped_column("closed_at", DateTime, nullable=True)
        _fee: Mapped[int] = mapped_column("fee", Integer, server_default="0")
        notes = deferred(Column(String(500)))
        organization: Mapped[Organization] = relationship()

        @hybrid_property
        def fee(self) -> int:
            return self._fee
"""


def test_sibling_columns_on_one_line(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/refunds.py": """
        from app.models import Order

        def can_refund(order: Order) -> bool:
            return not order.refunds_blocked and not order.organization.refunds_blocked
    """,
        },
    )
    uses = files["app/refunds.py"]
    orders = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/refunds.py"]
    organizations = [
        r for r in found(tmp_path, "organizations.refunds_blocked") if r.path == "app/refunds.py"
    ]
    assert summary(orders) == [
        ("app/refunds.py", *at(uses, "order.^refunds_blocked"), "CR103", "certain")
    ]
    assert summary(organizations) == [
        ("app/refunds.py", *at(uses, "organization.^refunds_blocked"), "CR103", "certain")
    ]


def test_the_attribute_may_be_named_differently_from_the_column(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/close.py": """
        from sqlalchemy import text
        from app.models import Order

        def close(order: Order, when) -> None:
            order.closed = when
            order.closed_at = when
            text("UPDATE orders SET closed_at = NULL")
    """,
        },
    )
    refs = found(tmp_path, "orders.closed_at")
    close, models = files["app/close.py"], files["app/models.py"]
    assert summary(refs) == [
        ("app/close.py", *at(close, "order.^closed ="), "CR103", "certain"),
        ("app/close.py", *at(close, '^"UPDATE'), "CR107", "certain"),
        ("app/models.py", *at(models, "^closed = mapped_column"), "CR101", "certain"),
    ]


def test_reads_through_a_wrapper_say_which(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/bill.py": """
        from app.models import Order

        def charge(order: Order) -> int:
            return order.fee + order._fee
    """,
        },
    )
    refs = [r for r in found(tmp_path, "orders.fee") if r.path == "app/bill.py"]
    bill = files["app/bill.py"]
    assert [(r.line, r.col, r.code, r.via) for r in refs] == [
        (*at(bill, "order.^fee"), "CR109", "fee"),
        (*at(bill, "order.^_fee"), "CR103", None),
    ]


def test_a_property_with_another_name_is_not_a_wrapper(tmp_path: Path) -> None:
    """A wrapper bears the column's name; ``hours`` computes something else from
    ``minutes``: the read inside it is the reference, and ``hours`` is no name of a column.
    Being the column's value by operators alone (``self.minutes / 60``), the property and
    its read on a ``Task`` are likely wrappers of ``minutes``; so is its read on an object of
    unknown type, since no class of the project but the model has an ``hours`` attribute."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Task(Base):
            __tablename__ = "tasks"
            id: Mapped[int] = mapped_column(primary_key=True)
            minutes: Mapped[int] = mapped_column()

            @property
            def hours(self) -> float:
                return self.minutes / 60
    """,
            "app/use.py": """
        from app.models import Task

        def show(task: Task, other) -> dict:
            return {"hours": task.hours, "other": other.hours}
    """,
        },
    )
    models = files["app/models.py"]
    assert found(tmp_path, "tasks.hours") == []
    assert summary(found(tmp_path, "tasks.minutes")) == [
        ("app/models.py", *at(models, "^minutes: Mapped"), "CR101", "certain"),
        ("app/models.py", *at(models, "def ^hours"), "CR109", "likely"),
        ("app/models.py", *at(models, "self.^minutes"), "CR103", "certain"),
        ("app/use.py", *at(files["app/use.py"], "task.^hours"), "CR109", "likely"),
        ("app/use.py", *at(files["app/use.py"], "other.^hours"), "CR109", "likely"),
    ]


def test_deferred_is_still_a_reference_and_says_so(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS})
    (declaration,) = found(tmp_path, "orders.notes")
    assert declaration.code == "CR101"
    assert "deferred" in declaration.message


def test_a_function_annotated_to_return_the_model_types_its_result(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/repo.py": """
        from sqlalchemy.orm import Session
        from app.models import Order, Organization

        class OrderRepository:
            def __init__(self, session: Session) -> None:
                self.session = session

            def get(self, order_id: int) -> Order:
                return self.session.get(Order, order_id)

        def organization_of(session: Session, org_id: int) -> Organization:
            return session.get(Organization, org_id)
    """,
            "app/service.py": """
        from app.repo import OrderRepository, organization_of

        def flags(session, order_id: int, org_id: int) -> tuple:
            order = OrderRepository(session).get(order_id)
            org = organization_of(session, org_id)
            return order.refunds_blocked, org.refunds_blocked
    """,
        },
    )
    service = files["app/service.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/service.py"]
    assert summary(refs) == [
        ("app/service.py", *at(service, "order.^refunds_blocked"), "CR103", "certain")
    ]


def test_aliases_of_the_model_class(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/q.py": """
        from sqlalchemy import select
        from app import models
        from app.models import Order as O

        M = models.Order

        def queries():
            return select(O.refunds_blocked), select(M.refunds_blocked), models.Order.refunds_blocked
    """,
        },
    )
    q = files["app/q.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/q.py"]
    assert summary(refs) == [
        ("app/q.py", *at(q, "O.^refunds_blocked"), "CR102", "certain"),
        ("app/q.py", *at(q, "M.^refunds_blocked"), "CR102", "certain"),
        ("app/q.py", *at(q, "Order.^refunds_blocked"), "CR102", "certain"),
    ]


def test_a_model_re_exported_by_another_project_module(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/db.py": """
        from app.models import Order
    """,
            "app/q.py": """
        from app import db
        from sqlalchemy.orm import Session

        def blocked(session: Session) -> bool:
            return db.Order.refunds_blocked, session.refunds_blocked
    """,
        },
    )
    q = files["app/q.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/q.py"]
    assert summary(refs) == [("app/q.py", *at(q, "Order.^refunds_blocked"), "CR102", "certain")]


def test_results_of_queries_and_async_sessions(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/a.py": """
        from sqlalchemy import select
        from app.models import Order

        async def blocked(session) -> list[bool]:
            first = await session.get(Order, 1)
            rows = (await session.execute(select(Order))).scalars().all()
            return [first.refunds_blocked] + [row.refunds_blocked for row in rows]
    """,
        },
    )
    a = files["app/a.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/a.py"]
    assert summary(refs) == [
        ("app/a.py", *at(a, "first.^refunds_blocked"), "CR103", "certain"),
        ("app/a.py", *at(a, "row.^refunds_blocked"), "CR103", "certain"),
    ]


def test_each_function_keeps_its_own_variables(tmp_path: Path) -> None:
    """Two functions with a parameter of the same name typed differently (a cache keyed by
    transient objects once mixed them up)."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/f.py": """
        from app.models import Order, Organization

        def first(item: Organization) -> bool:
            return item.refunds_blocked

        def second(item: Order) -> bool:
            return item.refunds_blocked
    """,
        },
    )
    f = files["app/f.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/f.py"]
    assert summary(refs) == [
        ("app/f.py", *at(f, "item.^refunds_blocked", nth=2), "CR103", "certain")
    ]


def test_a_foreign_key_and_the_relationship_built_on_it(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/r.py": """
        from app.models import Order

        def organization_id(order: Order) -> int:
            return order.organization.id
    """,
        },
    )
    models, r = files["app/models.py"], files["app/r.py"]
    assert summary(found(tmp_path, "orders.organization_id")) == [
        ("app/models.py", *at(models, "^organization_id: Mapped"), "CR101", "certain"),
        ("app/models.py", *at(models, "^organization: Mapped"), "CR108", "certain"),
        ("app/r.py", *at(r, "order.^organization"), "CR108", "certain"),
    ]


def test_migrations_are_reported_at_the_operation(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "migrations/env.py": "",
            "migrations/versions/0001.py": """
        import sqlalchemy as sa
        from alembic import op

        def upgrade() -> None:
            op.add_column("orders", sa.Column("refunds_blocked", sa.Boolean()))
            op.add_column("organizations", sa.Column("refunds_blocked", sa.Boolean()))
            with op.batch_alter_table("orders") as batch_op:
                batch_op.alter_column("refunds_blocked", nullable=False)
    """,
        },
    )
    migration = files["migrations/versions/0001.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path.startswith("migrations")]
    assert summary(refs) == [
        ("migrations/versions/0001.py", *at(migration, "^op.add_column"), "CR120", "certain"),
        (
            "migrations/versions/0001.py",
            *at(migration, "^batch_op.alter_column"),
            "CR120",
            "certain",
        ),
    ]
    assert all(not r.counts for r in refs)


def test_each_batch_block_alters_its_own_table(tmp_path: Path) -> None:
    """Migrations name every batch ``batch_op``; the table is the one of the block."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "migrations/env.py": "",
            "migrations/versions/0002.py": """
        import sqlalchemy as sa
        from alembic import op

        def upgrade() -> None:
            with op.batch_alter_table("orders") as batch_op:
                batch_op.add_column(sa.Column("refunds_blocked", sa.Boolean()))
            with op.batch_alter_table("organizations") as batch_op:
                batch_op.add_column(sa.Column("refunds_blocked", sa.Boolean()))

        def downgrade() -> None:
            with op.batch_alter_table("organizations") as batch_op:
                batch_op.drop_column("refunds_blocked")
            with op.batch_alter_table("orders") as batch_op:
                batch_op.drop_column("refunds_blocked")
    """,
        },
    )
    migration = files["migrations/versions/0002.py"]
    refs = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path.startswith("migrations")]
    assert summary(refs) == [
        ("migrations/versions/0002.py", *at(migration, "^batch_op.add_column"), "CR120", "certain"),
        (
            "migrations/versions/0002.py",
            *at(migration, "^batch_op.drop_column", nth=2),
            "CR120",
            "certain",
        ),
    ]


def test_a_table_column_is_declared_at_its_column_call(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/tables.py": """
        from sqlalchemy import Column, DateTime, Integer, MetaData, Table

        metadata = MetaData()
        jobs = Table("jobs", metadata, Column("id", Integer), Column("run_at", DateTime))

        def due(conn, now):
            return conn.execute(jobs.select().where(jobs.c.run_at < now))
    """
        },
    )
    tables = files["app/tables.py"]
    assert summary(found(tmp_path, "jobs.run_at")) == [
        ("app/tables.py", *at(tables, '^Column("run_at"'), "CR101", "certain"),
        ("app/tables.py", *at(tables, "jobs.c.^run_at"), "CR102", "certain"),
    ]


def test_a_file_that_does_not_parse_is_a_finding(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/broken.py": """
        def f(order):
            return order.refunds_blocked +
    """,
        },
    )
    broken = [r for r in found(tmp_path, "orders.refunds_blocked") if r.path == "app/broken.py"]
    assert [(r.line, r.code, r.kind.value, r.counts) for r in broken] == [
        (2, "CR001", "parse-error", False)
    ]


def test_negatives(tmp_path: Path) -> None:
    """A local variable, a comment, a docstring, an unrelated dict and another class's
    attribute of the same name are not uses."""
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/other.py": """
        from dataclasses import dataclass

        @dataclass
        class Policy:
            refunds_blocked: bool

        def decide(policy: Policy) -> bool:
            \"\"\"Whether refunds_blocked applies.\"\"\"
            refunds_blocked = policy.refunds_blocked  # refunds_blocked from the policy
            settings = {"refunds_blocked": refunds_blocked}
            return settings["enabled"]
    """,
        },
    )
    assert [r.path for r in found(tmp_path, "orders.refunds_blocked")] == ["app/models.py"]
