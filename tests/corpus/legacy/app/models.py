from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class ClosableMixin:
    closed = Column("closed_at", DateTime, nullable=True)  # expect: CR101 certain

    def is_closed(self) -> bool:
        return self.closed is not None  # expect: CR103 certain


class Ticket(ClosableMixin, Base):
    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    subject = Column(String(200))


class Incident(ClosableMixin, Base):
    __tablename__ = "incidents"

    id = Column(Integer, primary_key=True)
    severity = Column(Integer)


class Note(Base):
    __tablename__ = "notes"

    id = Column(Integer, primary_key=True)
    closed = Column(DateTime)  # expect-not


def now() -> datetime:
    return datetime.utcnow()
