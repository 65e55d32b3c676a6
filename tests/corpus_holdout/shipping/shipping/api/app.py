from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from shipping.api.schemas import OrderOut, ShipmentOut
from shipping.models import Order, Shipment
from shipping.services.planning import late_shipments

engine = create_engine("postgresql+psycopg://shipping@localhost/shipping")
SessionLocal = sessionmaker(engine)
app = FastAPI(title="shipping")


def session_dep() -> Iterator[Session]:
    with SessionLocal() as session:
        yield session


DB = Annotated[Session, Depends(session_dep)]


@app.get("/shipments/{shipment_id}", response_model=ShipmentOut)
def read_shipment(shipment_id: int, db: DB) -> Shipment:
    shipment = db.get(Shipment, shipment_id)
    if shipment is None:
        raise HTTPException(404)
    return shipment


@app.get("/orders/{order_id}", response_model=OrderOut)
def read_order(order_id: int, db: DB) -> Order:
    order = db.get(Order, order_id)
    if order is None:
        raise HTTPException(404)
    return order


@app.get("/shipments/{shipment_id}/tracking")
def tracking(shipment_id: int, db: DB) -> dict[str, Any]:
    shipment = db.get(Shipment, shipment_id)
    if shipment is None:
        raise HTTPException(404)
    return {
        "carrier": shipment.carrier,
        "promised_at": shipment.promised,  # expect[shipments.promised_at]: CR106 certain; expect[shipments.promised_at]: CR103 certain
        "order_promised_at": shipment.order.promised_at,  # expect-not
        "from": [shipment.origin.lat, shipment.origin.lng],  # expect[shipments.origin_lat]: CR110 certain; expect[shipments.origin_lat]: CR110 certain
    }


@app.get("/reports/late")
def late_report(db: DB) -> list[dict[str, Any]]:
    rows = db.execute(
        text("SELECT carrier, count(*) AS n FROM shipments WHERE promised_at < now() AND delivered_at IS NULL GROUP BY carrier")  # expect[shipments.promised_at]: CR107 certain
    )
    return [dict(r._mapping) for r in rows]


@app.get("/reports/late-orders")
def late_order_report(db: DB) -> list[dict[str, Any]]:
    rows = db.execute(text("SELECT reference FROM orders WHERE promised_at < now()"))  # expect-not
    return [dict(r._mapping) for r in rows]


@app.get("/reports/late-count")
def late_count(db: DB) -> dict[str, int]:
    from datetime import datetime, timezone

    return {"late": len(late_shipments(db, datetime.now(timezone.utc)))}
