"""Where a value comes from decides whether a name on it is a reference: a module's global,
a field of a web request, a relationship of another model reached through a chain, the
parts of an unpacked row; and where a schema's field comes from: a wrapper of the column,
a base schema in the same file, an imperative Table that no class maps."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, summary, write

ROOMS = """
    from sqlalchemy import Integer, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Classroom(Base):
        __tablename__ = "classrooms"
        id: Mapped[int] = mapped_column(primary_key=True)
        building: Mapped[str] = mapped_column(String(8))
        floor: Mapped[int] = mapped_column(Integer)
"""


def _outside_models(tmp_path: Path, column: str) -> list[tuple[str, int, int, str, str]]:
    return summary([r for r in found(tmp_path, column) if r.path != "app/models.py"])


def test_an_attribute_of_an_imported_module_is_not_a_model_attribute(tmp_path: Path) -> None:
    """``import math`` binds a module: ``math.floor`` is one of its globals, whatever the
    column is called. The same name on an untyped object cannot be judged (unexplained), and
    a name imported from a package (``from app import models``) is not taken for a module."""
    files = write(
        tmp_path,
        {
            "app/models.py": ROOMS,
            "app/views.py": """
        import math
        import math as m

        def half(n: int) -> int:
            return math.floor(n / 2) + m.floor(n / 4)

        def describe(place) -> str:
            return f"level {place.floor}"
    """,
        },
    )
    views = files["app/views.py"]
    assert accounted(tmp_path, "classrooms.floor", skip="app/models.py") == [
        ("app/views.py", *at(views, "math.^floor"), "excluded: framework"),
        ("app/views.py", *at(views, "m.^floor"), "excluded: framework"),
        ("app/views.py", *at(views, "place.^floor"), "unexplained"),
    ]


def test_the_keys_of_a_web_request_are_not_column_names(tmp_path: Path) -> None:
    """Flask's ``request`` and a parameter annotated with Starlette's ``Request`` carry the
    client's fields: ``request.args.get("floor")``, ``data["floor"]`` of
    ``request.get_json()`` and ``body["floor"]`` of ``await request.json()`` name them, not
    the column. The same key on an object of unknown origin cannot be judged."""
    files = write(
        tmp_path,
        {
            "app/models.py": ROOMS,
            "app/views.py": """
        from flask import request
        from starlette.requests import Request

        def level() -> int:
            wanted = request.args.get("floor")
            data = request.get_json() or {}
            return int(wanted or data["floor"])

        async def level_async(request: Request) -> int:
            body = await request.json()
            return int(body["floor"])

        def from_anything(payload) -> int:
            return payload["floor"]
    """,
        },
    )
    views = files["app/views.py"]
    assert _outside_models(tmp_path, "classrooms.floor") == []
    unexplained = [
        row
        for row in accounted(tmp_path, "classrooms.floor", skip="app/models.py")
        if row[3] == "unexplained"
    ]
    assert unexplained == [("app/views.py", *at(views, 'payload["^floor"]'), "unexplained")]


PAYMENTS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Customer(Base):
        __tablename__ = "customers"
        id: Mapped[int] = mapped_column(primary_key=True)
        email: Mapped[str] = mapped_column(String(320))


    class Payment(Base):
        __tablename__ = "payments"
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
        customer: Mapped[Customer] = relationship()


    class Invoice(Base):
        __tablename__ = "invoices"
        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
        customer: Mapped[Customer] = relationship()
"""


def test_a_dict_key_follows_the_owner_its_value_reads_it_from(tmp_path: Path) -> None:
    """In a payload built partly from a Payment, ``"customer": invoice.customer.email``
    reads ``.customer`` of an Invoice: the key names the Invoice's relationship, not the
    one built on payments.customer_id. Read from a Payment, it is ours."""
    files = write(
        tmp_path,
        {
            "app/models.py": PAYMENTS,
            "app/api.py": """
        from app.models import Invoice, Payment

        def summary(invoice: Invoice, payment: Payment) -> dict:
            return {
                "customer": invoice.customer.email,
                "paid_by": payment.id,
            }

        def receipt(payment: Payment) -> dict:
            return {"customer": payment.customer.email.lower()}
    """,
        },
    )
    api = files["app/api.py"]
    assert _outside_models(tmp_path, "payments.customer_id") == [
        ("app/api.py", *at(api, '{^"customer": payment'), "CR108", "certain"),
        ("app/api.py", *at(api, "payment.^customer.email.lower"), "CR108", "certain"),
    ]


