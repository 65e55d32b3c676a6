"""Rows that come back from a statement and the classes that hand a column on, in the shapes
of a real removal (an observability server's ``experiments.project_name``): a row rebound
inside an ``async with`` block and read after it, a list sliced into itself, the rows an
``update(...).returning(...)`` gives back, a GraphQL type whose ``Private`` field holds the
row, its resolver named after the column, and a schematics field written over three lines.
Each comes with a near miss."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, write

MODELS = """
    from sqlalchemy import ForeignKey, Integer, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Experiment(Base):
        __tablename__ = "experiments"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String)
        project_name: Mapped[str | None] = mapped_column(String)


    class Span(Base):
        __tablename__ = "spans"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"))
        project_name: Mapped[str] = mapped_column(String)
"""

ROUTES = """
    from sqlalchemy import select, update

    from app import models


    async def get_experiment(request, rowid):
        async with request.app.state.db() as session:
            experiment = await session.execute(
                select(models.Experiment).where(models.Experiment.id == rowid)
            )
            experiment = experiment.scalar()
        return {"project": experiment.project_name}


    async def list_experiments(session, limit):
        result = await session.execute(select(models.Experiment).limit(limit + 1))
        experiments = result.scalars().all()
        if len(experiments) == limit + 1:
            experiments = experiments[:-1]
        return [experiment.project_name for experiment in experiments]


    async def rename(session, rowid, name):
        experiment = await session.scalar(
            update(models.Experiment)
            .where(models.Experiment.id == rowid)
            .values(name=name)
            .returning(models.Experiment)
        )
        return experiment.project_name


    async def delete(session, rowid):
        stmt = (
            models.Experiment.__table__.delete()
            if rowid is None
            else update(models.Experiment)
            .where(models.Experiment.id == rowid)
            .returning(models.Experiment.project_name)
        )
        result = (await session.execute(stmt)).first()
        return result.project_name
"""


def test_a_row_rebound_in_a_with_block_is_read_after_it_as_the_model(tmp_path: Path) -> None:
    """``experiment = await session.execute(select(...))`` then ``experiment =
    experiment.scalar()`` inside ``async with``: the read after the block sees the last
    binding of the block, the model's instance."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": ROUTES})
    refs = {(r.path, r.line, r.col): r for r in found(tmp_path, "experiments.project_name")}
    read = refs[("app/routes.py", *at(files["app/routes.py"], '"project": experiment.^project'))]
    assert (read.code, str(read.confidence)) == ("CR103", "certain")


def test_a_list_sliced_into_itself_keeps_its_items(tmp_path: Path) -> None:
    """``experiments = experiments[:-1]`` drops the over-fetched row: the loop over it
    still reads the model's rows."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": ROUTES})
    refs = {(r.path, r.line, r.col): r for r in found(tmp_path, "experiments.project_name")}
    read = refs[("app/routes.py", *at(files["app/routes.py"], "[experiment.^project_name for"))]
    assert (read.code, str(read.confidence)) == ("CR103", "certain")


def test_update_returning_the_model_gives_its_instances(tmp_path: Path) -> None:
    """``session.scalar(update(Experiment)....returning(Experiment))`` is the changed
    row as an ``Experiment``."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": ROUTES})
    refs = {(r.path, r.line, r.col): r for r in found(tmp_path, "experiments.project_name")}
    line, col = at(files["app/routes.py"], "return experiment.^project_name")
    assert refs[("app/routes.py", line, col)].code == "CR103"
    assert str(refs[("app/routes.py", line, col)].confidence) == "certain"


