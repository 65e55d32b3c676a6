"""A string compared with, or written into, a column of another table's model is a value of
that column's rows: retiring ``teams.lead``, the ``"lead"`` of a member's role is data, not a
name of the code. The shape is a service that manages the members of a team, whose role
column holds ``"lead"`` for the member who leads it."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Team(Base):
        __tablename__ = "teams"
        id: Mapped[int] = mapped_column(primary_key=True)
        lead: Mapped[str] = mapped_column(String)


    class Member(Base):
        __tablename__ = "members"
        id: Mapped[int] = mapped_column(primary_key=True)
        team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
        role: Mapped[str] = mapped_column(String)


    class Note:
        role: str = ""
"""

SERVICE = """
    from sqlalchemy import select

    from app.models import Member


    def add_lead(session, team_id):
        session.add(Member(team_id=team_id, role="lead"))


    def leads(session, team_id):
        query = select(Member).filter_by(team_id=team_id, role="lead")
        return session.scalars(query).all()


    def others(session):
        return session.scalars(select(Member).where(Member.role != "lead")).all()


    def heads(session):
        return session.scalars(select(Member).where(Member.role.in_(["lead"]))).all()


    def may_leave(session, member_id):
        member = session.get(Member, member_id)
        if member.role == "lead":
            return False
        return member.role in ("lead", "owner")
"""

UNKNOWN = """
    from app.models import Note


    def leads(member, note: Note):
        return member.role == "lead" or note.role == "lead"
"""


def test_a_value_of_another_tables_column_is_no_name(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/service.py": SERVICE})
    source = files["app/service.py"]
    rows = accounted(tmp_path, "teams.lead", skip="app/models.py")
    assert rows == [
        ("app/service.py", *at(source, 'role="^lead")'), "excluded: other-table"),
        ("app/service.py", *at(source, 'role="^lead")', nth=2), "excluded: other-table"),
        ("app/service.py", *at(source, '!= "^lead"'), "excluded: other-table"),
        ("app/service.py", *at(source, 'in_(["^lead"])'), "excluded: other-table"),
        ("app/service.py", *at(source, '== "^lead"'), "excluded: other-table"),
        ("app/service.py", *at(source, '("^lead",'), "excluded: other-table"),
    ]


def test_a_value_compared_with_an_unknown_object_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: ``member`` may be anything, and ``Note`` maps no table: the string may be
    a name the code reads."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/unknown.py": UNKNOWN})
    source = files["app/unknown.py"]
    rows = accounted(tmp_path, "teams.lead", skip="app/models.py")
    assert rows == [
        ("app/unknown.py", *at(source, 'member.role == "^lead"'), "unexplained"),
        ("app/unknown.py", *at(source, 'note.role == "^lead"'), "unexplained"),
    ]


OWN_INIT = """
    from sqlalchemy import String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Team(Base):
        __tablename__ = "teams"
        id: Mapped[int] = mapped_column(primary_key=True)
        lead: Mapped[str] = mapped_column(String)


    class Member(Base):
        __tablename__ = "members"
        id: Mapped[int] = mapped_column(primary_key=True)
        role: Mapped[str] = mapped_column(String)

        def __init__(self, role):
            self.role = role
"""

ADD = """
    from app.models import Member


    def add_lead(session):
        session.add(Member(role="lead"))
"""


def test_a_keyword_of_a_hand_written_constructor_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: ``Member`` writes its own ``__init__``, which may do anything with the
    keyword it is given."""
    files = write(tmp_path, {"app/models.py": OWN_INIT, "app/service.py": ADD})
    source = files["app/service.py"]
    rows = accounted(tmp_path, "teams.lead", skip="app/models.py")
    assert rows == [("app/service.py", *at(source, 'role="^lead"'), "unexplained")]
