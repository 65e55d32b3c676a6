"""Request and response bodies of the /tasks endpoints."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.task_schema import TaskStatus


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None
    department: str = Field(default="general", max_length=50)
    priority: int = Field(default=3, ge=1, le=5)
    project_id: int | None = None
    milestone_id: int | None = None
    assigned_to: int | None = None
    supervisor_id: int | None = None
    eta_minutes: int | None = Field(default=None, ge=0, description="Planned effort in minutes")


class TaskUpdate(BaseModel):
    """A partial update: only the fields sent are changed."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    status: TaskStatus | None = None
    priority: int | None = Field(default=None, ge=1, le=5)
    assigned_to: int | None = None
    supervisor_id: int | None = None
    expected_completion_time: int | None = None
    eta_minutes: int | None = None


class TaskCompletion(BaseModel):
    actual_completion_time: int | None = Field(
        default=None, ge=0, description="Minutes worked; taken from started_at when omitted"
    )


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
    status: TaskStatus
    department: str
    priority: int
    project_id: int | None
    assigned_to: int | None
    supervisor_id: int | None
    created_at: datetime
    updated_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    expected_completion_time: int | None
    eta_minutes: int | None
    actual_completion_time: int | None
