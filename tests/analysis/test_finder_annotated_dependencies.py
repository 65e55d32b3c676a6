"""FastAPI names a dependency once, ``CurrentUser = Annotated[User,
Depends(get_current_user)]``, and every route takes ``current_user: CurrentUser``: such a
parameter is a ``User`` (the full-stack FastAPI template's routes read
``current_user.id`` so)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from sqlmodel import Field, SQLModel


    class User(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        email: str


    class Item(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        owner_id: int = Field(foreign_key="user.id")
"""

DEPS = """
    from typing import Annotated

    from fastapi import Depends
    from sqlmodel import Session

    from app.models import User


    def get_db():
        yield None


    def get_current_user() -> User:
        raise NotImplementedError


    SessionDep = Annotated[Session, Depends(get_db)]
    CurrentUser = Annotated[User, Depends(get_current_user)]
"""

ROUTES = """
    from fastapi import APIRouter
    from sqlmodel import select

    from app.deps import CurrentUser, SessionDep
    from app.models import Item

    router = APIRouter()


    @router.get("/items/")
    def read_items(session: SessionDep, current_user: CurrentUser) -> list[Item]:
        statement = select(Item).where(Item.owner_id == current_user.id)
        return list(session.exec(statement).all())


    @router.get("/me")
    def read_me(current_user: CurrentUser, other) -> dict:
        return {"email": current_user.email, "other": other.email}
"""


def test_a_parameter_annotated_with_a_dependency_alias_is_the_model(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/deps.py": DEPS,
            "app/routes.py": ROUTES,
        },
    )
    routes = files["app/routes.py"]
    refs = [r for r in summary(found(tmp_path, "user.email")) if r[0] == "app/routes.py"]
    assert refs == [
        # the key whose value reads the column, and the read
        ("app/routes.py", *at(routes, '{^"email"'), "CR106", "certain"),
        ("app/routes.py", *at(routes, "current_user.^email"), "CR103", "certain"),
        # an unannotated parameter stays what it was: no class but the model has the name
        ("app/routes.py", *at(routes, "other.^email"), "CR103", "likely"),
    ]
    ids = [r for r in summary(found(tmp_path, "user.id")) if r[0] == "app/routes.py"]
    assert ids == [("app/routes.py", *at(routes, "current_user.^id"), "CR103", "certain")]
