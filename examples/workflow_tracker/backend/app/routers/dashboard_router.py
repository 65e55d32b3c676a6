"""/dashboard: the admin, planning, attendance, fab and filing dashboards.

The supervisor dashboard lives with the other supervisor views in supervisor_router.
"""

from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from app.database import get_db
from app.models.models_db import Attendance, Project, Task, TaskFile, User, utcnow
from app.schemas.project_schema import MilestoneOut, ProjectOut
from app.schemas.task_schema import TaskBrief, TaskRead

router = APIRouter(prefix="/dashboard", tags=["dashboards"])


def count_by(db: Session, column: InstrumentedAttribute[str], *where: Any) -> dict[str, int]:
    stmt = select(column, func.count()).where(*where).group_by(column)
    return {key: count for key, count in db.execute(stmt)}


def briefs(db: Session, *where: Any) -> list[TaskBrief]:
    tasks = db.scalars(select(Task).where(*where).order_by(Task.priority, Task.id))
    return [TaskBrief.model_validate(task) for task in tasks]


@router.get("/admin")
def admin_dashboard(db: Annotated[Session, Depends(get_db)]) -> dict[str, Any]:
    recent = db.scalars(select(Task).order_by(Task.created_at.desc(), Task.id.desc()).limit(5))
    return {
        "overview": {
            "tasks": {
                "total": db.scalar(select(func.count(Task.id))),
                "by_status": count_by(db, Task.status),
                "unassigned": db.scalar(
                    select(func.count(Task.id)).where(Task.assigned_to.is_(None))
                ),
            },
            "projects": {
                "total": db.scalar(select(func.count(Project.id))),
                "by_status": count_by(db, Project.status),
            },
            "users": {
                "total": db.scalar(select(func.count(User.id))),
                "active": db.scalar(select(func.count(User.id)).where(User.is_active.is_(True))),
            },
        },
        "recent_tasks": [TaskRead.model_validate(task) for task in recent],
    }


def project_progress(db: Session, project: Project) -> dict[str, Any]:
    by_status = count_by(db, Task.status, Task.project_id == project.id)
    total = sum(by_status.values())
    done = by_status.get("done", 0)
    upcoming = [m for m in project.milestones if m.reached_at is None]
    return {
        "project": ProjectOut.model_validate(project),
        "tasks_total": total,
        "tasks_done": done,
        "progress": round(done / total, 2) if total else 0.0,
        "next_milestone": MilestoneOut.model_validate(upcoming[0]) if upcoming else None,
    }


@router.get("/planning")
def planning_dashboard(db: Annotated[Session, Depends(get_db)]) -> dict[str, Any]:
    # Planning shows project budgets (hours). The per-task estimates, expected_completion_time
    # on tasks, are minutes and belong to the supervisor dashboard.
    projects = db.scalars(
        select(Project)
        .where(Project.status == "active")
        .options(selectinload(Project.milestones))
        .order_by(Project.id)
    ).all()
    return {
        "projects": [project_progress(db, project) for project in projects],
        "unassigned": briefs(db, Task.assigned_to.is_(None), Task.status == "todo"),
        "backlog_by_department": count_by(db, Task.department, Task.status == "todo"),
    }


@router.get("/attendance")
def attendance_dashboard(
    db: Annotated[Session, Depends(get_db)], day: date | None = None
) -> dict[str, Any]:
    day = day or utcnow().date()
    running: dict[int | None, list[str]] = {}
    for task in db.scalars(select(Task).where(Task.status == "in_progress").order_by(Task.id)):
        running.setdefault(task.assigned_to, []).append(task.title)
    records = db.execute(
        select(Attendance, User)
        .join(User, Attendance.user_id == User.id)
        .where(Attendance.work_date == day)
        .order_by(User.name)
    ).all()
    people = [
        {
            "user_id": user.id,
            "name": user.name,
            "status": record.status,
            "check_in": record.check_in,
            "check_out": record.check_out,
            "running_tasks": running.get(user.id, []),
        }
        for record, user in records
    ]
    present = {person["user_id"] for person in people}
    absent = db.scalars(
        select(User.name).where(User.is_active.is_(True), User.id.not_in(present))
    ).all()
    return {"date": day, "present": len(people), "people": people, "absent": sorted(absent)}


@router.get("/fab")
def fab_dashboard(db: Annotated[Session, Depends(get_db)]) -> dict[str, Any]:
    fab = Task.department == "fab"
    start_of_day = datetime.combine(utcnow().date(), time.min)
    return {
        "queue": count_by(db, Task.status, fab),
        "in_progress": briefs(db, fab, Task.status == "in_progress"),
        "blocked": briefs(db, fab, Task.status == "blocked"),
        "done_today": db.scalar(
            select(func.count(Task.id)).where(fab, Task.completed_at >= start_of_day)
        ),
    }


@router.get("/filing")
def filing_dashboard(db: Annotated[Session, Depends(get_db)]) -> dict[str, Any]:
    recent = db.execute(
        select(TaskFile, Task.title)
        .join(Task, TaskFile.task_id == Task.id)
        .order_by(TaskFile.filed_at.desc(), TaskFile.id.desc())
        .limit(10)
    ).all()
    return {
        "files_by_category": count_by(db, TaskFile.category),
        "recent_files": [
            {"id": file.id, "filename": file.filename, "category": file.category, "task": title}
            for file, title in recent
        ],
        "done_without_files": briefs(db, Task.status == "done", ~Task.files.any()),
    }
