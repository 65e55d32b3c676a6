from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class PointOut(BaseModel):
    lat: float
    lng: float


class ShipmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    carrier: str
    origin: PointOut  # expect[shipments.origin_lat]: CR110 certain
    destination: PointOut
    promised: datetime | None = None  # expect[shipments.promised_at]: CR105 certain
    delivered_at: datetime | None = None


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    reference: str
    promised_at: datetime | None = None  # expect-not
