from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from app.models import Task

LATE_BY_PROJECT = text(
    "SELECT project_id, count(*) AS late FROM tasks WHERE eta < :now GROUP BY project_id"  # expect: CR107 certain
)

PROJECTS_WITH_ESTIMATE = text("SELECT id, name FROM projects WHERE eta IS NOT NULL")  # expect-not

EXPORT_FIELDS = ("id", "title", "status", "eta")  # expect: CR106 likely


def late_counts(session: Session, now: datetime) -> list[Row[tuple[int, int]]]:
    return list(session.execute(LATE_BY_PROJECT, {"now": now}))


def export_row(task: Task) -> list[object]:
    return [getattr(task, name) for name in EXPORT_FIELDS]


def estimate_of(task: Task) -> datetime | None:
    return getattr(task, "eta", None)  # expect: CR106 certain


def clear_estimate(task: Task) -> None:
    setattr(task, "eta", None)  # expect: CR106 certain
