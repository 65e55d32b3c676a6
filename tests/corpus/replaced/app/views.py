from pydantic import BaseModel, ConfigDict
from sqlalchemy import text

from app.models import Task


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    priority_label: str  # expect-not


def label(task: Task) -> str:
    return task.priority_label  # expect-not


def label_of(anything) -> str:
    return anything.priority_label  # expect-not


def payload(task: Task) -> dict:
    return {"id": task.id, "priority_label": task.priority_label}  # expect-not, expect-not


def legacy_report(session):
    return session.execute(text("SELECT id, priority_label FROM tasks"))  # expect: CR107 certain
