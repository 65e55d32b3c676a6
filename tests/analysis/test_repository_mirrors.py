"""A repository class given a model and a schema, whose code validates the schema from the
instances of the model it builds, proves that schema to mirror that model at each of its
constructions: ``Repository(session, Shelf, ShelfOut)`` is ``ShelfOut.model_validate(shelf)``
written once for every pair."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Book(Base):
        __tablename__ = "books"
        id = Column(Integer, primary_key=True)
        label = Column(String)


    class Shelf(Base):
        __tablename__ = "shelves"
        id = Column(Integer, primary_key=True)
        label = Column(String)
"""

SCHEMAS = """
    from pydantic import BaseModel


    class ShelfOut(BaseModel):
        id: int
        label: str
"""

REPOSITORY = """
    from pydantic import BaseModel

    from app.models import Base


    class Repository:
        def __init__(self, session, model: type[Base], schema: type[BaseModel]):
            self.session = session
            self.model = model
            self.schema = schema

        def create(self, data):
            row = self.model(**data)
            self.session.add(row)
            self.session.commit()
            return self.schema.model_validate(row)
"""

FACTORY = """
    from app.models import Shelf
    from app.repository import Repository
    from app.schemas import ShelfOut


    def shelves(session):
        return Repository(session, Shelf, ShelfOut)
"""

USES = """
    from app.schemas import ShelfOut


    def caption(shelf: ShelfOut) -> str:
        return shelf.label.title()
"""


def test_a_schema_a_repository_validates_from_another_model_is_that_models(
    tmp_path: Path,
) -> None:
    """``ShelfOut`` is validated from the ``Shelf`` rows the repository builds: its
    ``label`` is the shelves' column, not the books'."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/repository.py": REPOSITORY,
            "app/factory.py": FACTORY,
            "app/uses.py": USES,
        },
    )
    rows = accounted(tmp_path, "books.label")
    uses, schemas = files["app/uses.py"], files["app/schemas.py"]
    assert ("app/uses.py", *at(uses, "shelf.^label"), "excluded: other-table") in rows
    assert ("app/schemas.py", *at(schemas, "^label: str"), "excluded: other-table") in rows


def test_a_repository_whose_schema_code_elsewhere_may_set_proves_nothing(
    tmp_path: Path,
) -> None:
    """A function that sets attributes by a computed name, in a file that names the
    repository's ``schema``, may give an instance another schema: the pair is not proven."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/repository.py": REPOSITORY,
            "app/factory.py": FACTORY,
            "app/uses.py": USES,
            "app/settings.py": """
        def configure(target, options):
            for key, value in options.items():  # may be a repository's schema
                setattr(target, key, value)
        """,
        },
    )
    rows = accounted(tmp_path, "books.label")
    uses = files["app/uses.py"]
    row = [r for r in rows if r[:3] == ("app/uses.py", *at(uses, "shelf.^label"))]
    assert row and row[0][3].startswith("unexplained")
