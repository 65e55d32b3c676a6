from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class VehicleCard(BaseModel):
    """Compact card for the dispatch screen."""

    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    plate: str
    km: int | None = Field(default=None, alias="odometer_km")  # expect: CR105 certain


class VehicleSummary(BaseModel):
    plate: str
    model_name: str
    odometer_km: int | None = None  # expect: CR105 certain


class ServiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    performed_at: datetime
    odometer_km: int  # expect-not
    notes: str


class TelematicsPing(BaseModel):
    """What the tracker in the car sends; not stored as such."""

    device_id: str
    odometer_km: int  # expect-not
    sent_at: datetime
