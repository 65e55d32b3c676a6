"""/tasks: create, list, change, estimate, start and complete tasks."""

import logging
from datetime import datetime
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models.models_db import Task, utcnow
from app.models.tasks_model import TaskEstimate
from app.schemas.task_schema import TaskStatus
from app.schemas.task_schemas import TaskCompletion, TaskCreate, TaskOut, TaskUpdate

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/tasks", tags=["tasks"])


def get_task_or_404(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise HTTPException(HTTPStatus.NOT_FOUND, f"task {task_id} not found")
    return task


def minutes_between(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def save(db: Session, task: Task) -> Task:
    db.add(task)
    db.commit()
    db.refresh(task)
    return task


@router.get("", response_model=list[TaskOut])
def list_tasks(
    db: Annotated[Session, Depends(get_db)],
    status: TaskStatus | None = None,
    assigned_to: int | None = None,
) -> list[Task]:
    stmt = select(Task).order_by(Task.priority, Task.id)
    if status is not None:
        stmt = stmt.where(Task.status == status)
    if assigned_to is not None:
        stmt = stmt.where(Task.assigned_to == assigned_to)
    return list(db.scalars(stmt))


@router.get("/estimated", response_model=list[TaskOut])
def list_estimated_tasks(db: Annotated[Session, Depends(get_db)]) -> list[Task]:
    """The tasks a planner has estimated."""
    return db.query(Task).filter(Task.eta_minutes.isnot(None)).order_by(Task.id).all()


@router.post("", response_model=TaskOut, status_code=HTTPStatus.CREATED)
def create_task(payload: TaskCreate, db: Annotated[Session, Depends(get_db)]) -> Task:
    task = Task(
        title=payload.title,
        description=payload.description,
        department=payload.department,
        priority=payload.priority,
        project_id=payload.project_id,
        milestone_id=payload.milestone_id,
        assigned_to=payload.assigned_to,
        supervisor_id=payload.supervisor_id,
        eta_minutes=payload.eta_minutes,
        expected_completion_time=payload.eta_minutes,
    )
    return save(db, task)


@router.get("/{task_id}", response_model=TaskOut)
def read_task(task_id: int, db: Annotated[Session, Depends(get_db)]) -> Task:
    return get_task_or_404(db, task_id)


@router.patch("/{task_id}", response_model=TaskOut)
def update_task(task_id: int, payload: TaskUpdate, db: Annotated[Session, Depends(get_db)]) -> Task:
    task = get_task_or_404(db, task_id)
    for field, value in payload.model_dump(exclude_unset=True).items():
        setattr(task, field, value)
    return save(db, task)


@router.put("/{task_id}/estimate", response_model=TaskOut)
def estimate_task(
    task_id: int, payload: TaskEstimate, db: Annotated[Session, Depends(get_db)]
) -> Task:
    task = db.get(Task, task_id)
    if task is None:
        raise HTTPException(HTTPStatus.NOT_FOUND, f"task {task_id} not found")
    task.eta_minutes = payload.eta_minutes
    task.expected_completion_time = payload.eta_minutes
    task.updated_at = utcnow()
    logger.info("task %s re-estimated (%s)", task.id, payload.reason or "no reason given")
    return save(db, task)


@router.post("/{task_id}/duplicate", response_model=TaskOut, status_code=HTTPStatus.CREATED)
def duplicate_task(task_id: int, db: Annotated[Session, Depends(get_db)]) -> Task:
    """A new, not yet started task with the same content as an existing one."""
    source = get_task_or_404(db, task_id)
    copy = Task(
        title=f"{source.title} (copy)",
        description=source.description,
        department=source.department,
        priority=source.priority,
        project_id=source.project_id,
        milestone_id=source.milestone_id,
        supervisor_id=source.supervisor_id,
        eta_minutes=source.eta_minutes,
        expected_completion_time=source.expected_completion_time,
    )
    return save(db, copy)


@router.post("/{task_id}/start", response_model=TaskOut)
def start_task(task_id: int, db: Annotated[Session, Depends(get_db)]) -> Task:
    task = get_task_or_404(db, task_id)
    if task.status not in ("todo", "blocked"):
        raise HTTPException(HTTPStatus.CONFLICT, f"task {task_id} is {task.status}")
    task.status = "in_progress"
    task.started_at = utcnow()
    return save(db, task)


@router.post("/{task_id}/complete", response_model=TaskOut)
def complete_task(
    task_id: int, payload: TaskCompletion, db: Annotated[Session, Depends(get_db)]
) -> Task:
    task = get_task_or_404(db, task_id)
    if task.status != "in_progress" or task.started_at is None:
        raise HTTPException(HTTPStatus.CONFLICT, f"task {task_id} has not been started")
    task.status = "done"
    task.completed_at = utcnow()
    worked = payload.actual_completion_time
    task.actual_completion_time = (
        worked if worked is not None else minutes_between(task.started_at, task.completed_at)
    )
    return save(db, task)
