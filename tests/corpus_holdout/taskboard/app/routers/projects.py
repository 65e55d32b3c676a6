from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from app.db import get_session
from app.models import Project
from app.schemas import ProjectOut

router = APIRouter(prefix="/projects", tags=["projects"])


@router.get("/{project_id}", response_model=ProjectOut)
def read_project(project_id: int, session: Session = Depends(get_session)) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise HTTPException(404, "no such project")
    return project


@router.get("/{project_id}/timeline")
def project_timeline(project_id: int, session: Session = Depends(get_session)) -> dict[str, object]:
    project = session.get(Project, project_id)
    if project is None:
        raise HTTPException(404, "no such project")
    return {
        "name": project.name,
        "eta": project.eta,  # expect-not
        "open_tasks": [t.title for t in project.tasks if t.status == "open"],
        "task_etas": [t.eta for t in project.tasks],  # expect: CR103 certain
    }
