from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, String, Table, Text, func
from sqlalchemy.orm import column_property, relationship

from app.db.base import Base, metadata


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    email = Column(String(320), nullable=False, unique=True)
    country = Column(String(2), nullable=False)
    created_at = Column(DateTime(timezone=True), server_default=func.now())


class Merchant(Base):
    __tablename__ = "merchants"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)


class Payment(Base):
    __tablename__ = "payments"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False, index=True)  # expect[payments.customer_id]: CR101 certain
    merchant_id = Column(Integer, ForeignKey("merchants.id"), nullable=False)
    amount_cents = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False, default="EUR")
    status = Column(String(16), nullable=False, default="pending")
    gateway_ref = column_property(Column("gateway_reference", String(64), nullable=True), deferred=True)  # expect[payments.gateway_reference]: CR101 certain
    created_at = Column(DateTime(timezone=True), server_default=func.now())

    customer = relationship("Customer", lazy="joined")  # expect[payments.customer_id]: CR108 certain
    merchant = relationship("Merchant")


class Invoice(Base):
    __tablename__ = "invoices"

    id = Column(Integer, primary_key=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False)  # expect-not[payments.customer_id]
    number = Column(String(32), nullable=False, unique=True)
    total_cents = Column(BigInteger, nullable=False)

    customer = relationship("Customer")  # expect-not[payments.customer_id]


class Payout(Base):
    __tablename__ = "payouts"

    id = Column(Integer, primary_key=True)
    merchant_id = Column(Integer, ForeignKey("merchants.id"), nullable=False)
    amount_cents = Column(BigInteger, nullable=False)
    memo = Column(Text, nullable=True)  # expect-not[ledger_entries.memo]
    gateway_ref = column_property(Column("gateway_reference", String(64)), deferred=True)  # expect-not[payments.gateway_reference]


ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("payment_id", Integer, ForeignKey("payments.id"), nullable=False),
    Column("direction", String(6), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("memo", String(255), nullable=True),  # expect[ledger_entries.memo]: CR101 certain
    Column("booked_at", DateTime(timezone=True), server_default=func.now()),
)
