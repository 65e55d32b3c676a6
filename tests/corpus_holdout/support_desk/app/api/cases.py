from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.deps import get_repo, get_session
from app.models import Case as CaseModel
from app.models import Lead
from app.repositories.cases import CaseRepository
from app.schemas.cases import CaseIn, CaseOut, LeadOut

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("/{case_id}", response_model=CaseOut)
def read_case(case_id: int, repo: CaseRepository = Depends(get_repo)) -> CaseModel:
    case = repo.get(case_id)
    if case is None:
        raise HTTPException(404, "case not found")
    return case


@router.post("/", response_model=CaseOut, status_code=201)
def open_case(body: CaseIn, repo: CaseRepository = Depends(get_repo)) -> CaseModel:
    return repo.add(CaseModel(title=body.title, details=body.details))


@router.get("/{case_id}/export")
def export_case(case_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    case = session.get(CaseModel, case_id)
    if case is None:
        raise HTTPException(404, "case not found")
    source = case.source  # expect: CR108 certain
    return {
        "id": case.id,
        "title": case.title,
        "source_id": case.source_id,  # expect: CR106 certain; expect: CR103 certain
        "source": source.name if source else None,  # expect: CR108 certain
    }


@router.get("/unsourced/count")
def count_unsourced(session: Session = Depends(get_session)) -> dict[str, int]:
    found = session.execute(select(CaseModel).where(CaseModel.source_id.is_(None))).scalars()  # expect: CR102 certain
    return {"count": sum(1 for _ in found)}


@router.get("/{case_id}/raw-source")
def raw_source(case_id: int, repo: CaseRepository = Depends(get_repo)) -> dict[str, int | None]:
    case = repo.get(case_id)
    if case is None:
        raise HTTPException(404, "case not found")
    return {"value": getattr(case, "source_id")}  # expect: CR106 certain


@router.get("/leads/{lead_id}", response_model=LeadOut)
def read_lead(lead_id: int, session: Session = Depends(get_session)) -> Lead:
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise HTTPException(404, "lead not found")
    return lead


@router.get("/leads/{lead_id}/export")
def export_lead(lead_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise HTTPException(404, "lead not found")
    return {"id": lead.id, "source_id": lead.source_id, "source": lead.source.name if lead.source else None}  # expect-not
