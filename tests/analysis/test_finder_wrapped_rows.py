"""A wrapper that hands what it lacks on to the row it holds, where its constructions prove
that row's class: a ``Member`` around a ``db.Account`` row (``__getattr__`` returns
``getattr(self.account, name)``) that the code builds only as ``Member(account)`` with
accounts it queried. ``member.team`` then reads the ``Account``'s ``team``, and is no use of
the ``team`` of the ``projects`` table; for ``accounts`` it stays a likely reference. Near
misses leave the reads unexplained: a construction given a value of unknown type, a
``setattr`` by a computed name on a member elsewhere, and a library base the other table's
model shares."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

DB = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Team(Base):
        __tablename__ = "teams"
        id = Column(Integer, primary_key=True)
        title = Column(String(80))


    class Account(Base):
        __tablename__ = "accounts"
        id = Column(Integer, primary_key=True)
        team_id = Column(Integer, ForeignKey("teams.id"))
        team = relationship(Team, primaryjoin=team_id == Team.id)


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        team_id = Column(Integer, ForeignKey("teams.id"))
        team = relationship(Team, primaryjoin=team_id == Team.id)
"""

#: the wrapper: a library's base, the row from the constructor or a query of its own
MEMBER = """
    from attrs_like import Observable

    from app import db


    class Member(Observable):
        account = None

        def __init__(self, account, options):
            self.account = account
            self.options = options
            super().__init__()

        def reload(self, session):
            self.account = session.query(db.Account).get(self.account.id)

        def __getattr__(self, name):
            if hasattr(self.account, name):
                return getattr(self.account, name)
            raise AttributeError(name)

        def __setattr__(self, name, value):
            if self.account is not None and hasattr(self.account, name):
                setattr(self.account, name, value)
            else:
                super().__setattr__(name, value)

        @property
        def label(self):
            return self.team.title if self.team else ""

        def leave(self):
            self.team = None
"""

#: code that builds the wrappers from queried accounts, and reads them
SERVICE = """
    from app import db
    from app.member import Member


    def members(session):
        found = []
        for account in session.query(db.Account):
            member = Member(account, {})
            if member.team:
                found.append(member)
        return found


    def first_member(session):
        account = session.query(db.Account).filter(db.Account.id == 1).first()
        return Member(account, {"first": True})
"""


def _where(rows: list[tuple[str, int, int, str]], path: str) -> list[tuple[int, int, str]]:
    return [(line, col, where) for p, line, col, where in rows if p == path]


def test_a_wrapper_built_only_around_another_tables_rows_reads_that_table(
    tmp_path: Path,
) -> None:
    """Every ``Member(...)`` gets an ``Account`` row (a loop over a query, a query's
    ``first()``), and the class binds its ``account`` only to that parameter, ``None`` or
    another query of accounts: ``self.team`` and ``member.team`` read the accounts' ``team``,
    no use of ``projects.team_id``, which they used to leave unexplained. For
    ``accounts.team_id`` they are still likely references through ``__getattr__``."""
    files = write(tmp_path, {"app/db.py": DB, "app/member.py": MEMBER, "app/service.py": SERVICE})
    member, service = files["app/member.py"], files["app/service.py"]
    rows = accounted(tmp_path, "projects.team_id")
    detail = "excluded: other-table"
    assert _where(rows, "app/member.py") == [
        (*at(member, "self.^team.title"), detail),
        (*at(member, "if self.^team else"), detail),
        (*at(member, "self.^team = None"), detail),
    ]
    assert _where(rows, "app/service.py") == [(*at(service, "if member.^team"), detail)]
    ours = accounted(tmp_path, "accounts.team_id")
    assert _where(ours, "app/service.py") == [(*at(service, "if member.^team"), "CR108 likely")]
    assert {where for *_, where in _where(ours, "app/member.py")} == {"CR108 likely"}


def test_a_construction_given_an_unknown_value_proves_nothing(tmp_path: Path) -> None:
    """Near miss: one ``Member(anything, {})`` with a value of unknown type: the wrapper may
    hold a ``Project``, whose ``team`` is the column's relationship: unexplained."""
    extra = SERVICE + "\n\n    def wrap(anything):\n        return Member(anything, {})\n"
    write(tmp_path, {"app/db.py": DB, "app/member.py": MEMBER, "app/service.py": extra})
    rows = accounted(tmp_path, "projects.team_id")
    assert {where for *_, where in _where(rows, "app/member.py")} == {"unexplained"}
    assert {where for *_, where in _where(rows, "app/service.py")} == {"unexplained"}


def test_a_setattr_by_a_computed_name_elsewhere_proves_nothing(tmp_path: Path) -> None:
    """Near miss: ``setattr(member, key, value)`` with keys from a request may set the
    wrapper's ``account`` itself (its ``__setattr__`` keeps names the row lacks): the held
    object is not proven, and the reads stay unexplained."""
    patch = """
    def patch(member, data):
        for key, value in data.items():
            setattr(member, key, value)
        return member.account
"""
    files = {"app/db.py": DB, "app/member.py": MEMBER, "app/service.py": SERVICE}
    write(tmp_path, {**files, "app/patch.py": patch})
    rows = accounted(tmp_path, "projects.team_id")
    assert {where for *_, where in _where(rows, "app/member.py")} == {"unexplained"}


def test_a_library_base_the_other_model_shares_proves_nothing(tmp_path: Path) -> None:
    """Near miss: the ``Project`` model derives from the same library class as the
    wrapper, which Python asks before ``__getattr__``: it may answer ``team`` as the
    ``Project``'s. Unexplained."""
    shared = DB.replace(
        "from sqlalchemy.orm import declarative_base, relationship",
        "from sqlalchemy.orm import declarative_base, relationship\n    from attrs_like import Observable",
    ).replace("class Project(Base):", "class Project(Observable, Base):")
    write(tmp_path, {"app/db.py": shared, "app/member.py": MEMBER, "app/service.py": SERVICE})
    rows = accounted(tmp_path, "projects.team_id")
    assert {where for *_, where in _where(rows, "app/member.py")} == {"unexplained"}
