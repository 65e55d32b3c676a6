"""A read of the column's attribute on an object nobody typed is a likely reference only
when no class of the project but the model binds an attribute of that name: each example
is a small project, the column scanned for, and what the read becomes; the look-alike
class beside it keeps the read unexplained."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, found, summary, write

MODELS = """
    import enum

    from sqlalchemy import Enum, Integer
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class FinalState(enum.Enum):
        none = 0
        accepted = 1


    class Revision(Base):
        __tablename__ = "revisions"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        final_state: Mapped[FinalState] = mapped_column(Enum(FinalState))
"""

OPERATIONS = """
    from app.models import FinalState


    def accept(rev):
        if rev.final_state != FinalState.none:
            raise ValueError("judged already")
        rev.final_state = FinalState.accepted
"""


def test_an_attribute_only_the_model_has_is_likely_on_an_untyped_parameter(
    tmp_path: Path,
) -> None:
    """``rev`` is a parameter nobody annotated; only Revision has a final_state."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/operations.py": OPERATIONS})
    source = files["app/operations.py"]
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert summary(refs) == [
        ("app/operations.py", *at(source, "rev.^final_state !="), "CR103", "likely"),
        ("app/operations.py", *at(source, "rev.^final_state ="), "CR103", "likely"),
    ]
    assert "no class of the project but the model has a final_state attribute" in refs[0].message


def test_a_marshmallow_field_of_that_name_binds_no_attribute(tmp_path: Path) -> None:
    """A marshmallow schema declares final_state as a field, which marshmallow takes out of
    the class: its objects have no such attribute, and the reads stay likely."""
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/operations.py": OPERATIONS,
            "app/schemas.py": """
        from marshmallow import Schema, fields


        class RevisionSchema(Schema):
            final_state = fields.String()
    """,
        },
    )
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert [str(r.confidence) for r in refs] == ["likely", "likely"]


def test_another_class_with_that_attribute_keeps_the_reads_unexplained(tmp_path: Path) -> None:
    """A manager copies the state onto itself (``self.final_state = ...``): an untyped
    object with a final_state may be either, so the reads stay unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/operations.py": OPERATIONS,
            "app/manager.py": """
        class ReviewManager:
            def __init__(self, revision):
                self.final_state = revision.final_state
    """,
        },
    )
    source = files["app/operations.py"]
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert refs == []
    rows = [
        row for row in accounted(tmp_path, "revisions.final_state") if row[0] == "app/operations.py"
    ]
    assert rows == [
        ("app/operations.py", *at(source, "rev.^final_state !="), "unexplained"),
        ("app/operations.py", *at(source, "rev.^final_state ="), "unexplained"),
    ]


def test_a_pydantic_schema_with_that_field_keeps_the_reads_unexplained(tmp_path: Path) -> None:
    """A Pydantic schema not proven to mirror the model declares final_state: its objects
    carry the attribute too."""
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/operations.py": OPERATIONS,
            "app/schemas.py": """
        from pydantic import BaseModel


        class ReviewIn(BaseModel):
            final_state: str
    """,
        },
    )
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert refs == []


def test_a_schema_proven_to_mirror_the_model_is_the_model_s_field_too(tmp_path: Path) -> None:
    """Bitcart's ``DisplayInvoice`` declares ``payment_id`` and is the ``response_model`` of
    a route that returns the ``Invoice``: once proven to mirror the model, its field is the
    column's, and the name is the models' alone again (the proof comes from the first pass
    over the files, so the reads are judged again after it)."""
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/operations.py": OPERATIONS,
            "app/schemas.py": """
        from pydantic import BaseModel, ConfigDict


        class ReviewOut(BaseModel):
            model_config = ConfigDict(from_attributes=True)
            id: int
            final_state: str
    """,
            "app/routes.py": """
        from fastapi import APIRouter

        from app.models import Revision
        from app.schemas import ReviewOut

        router = APIRouter()


        @router.get("/reviews/{review_id}", response_model=ReviewOut)
        def get_review(review_id: int, session) -> Revision:
            return session.get(Revision, review_id)
    """,
        },
    )
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert [(r.code, str(r.confidence)) for r in refs] == [("CR103", "likely")] * 2


def test_a_class_made_from_a_model_by_a_call_voids_the_claim(tmp_path: Path) -> None:
    """A library makes a class from a model (``RevisionHistory = versioned(Revision)``):
    which attributes it has, no reading of the source can tell, so no name is the model's
    alone, and the reads stay unexplained."""
    write(
        tmp_path,
        {
            "app/models.py": MODELS + "\n    RevisionHistory = versioned(Revision)\n",
            "app/operations.py": OPERATIONS,
        },
    )
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert refs == []


def test_a_column_of_a_table_of_unknown_name_is_not_an_attribute(tmp_path: Path) -> None:
    """``history_table.c.final_state`` reads a Table's column: another table may have one
    of that name whatever the classes bind, so it stays unexplained beside the likely read
    of the untyped row."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/history.py": """
        def latest(history_table, revision):
            query = history_table.select().order_by(history_table.c.final_state)
            return query, revision.final_state
    """,
        },
    )
    source = files["app/history.py"]
    rows = [
        row for row in accounted(tmp_path, "revisions.final_state") if row[0] == "app/history.py"
    ]
    assert rows == [
        ("app/history.py", *at(source, "history_table.c.^final_state"), "unexplained"),
        ("app/history.py", *at(source, "revision.^final_state"), "CR103 likely"),
    ]


