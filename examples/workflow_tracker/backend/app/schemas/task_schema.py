"""Schemas that mirror the Task model and are read straight from ORM objects."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

TaskStatus = Literal["todo", "in_progress", "blocked", "done"]


class TaskRead(BaseModel):
    """A task as stored."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None = None
    status: TaskStatus
    department: str
    priority: int
    project_id: int | None = None
    milestone_id: int | None = None
    assigned_to: int | None = None
    supervisor_id: int | None = None
    created_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None
    expected_completion_time: int | None = None
    eta_minutes: int | None = None
    actual_completion_time: int | None = None


class TaskBrief(BaseModel):
    """Enough of a task for a list on a dashboard."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    status: TaskStatus
    department: str
    assigned_to: int | None = None
    expected_completion_time: int | None = None
