from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class VisitTypeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    label: str
    duration_minutes: int  # expect-not[appointments.duration_minutes]


class PatientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    first_name: str
    last_name: str
    notes: str | None = None  # expect-not[appointments.notes]


class AppointmentCreate(BaseModel):
    patient_id: int
    practitioner_id: int
    visit_type_id: int
    starts_at: datetime
    length: int | None = Field(default=None, ge=5, le=240)  # expect[appointments.duration_minutes]: CR105 certain
    notes: str | None = None  # expect[appointments.notes]: CR105 certain


class AppointmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    starts_at: datetime
    ends_at: datetime
    length: int  # expect[appointments.duration_minutes]: CR105 certain
    status: str
    visit_type: VisitTypeOut


class AppointmentDetail(AppointmentOut):
    patient: PatientOut
    clinical_notes: str | None = Field(default=None, alias="notes")  # expect[appointments.notes]: CR105 certain


class SlotSuggestion(BaseModel):
    """Free slot offered to a patient; not read from an appointment."""

    slot_start: datetime
    length: int  # expect-not[appointments.duration_minutes]
    doctor: str
