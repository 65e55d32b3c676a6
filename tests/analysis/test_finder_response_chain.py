"""A route's ``response_model`` whose function returns a schema that mirrors the model
(``return Groups.get_groups()``, annotated ``-> list[GroupModel]``) mirrors what that schema
mirrors: FastAPI fills the response's fields from the returned object's same-named
attributes. The evidence is of the response class alone: a subclass of it built from a
mapping of other data is no mirror by it, and a route returning anything else proves
nothing."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import Optional

    from pydantic import BaseModel, ConfigDict
    from sqlalchemy import JSON, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Group(Base):
        __tablename__ = "group"
        id = Column(String, primary_key=True)
        name = Column(String)
        user_ids = Column(JSON, nullable=True)


    class GroupModel(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        id: str
        name: str
        user_ids: list[str] = []


    class GroupResponse(BaseModel):
        id: str
        name: str
        user_ids: list[str] = []


    class GroupServerResponse(GroupResponse):
        server: str = ""


    class GroupSummary(BaseModel):
        id: str
        user_ids: list[str] = []


    class GroupTable:
        def get_groups(self, db) -> list[GroupModel]:
            return [GroupModel.model_validate(group) for group in db.query(Group).all()]

        def get_group_by_id(self, db, id: str) -> Optional[GroupModel]:
            group = db.query(Group).filter_by(id=id).first()
            return GroupModel.model_validate(group) if group else None


    Groups = GroupTable()
"""


def test_a_response_model_of_a_route_returning_a_mirror(tmp_path: Path) -> None:
    """``GroupResponse`` is the response of routes returning ``GroupModel``s: its field is
    a certain schema field. Near misses: ``GroupServerResponse``, its subclass built from a
    config's mapping, stays unexplained, and ``GroupSummary``, the response of a route that
    returns a dict, proves nothing."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/routes.py": """
        from fastapi import APIRouter

        from app.models import GroupResponse, Groups, GroupServerResponse, GroupSummary

        router = APIRouter()


        @router.get("/", response_model=list[GroupResponse])
        async def get_groups(db):
            return Groups.get_groups(db)


        @router.get("/id/{id}", response_model=GroupResponse)
        async def get_group(db, id: str):
            group = Groups.get_group_by_id(db, id)
            if group:
                return group
            return None


        @router.get("/servers", response_model=list[GroupServerResponse])
        async def get_servers(config):
            return [
                GroupServerResponse(**{"id": s["id"], "name": s["name"], "user_ids": s.get("user_ids", [])})
                for s in config.SERVERS
            ]


        @router.get("/summary", response_model=GroupSummary)
        async def get_summary(config):
            return {"id": "all", "user_ids": config.USERS}
        """,
        },
    )
    models, routes = files["app/models.py"], files["app/routes.py"]
    rows = [r for r in accounted(tmp_path, "group.user_ids") if r[0] != "app/models.py"]
    fields = [r[1:] for r in accounted(tmp_path, "group.user_ids") if r[0] == "app/models.py"]
    assert (*at(models, "^user_ids: list[str] = []", nth=2), "CR105 certain") in fields
    assert (*at(models, "^user_ids: list[str] = []", nth=3), "unexplained") in fields
    assert rows == [
        ("app/routes.py", *at(routes, '"^user_ids": s'), "unexplained"),
        ("app/routes.py", *at(routes, 's.get("^user_ids"'), "unexplained"),
        ("app/routes.py", *at(routes, '"^user_ids": config'), "unexplained"),
    ]
