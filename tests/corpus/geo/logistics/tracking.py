from sqlalchemy.orm import Session, load_only, undefer

from logistics.models import Point, Route, Shipment


def origin(shipment: Shipment) -> Point:
    return shipment.start  # expect: CR110 certain


def latitude(session: Session, shipment_id: int) -> float:
    shipment = session.query(Shipment).options(undefer(Shipment.start_lat)).get(shipment_id)  # expect: CR102 certain
    return shipment.start_lat  # expect: CR103 certain


def rounded(shipment: Shipment) -> float:
    return shipment.lat_rounded  # expect: CR109 certain


def slim(session: Session):
    return session.query(Shipment).options(load_only(Shipment.reference, Shipment.start_lat)).all()  # expect: CR102 certain


def create(session: Session) -> Shipment:
    shipment = Shipment(reference="S-1", start=Point(1.0, 2.0))  # expect: CR110 certain
    session.add(shipment)
    return shipment


def route_start(route: Route) -> float:
    return route.start_lat  # expect-not


def columns() -> list[str]:
    return ["id", "reference", "start_lat", "start_lng"]  # expect: CR106 certain