def test_a_library_object_seen_with_that_attribute_withdraws_the_claim(tmp_path: Path) -> None:
    """The command line's options carry a final_state too (``options.final_state`` of
    argparse's Namespace, excluded as the framework's): an untyped object with a final_state
    may be such an object, so the reads are unexplained again."""
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/operations.py": OPERATIONS,
            "app/cli.py": """
        from argparse import Namespace


        def main(options: Namespace) -> str:
            return options.final_state
    """,
        },
    )
    rows = [r for r in accounted(tmp_path, "revisions.final_state") if r[0] != "app/models.py"]
    assert [where for *_, where in rows] == ["excluded: framework", "unexplained", "unexplained"]


STAMPED = """
    from sqlalchemy import Column, DateTime, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class TimestampMixin:
        created_at = Column(DateTime)


    class Task(TimestampMixin, Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
"""


def test_a_column_of_a_mixin_other_models_inherit_is_not_the_models_alone(tmp_path: Path) -> None:
    """``created_at`` comes from a mixin that Project (in another file) inherits too: an
    untyped object with a created_at may be a Project, so the read stays unexplained."""
    write(
        tmp_path,
        {
            "app/models.py": STAMPED,
            "app/projects.py": """
        from sqlalchemy import Column, Integer

        from app.models import Base, TimestampMixin


        class Project(TimestampMixin, Base):
            __tablename__ = "projects"
            id = Column(Integer, primary_key=True)
    """,
            "app/use.py": "def age(item):\n    return item.created_at\n",
        },
    )
    rows = [r for r in accounted(tmp_path, "tasks.created_at") if r[0] == "app/use.py"]
    assert [where for *_, where in rows] == ["unexplained"]


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        (
            "from sqlalchemy import Column, Integer, MetaData, Table\n\n"
            "jobs = Table('jobs', MetaData(), Column('final_state', Integer))\n",
            "a Core table with a column of that name: its rows carry it",
        ),
        (
            "from wtforms import fields\n\n\nclass ReviewForm:\n"
            "    final_state = fields.IntegerField('State')\n",
            "a WTForms form: its objects carry their fields (not a marshmallow schema)",
        ),
        (
            "from types import SimpleNamespace\n\nDEFAULT = SimpleNamespace(final_state=0)\n",
            "an object built with that attribute",
        ),
        (
            "try:\n    from local import final_state\nexcept ImportError:\n    final_state = 0\n",
            "a module global bound in a try block",
        ),
    ],
)
def test_other_carriers_of_the_name_keep_the_reads_unexplained(
    tmp_path: Path, extra: str, why: str
) -> None:
    write(
        tmp_path,
        {"app/models.py": MODELS, "app/operations.py": OPERATIONS, "app/other.py": extra},
    )
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert refs == [], why


def test_a_file_too_deep_to_parse_does_not_stop_the_claim_check(tmp_path: Path) -> None:
    """A generated file whose expression is too deep for the parser names final_state:
    it cannot be read, so it may bind the name; the scan goes on, the reads unexplained."""
    deep = "final_state = " + "+".join(["a"] * 100_000) + "\n"
    write(tmp_path, {"app/models.py": MODELS, "app/operations.py": OPERATIONS})
    (tmp_path / "app" / "generated.py").write_text(deep)
    refs = [r for r in found(tmp_path, "revisions.final_state") if r.path == "app/operations.py"]
    assert refs == []
