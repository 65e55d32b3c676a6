from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, composite, mapped_column, relationship

from shipping.geo import GeoPoint


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    # What sales promised the customer; not the carrier's date on the shipment.
    promised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # expect-not


class Depot(Base):
    __tablename__ = "depots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    origin_lat: Mapped[float] = mapped_column(Float)  # expect-not
    origin_lng: Mapped[float] = mapped_column(Float)


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    carrier: Mapped[str] = mapped_column(String(40))
    origin_lat: Mapped[float] = mapped_column(Float)  # expect[shipments.origin_lat]: CR101 certain
    origin_lng: Mapped[float] = mapped_column(Float)
    dest_lat: Mapped[float] = mapped_column(Float)
    dest_lng: Mapped[float] = mapped_column(Float)
    promised: Mapped[datetime | None] = mapped_column("promised_at", DateTime(timezone=True), deferred=True)  # expect[shipments.promised_at]: CR101 certain
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    origin: Mapped[GeoPoint] = composite("origin_lat", "origin_lng")  # expect[shipments.origin_lat]: CR110 certain
    destination: Mapped[GeoPoint] = composite("dest_lat", "dest_lng")  # expect-not

    order: Mapped[Order] = relationship()

    @property
    def is_late(self) -> bool:
        if self.promised is None or self.delivered_at is None:  # expect[shipments.promised_at]: CR103 certain
            return False
        return self.delivered_at > self.promised  # expect[shipments.promised_at]: CR103 certain
