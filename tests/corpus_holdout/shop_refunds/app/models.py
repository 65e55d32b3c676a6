from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, Numeric, String, false, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    refunds_blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # expect-not[orders.refunds_blocked]


class ShippingOption(Base):
    __tablename__ = "shipping_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier: Mapped[str] = mapped_column(String(40))
    fee: Mapped[Decimal] = mapped_column(Numeric(10, 2))  # expect-not[refunds.fee]


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    shipping_option_id: Mapped[int | None] = mapped_column(ForeignKey("shipping_options.id"))
    customer_email: Mapped[str] = mapped_column(String(320))
    total_cents: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="placed")
    refunds_blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # expect[orders.refunds_blocked]: CR101 certain
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # legacy: the discount used to be stored on the order; it now comes from the lines
    _discount_cents: Mapped[int | None] = mapped_column("discount_cents", Integer, nullable=True)  # expect[orders.discount_cents]: CR101 certain

    organization: Mapped[Organization] = relationship()
    shipping_option: Mapped[ShippingOption | None] = relationship()
    refunds: Mapped[list[Refund]] = relationship(back_populates="order")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="order")

    @property
    def discount_cents(self) -> int:  # expect-not[orders.discount_cents]
        return sum(line.discount_cents for line in self.lines)  # expect-not[orders.discount_cents]


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_cents: Mapped[int]
    discount_cents: Mapped[int] = mapped_column(default=0)  # expect-not[orders.discount_cents]

    order: Mapped[Order] = relationship(back_populates="lines")


class Refund(Base):
    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    amount_cents: Mapped[int]
    _fee: Mapped[Decimal] = mapped_column("fee", Numeric(10, 2), default=Decimal("0.00"))  # expect[refunds.fee]: CR101 certain
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    order: Mapped[Order] = relationship(back_populates="refunds")

    @hybrid_property
    def fee(self) -> Decimal:  # expect[refunds.fee]: CR109 certain
        return self._fee  # expect[refunds.fee]: CR103 certain

    @property
    def net_cents(self) -> int:
        return self.amount_cents - int(self._fee * 100)  # expect[refunds.fee]: CR103 certain
