"""/performance: how work went against its estimates, per task, person and project."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models.models_db import Project, Task, User
from app.models.tasks_model import TaskPerformance, UserPerformance

router = APIRouter(prefix="/performance", tags=["performance"])


def task_performance(task: Task) -> TaskPerformance:
    # Estimates made before eta_minutes existed are in expected_completion_time only.
    estimate = task.eta_minutes or task.expected_completion_time or 0
    overrun = (task.actual_completion_time or 0) - estimate
    return TaskPerformance(
        task_id=task.id,
        title=task.title,
        assigned_to=task.assigned_to,
        expected_completion_time=task.expected_completion_time,
        eta_minutes=task.eta_minutes,
        actual_completion_time=task.actual_completion_time,
        overrun_minutes=overrun,
    )


def minutes_spent(db: Session, project: Project) -> int:
    total = db.scalar(
        select(func.sum(Task.actual_completion_time)).where(
            Task.project_id == project.id, Task.status == "done"
        )
    )
    return int(total or 0)


def project_budget(project: Project, spent: int) -> dict[str, Any]:
    """A project's budget is hours; tasks report minutes."""
    budget = (project.expected_completion_time or 0) * 60
    return {
        "project_id": project.id,
        "name": project.name,
        "budget_minutes": budget,
        "spent_minutes": spent,
        "remaining_minutes": budget - spent,
    }


@router.get("/tasks", response_model=list[TaskPerformance])
def task_overruns(db: Annotated[Session, Depends(get_db)]) -> list[TaskPerformance]:
    """Finished, estimated tasks, the worst overrun first."""
    finished = db.scalars(select(Task).where(Task.status == "done", Task.eta_minutes > 0))
    rows = [task_performance(task) for task in finished]
    return sorted(rows, key=lambda row: (-row.overrun_minutes, row.task_id))


@router.get("/users", response_model=list[UserPerformance])
def user_throughput(db: Annotated[Session, Depends(get_db)]) -> list[UserPerformance]:
    stmt = (
        select(
            User.id,
            User.name,
            func.count(Task.id),
            func.coalesce(func.sum(Task.actual_completion_time), 0),
        )
        .join(Task, Task.assigned_to == User.id)
        .where(Task.status == "done")
        .group_by(User.id, User.name)
        .order_by(User.name)
    )
    return [
        UserPerformance(
            user_id=user_id, name=name, tasks_done=done, minutes_worked=int(minutes or 0)
        )
        for user_id, name, done, minutes in db.execute(stmt)
    ]


@router.get("/projects")
def project_budgets(db: Annotated[Session, Depends(get_db)]) -> list[dict[str, Any]]:
    projects = db.scalars(select(Project).order_by(Project.id)).all()
    return [project_budget(project, minutes_spent(db, project)) for project in projects]
