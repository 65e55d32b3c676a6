from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, undefer

from app.models import Appointment, VisitType


class AppointmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, appointment_id: int) -> Appointment | None:
        return self.session.get(Appointment, appointment_id)

    def with_notes(self, appointment_id: int) -> Appointment | None:
        stmt = (
            select(Appointment)
            .options(undefer(Appointment.notes))  # expect[appointments.notes]: CR102 certain
            .where(Appointment.id == appointment_id)
        )
        return self.session.scalars(stmt).first()

    def day_for(self, practitioner_id: int, day: date) -> list[Appointment]:
        start = datetime.combine(day, time.min)
        stmt = (
            select(Appointment)
            .where(Appointment.practitioner_id == practitioner_id)
            .where(Appointment.starts_at >= start, Appointment.starts_at < start + timedelta(days=1))
            .order_by(Appointment.starts_at, Appointment.length.desc())  # expect[appointments.duration_minutes]: CR102 certain
        )
        return list(self.session.scalars(stmt))

    def booked_minutes(self, practitioner_id: int, day: date) -> int:
        start = datetime.combine(day, time.min)
        stmt = select(func.coalesce(func.sum(Appointment.length), 0)).where(  # expect[appointments.duration_minutes]: CR102 certain
            Appointment.practitioner_id == practitioner_id,
            Appointment.starts_at >= start,
        )
        return int(self.session.scalar(stmt) or 0)

    def stretch(self, appointment_id: int, extra_minutes: int) -> None:
        self.session.execute(
            update(Appointment)
            .where(Appointment.id == appointment_id)
            .values({Appointment.length: Appointment.length + extra_minutes})  # expect[appointments.duration_minutes]: CR102 certain; expect[appointments.duration_minutes]: CR102 certain
        )

    def set_length(self, appointment_id: int, minutes: int) -> None:
        stmt = update(Appointment).where(Appointment.id == appointment_id).values(length=minutes)  # expect[appointments.duration_minutes]: CR104 certain
        self.session.execute(stmt)

    def clear_notes_for_patient(self, patient_id: int) -> None:
        self.session.query(Appointment).filter_by(patient_id=patient_id).update({"notes": None})  # expect[appointments.notes]: CR106 certain

    def default_length(self, visit_type_id: int) -> int:
        visit_type = self.session.get(VisitType, visit_type_id)
        return visit_type.duration_minutes if visit_type else 15  # expect-not[appointments.duration_minutes]