ARTICLES = """
    from sqlalchemy import ForeignKey
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Article(Base):
        __tablename__ = "articles"
        id: Mapped[int] = mapped_column(primary_key=True)
        slug: Mapped[str] = mapped_column()
        is_deleted: Mapped[bool] = mapped_column(default=False)


    class Comment(Base):
        __tablename__ = "comments"
        id: Mapped[int] = mapped_column(primary_key=True)
        article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
"""


def test_the_parts_of_an_unpacked_row_are_of_unknown_type(tmp_path: Path) -> None:
    """``for a, c in rows`` over rows of ``select(Article, Comment)``: the parts are not
    followed, so they are unknown, not known to be something else: ``a.is_deleted`` is
    likely (only Article has an is_deleted), not certain. Parts of items known not to be
    models (a literal list of tuples) stay silent."""
    files = write(
        tmp_path,
        {
            "app/models.py": ARTICLES,
            "app/moderation.py": """
        from sqlalchemy import select
        from sqlalchemy.orm import Session
        from app.models import Article, Comment

        def hidden(session: Session) -> list[bool]:
            rows = session.execute(select(Article, Comment).join(Comment)).all()
            return [a.is_deleted for a, c in rows]

        def flags() -> list[bool]:
            return [flag.is_deleted for name, flag in [("x", 1), ("y", 2)]]
    """,
        },
    )
    moderation = files["app/moderation.py"]
    assert _outside_models(tmp_path, "articles.is_deleted") == [
        ("app/moderation.py", *at(moderation, "a.^is_deleted"), "CR103", "likely"),
    ]


REFUNDS = """
    from decimal import Decimal
    from sqlalchemy import Numeric
    from sqlalchemy.ext.hybrid import hybrid_property
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Refund(Base):
        __tablename__ = "refunds"
        id: Mapped[int] = mapped_column(primary_key=True)
        _fee: Mapped[Decimal] = mapped_column("fee", Numeric(10, 2))

        @hybrid_property
        def fee(self) -> Decimal:
            return self._fee


    class ShippingOption(Base):
        __tablename__ = "shipping_options"
        id: Mapped[int] = mapped_column(primary_key=True)
        fee: Mapped[Decimal] = mapped_column(Numeric(10, 2))
"""


def test_a_schema_field_mirroring_a_wrapper_of_the_column_is_a_schema_field(
    tmp_path: Path,
) -> None:
    """``fee: Decimal`` of a schema built from a Refund reads the hybrid ``fee`` over
    ``_fee``, so it mirrors the column; the same field of the schema built from a
    ShippingOption is that table's."""
    files = write(
        tmp_path,
        {
            "app/models.py": REFUNDS,
            "app/views.py": """
        from app.models import Refund, ShippingOption
        from app.schemas import RefundOut, ShippingOptionOut

        def show(refund: Refund, option: ShippingOption):
            return RefundOut.model_validate(refund), ShippingOptionOut.model_validate(option)
    """,
            "app/schemas.py": """
        from decimal import Decimal
        from pydantic import BaseModel, ConfigDict

        class ShippingOptionOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            fee: Decimal

        class RefundOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            fee: Decimal
    """,
        },
    )
    schemas = files["app/schemas.py"]
    assert _outside_models(tmp_path, "refunds.fee") == [
        ("app/schemas.py", *at(schemas, "^fee: Decimal", nth=2), "CR105", "certain"),
    ]
    assert ("app/schemas.py", *at(schemas, "^fee: Decimal"), "excluded: other-table") in (
        accounted(tmp_path, "refunds.fee")
    )


