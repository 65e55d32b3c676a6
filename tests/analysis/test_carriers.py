"""A parameter of a project function that the function writes into the column carries the
column where every call in the project gives it the column's value, a constant or nothing
(one call at least passing it, for a method) (the db layer's ``upsert_persona(..., icon_color=None)``);
the constants the callers give are left unexplained; a parameter of a model's own
``__init__`` that sets the column is tested as part of that keyword."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.analysis.scanner import ScanResult
from colretire.model import ColumnRef, Confidence, Exclusion, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Persona(Base):
        __tablename__ = "persona"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        icon_color = Column(String)


    class Theme(Base):
        __tablename__ = "theme"
        id = Column(Integer, primary_key=True)
        icon_color = Column(String)
"""

DB = """
    from app.models import Persona


    def upsert_persona(db_session, name, persona_id=None, icon_color=None):
        existing = db_session.get(Persona, persona_id) if persona_id else None
        if existing:
            existing.name = name
            if icon_color is not None:
                existing.icon_color = icon_color
            return existing
        persona = Persona(name=name, icon_color=icon_color)
        db_session.add(persona)
        return persona
"""


def _result(root: Path, column: str) -> ScanResult:
    return scan(root, ColumnRef.parse(column))


def _tier(result: ScanResult, path: str, position: tuple[int, int]) -> Tier:
    return next(
        o.tier for o in result.occurrences if o.path == path and (o.line, o.col) == position
    )


def test_a_parameter_given_only_the_column_or_constants_carries_it(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/db.py": DB,
            "app/api.py": """
        from app.db import upsert_persona
        from app.models import Persona


        def copy_persona(db_session, persona: Persona):
            return upsert_persona(db_session, persona.name, icon_color=persona.icon_color)


        def create_assistant(db_session, name):
            return upsert_persona(db_session, name, icon_color=None)
        """,
        },
    )
    result = _result(tmp_path, "persona.icon_color")
    db, api = files["app/db.py"], files["app/api.py"]
    parameter = at(db, "persona_id=None, ^icon_color")
    found = {(r.path, r.line, r.col): r for r in result.references}
    assert found[("app/db.py", *parameter)].confidence is Confidence.LIKELY
    # a constant a caller gives is its choice of the value, or a setting of the function's:
    # references two times in ten on the real-code corpus, so unexplained, naming the write
    constant = at(api, "name, ^icon_color=None")
    assert ("app/api.py", *constant) not in found
    assert _tier(result, "app/api.py", constant) is Tier.UNEXPLAINED
    detail = next(
        o.detail for o in result.occurrences if (o.path, o.line, o.col) == ("app/api.py", *constant)
    )
    assert "a constant given to icon_color= of upsert_persona()" in detail
    # the test of the parameter before the write is part of it
    assert _tier(result, "app/db.py", at(db, "if ^icon_color is not None")) is Tier.REFERENCE


def test_a_parameter_given_values_of_its_own_is_a_local_of_the_storage_api(
    tmp_path: Path,
) -> None:
    """A caller that gives it a value of another origin (its own parameter): the function
    is a storage API, its parameter a value of its own. Dropping the column breaks the write
    (the reference), not the parameter: it is excluded as a local, with the line of the
    write that stores it."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/db.py": DB,
            "app/api.py": """
        from app.db import upsert_persona


        def create_assistant(db_session, name, colour):
            return upsert_persona(db_session, name, icon_color=colour)
        """,
        },
    )
    result = _result(tmp_path, "persona.icon_color")
    parameter = at(files["app/db.py"], "persona_id=None, ^icon_color")
    assert ("app/db.py", *parameter) not in {(r.path, r.line, r.col) for r in result.references}
    local = next(
        o for o in result.occurrences if o.path == "app/db.py" and (o.line, o.col) == parameter
    )
    write_line = at(files["app/db.py"], "existing.^icon_color = icon_color")[0]
    assert (local.tier, local.reason) == (Tier.EXCLUDED, Exclusion.LOCAL)
    assert (
        local.detail
        == f"a local whose value the reference on line {write_line} writes into the column"
    )
    # the write itself is the reference, its value part of it
    assert _tier(result, "app/db.py", at(files["app/db.py"], "= ^icon_color\n")) is Tier.REFERENCE


def test_a_method_parameter_no_call_passes_is_no_carrier(tmp_path: Path) -> None:
    """skyvern's ``AgentDB.update_workflow(self, ..., use_cache=None)`` writes the parameter
    into the column, but no call of a method of that name passes it: its calls are found by
    name on any object, and calls that all leave it out may be another method's (the
    service's ``update_workflow``): it is no carrier, only a local whose value the method
    writes into the column. A module-level function's calls that leave it out (onyx's
    ``update_db_session_with_messages``) still make it a carrier."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/db.py": """
        from app.models import Persona


        class PersonaDB:
            def update_persona(self, db_session, persona_id, name=None, icon_color=None):
                persona = db_session.get(Persona, persona_id)
                if name is not None:
                    persona.name = name
                if icon_color is not None:
                    persona.icon_color = icon_color
                return persona


        def update_persona(db_session, persona_id, name=None, icon_color=None):
            persona = db_session.get(Persona, persona_id)
            if icon_color is not None:
                persona.icon_color = icon_color
            return persona
        """,
            "app/api.py": """
        from app import db


        class PersonaService:
            def update_persona(self, persona_id, name):
                return DATABASE.update_persona(self.session, persona_id, name=name)


        def rename(db_session, persona_id, name):
            return db.update_persona(db_session, persona_id, name=name)
        """,
        },
    )
    result = _result(tmp_path, "persona.icon_color")
    db = files["app/db.py"]
    method = at(db, "name=None, ^icon_color=None):\n        persona")
    function = at(db, "name=None, ^icon_color=None):\n    persona")
    found = {(r.path, r.line, r.col) for r in result.references}
    assert ("app/db.py", *method) not in found
    assert _tier(result, "app/db.py", method) is Tier.EXCLUDED
    assert _tier(result, "app/db.py", at(db, "if ^icon_color is not None")) is Tier.EXCLUDED
    assert ("app/db.py", *function) in found


