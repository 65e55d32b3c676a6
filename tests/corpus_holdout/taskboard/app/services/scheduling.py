from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Task
from app.repositories import TaskRepository

logger = logging.getLogger(__name__)

M = Task


def overdue(session: Session, now: datetime) -> Sequence[Task]:
    rows = session.execute(select(M).where(M.eta < now)).scalars().all()  # expect: CR102 certain
    for t in rows:
        logger.warning("task %s overdue since %s", t.id, t.eta)  # expect: CR103 certain
    return rows


def slip(task: Task, days: int) -> None:
    """Move the estimate of a task by some days (the estimate, not the project's eta)."""  # expect-not
    if task.eta is None:  # expect: CR103 certain
        return
    task.eta = task.eta + timedelta(days=days)  # expect: CR103 certain; expect: CR103 certain


def slip_week(session: Session, start: datetime) -> int:
    repo = TaskRepository(session)
    moved = 0
    for task in repo.due_between(start, start + timedelta(days=7)):
        slip(task, 7)
        moved += 1
    first = repo.get(1)
    if first is not None and first.eta is not None:  # expect: CR103 certain
        logger.info("first task now due %s", first.eta)  # expect: CR103 certain
    return moved


def eta_from_estimate(hours: float, now: datetime) -> datetime:  # expect-not
    eta = now + timedelta(hours=hours)  # expect-not
    return eta  # expect-not


def bulk_shift(rows, delta: timedelta) -> None:
    # ``rows`` comes from callers of every kind; nothing says it holds tasks.
    for row in rows:
        row.eta = row.eta + delta  # expect: CR103 likely; expect: CR103 likely
