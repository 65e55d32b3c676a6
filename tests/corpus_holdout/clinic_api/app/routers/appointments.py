from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import models
from app.db import get_session
from app.models import Appointment, Patient, VisitType
from app.repositories import AppointmentRepository
from app.schemas import AppointmentCreate, AppointmentDetail, AppointmentOut, SlotSuggestion
from app.settings import DEFAULT_SLOT_MINUTES

router = APIRouter(prefix="/appointments", tags=["appointments"])

EDITABLE_FIELDS = ("starts_at", "status", "notes")  # expect[appointments.notes]: CR106 likely


@router.post("", response_model=AppointmentOut, status_code=201)
def book(payload: AppointmentCreate, session: Session = Depends(get_session)) -> Appointment:
    visit_type = session.get(VisitType, payload.visit_type_id)
    if visit_type is None:
        raise HTTPException(status_code=404, detail="unknown visit type")
    duration_minutes = visit_type.duration_minutes  # expect-not[appointments.duration_minutes]
    data = payload.model_dump(exclude={"length", "notes"})  # expect[appointments.duration_minutes]: CR106 certain; expect[appointments.notes]: CR106 certain
    appointment = Appointment(**data)
    appointment.length = duration_minutes  # expect[appointments.duration_minutes]: CR103 certain; expect-not[appointments.duration_minutes]
    session.add(appointment)
    session.commit()
    session.refresh(appointment)
    return appointment


@router.get("/{appointment_id}", response_model=AppointmentDetail)
def read(appointment_id: int, session: Session = Depends(get_session)) -> Appointment:
    appointment = AppointmentRepository(session).with_notes(appointment_id)
    if appointment is None:
        raise HTTPException(status_code=404)
    return appointment


@router.get("/{appointment_id}/summary")
def summary(appointment_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    appointment = AppointmentRepository(session).get(appointment_id)
    if appointment is None:
        raise HTTPException(status_code=404)
    return {
        "id": appointment.id,
        "starts_at": appointment.starts_at.isoformat(),
        "ends_at": appointment.ends_at.isoformat(),  # expect-not[appointments.duration_minutes]
        "minutes": appointment.length,  # expect[appointments.duration_minutes]: CR103 certain
        "notes": appointment.notes,  # expect[appointments.notes]: CR106 certain; expect[appointments.notes]: CR103 certain
        "patient_notes": appointment.patient.notes,  # expect-not[appointments.notes]
    }


@router.patch("/{appointment_id}", response_model=AppointmentOut)
def edit(appointment_id: int, changes: dict[str, Any], session: Session = Depends(get_session)) -> Appointment:
    appointment = session.get(Appointment, appointment_id)
    if appointment is None:
        raise HTTPException(status_code=404)
    for field in EDITABLE_FIELDS:
        if field in changes:
            setattr(appointment, field, changes[field])
    if "minutes" in changes:
        appointment.length = int(changes["minutes"])  # expect[appointments.duration_minutes]: CR103 certain
    session.commit()
    return appointment


@router.post("/{appointment_id}/extend")
def extend(appointment_id: int, minutes: int, session: Session = Depends(get_session)) -> dict[str, int]:
    appointment = session.get(models.Appointment, appointment_id)
    if appointment is None:
        raise HTTPException(status_code=404)
    appointment.length += minutes  # expect[appointments.duration_minutes]: CR103 certain
    session.commit()
    return {"id": appointment.id, "minutes": appointment.length}  # expect[appointments.duration_minutes]: CR103 certain


@router.get("/practitioners/{practitioner_id}/day", response_model=list[AppointmentOut])
def practitioner_day(practitioner_id: int, day: date, session: Session = Depends(get_session)) -> list[Appointment]:
    return AppointmentRepository(session).day_for(practitioner_id, day)


@router.get("/practitioners/{practitioner_id}/free", response_model=list[SlotSuggestion])
def free_slots(practitioner_id: int, day: date, session: Session = Depends(get_session)) -> list[SlotSuggestion]:
    booked = AppointmentRepository(session).day_for(practitioner_id, day)
    doctor = f"practitioner-{practitioner_id}"
    cursor = datetime.combine(day, datetime.min.time()).replace(hour=8)
    slots: list[SlotSuggestion] = []
    for appt in booked:
        if appt.starts_at - cursor >= timedelta(minutes=DEFAULT_SLOT_MINUTES):
            slots.append(SlotSuggestion(slot_start=cursor, length=DEFAULT_SLOT_MINUTES, doctor=doctor))  # expect-not[appointments.duration_minutes]
        cursor = appt.starts_at + timedelta(minutes=appt.length)  # expect[appointments.duration_minutes]: CR103 certain
    return slots


@router.get("/long")
def long_appointments(min_minutes: int = 45, session: Session = Depends(get_session)) -> list[dict[str, Any]]:
    Appt = models.Appointment
    stmt = select(Appt.id, Appt.starts_at).where(Appt.length >= min_minutes)  # expect[appointments.duration_minutes]: CR102 certain
    return [{"id": row.id, "starts_at": row.starts_at.isoformat()} for row in session.execute(stmt)]


@router.get("/patients/{patient_id}/history")
def patient_history(patient_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise HTTPException(status_code=404)
    visits = session.execute(select(Appointment).where(Appointment.patient_id == patient_id)).scalars()
    return {
        "patient": patient.id,
        "notes": patient.notes,  # expect-not[appointments.notes]
        "visits": [
            {"id": visit.id, "minutes": visit.length, "notes": getattr(visit, "notes")}  # expect[appointments.duration_minutes]: CR103 certain; expect[appointments.notes]: CR106 certain; expect[appointments.notes]: CR106 certain
            for visit in visits
        ],
    }
