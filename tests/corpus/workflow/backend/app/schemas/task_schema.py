from pydantic import BaseModel, ConfigDict


class TaskBase(BaseModel):
    title: str
    expected_completion_time: int | None = None  # expect: CR105 certain


class TaskCreate(TaskBase):
    project_id: int


class TaskResponse(TaskBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: str
    actual_completion_time: int | None = None


class ProjectResponse(BaseModel):
    """A schema of another model with the same field: not a hit."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    expected_completion_time: int | None = None  # expect-not
