from __future__ import annotations

import logging

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import Case, Lead, Source
from app.repositories.cases import CaseRepository

log = logging.getLogger(__name__)


def assign_source(repo: CaseRepository, case_id: int, source: Source) -> Case | None:
    case = repo.get(case_id)
    if case is None:
        return None
    case.source = source  # expect: CR108 certain
    log.info("case %s now attributed to source %s", case.id, source.name)
    return case


def source_label(case: Case) -> str:
    if case.source is None:  # expect: CR108 certain
        return "unknown"
    return f"{case.source.kind}:{case.source.name}"  # expect: CR108 certain; expect: CR108 certain


def convert_lead(repo: CaseRepository, lead: Lead) -> Case:
    case = Case(title=lead.title, source_id=lead.source_id)  # expect: CR104 certain; expect-not
    return repo.add(case)


def lead_source_name(lead: Lead) -> str | None:
    return lead.source.name if lead.source else None  # expect-not


def move_all(session: Session, from_id: int, to_id: int) -> int:
    result = session.execute(
        text("UPDATE cases SET source_id = :to_id WHERE source_id = :from_id"),  # expect: CR107 certain
        {"to_id": to_id, "from_id": from_id},
    )
    return result.rowcount


def orphan_leads(session: Session) -> int:
    return session.execute(text("SELECT count(*) FROM leads WHERE source_id IS NULL")).scalar_one()  # expect-not


def sources_in_use(session: Session) -> set[int]:
    ids = session.scalars(select(Case.source_id).distinct()).all()  # expect: CR102 certain
    return {i for i in ids if i is not None}
