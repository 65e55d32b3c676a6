"""Pydantic's ``@field_validator("name")`` names a field of its own class: where that field's
declaration is a reference to the column, so is the string."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String, Table
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()

    users_to_favorites = Table(
        "users_to_favorites",
        Base.metadata,
        Column("user_id", Integer, ForeignKey("users.id")),
        Column("recipe_id", Integer, ForeignKey("recipes.id")),
    )


    class Recipe(Base):
        __tablename__ = "recipes"
        id = Column(Integer, primary_key=True)
        slug = Column(String)


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        favorite_recipes = relationship(Recipe, secondary=users_to_favorites)
"""

TASKS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
        title = Column(String)
"""


def test_a_validator_of_a_mirrored_relationship_field_is_a_reference(tmp_path: Path) -> None:
    """``UserOut``, built from a ``User``, nests ``favorite_recipes`` (the relationship
    through the association table); its ``@field_validator("favorite_recipes")`` turns the
    rows into slugs and goes with the field: a string reference as sure as the field."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from typing import Any

        from pydantic import BaseModel, ConfigDict, field_validator

        from app.models import User


        class UserOut(BaseModel):
            id: int
            favorite_recipes: list[str] = []
            model_config = ConfigDict(from_attributes=True)

            @field_validator("favorite_recipes", mode="before")
            def convert_favorite_recipes_to_slugs(cls, v: Any):
                return [recipe.slug for recipe in v or []]


        def user_out(user: User) -> UserOut:
            return UserOut.model_validate(user)
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "users_to_favorites.user_id", skip="app/models.py")
    field_row = next(row for row in rows if row[1:3] == at(schemas, "^favorite_recipes: list"))
    assert field_row[3].startswith("CR105")
    validator = at(schemas, '(^"favorite_recipes", mode')
    assert ("app/schemas.py", *validator, f"CR106 {field_row[3].split()[1]}") in rows


def test_a_validator_of_a_mirroring_schema_field_is_a_certain_reference(tmp_path: Path) -> None:
    """``TaskOut.model_validate(task)`` proves ``TaskOut`` mirrors ``Task``: its ``title``
    is a certain schema field, and ``@validator("title")`` a certain string."""
    files = write(
        tmp_path,
        {
            "app/models.py": TASKS,
            "app/schemas.py": """
        from pydantic import BaseModel, validator

        from app.models import Task


        class TaskOut(BaseModel):
            id: int
            title: str

            @validator("title", pre=True)
            def strip_title(cls, value):
                return value.strip()


        def task_out(task: Task) -> TaskOut:
            return TaskOut.model_validate(task)
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "tasks.title", skip="app/models.py")
    assert ("app/schemas.py", *at(schemas, "^title: str"), "CR105 certain") in rows
    assert ("app/schemas.py", *at(schemas, '(^"title", pre'), "CR106 certain") in rows


def test_a_validator_of_a_schema_not_proven_to_mirror_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: ``TaskIn`` has a ``title`` too, but nothing shows it mirrors ``Task``: its
    field is unexplained, and the validator's string is no reference either."""
    files = write(
        tmp_path,
        {
            "app/models.py": TASKS,
            "app/schemas.py": """
        from pydantic import BaseModel, field_validator


        class TaskIn(BaseModel):
            title: str

            @field_validator("title")
            def strip_title(cls, value):
                return value.strip()
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "tasks.title", skip="app/models.py")
    validator = at(schemas, '("^title")')
    assert all(not row[3].startswith("CR") for row in rows if row[1:3] == validator)
    assert ("app/schemas.py", *at(schemas, "^title: str"), "unexplained") in rows


def test_a_validator_of_an_inherited_field_is_left_to_the_other_judges(tmp_path: Path) -> None:
    """Near miss: the field is declared in a base, the validator in a subclass: the rule reads
    one class body, and says nothing of the string."""
    files = write(
        tmp_path,
        {
            "app/models.py": TASKS,
            "app/schemas.py": """
        from pydantic import BaseModel, field_validator

        from app.models import Task


        class TaskOut(BaseModel):
            title: str


        class TaskOutStripped(TaskOut):
            @field_validator("title")
            def strip_title(cls, value):
                return value.strip()


        def task_out(task: Task) -> TaskOut:
            return TaskOut.model_validate(task)
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "tasks.title", skip="app/models.py")
    validator = at(schemas, '(^"title")')
    assert all(not row[3].startswith("CR106") for row in rows if row[1:3] == validator)
