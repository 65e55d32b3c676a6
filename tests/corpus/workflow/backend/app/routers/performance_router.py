from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.models.models_db import Task
from app.routers.tasks_router import get_db
from app.schemas.task_schema import TaskResponse

router = APIRouter(prefix="/performance")


def load_task(db: Session, task_id: int) -> Task | None:
    return db.get(Task, task_id)


@router.get("/{task_id}")
def performance(task_id: int, db: Session = Depends(get_db)):
    task = load_task(db, task_id)
    ratio = task.actual_completion_time / task.expected_completion_time  # expect: CR103 certain
    body = TaskResponse.model_validate(task)
    return {"ratio": ratio, "eta": body.expected_completion_time}  # expect: CR103 certain


def summarize(rows):
    # rows come from anywhere: the owner is unknown
    return sum(r.expected_completion_time or 0 for r in rows)  # expect: CR103 likely


def exported(task: Task) -> dict:
    return task.__dict__ | {"minutes": task.expected_completion_time}  # expect: CR103 certain
