from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class TaskBase(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None
    eta: datetime | None = None  # expect: CR105 certain


class TaskCreate(TaskBase):
    project_id: int


class TaskOut(TaskBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    project_id: int
    status: str


class RescheduleIn(BaseModel):
    new_eta: datetime  # expect-not
    reason: str | None = None


class ProjectOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    eta: date | None = None  # expect-not
