from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The project's own delivery estimate: a different column from tasks.eta.
    eta: Mapped[date | None] = mapped_column(nullable=True)  # expect-not

    tasks: Mapped[list[Task]] = relationship(back_populates="project")


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_project_id_status", "project_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    eta: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)  # expect: CR101 certain
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    project: Mapped[Project] = relationship(back_populates="tasks")

    def is_overdue(self, now: datetime) -> bool:
        return self.eta is not None and self.eta < now  # expect: CR103 certain; expect: CR103 certain

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.title!r}>"
