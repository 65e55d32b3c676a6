from typing import Optional

from pydantic import BaseModel, Field


class TaskOut(BaseModel):
    id: int
    title: str
    expected_completion_time: Optional[int]  # expect: CR105 certain

    class Config:
        orm_mode = True


class TaskPatch(BaseModel):
    title: Optional[str] = None
    eta_minutes: Optional[int] = Field(None, alias="expected_completion_time")  # expect: CR105 certain


class TaskTiming(BaseModel):
    id: int
    status: str
    expected_completion_time: Optional[int] = None  # expect: CR105 certain
    actual_completion_time: Optional[int] = None


FIELDS_FOR_EXPORT = ["id", "title", "status", "expected_completion_time"]  # expect: CR106 certain
