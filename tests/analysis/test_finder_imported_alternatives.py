"""A class imported from one module or another (``if is_ee(): from app.ee import
CreateOrganization`` / ``else: from app.oss import CreateOrganization``): at run time the
name is one of them, so a keyword of the column's name given to it is a keyword of either;
where one is a schema proven to mirror the model, or the model, it is a reference. Where
none is, nothing is proven."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class OrganizationDB(Base):
        __tablename__ = "organizations"
        id = Column(String, primary_key=True)
        name = Column(String)
        owner = Column(String)
"""

OSS = """
    from pydantic import BaseModel

    from app.models import OrganizationDB


    class CreateOrganization(BaseModel):
        name: str
        owner: str


    def create_organization(payload: CreateOrganization):
        return OrganizationDB(name=payload.name, owner=payload.owner)
"""

EE = """
    from pydantic import BaseModel


    class CreateOrganization(BaseModel):
        name: str
        owner: str
"""

ROUTER = """
    import os

    if os.environ.get("EE"):
        from app.ee import CreateOrganization
    else:
        from app.oss import CreateOrganization


    def create(user_id):
        return CreateOrganization(name="default", owner=str(user_id))
"""


def _project(tmp_path: Path, oss: str = OSS) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/oss.py": oss,
            "app/ee.py": EE,
            "app/router.py": ROUTER,
        },
    )


def test_a_keyword_of_either_import_that_mirrors_the_model_is_a_reference(
    tmp_path: Path,
) -> None:
    files = _project(tmp_path)
    router = files["app/router.py"]
    rows = accounted(tmp_path, "organizations.owner")
    assert ("app/router.py", *at(router, "^owner=str"), "CR104 certain") in rows


def test_a_keyword_of_imports_none_of_which_mirrors_is_not(tmp_path: Path) -> None:
    """Neither ``CreateOrganization`` is shown to carry the column."""
    oss = OSS.replace("owner=payload.owner", "owner=None")
    files = _project(tmp_path, oss)
    router = files["app/router.py"]
    rows = accounted(tmp_path, "organizations.owner")
    where = at(router, "^owner=str")
    assert not any(r[:3] == ("app/router.py", *where) and r[3].startswith("CR") for r in rows)
