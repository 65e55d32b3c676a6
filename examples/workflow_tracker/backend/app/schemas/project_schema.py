"""Schemas of projects and their milestones."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class MilestoneOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    expected_completion: date | None = None
    expected_completion_time_minutes: int | None = None
    reached_at: datetime | None = None


class ProjectOut(BaseModel):
    """A project; its expected completion time is hours, not minutes like a task's."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    client: str | None = None
    status: str
    expected_completion_time: int | None = Field(
        default=None, description="Planned effort of the whole project, in hours"
    )
    milestones: list[MilestoneOut] = []
