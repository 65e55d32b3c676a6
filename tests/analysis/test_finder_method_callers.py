"""An unannotated parameter of a method is typed by its calls, as one of a module-level
function is: keep's ``IncidentDto.from_db_incident(cls, db_incident)``, a class method every
route calls through the class with an ``Incident`` row, reads the column off a row. The calls
through ``cls`` and ``self`` inside the class count too. A call through a subclass, the
method handed on as a value or named in a string, an argument of unknown type, or an
instance method of a class a library's base may call leaves the parameter untyped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, String, select
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Incident(Base):
        __tablename__ = "incident"
        id = Column(Integer, primary_key=True)
        description = Column(String)


    class Notice:  # a description too: an untyped read is not the model's by its name alone
        def __init__(self, description):
            self.description = description


    def get_incident_by_id(incident_id) -> Incident:
        return Base.session.get(Incident, incident_id)


    def get_last_incidents(session, limit) -> (list[Incident], int):
        return session.exec(select(Incident).limit(limit)).all(), limit


    def get_counts(session, limit) -> (list, int):
        return [], limit


    def confirm_predicted_incident_by_id(session, incident_id):
        incident = session.exec(select(Incident).where(Incident.id == incident_id)).first()
        if not incident:
            return None
        session.commit()
        return incident
"""

DTO = """
    from pydantic import BaseModel

    from app.models import get_incident_by_id


    class IncidentDto(BaseModel):
        id: int
        summary: str | None

        @classmethod
        def from_db_incident(cls, db_incident):
            return cls(id=db_incident.id, summary=db_incident.description)

        @classmethod
        def from_ids(cls, ids):
            return [cls.from_db_incident(get_incident_by_id(i)) for i in ids]


    class Report:
        def line(self, row):
            return f"{row.id}: {row.description}"

        def lines(self, ids):
            return [self.line(get_incident_by_id(i)) for i in ids]
"""

ROUTES = """
    from app.dto import IncidentDto, Report
    from app.models import (
        confirm_predicted_incident_by_id,
        get_counts,
        get_incident_by_id,
        get_last_incidents,
    )


    def get_incident(incident_id):
        incident = get_incident_by_id(incident_id)
        if not incident:
            raise LookupError(incident_id)
        return IncidentDto.from_db_incident(incident)


    def get_all_incidents(session, limit):
        incidents, total_count = get_last_incidents(session, limit)
        incidents_dto = []
        for incident in incidents:
            incidents_dto.append(IncidentDto.from_db_incident(incident))
        return incidents_dto, total_count


    def confirm_incident(session, incident_id):
        incident = confirm_predicted_incident_by_id(session, incident_id)
        return IncidentDto.from_db_incident(incident)


    def report(incident_id):
        return Report().line(get_incident_by_id(incident_id))
"""


def _project(tmp_path: Path, routes: str, dto: str = DTO) -> dict[str, str]:
    compile(code(routes), "routes.py", "exec")
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/dto.py": dto,
            "app/routes.py": routes,
        },
    )


def _dto(tmp_path: Path) -> list[tuple[str, int, int, str]]:
    return [r for r in accounted(tmp_path, "incident.description") if r[0] == "app/dto.py"]


def test_every_call_of_a_class_method_and_a_method_gives_the_model(tmp_path: Path) -> None:
    """``IncidentDto.from_db_incident(incident)`` in the routes (a row fetched, a row of the
    list a function annotated ``-> (list[Incident], int)`` gives, the row SQLModel's
    ``session.exec(select(Incident))`` gives) and ``cls.from_db_incident(...)`` in the class;
    ``Report().line(...)`` and ``self.line(...)``: every call gives an ``Incident``, so both
    reads are the column. Built from the row, ``IncidentDto`` mirrors it: its ``summary``,
    given the column's value by its only construction, is the column's field."""
    files = _project(tmp_path, ROUTES)
    dto = files["app/dto.py"]
    assert _dto(tmp_path) == [
        ("app/dto.py", *at(dto, "^summary: str"), "CR105 certain"),
        ("app/dto.py", *at(dto, "^summary=db_incident"), "CR104 certain"),
        ("app/dto.py", *at(dto, "db_incident.^description"), "CR103 certain"),
        ("app/dto.py", *at(dto, "{row.^description"), "CR103 certain"),
    ]


@pytest.mark.parametrize(
    "extra",
    [
        # an argument of unknown type
        "def other(thing):\n    return IncidentDto.from_db_incident(thing)\n",
        # through a subclass, which may override it or be handed other values
        "class Mine(IncidentDto):\n    pass\n\n\n"
        "def other(i):\n    return Mine.from_db_incident(get_incident_by_id(i))\n",
        # handed on as a value, or named in a string: called where the analysis cannot see
        "def other(rows):\n    return list(map(IncidentDto.from_db_incident, rows))\n",
        'def other(row):\n    return getattr(IncidentDto, "from_db_incident")(row)\n',
        # a row of a list of no known class
        "def other(session):\n    rows, _ = get_counts(session, 1)\n"
        "    return IncidentDto.from_db_incident(rows[0])\n",
    ],
)
def test_a_use_of_the_class_method_that_proves_nothing(tmp_path: Path, extra: str) -> None:
    files = _project(tmp_path, code(ROUTES) + "\n\n" + extra)
    dto = files["app/dto.py"]
    assert _dto(tmp_path) == [
        ("app/dto.py", *at(dto, "db_incident.^description"), "unexplained"),
        ("app/dto.py", *at(dto, "{row.^description"), "CR103 certain"),
    ]


def test_a_method_of_a_class_with_a_library_base_is_not_followed(tmp_path: Path) -> None:
    """``Report(BaseModel)``: the library may call a method of its own name with values of
    its own; only its class and static methods are followed."""
    files = _project(
        tmp_path, ROUTES, code(DTO).replace("class Report:", "class Report(BaseModel):")
    )
    dto = files["app/dto.py"]
    assert _dto(tmp_path) == [
        ("app/dto.py", *at(dto, "^summary: str"), "CR105 certain"),
        ("app/dto.py", *at(dto, "^summary=db_incident"), "CR104 certain"),
        ("app/dto.py", *at(dto, "db_incident.^description"), "CR103 certain"),
        ("app/dto.py", *at(dto, "{row.^description"), "unexplained"),
    ]
