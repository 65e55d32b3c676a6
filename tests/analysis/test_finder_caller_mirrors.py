"""A parameter annotated with a Pydantic schema (``def get_org_details(organization:
Organization)``) whose every call in the project gives it an instance of the model (an
``OrganizationDB`` a getter returns): the schema stands for the model, read through the same
attributes, and mirrors it whole, as a schema beside the model in a union annotation does.
One call giving anything else proves nothing. The calls may import the function's module
by its package below the scan's root (``from ee.services import db`` of ``api/ee/``)."""

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

SCHEMAS = """
    from pydantic import BaseModel


    class Organization(BaseModel):
        id: str
        name: str
        owner: str
"""

DB = """
    from app.models import OrganizationDB
    from app.schemas import Organization


    def get_organization(session, organization_id: str) -> OrganizationDB:
        return session.get(OrganizationDB, organization_id)


    def get_org_details(organization: Organization) -> dict:
        return {"id": organization.id, "owner": organization.owner}
"""

SERVICE = """
    from app import db


    def organization_details(session, organization_id):
        organization = db.get_organization(session, organization_id)
        return db.get_org_details(organization)
"""


def _project(tmp_path: Path, service: str = SERVICE) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/db.py": DB,
            "app/service.py": service,
        },
    )


def test_a_schema_every_call_fills_with_the_model_mirrors_it(tmp_path: Path) -> None:
    files = _project(tmp_path)
    schemas, db = files["app/schemas.py"], files["app/db.py"]
    rows = accounted(tmp_path, "organizations.owner")
    assert ("app/schemas.py", *at(schemas, "^owner: str"), "CR105 certain") in rows
    assert ("app/db.py", *at(db, "organization.^owner"), "CR103 certain") in rows


def test_a_call_giving_the_schema_itself_proves_nothing(tmp_path: Path) -> None:
    service = SERVICE + (
        "\n\ndef preview(name):\n"
        '    return db.get_org_details(Organization(id="", name=name, owner=""))\n'
    )
    service = service.replace(
        "from app import db\n", "from app import db\nfrom app.schemas import Organization\n"
    )
    files = _project(tmp_path, service)
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "organizations.owner")
    assert ("app/schemas.py", *at(schemas, "^owner: str"), "unexplained") in rows


def test_calls_importing_the_package_below_the_root_prove_it_too(tmp_path: Path) -> None:
    """``api/app/service.py`` imports ``app.db``, run with ``api/`` on Python's path."""
    files = write(
        tmp_path,
        {
            "api/app/__init__.py": "",
            "api/app/models.py": MODELS,
            "api/app/schemas.py": SCHEMAS,
            "api/app/db.py": DB,
            "api/app/service.py": SERVICE,
        },
    )
    schemas = files["api/app/schemas.py"]
    rows = accounted(tmp_path, "organizations.owner")
    assert ("api/app/schemas.py", *at(schemas, "^owner: str"), "CR105 certain") in rows
