from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app.models.models_db import Task
from app.schemas.task_schema import TaskCreate, TaskResponse
from app.schemas.task_schemas import TaskPatch

router = APIRouter(prefix="/tasks")


def get_db() -> Session:
    raise NotImplementedError


@router.get("/", response_model=list[TaskResponse])
def list_tasks(db: Session = Depends(get_db)):
    tasks = db.query(Task).order_by(Task.expected_completion_time.desc()).all()  # expect: CR102 certain
    return [
        {
            "id": t.id,
            "title": t.title,
            "expected_completion_time": t.expected_completion_time,  # expect: CR106 certain, CR103 certain
        }
        for t in tasks
    ]


@router.post("/", response_model=TaskResponse)
def create_task(payload: TaskCreate, db: Session = Depends(get_db)):
    task = Task(
        title=payload.title,
        project_id=payload.project_id,
        expected_completion_time=payload.expected_completion_time,  # expect: CR104 certain, CR103 certain
    )
    db.add(task)
    db.commit()
    return task


@router.patch("/{task_id}", response_model=TaskResponse)
def patch_task(task_id: int, patch: TaskPatch, db: Session = Depends(get_db)):
    task = db.get(Task, task_id)
    if task is None:
        raise HTTPException(404)
    if patch.eta_minutes is not None:  # expect: CR103 certain
        task.expected_completion_time = patch.eta_minutes  # expect: CR103 certain, CR103 certain
    for field in ("title", "expected_completion_time"):  # expect: CR106 certain
        setattr(task, field, getattr(patch, field, None))
    db.commit()
    return task


@router.get("/late")
def late_tasks(db: Session = Depends(get_db)):
    overdue = db.query(Task).filter(Task.expected_completion_time < 30).all()  # expect: CR102 certain
    return [t.id for t in overdue]


@router.get("/pending")
def pending(db: Session = Depends(get_db)):
    return db.query(Task).filter_by(status="pending", expected_completion_time=None).count()  # expect: CR104 certain