GATEWAY = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import column_property, declarative_base

    Base = declarative_base()


    class Payment(Base):
        __tablename__ = "payments"
        id = Column(Integer, primary_key=True)
        status = Column(String(16))
        gateway_ref = column_property(Column("gateway_reference", String(64)), deferred=True)


    class Payout(Base):
        __tablename__ = "payouts"
        id = Column(Integer, primary_key=True)
        gateway_ref = column_property(Column("gateway_reference", String(64)), deferred=True)
"""


def test_a_schema_inherits_the_fields_and_configuration_of_a_base_in_its_file(
    tmp_path: Path,
) -> None:
    """A schema file that names neither the column nor its table is not read for the
    index; a schema in it that derives from another schema of the file, built from a Payment,
    mirrors the model with the base's fields; a request body that merely has a field of the
    same name, and is given no model's value, is left unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": GATEWAY,
            "app/routes.py": """
        from app.models import Payment
        from app.schemas import PaymentAdminOut

        def show(payment: Payment) -> PaymentAdminOut:
            return PaymentAdminOut.from_orm(payment)
    """,
            "app/schemas.py": """
        from pydantic import BaseModel

        class PaymentOut(BaseModel):
            id: int
            status: str

            class Config:
                orm_mode = True

        class PaymentAdminOut(PaymentOut):
            gateway_ref: str | None = None

        class StatusIn(BaseModel):
            note: str

        class StatusAdminIn(StatusIn):
            gateway_ref: str | None = None
    """,
        },
    )
    schemas = files["app/schemas.py"]
    assert _outside_models(tmp_path, "payments.gateway_reference") == [
        ("app/schemas.py", *at(schemas, "^gateway_ref: str"), "CR105", "certain"),
    ]
    assert ("app/schemas.py", *at(schemas, "^gateway_ref: str", nth=2), "unexplained") in (
        accounted(tmp_path, "payments.gateway_reference")
    )


LEDGER = """
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, Text
    from sqlalchemy.orm import declarative_base

    metadata = MetaData()
    Base = declarative_base(metadata=metadata)


    class Payout(Base):
        __tablename__ = "payouts"
        id = Column(Integer, primary_key=True)
        amount_cents = Column(Integer)
        memo = Column(Text)


    ledger_entries = Table(
        "ledger_entries",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("payment_id", Integer, ForeignKey("payments.id")),
        Column("amount_cents", Integer),
        Column("memo", String(255)),
    )
"""


def test_a_schema_built_from_rows_of_an_imperative_table_mirrors_it(tmp_path: Path) -> None:
    """No class maps ``ledger_entries``: a schema built from the rows of a select of the
    table (``LedgerEntryOut``) mirrors it, while the same field of the schema built from the
    ORM sibling (``PayoutOut``) is Payout's."""
    files = write(
        tmp_path,
        {
            "app/models.py": LEDGER,
            "app/reports.py": """
        from sqlalchemy import select
        from app.models import Payout, ledger_entries
        from app.schemas import LedgerEntryOut, PayoutOut

        def entries(session):
            rows = session.execute(select(ledger_entries.c.id, ledger_entries.c.memo))
            return [LedgerEntryOut.model_validate(row) for row in rows]

        def payout(payout: Payout):
            return PayoutOut.model_validate(payout)
    """,
            "app/schemas.py": """
        from pydantic import BaseModel, ConfigDict

        class PayoutOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            memo: str | None = None

        class LedgerEntryOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            payment_id: int
            memo: str | None = None
    """,
        },
    )
    schemas, reports = files["app/schemas.py"], files["app/reports.py"]
    assert _outside_models(tmp_path, "ledger_entries.memo") == [
        ("app/reports.py", *at(reports, "ledger_entries.c.^memo"), "CR102", "certain"),
        ("app/schemas.py", *at(schemas, "^memo: str", nth=2), "CR105", "certain"),
    ]
