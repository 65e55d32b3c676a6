"""Owners the finder must tell apart, as examples: each test is a small project (before),
the column scanned for, and the references expected (after), with the look-alike beside
it that must stay silent."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import at, found, summary, write

PROJECTS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Project(Base):
        __tablename__ = "projects"
        id: Mapped[int] = mapped_column(primary_key=True)
        eta: Mapped[str | None] = mapped_column(String(10))
        tasks: Mapped[list["Task"]] = relationship(back_populates="project")


    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
        project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
        title: Mapped[str] = mapped_column(String(80))
        eta: Mapped[str | None] = mapped_column(String(10))
        project: Mapped[Project] = relationship(back_populates="tasks")
"""


def test_a_comprehension_inside_a_payload_keeps_its_own_loop_variable(tmp_path: Path) -> None:
    """A dict literal is judged (is it built from a model?) before its values are visited;
    the loop variable of a comprehension among those values is bound by the comprehension,
    not by the function around it."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/timeline.py": """
        from sqlalchemy.orm import Session
        from app.models import Project

        def timeline(session: Session, project_id: int) -> dict:
            project = session.get(Project, project_id)
            return {
                "eta": project.eta,
                "titles": [t.title for t in project.tasks],
                "task_etas": [t.eta for t in project.tasks],
            }
    """,
        },
    )
    timeline = files["app/timeline.py"]
    refs = [r for r in found(tmp_path, "tasks.eta") if r.path == "app/timeline.py"]
    assert summary(refs) == [
        ("app/timeline.py", *at(timeline, "t.^eta for"), "CR103", "certain"),
    ]