def test_a_statement_that_may_return_nothing_named_is_not_proven(tmp_path: Path) -> None:
    """Near miss: ``stmt`` is either a Core delete that returns no row or an update
    returning the column; ``result.project_name`` is not proven (the two bindings
    disagree), so it is no certain reference, and it is not dropped silently either."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": ROUTES})
    line, col = at(files["app/routes.py"], "return result.^project_name")
    rows = [
        row for row in accounted(tmp_path, "experiments.project_name") if row[1:3] == (line, col)
    ]
    assert len(rows) == 1
    assert "certain" not in rows[0][3]
    assert not rows[0][3].startswith("excluded")


GRAPHQL = """
    from typing import Optional

    import strawberry
    from strawberry import Private
    from strawberry.relay import Node, NodeID

    from app import models


    @strawberry.type
    class Experiment(Node):
        id: NodeID[int]
        db_record: strawberry.Private[Optional[models.Experiment]] = None
        span: Private[Optional[models.Span]] = None

        @strawberry.field
        async def project_name(self, info) -> Optional[str]:
            if self.db_record:
                val = self.db_record.project_name
            else:
                val = await info.context.data_loaders.experiment_fields.load(
                    (self.id, models.Experiment.project_name),
                )
            return val


    @strawberry.type
    class SpanNode(Node):
        id: NodeID[int]
        span: Private[Optional[models.Span]] = None

        @strawberry.field
        def project_name(self) -> str:
            return self.span.project_name
"""


def test_a_resolver_named_after_the_column_that_returns_it_goes_with_it(tmp_path: Path) -> None:
    """``db_record: strawberry.Private[Optional[models.Experiment]]`` holds the row (the
    ``Private`` wrapper keeps the field out of the GraphQL schema, nothing more), so
    ``self.db_record.project_name`` is a certain read; the resolver ``project_name``
    returns it, so the GraphQL type hands the column on under its name: the resolver's
    declaration is a certain reference, naming the read."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/graphql.py": GRAPHQL})
    refs = {(r.path, r.line, r.col): r for r in found(tmp_path, "experiments.project_name")}
    source = files["app/graphql.py"]
    read = refs[("app/graphql.py", *at(source, "self.db_record.^project_name"))]
    assert (read.code, str(read.confidence)) == ("CR103", "certain")
    resolver = refs[("app/graphql.py", *at(source, "async def ^project_name"))]
    assert (resolver.code, str(resolver.confidence)) == ("CR109", "certain")
    assert f"(read on line {read.line})" in resolver.message


def test_a_resolver_returning_another_tables_column_is_not_a_reference(tmp_path: Path) -> None:
    """Near miss: ``SpanNode.project_name`` returns ``spans.project_name``; neither the
    read nor the resolver is a reference to ``experiments.project_name``."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/graphql.py": GRAPHQL})
    source = files["app/graphql.py"]
    lines = {
        r.line for r in found(tmp_path, "experiments.project_name") if r.path == "app/graphql.py"
    }
    assert at(source, "self.span.^project_name")[0] not in lines
    assert at(source, "def ^project_name(self) -> str")[0] not in lines


DTOS = """
    from schematics import Model
    from schematics.types import BooleanType, IntType


    class ProjectDTO(Model):
        project_id = IntType(serialized_name="projectId")
        restrict_validation_role = BooleanType(
            required=True, default=False, serialized_name="restrictValidationRole"
        )
"""

PROJECT = """
    from sqlalchemy import Boolean, Column, Integer
    from sqlalchemy.orm import declarative_base

    from app.dtos import ProjectDTO

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        restrict_validation_role = Column(Boolean, default=False)

        def as_dto(self):
            dto = ProjectDTO()
            dto.project_id = self.id
            dto.restrict_validation_role = self.restrict_validation_role
            return dto
"""


def test_a_schema_field_written_over_lines_is_one_reference_to_its_end(tmp_path: Path) -> None:
    """The field's camelCase ``serialized_name`` two lines below its name is part of it:
    the reference spans the statement (``end_line``), as a column's declaration does."""
    files = write(tmp_path, {"app/dtos.py": DTOS, "app/models.py": PROJECT})
    refs = [
        r for r in found(tmp_path, "projects.restrict_validation_role") if r.path == "app/dtos.py"
    ]
    line, _ = at(files["app/dtos.py"], "^restrict_validation_role = BooleanType(")
    assert [(r.line, r.kind.value, r.end_line) for r in refs] == [(line, "schema-field", line + 2)]


