from datetime import datetime

from sqlmodel import Session, select

from fleet.models import ServiceRecord, Vehicle

SERVICE_INTERVAL_KM = 15000


def record_service(session: Session, vehicle: Vehicle, notes: str = "") -> ServiceRecord:
    record = ServiceRecord(
        vehicle_id=vehicle.id,
        performed_at=datetime.utcnow(),
        odometer_km=vehicle.odometer_km or 0,  # expect: CR103 certain; expect-not
        notes=notes,
    )
    session.add(record)
    session.commit()
    return record


def km_since_service(session: Session, vehicle_id: int) -> int | None:
    vehicle = session.get(Vehicle, vehicle_id)
    last = session.exec(
        select(ServiceRecord)
        .where(ServiceRecord.vehicle_id == vehicle_id)
        .order_by(ServiceRecord.performed_at.desc())
    ).first()
    if vehicle is None or vehicle.odometer_km is None:  # expect: CR103 certain
        return None
    reading = last.odometer_km if last else 0  # expect-not
    return vehicle.odometer_km - reading  # expect: CR103 certain


def fleet_mileage(session: Session) -> int:
    total = 0
    for v in session.exec(select(Vehicle)).all():
        total += v.odometer_km or 0  # expect: CR103 certain
    return total


def reset_counter(session: Session, vehicle_id: int) -> None:
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is not None:
        vehicle.sqlmodel_update({"odometer_km": 0})  # expect: CR106 certain
        session.add(vehicle)
        session.commit()


def new_vehicle(plate: str, model_name: str, km: int) -> Vehicle:
    return Vehicle(plate=plate, model_name=model_name, odometer_km=km)  # expect: CR104 certain
