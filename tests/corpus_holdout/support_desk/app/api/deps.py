from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from app.repositories.cases import CaseRepository

engine = create_engine("postgresql+psycopg://support@localhost/support")
SessionLocal = sessionmaker(engine, expire_on_commit=False)


def get_session() -> Iterator[Session]:
    with SessionLocal.begin() as session:
        yield session


def get_repo(session: Session = Depends(get_session)) -> CaseRepository:
    return CaseRepository(session)
