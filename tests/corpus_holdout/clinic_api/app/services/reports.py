from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models import Appointment, VisitType
from app.repositories import AppointmentRepository

LOAD_SQL = text("SELECT practitioner_id, SUM(duration_minutes) AS booked FROM appointments WHERE starts_at >= :start GROUP BY practitioner_id")  # expect[appointments.duration_minutes]: CR107 certain
CATALOGUE_SQL = text("SELECT code, label, duration_minutes FROM visit_types ORDER BY code")  # expect-not[appointments.duration_minutes]
CANCELLED_NOTES_SQL = text("UPDATE appointments SET notes = NULL WHERE status = 'cancelled'")  # expect[appointments.notes]: CR107 certain
FLAGGED_PATIENTS_SQL = text("SELECT a.id FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE p.notes IS NOT NULL")  # expect-not[appointments.notes]


def practitioner_load(session: Session, start: date) -> dict[int, int]:
    return {row.practitioner_id: row.booked for row in session.execute(LOAD_SQL, {"start": start})}


def utilisation(session: Session, practitioner_id: int, day: date) -> float:
    repo = AppointmentRepository(session)
    booked = repo.booked_minutes(practitioner_id, day)
    return booked / (8 * 60)


def overruns(session: Session, practitioner_id: int, day: date) -> list[int]:
    late: list[int] = []
    for appointment in AppointmentRepository(session).day_for(practitioner_id, day):
        planned = session.get(VisitType, appointment.visit_type_id)
        if planned is not None and appointment.length > planned.duration_minutes:  # expect[appointments.duration_minutes]: CR103 certain; expect-not[appointments.duration_minutes]
            late.append(appointment.id)
    return late


def seed_demo(session: Session) -> Appointment:
    demo = Appointment(
        patient_id=1,
        practitioner_id=1,
        visit_type_id=1,
        starts_at=date.today(),
        length=30,  # expect[appointments.duration_minutes]: CR104 certain
        notes="demo record",  # expect[appointments.notes]: CR104 certain
    )
    session.add(demo)
    return demo
