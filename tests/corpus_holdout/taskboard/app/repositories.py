from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Project, Task


class TaskRepository:
    """Data access for tasks; the routers and services never build queries themselves."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, task_id: int) -> Task | None:
        return self.session.get(Task, task_id)

    def due_between(self, start: datetime, end: datetime) -> Sequence[Task]:
        stmt = select(Task).where(Task.eta.between(start, end)).order_by(Task.id)  # expect: CR102 certain
        return self.session.scalars(stmt).all()

    def clear_eta(self, task_id: int) -> None:
        stmt = update(Task).where(Task.id == task_id).values(eta=None)  # expect: CR104 certain
        self.session.execute(stmt)

    def projects_due_before(self, day: datetime) -> Sequence[Project]:
        stmt = select(Project).where(Project.eta < day.date())  # expect-not
        return self.session.scalars(stmt).all()
