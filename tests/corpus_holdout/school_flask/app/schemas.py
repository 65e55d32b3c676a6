from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.models import RoomLocation


class ClassroomOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    floor: int  # expect[classrooms.floor]: CR105 certain
    capacity: int
    location: RoomLocation  # expect[classrooms.floor]: CR110 certain


class CourseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    credits: int
    archived_at: datetime | None = None  # expect[courses.archived_at]: CR105 certain


class StudentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str
    email: str
    archived_at: datetime | None = None  # expect-not[courses.archived_at]


class LockerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    building: str
    floor: int  # expect-not[classrooms.floor]
