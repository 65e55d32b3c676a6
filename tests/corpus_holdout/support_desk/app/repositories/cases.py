from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Case


class CaseRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, case_id: int) -> Case | None:
        return self._session.get(Case, case_id)

    def by_source(self, source_id: int) -> Sequence[Case]:  # expect-not
        stmt = select(Case).where(Case.source_id == source_id).order_by(Case.created_at.desc())  # expect: CR102 certain
        return self._session.scalars(stmt).all()

    def unsourced(self) -> Sequence[Case]:
        return self._session.execute(select(Case).filter_by(source_id=None)).scalars().all()  # expect: CR104 certain

    def with_sources(self) -> Sequence[Case]:
        return self._session.scalars(select(Case).options(selectinload(Case.source))).all()  # expect: CR108 certain

    def add(self, case: Case) -> Case:
        self._session.add(case)
        self._session.flush()
        return case
