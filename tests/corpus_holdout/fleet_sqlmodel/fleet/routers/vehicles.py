from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from sqlmodel import Session, col, select

from fleet.database import get_session
from fleet.models import ServiceRecord, Vehicle, VehicleCreate, VehicleRead
from fleet.schemas import ServiceOut, TelematicsPing, VehicleCard, VehicleSummary

router = APIRouter(prefix="/vehicles", tags=["vehicles"])


@router.post("/", response_model=VehicleRead)
def create_vehicle(vehicle: VehicleCreate, session: Session = Depends(get_session)) -> Vehicle:
    db_vehicle = Vehicle.model_validate(vehicle)
    session.add(db_vehicle)
    session.commit()
    session.refresh(db_vehicle)
    return db_vehicle


@router.get("/due-for-service", response_model=list[VehicleCard])
def due_for_service(threshold: int = 15000, session: Session = Depends(get_session)) -> list[Vehicle]:
    stmt = select(Vehicle).where(col(Vehicle.odometer_km) >= threshold).order_by(Vehicle.plate)  # expect: CR102 certain
    return list(session.exec(stmt).all())


@router.get("/{vehicle_id}/summary", response_model=VehicleSummary)
def summary(vehicle_id: int, session: Session = Depends(get_session)) -> VehicleSummary:
    vehicle = session.get(Vehicle, vehicle_id)
    if not vehicle:
        raise HTTPException(status_code=404, detail="Vehicle not found")
    return VehicleSummary.model_validate(vehicle, from_attributes=True)


@router.get("/{vehicle_id}/services", response_model=list[ServiceOut])
def services(vehicle_id: int, session: Session = Depends(get_session)) -> list[ServiceRecord]:
    stmt = select(ServiceRecord).where(ServiceRecord.vehicle_id == vehicle_id).order_by(ServiceRecord.odometer_km)  # expect-not
    return list(session.exec(stmt).all())


@router.post("/{vehicle_id}/ping")
def telematics(vehicle_id: int, ping: TelematicsPing, session: Session = Depends(get_session)) -> dict[str, Any]:
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None:
        raise HTTPException(status_code=404, detail="Vehicle not found")
    if vehicle.odometer_km is None or ping.odometer_km > vehicle.odometer_km:  # expect: CR103 certain; expect: CR103 certain; expect-not
        vehicle.odometer_km = ping.odometer_km  # expect: CR103 certain; expect-not
        session.add(vehicle)
        session.commit()
    return {"plate": vehicle.plate, "odometer_km": vehicle.odometer_km}  # expect: CR106 certain; expect: CR103 certain


@router.get("/{vehicle_id}/public")
def public_view(vehicle_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None:
        raise HTTPException(status_code=404, detail="Vehicle not found")
    return vehicle.model_dump(exclude={"odometer_km", "retired_on"})  # expect: CR106 certain
