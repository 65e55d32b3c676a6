from datetime import date, datetime

from sqlmodel import Field, Relationship, SQLModel


class VehicleBase(SQLModel):
    plate: str = Field(index=True, max_length=16)
    model_name: str
    odometer_km: int | None = Field(default=None, ge=0)  # expect: CR101 certain


class Vehicle(VehicleBase, table=True):
    __tablename__ = "vehicles"

    id: int | None = Field(default=None, primary_key=True)
    retired_on: date | None = None

    services: list["ServiceRecord"] = Relationship(back_populates="vehicle")


class VehicleCreate(VehicleBase):
    pass


class VehicleRead(VehicleBase):
    id: int


class ServiceRecord(SQLModel, table=True):
    __tablename__ = "service_records"

    id: int | None = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="vehicles.id")
    performed_at: datetime
    # Reading at the time of the service; kept when the vehicle's own counter goes.
    odometer_km: int  # expect-not
    notes: str = ""

    vehicle: Vehicle = Relationship(back_populates="services")
