from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.models.models_db import Project, Task
from app.routers.tasks_router import get_db
from app.schemas.task_schemas import TaskTiming

router = APIRouter(prefix="/reports")


@router.get("/timing")
def timing(db: Session = Depends(get_db)):
    tasks: list[Task] = db.query(Task).all()
    report = [TaskTiming.model_validate(t).model_dump(exclude={"expected_completion_time"}) for t in tasks]  # expect: CR106 certain
    totals = {}
    for t in tasks:
        totals[t.id] = t.expected_completion_time  # expect: CR103 certain
    return report, totals


@router.get("/projects")
def projects(db: Session = Depends(get_db)):
    out = []
    for project in db.query(Project).all():
        out.append({"id": project.id, "expected_completion_time": project.expected_completion_time})  # expect-not, expect-not
    return out


def from_row(row) -> dict:
    return {"expected_completion_time": row["expected_completion_time"]}  # expect: CR106 likely
