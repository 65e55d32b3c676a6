"""What a supervisor watches: the tasks running now and the team's open work."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models.models_db import Project, Task, User, utcnow
from app.schemas.task_schema import TaskBrief

router = APIRouter(tags=["supervisor"])

OPEN_STATUSES = ("todo", "in_progress", "blocked")


def running_task_row(task: Task, now: datetime) -> dict[str, Any]:
    started_at = task.started_at or now
    return {
        "id": task.id,
        "title": task.title,
        "department": task.department,
        "assigned_to": task.assigned_to,
        "started_at": started_at,
        "elapsed_minutes": int((now - started_at).total_seconds() // 60),
        "expected_completion_time": task.expected_completion_time,
    }


def running_tasks(db: Session, supervisor_id: int | None) -> list[dict[str, Any]]:
    stmt = select(Task).where(Task.status == "in_progress").order_by(Task.started_at, Task.id)
    if supervisor_id is not None:
        stmt = stmt.where(Task.supervisor_id == supervisor_id)
    now = utcnow()
    return [running_task_row(task, now) for task in db.scalars(stmt)]


def team_workload(db: Session) -> list[dict[str, Any]]:
    open_tasks = (
        select(Task.assigned_to, func.count(Task.id).label("open_tasks"))
        .where(Task.status.in_(OPEN_STATUSES))
        .group_by(Task.assigned_to)
        .subquery()
    )
    stmt = (
        select(User, func.coalesce(open_tasks.c.open_tasks, 0))
        .outerjoin(open_tasks, open_tasks.c.assigned_to == User.id)
        .where(User.role == "operator", User.is_active.is_(True))
        .order_by(User.name)
    )
    return [
        {"user_id": user.id, "name": user.name, "open_tasks": count}
        for user, count in db.execute(stmt)
    ]


@router.get("/supervisor/running-tasks")
def list_running_tasks(
    db: Annotated[Session, Depends(get_db)], supervisor_id: int | None = None
) -> list[dict[str, Any]]:
    return running_tasks(db, supervisor_id)


@router.get("/dashboard/supervisor")
def supervisor_dashboard(
    db: Annotated[Session, Depends(get_db)], supervisor_id: int | None = None
) -> dict[str, Any]:
    quick_wins = db.scalars(
        select(Task)
        .where(Task.status == "todo", Task.expected_completion_time > 0)
        .order_by(Task.expected_completion_time, Task.id)
        .limit(5)
    ).all()
    projects = []
    for project in db.scalars(select(Project).where(Project.status == "active")):
        open_count = db.scalar(
            select(func.count(Task.id)).where(
                Task.project_id == project.id, Task.status.in_(OPEN_STATUSES)
            )
        )
        projects.append(
            {
                "id": project.id,
                "name": project.name,
                "status": project.status,
                "expected_completion_time": project.expected_completion_time,
                "open_tasks": open_count,
            }
        )
    return {
        "running": running_tasks(db, supervisor_id),
        "team": team_workload(db),
        "quick_wins": [TaskBrief.model_validate(task) for task in quick_wins],
        "projects": projects,
    }