SUPPRESSED = """
    from contextlib import suppress

    from sqlalchemy import select
    from sqlalchemy.exc import NoResultFound

    from app import models


    def contact(session, span_id, experiment_id):
        record = session.get(models.Span, span_id)
        with suppress(NoResultFound):
            record = session.execute(
                select(models.Experiment).where(models.Experiment.id == experiment_id)
            ).scalar_one()
        return record.project_name


    async def deleted(session, rowid):
        async with session.begin() as transaction:
            row = (
                await session.execute(
                    models.Experiment.__table__.delete()
                    .where(models.Experiment.id == rowid)
                    .returning(models.Experiment.project_name)
                )
            ).first()
        return row.project_name
"""


def test_a_block_that_may_swallow_an_exception_does_not_type_the_reads_after_it(
    tmp_path: Path,
) -> None:
    """Near miss: ``with suppress(NoResultFound)`` may leave ``record`` the span it was,
    so ``record.project_name`` is either table's: not judged, for either column."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": SUPPRESSED})
    where = at(files["app/routes.py"], "return record.^project_name")
    for column in ("experiments.project_name", "spans.project_name"):
        rows = {(r[0], r[1], r[2]): r[3] for r in accounted(tmp_path, column)}
        assert rows[("app/routes.py", *where)] == "unexplained", column


def test_a_core_delete_returning_a_column_gives_rows_of_it(tmp_path: Path) -> None:
    """``Table.delete()...returning(Experiment.project_name)`` in a ``session.begin()``
    block bound with ``as``: the row read after the block is the column's."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": SUPPRESSED})
    refs = {(r.path, r.line, r.col): r for r in found(tmp_path, "experiments.project_name")}
    read = refs[("app/routes.py", *at(files["app/routes.py"], "return row.^project_name"))]
    assert (read.code, str(read.confidence)) == ("CR103", "certain")


REBOUND = """
    from email.message import EmailMessage
    from typing import Generic, Optional, TypeVar

    import strawberry

    from app import models

    T = TypeVar("T")


    class Private(Generic[T]):
        def __init__(self, value: T) -> None:
            self.value = value
            self.project_name = "redacted"


    @strawberry.type
    class ExperimentNote:
        db_record: strawberry.Private[Optional[models.Experiment]] = None

        @strawberry.field
        def project_name(self) -> str:
            project_name = self.db_record.project_name
            if not project_name:
                return ""
            project_name = EmailMessage()
            project_name["Subject"] = "note"
            return project_name


    def boxed(box: Private[models.Experiment]) -> str:
        return box.project_name
"""


def test_a_resolver_whose_read_is_overwritten_before_the_return_is_not_a_getter(
    tmp_path: Path,
) -> None:
    """Near miss: the read is bound to the local, which is bound again to something else
    before the ``return``: the method never gives the column back. The read stays a
    reference; the method is no wrapper of the column."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/graphql.py": REBOUND})
    source = files["app/graphql.py"]
    refs = {
        (r.line, r.col): r
        for r in found(tmp_path, "experiments.project_name")
        if r.path == "app/graphql.py"
    }
    assert refs[at(source, "self.db_record.^project_name")].code == "CR103"
    assert at(source, "def ^project_name") not in refs


def test_a_project_class_named_private_is_not_strawberrys(tmp_path: Path) -> None:
    """Near miss: ``Private`` here is the project's own generic box, whose
    ``project_name`` is its own attribute, not the experiment's."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/graphql.py": REBOUND})
    rows = {(r[0], r[1], r[2]): r[3] for r in accounted(tmp_path, "experiments.project_name")}
    where = at(files["app/graphql.py"], "return box.^project_name")
    assert "certain" not in rows[("app/graphql.py", *where)]
