from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.db import Base


class Practitioner(Base):
    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(length=120))  # expect-not[appointments.duration_minutes]
    specialty: Mapped[str] = mapped_column(String(80))

    appointments: Mapped[list[Appointment]] = relationship(back_populates="practitioner")


class Patient(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str] = mapped_column(String(60))
    birth_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)  # expect-not[appointments.notes]


class VisitType(Base):
    __tablename__ = "visit_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=15)  # expect-not[appointments.duration_minutes]


class Appointment(Base):
    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    visit_type_id: Mapped[int] = mapped_column(ForeignKey("visit_types.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    length: Mapped[int] = mapped_column("duration_minutes", Integer, nullable=False)  # expect[appointments.duration_minutes]: CR101 certain
    status: Mapped[str] = mapped_column(String(20), default="booked")
    notes = deferred(Column(Text, nullable=True))  # expect[appointments.notes]: CR101 certain

    patient: Mapped[Patient] = relationship()
    practitioner: Mapped[Practitioner] = relationship(back_populates="appointments")
    visit_type: Mapped[VisitType] = relationship()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.length)  # expect[appointments.duration_minutes]: CR103 certain

    def overlaps(self, other: Appointment) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at  # expect-not[appointments.duration_minutes]
