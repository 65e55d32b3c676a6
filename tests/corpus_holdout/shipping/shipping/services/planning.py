from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from shipping.geo import GeoPoint
from shipping.models import Depot, Order, Shipment

CARRIER_DAYS = {"dhl": 2, "ups": 3, "postnl": 1}


def book(session: Session, order: Order, carrier: str, depot: Depot, to: GeoPoint) -> Shipment:
    promised_at = datetime.now().astimezone() + timedelta(days=CARRIER_DAYS[carrier])  # expect-not
    shipment = Shipment(
        order_id=order.id,
        carrier=carrier,
        origin=GeoPoint(depot.origin_lat, depot.origin_lng),  # expect[shipments.origin_lat]: CR110 certain; expect-not
        destination=to,
        promised=promised_at,  # expect[shipments.promised_at]: CR104 certain; expect-not
    )
    session.add(shipment)
    return shipment


def distance_km(shipment: Shipment) -> float:
    return shipment.origin.distance_km(shipment.destination)  # expect[shipments.origin_lat]: CR110 certain


def leaving_from(session: Session, point: GeoPoint) -> Sequence[Shipment]:
    return session.scalars(select(Shipment).where(Shipment.origin == point)).all()  # expect[shipments.origin_lat]: CR110 certain


def north_of(session: Session, lat: float) -> Sequence[Shipment]:
    return session.scalars(select(Shipment).where(Shipment.origin_lat > lat)).all()  # expect[shipments.origin_lat]: CR102 certain


def late_shipments(session: Session, now: datetime) -> list[Shipment]:
    stmt = (
        select(Shipment)
        .options(undefer(Shipment.promised))  # expect[shipments.promised_at]: CR102 certain
        .where(Shipment.delivered_at.is_(None), Shipment.promised < now)  # expect[shipments.promised_at]: CR102 certain
    )
    return list(session.execute(stmt).scalars())


def late_orders(session: Session, now: datetime) -> Sequence[Order]:
    return session.scalars(select(Order).where(Order.promised_at < now)).all()  # expect-not


def slack(shipment: Shipment) -> timedelta | None:
    order = shipment.order
    if order.promised_at is None or shipment.promised is None:  # expect[shipments.promised_at]: CR103 certain; expect-not
        return None
    return order.promised_at - shipment.promised  # expect[shipments.promised_at]: CR103 certain; expect-not


def depot_origin(depot: Depot) -> GeoPoint:
    return GeoPoint(depot.origin_lat, depot.origin_lng)  # expect-not