def test_a_parameter_also_used_otherwise_or_never_called_is_no_carrier(
    tmp_path: Path,
) -> None:
    """A parameter also handed to another call is a value of its own; a function no code of
    the project calls has callers elsewhere: neither is a carrier, each a local whose value
    the function writes into the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/db.py": """
        from app.models import Persona


        def set_colour(db_session, persona: Persona, icon_color):
            check_colour(icon_color)
            persona.icon_color = icon_color


        def paint(persona: Persona, icon_color=None):
            persona.icon_color = icon_color


        def check_colour(value):
            return value
        """,
            "app/api.py": """
        from app.db import set_colour


        def reset(db_session, persona):
            set_colour(db_session, persona, None)
        """,
        },
    )
    result = _result(tmp_path, "persona.icon_color")
    db = files["app/db.py"]
    for parameter in (
        at(db, "persona: Persona, ^icon_color):\n    check"),
        at(db, "^icon_color=None"),
    ):
        assert _tier(result, "app/db.py", parameter) is Tier.EXCLUDED


def test_a_parameter_written_into_another_tables_column_is_not_the_column(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/db.py": """
        from app.models import Theme


        def upsert_theme(db_session, icon_color=None):
            theme = Theme(icon_color=icon_color)
            db_session.add(theme)
            return theme
        """,
            "app/api.py": """
        from app.db import upsert_theme


        def create_theme(db_session):
            return upsert_theme(db_session, icon_color=None)
        """,
        },
    )
    result = _result(tmp_path, "persona.icon_color")
    assert not [r for r in result.references if r.path in ("app/db.py", "app/api.py")]


def test_the_test_of_a_model_constructor_parameter_is_part_of_its_keyword(
    tmp_path: Path,
) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Resource(Base):
            __tablename__ = "resource"
            id = Column(Integer, primary_key=True)
            url = Column(String)
            resource_group_id = Column(String)

            def __init__(self, resource_group_id=None, url=""):
                if resource_group_id:
                    self.resource_group_id = resource_group_id
                self.url = url


        class Helper:
            def __init__(self, resource_group_id=None):
                if resource_group_id:
                    self.group = resource_group_id
        """,
        },
    )
    source = files["app/models.py"]
    result = _result(tmp_path, "resource.resource_group_id")
    tested = at(source, "        if ^resource_group_id:\n            self.resource_group_id")
    assert _tier(result, "app/models.py", tested) is Tier.REFERENCE
    other = at(source, "        if ^resource_group_id:\n            self.group")
    assert _tier(result, "app/models.py", other) is not Tier.REFERENCE


def test_a_parameter_given_a_default_in_the_write_is_part_of_its_keyword(
    tmp_path: Path,
) -> None:
    """GNU Mailman's ``Domain.__init__`` writes ``self.base_url = (base_url if base_url is
    not None else "http://" + mail_host)``: the test of the parameter, on a line of its own,
    is the constructor's handling of the keyword. A test that reads another name too is
    not."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Domain(Base):
            __tablename__ = "domain"
            id = Column(Integer, primary_key=True)
            mail_host = Column(String)
            base_url = Column(String)

            def __init__(self, mail_host, base_url=None):
                self.mail_host = mail_host
                self.base_url = (base_url
                                 if base_url is not None
                                 else "http://" + mail_host)


        class Site(Base):
            __tablename__ = "site"
            id = Column(Integer, primary_key=True)
            mail_host = Column(String)

            def __init__(self, mail_host, base_url=None):
                self.mail_host = (mail_host
                                  if base_url is not None and mail_host
                                  else "localhost")
        """,
        },
    )
    source = files["app/models.py"]
    result = _result(tmp_path, "domain.base_url")
    tested = at(source, "if ^base_url is not None\n")
    assert _tier(result, "app/models.py", tested) is Tier.REFERENCE
    other = at(source, "if ^base_url is not None and")
    assert _tier(result, "app/models.py", other) is not Tier.REFERENCE
