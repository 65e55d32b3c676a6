from fastapi import APIRouter, Depends
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from app.models import models_db as models
from app.routers.tasks_router import get_db

router = APIRouter(prefix="/supervisor")


@router.get("/running-tasks")
def running_tasks(db: Session = Depends(get_db)):
    stmt = select(models.Task).where(models.Task.status == "running")
    rows = db.execute(stmt).scalars().all()
    result = []
    for task in rows:
        # expected_completion_time is shown in minutes
        project = task.project
        result.append(
            {
                "task": task.title,
                "expected_completion_time": task.expected_completion_time,  # expect: CR106 certain, CR103 certain
                "project_eta": project.expected_completion_time,  # expect-not
            }
        )
    return result


@router.get("/compare/{task_id}")
def compare(task_id: int, db: Session = Depends(get_db)):
    task = db.get(models.Task, task_id)
    return task.expected_completion_time - task.project.expected_completion_time  # expect: CR103 certain


@router.post("/reset")
def reset(db: Session = Depends(get_db)):
    db.execute(update(models.Task).values(expected_completion_time=None))  # expect: CR104 certain
    db.execute(text("UPDATE tasks SET expected_completion_time = NULL WHERE status = 'done'"))  # expect: CR107 certain
    db.execute(text("UPDATE projects SET expected_completion_time = NULL"))  # expect-not
    db.commit()


@router.get("/stats")
def stats(db: Session = Depends(get_db)):
    sql = "SELECT avg(expected_completion_time) FROM tasks WHERE status = :s"  # expect: CR107 certain
    return db.execute(text(sql), {"s": "done"}).scalar()
