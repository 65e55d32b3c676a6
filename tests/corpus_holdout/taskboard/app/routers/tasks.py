from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import models, schemas
from app.db import get_session
from app.services.reminders import schedule_reminder

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get("/", response_model=list[schemas.TaskOut])
def list_tasks(
    due_before: datetime | None = None,
    session: Session = Depends(get_session),
) -> list[models.Task]:
    stmt = select(models.Task).order_by(models.Task.eta.asc().nulls_last())  # expect: CR102 certain
    if due_before is not None:
        stmt = stmt.where(models.Task.eta < due_before)  # expect: CR102 certain
    return list(session.scalars(stmt))


@router.post("/", response_model=schemas.TaskOut, status_code=status.HTTP_201_CREATED)
def create_task(payload: schemas.TaskCreate, session: Session = Depends(get_session)) -> models.Task:
    task = models.Task(**payload.model_dump())
    session.add(task)
    session.commit()
    if task.eta is not None:  # expect: CR103 certain
        schedule_reminder(task)
    return task


@router.post("/{task_id}/reschedule", response_model=schemas.TaskOut)
def reschedule(
    task_id: int, body: schemas.RescheduleIn, session: Session = Depends(get_session)
) -> models.Task:
    task = session.get(models.Task, task_id)
    if task is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such task")
    previous = task.eta  # expect: CR103 certain
    task.eta = body.new_eta  # expect: CR103 certain
    session.commit()
    schedule_reminder(task, replaces=previous)
    return task


@router.get("/{task_id}/summary")
def task_summary(task_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    task = session.get(models.Task, task_id)
    if task is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such task")
    deadline = task.eta or task.project.eta  # expect: CR103 certain; expect-not
    return {
        "id": task.id,
        "title": task.title,
        "eta": task.eta,  # expect: CR106 certain; expect: CR103 certain
        "project_eta": task.project.eta,  # expect-not
        "deadline": deadline.isoformat() if deadline else None,
    }
