"""Reminder e-mails, sent by the worker the evening before a visit."""
from datetime import datetime, timedelta

from celery import shared_task
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import SessionLocal
from app.models import Appointment


def reminder_text(appt) -> str:
    # the worker passes whatever the caller loaded: the owner is not known here
    return f"Your visit on {appt.starts_at:%d %b at %H:%M} lasts {appt.length} minutes."  # expect[appointments.duration_minutes]: CR103 likely


def prep_hint(visit) -> str:
    return f"Plan {visit.duration_minutes} minutes for this kind of visit."  # expect-not[appointments.duration_minutes]


def remind(appointment: Appointment) -> None:
    # appointment length is shown in minutes (comment, not a use)  # expect-not[appointments.duration_minutes]
    send_reminder.apply_async(args=[appointment.id], eta=appointment.starts_at - timedelta(hours=18))


@shared_task
def send_reminder(appointment_id: int) -> None:
    with SessionLocal() as session:
        appointment = session.get(Appointment, appointment_id)
        if appointment is None or appointment.status == "cancelled":
            return
        body = reminder_text(appointment)
        if appointment.notes:  # expect[appointments.notes]: CR103 certain
            body += "\n\nPlease bring the documents listed by your practitioner."
        deliver(appointment.patient_id, body)


def deliver(patient_id: int, body: str) -> None:
    print(f"to patient {patient_id}: {body}")


def queue_tomorrow(session: Session, now: datetime) -> int:
    tomorrow = now + timedelta(days=1)
    stmt = select(Appointment).where(Appointment.starts_at >= now, Appointment.starts_at < tomorrow)
    count = 0
    for appointment in session.scalars(stmt):
        if appointment.length >= 60:  # expect[appointments.duration_minutes]: CR103 certain
            remind(appointment)
            count += 1
    return count
