"""/reports: task, milestone and project reports."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.database import get_db
from app.models.models_db import Milestone, Project, Task
from app.schemas.project_schema import ProjectOut
from app.schemas.task_schema import TaskRead

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/tasks")
def task_report(db: Annotated[Session, Depends(get_db)]) -> list[dict[str, Any]]:
    rows = []
    for task in db.scalars(select(Task).order_by(Task.id)):
        rows.append(
            {
                "id": task.id,
                "title": task.title,
                "status": task.status,
                "project": task.project.name if task.project else None,
                "assignee": task.assignee.name if task.assignee else None,
                "expected_completion_time": task.expected_completion_time,
                "actual_completion_time": task.actual_completion_time,
            }
        )
    return rows


@router.get("/tasks/public")
def public_task_report(db: Annotated[Session, Depends(get_db)]) -> list[dict[str, Any]]:
    """The task report for clients: the planners' estimates stay internal."""
    tasks = db.scalars(select(Task).order_by(Task.id))
    return [
        TaskRead.model_validate(task).model_dump(
            mode="json", exclude={"expected_completion_time", "eta_minutes"}
        )
        for task in tasks
    ]


def milestone_row(db: Session, milestone: Milestone) -> dict[str, Any]:
    # SUM is a DECIMAL on MariaDB: make it an int before it reaches JSON.
    spent = int(
        db.scalar(
            select(func.sum(Task.actual_completion_time)).where(Task.milestone_id == milestone.id)
        )
        or 0
    )
    expected_completion_time = milestone.expected_completion_time_minutes or 0
    return {
        "milestone_id": milestone.id,
        "project_id": milestone.project_id,
        "title": milestone.title,
        "due": milestone.expected_completion,
        "reached": milestone.reached_at is not None,
        "expected_minutes": expected_completion_time,
        "spent_minutes": spent,
        "remaining_minutes": expected_completion_time - spent,
    }


@router.get("/milestones")
def milestone_report(db: Annotated[Session, Depends(get_db)]) -> list[dict[str, Any]]:
    milestones = db.scalars(select(Milestone).order_by(Milestone.expected_completion, Milestone.id))
    return [milestone_row(db, milestone) for milestone in milestones.all()]


@router.get("/projects", response_model=list[ProjectOut])
def project_report(db: Annotated[Session, Depends(get_db)]) -> list[Project]:
    stmt = select(Project).options(selectinload(Project.milestones)).order_by(Project.id)
    return list(db.scalars(stmt))
