"""A key a function names in a parameter it spreads whole into another table's model
(``if not fields["motto"]: fields["motto"] = ...`` before ``Club(**fields)``) is that
model's keyword: retiring ``teams.motto``, a namesake column of another table, the key is
``clubs.motto`` (an other-table exclusion), not a key of a dict of unknown type. Not where
the key may not reach the model, or where a caller may hand the dict elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Team(Base):
        __tablename__ = "teams"
        id = Column(Integer, primary_key=True)
        motto = Column(String)


    class Club(Base):
        __tablename__ = "clubs"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        motto = Column(String)

        @classmethod
        def found(cls, session, fields):
            if not fields["motto"]:
                fields["motto"] = fields["name"].title()
            fields.pop("draft", None)
            club = Club(**fields)
            session.add(club)
            return club
"""


SERVICE = """
    from league.models import Club


    def register(session, form):
        fields = dict(form)
        fields["name"] = fields["name"].strip()
        club = Club.found(session, fields)
        return club
"""


def _keys(models: str) -> list[tuple[int, int]]:
    text = code(models)
    return [at(text, 'if not fields["^motto"]'), at(text, '    fields["^motto"] = fields')]


def _rows(tmp_path: Path, models: str, service: str = SERVICE) -> list[tuple[str, int, int, str]]:
    files = {"league/__init__.py": "", "league/models.py": models, "league/service.py": service}
    write(tmp_path, files)
    return accounted(tmp_path, "teams.motto")


def test_keys_of_a_parameter_spread_into_another_tables_model(tmp_path: Path) -> None:
    rows = _rows(tmp_path, MODELS)
    for position in _keys(MODELS):
        assert ("league/models.py", *position, "excluded: other-table") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the key taken out before the call: it never reaches the model
        ('fields.pop("draft", None)', 'fields.pop("motto", None)'),
        # spread into something that is no model
        ("club = Club(**fields)", "club = dict(**fields)"),
        # handed to another call, which may do anything with it
        ('fields.pop("draft", None)', "session.clean(fields)"),
        # given beside the spread: the model never takes the dict's
        ("club = Club(**fields)", 'club = Club(**fields, motto="")'),
    ],
)
def test_a_key_that_may_not_reach_another_tables_model(tmp_path: Path, old: str, new: str) -> None:
    (tmp_path / "as-is").mkdir()
    (tmp_path / "changed").mkdir()
    assert ("league/models.py", *_keys(MODELS)[0], "excluded: other-table") in _rows(
        tmp_path / "as-is", MODELS
    )
    models = MODELS.replace(old, new, 1)
    assert models != MODELS
    rows = _rows(tmp_path / "changed", models)
    for position in _keys(models):
        assert ("league/models.py", *position, "unexplained") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the caller hands its dict on after the call too: it may reach a Team
        ("        return club\n", "        session.add(Team(**fields))\n        return club\n"),
        # the caller gives a dict of its own caller's, which may go anywhere
        ("Club.found(session, fields)", "Club.found(session, form)"),
        # the function handed on as a value: called where it cannot be seen
        ("        return club\n", "        session.later(Club.found)\n        return club\n"),
    ],
)
def test_a_caller_that_may_take_the_dict_elsewhere(tmp_path: Path, old: str, new: str) -> None:
    (tmp_path / "as-is").mkdir()
    (tmp_path / "changed").mkdir()
    assert ("league/models.py", *_keys(MODELS)[0], "excluded: other-table") in _rows(
        tmp_path / "as-is", MODELS
    )
    service = SERVICE.replace(old, new, 1).replace("import Club", "import Club, Team")
    assert service != SERVICE.replace("import Club", "import Club, Team")
    rows = _rows(tmp_path / "changed", MODELS, service)
    for position in _keys(MODELS):
        assert ("league/models.py", *position, "unexplained") in rows
