from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import get_session
from app.models import VisitType
from app.schemas import VisitTypeOut

router = APIRouter(prefix="/visit-types", tags=["visit types"])


@router.get("", response_model=list[VisitTypeOut])
def list_visit_types(session: Session = Depends(get_session)) -> list[VisitType]:
    stmt = select(VisitType).order_by(VisitType.duration_minutes, VisitType.code)  # expect-not[appointments.duration_minutes]
    return list(session.scalars(stmt))


@router.put("/{visit_type_id}/duration", response_model=VisitTypeOut)
def set_duration(visit_type_id: int, duration_minutes: int, session: Session = Depends(get_session)) -> VisitType:  # expect-not[appointments.duration_minutes]
    visit_type = session.get(VisitType, visit_type_id)
    if visit_type is None:
        raise HTTPException(status_code=404)
    visit_type.duration_minutes = duration_minutes  # expect-not[appointments.duration_minutes]
    session.commit()
    return visit_type


@router.get("/short")
def short_visit_types(session: Session = Depends(get_session)) -> list[str]:
    rows = session.scalars(select(VisitType).filter_by(duration_minutes=15))  # expect-not[appointments.duration_minutes]
    return [visit_type.code for visit_type in rows]
