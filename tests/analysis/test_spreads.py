"""A dict literal given to a function of the project that spreads the parameter it fills
into the model's constructor (``Incident(**incident_data, tenant_id=...)``): its keys are
keywords of that constructor, so a key of the column's name is a reference, also where
the function's module has the model by ``from ... import *``. A function that takes a key
out, binds the parameter again or hands the dict elsewhere proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Incident(Base):
        __tablename__ = "incident"
        id = Column(String, primary_key=True)
        tenant_id = Column(String)
        name = Column(String)
        description = Column(String)
        is_confirmed = Column(Boolean)
"""

DB = """
    from app.models import *


    def create_incident_from_dict(tenant_id, incident_data):
        is_predicted = incident_data.get("is_predicted", False)
        incident = Incident(**incident_data, tenant_id=tenant_id, is_confirmed=not is_predicted)
        return incident


    def log_incident(tenant_id, incident_data):
        print(tenant_id, incident_data)
"""

ROUTES = """
    from app.db import create_incident_from_dict, log_incident


    def mine(tenant_id):
        create_incident_from_dict(
            tenant_id=tenant_id,
            incident_data={"name": "Mined", "description": "Candidate"},
        )
        log_incident(tenant_id, {"name": "Mined", "description": "Logged"})
"""


def _project(tmp_path: Path, db: str = DB) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/db.py": db,
            "app/routes.py": ROUTES,
        },
    )


def test_a_key_of_a_dict_spread_into_the_model_by_the_callee_is_a_reference(
    tmp_path: Path,
) -> None:
    files = _project(tmp_path)
    routes = files["app/routes.py"]
    rows = accounted(tmp_path, "incident.description")
    assert ("app/routes.py", *at(routes, '"^description": "Candidate"'), "CR106 certain") in rows
    # handed to a function that only prints it: unexplained, as before
    assert ("app/routes.py", *at(routes, '"^description": "Logged"'), "unexplained") in rows


def test_a_key_the_callee_takes_out_proves_nothing(tmp_path: Path) -> None:
    db = DB.replace(
        '        is_predicted = incident_data.get("is_predicted", False)\n',
        '        is_predicted = incident_data.get("is_predicted", False)\n'
        '        incident_data.pop("description")\n',
    )
    files = _project(tmp_path, db)
    routes = files["app/routes.py"]
    rows = accounted(tmp_path, "incident.description")
    assert ("app/routes.py", *at(routes, '"^description": "Candidate"'), "unexplained") in rows


def test_a_parameter_bound_again_proves_nothing(tmp_path: Path) -> None:
    db = DB.replace(
        '        is_predicted = incident_data.get("is_predicted", False)\n',
        '        is_predicted = incident_data.get("is_predicted", False)\n'
        '        incident_data = {"name": incident_data["name"]}\n',
    )
    files = _project(tmp_path, db)
    routes = files["app/routes.py"]
    rows = accounted(tmp_path, "incident.description")
    assert ("app/routes.py", *at(routes, '"^description": "Candidate"'), "unexplained") in rows


@pytest.mark.parametrize(
    "handed",
    [
        # a function of the project may take the key out
        "        strip_description(incident_data)\n",
        # an alias of the dict may take it out
        '        data = incident_data\n        data.pop("description")\n',
        # the dict kept where other code may change it
        "        PENDING.append(incident_data)\n",
    ],
)
def test_a_dict_handed_elsewhere_proves_nothing(tmp_path: Path, handed: str) -> None:
    db = DB.replace(
        '        is_predicted = incident_data.get("is_predicted", False)\n',
        '        is_predicted = incident_data.get("is_predicted", False)\n' + handed,
    ).replace(
        "from app.models import *\n",
        "from app.models import *\n\n    PENDING = []\n\n\n"
        "    def strip_description(data):\n"
        '        data.pop("description", None)\n',
    )
    files = _project(tmp_path, db)
    routes = files["app/routes.py"]
    rows = accounted(tmp_path, "incident.description")
    assert ("app/routes.py", *at(routes, '"^description": "Candidate"'), "unexplained") in rows


def test_reads_and_writes_of_its_items_keep_the_proof(tmp_path: Path) -> None:
    """Near miss: items read, tested, set or listed keep every key the dict was given."""
    db = DB.replace(
        '        is_predicted = incident_data.get("is_predicted", False)\n',
        '        is_predicted = incident_data.get("is_predicted", False)\n'
        '        if "name" in incident_data and incident_data["name"]:\n'
        '            incident_data["name"] = incident_data["name"].strip()\n'
        "        for key, value in incident_data.items():\n"
        "            print(key, value)\n",
    )
    files = _project(tmp_path, db)
    routes = files["app/routes.py"]
    rows = accounted(tmp_path, "incident.description")
    assert ("app/routes.py", *at(routes, '"^description": "Candidate"'), "CR106 certain") in rows
