"""The project index: which columns the models declare, how, and where."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import build_index, index_project
from colretire.model import ColumnDefinition, ColumnRef
from tests.analysis.helpers import write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, text
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    class AuditMixin:
        updated_by: Mapped[str | None] = mapped_column(String(50))

    class Task(AuditMixin, Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
        expected_completion_time: Mapped[int | None] = mapped_column(Integer, nullable=True)
        title: Mapped[str] = mapped_column(String(200), default="untitled")
        priority = Column(Integer, nullable=False, server_default=text("3"))
        project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
        closed = mapped_column("closed_at", String(30))

    class Job(AuditMixin, Base):
        __tablename__ = "jobs"
        id: Mapped[int] = mapped_column(primary_key=True)

    legacy = Table("legacy", MetaData(), Column("code", String(10), nullable=False))
"""


def test_declared_columns_cover_mixins_tables_and_renamed_attributes(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS})
    declared = {str(c) for c in index_project(tmp_path).declared_columns()}
    assert declared == {
        "tasks.id", "tasks.expected_completion_time", "tasks.title", "tasks.priority",
        "tasks.project_id", "tasks.closed_at", "tasks.updated_by",
        "jobs.id", "jobs.updated_by", "legacy.code",
    }  # fmt: skip


def test_definitions_are_source_text(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS})
    index = index_project(tmp_path)
    assert index.definition(ColumnRef("tasks", "expected_completion_time")) == ColumnDefinition(
        "Integer", True
    )
    assert index.definition(ColumnRef("tasks", "title")) == ColumnDefinition(
        "String(200)", False, default='"untitled"'
    )
    assert index.definition(ColumnRef("tasks", "priority")) == ColumnDefinition(
        "Integer", False, server_default='text("3")'
    )
    assert index.definition(ColumnRef("tasks", "project_id")) == ColumnDefinition("Integer", False)
    assert index.definition(ColumnRef("legacy", "code")) == ColumnDefinition("String(10)", False)
    assert index.definition(ColumnRef("tasks", "nope")) is None


def test_model_location_and_suggestions(tmp_path: Path) -> None:
    write(tmp_path, {"app/models.py": MODELS})
    index = index_project(tmp_path)
    assert index.model_location(ColumnRef("tasks", "expected_completion_time")) == (
        "app/models.py",
        13,
    )
    assert index.model_location(ColumnRef("tasks", "updated_by")) == ("app/models.py", 8)
    assert index.suggest(ColumnRef("tasks", "expected_completion")) == (
        "tasks.expected_completion_time",
    )
    assert index.suggest(ColumnRef("task", "title"))[0] == "tasks.title"
    assert index.suggest(ColumnRef("zzz", "qqq")) == ()


def test_build_index_reads_exactly_the_files_given(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/more.py": """
        from sqlalchemy.orm import Mapped, mapped_column
        from app.models import Base

        class Note(Base):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)
    """,
        },
    )
    only = build_index(tmp_path, [Path("app/more.py")])
    assert {str(c) for c in only.declared_columns()} == {"notes.id"}
    both = build_index(tmp_path, [tmp_path / "app/models.py", Path("app/more.py")])
    assert ColumnRef("notes", "id") in both.declared_columns()
    assert ColumnRef("tasks", "title") in both.declared_columns()


SQLMODEL_BASES = {
    "app/schemas/base.py": """
        from datetime import datetime
        from uuid import UUID, uuid4

        from sqlmodel import Field, SQLModel

        class BaseSchema(SQLModel):
            id: UUID = Field(default_factory=uuid4, primary_key=True)
            created: datetime = Field(default_factory=datetime.utcnow)
    """,
    "app/schemas/named.py": """
        from app.schemas.base import BaseSchema

        class NamedSchema(BaseSchema):
            name: str
    """,
    "app/schemas/component.py": """
        from typing import Optional

        from app.schemas.named import NamedSchema

        class StackComponentSchema(NamedSchema, table=True):
            __tablename__ = "stack_component"

            type: str
            labels: Optional[bytes]
            component_spec_path: Optional[str]
    """,
}


def test_a_sqlmodel_table_whose_bases_live_in_files_without_a_model_marker(
    tmp_path: Path,
) -> None:
    """``StackComponentSchema(NamedSchema, table=True)`` is a SQLModel table only through its
    bases, which live in files that name no table and declare no ``Column`` (only
    ``Field``s): the index reads them too, so its bare annotations are columns, with their
    definitions (``Optional[str]``: nullable), and so are the fields it inherits."""
    write(tmp_path, SQLMODEL_BASES)
    index = index_project(tmp_path)
    assert {str(c) for c in index.declared_columns()} == {
        "stack_component.id", "stack_component.created", "stack_component.name",
        "stack_component.type", "stack_component.labels", "stack_component.component_spec_path",
    }  # fmt: skip
    spec_path = ColumnRef("stack_component", "component_spec_path")
    assert index.definition(spec_path) == ColumnDefinition("String", nullable=True)
    assert index.definition(ColumnRef("stack_component", "type")) == ColumnDefinition(
        "String", nullable=False
    )
