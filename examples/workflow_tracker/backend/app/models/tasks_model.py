"""Pydantic models of task estimates and of the numbers derived from them."""

from pydantic import BaseModel, Field


class TaskEstimate(BaseModel):
    """A planner's new estimate of a task."""

    eta_minutes: int = Field(gt=0, description="Planned effort in minutes")
    reason: str | None = Field(default=None, max_length=200)


class TaskPerformance(BaseModel):
    """How a finished task did against its estimate."""

    task_id: int
    title: str
    assigned_to: int | None
    expected_completion_time: int | None
    eta_minutes: int | None
    actual_completion_time: int | None
    overrun_minutes: int


class UserPerformance(BaseModel):
    user_id: int
    name: str
    tasks_done: int
    minutes_worked: int
