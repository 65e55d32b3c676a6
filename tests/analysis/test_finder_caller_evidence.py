"""A schema built in a class method from a parameter that only the calls of the method prove
to be the model: the second reading of the file, with the parameter typed, replaces what the
first reading took as evidence, so the schema is proven to mirror the model."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef
from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Incident(Base):
        __tablename__ = "incident"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        is_confirmed = Column(Boolean)
"""

DTOS = """
    from pydantic import BaseModel


    class IncidentDto(BaseModel):
        id: int
        name: str
        is_confirmed: bool

        @classmethod
        def from_db_incident(cls, db_incident):
            return cls(
                id=db_incident.id,
                name=db_incident.name,
                is_confirmed=db_incident.is_confirmed,
            )
"""

ROUTES = """
    from app.dtos import IncidentDto
    from app.models import Incident


    def get_incident(session, incident_id):
        incident = session.get(Incident, incident_id)
        return IncidentDto.from_db_incident(incident)
"""


def test_a_schema_built_from_a_parameter_every_call_proves_mirrors_the_model(
    tmp_path: Path,
) -> None:
    """``IncidentDto.from_db_incident(incident)`` with a row: ``db_incident`` holds an
    ``Incident``, so ``cls(is_confirmed=db_incident.is_confirmed)`` builds the DTO from the
    model; its field and the keyword are certain, not left as a field filled from an
    unknown value by the first reading."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/dtos.py": DTOS, "app/routes.py": ROUTES})
    dtos = files["app/dtos.py"]
    rows = accounted(tmp_path, "incident.is_confirmed", skip="app/models.py")
    assert rows == [
        ("app/dtos.py", *at(dtos, "^is_confirmed: bool"), "CR105 certain"),
        ("app/dtos.py", *at(dtos, "^is_confirmed=db_incident"), "CR104 certain"),
        ("app/dtos.py", *at(dtos, "db_incident.^is_confirmed"), "CR103 certain"),
    ]


def test_the_same_holds_where_phase_two_comes_from_the_cache(tmp_path: Path) -> None:
    """A second scan after a change to a file that names nothing of the column reads phase
    two's answer from the cache, and the evidence of each file from its cached answer."""
    write(tmp_path, {"app/models.py": MODELS, "app/dtos.py": DTOS, "app/routes.py": ROUTES})
    cache = tmp_path / ".cache"
    column = ColumnRef.parse("incident.is_confirmed")
    first = scan(tmp_path, column, cache_dir=cache)
    write(tmp_path, {"app/other.py": "VALUE = 1\n"})
    second = scan(tmp_path, column, cache_dir=cache)
    summary = sorted((r.path, r.line, r.code, str(r.confidence)) for r in second.references)
    assert summary == sorted((r.path, r.line, r.code, str(r.confidence)) for r in first.references)
    assert ("app/dtos.py", 7, "CR105", "certain") in summary


def test_a_schema_also_built_from_another_value_stays_unproven(tmp_path: Path) -> None:
    """Near miss: another construction fills ``is_confirmed`` from a value of its own
    (``IncidentDto(..., is_confirmed=True)``): the field is the class's own too, and stays
    unexplained, as the keyword that gives it the column's value does not."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/dtos.py": DTOS,
            "app/routes.py": ROUTES,
            "app/samples.py": """
        from app.dtos import IncidentDto


        def sample():
            return IncidentDto(id=0, name="sample", is_confirmed=True)
    """,
        },
    )
    dtos = files["app/dtos.py"]
    rows = accounted(tmp_path, "incident.is_confirmed", skip="app/models.py")
    assert ("app/dtos.py", *at(dtos, "^is_confirmed: bool"), "unexplained") in rows
    assert ("app/dtos.py", *at(dtos, "db_incident.^is_confirmed"), "CR103 certain") in rows
