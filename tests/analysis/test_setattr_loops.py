"""A dict given to a function of the project that sets each of its keys on a row of the
model (``for key, value in values.items(): setattr(team, key, value)``, the row read from a
query of the model) writes the column under a key of its name: a certain string reference.
The shape is a service whose update helper takes the values to change as a dict."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Team(Base):
        __tablename__ = "teams"
        id: Mapped[int] = mapped_column(primary_key=True)
        lead: Mapped[str] = mapped_column(String)


    class Note:
        lead: str = ""
"""

STORE = """
    from sqlalchemy import select

    from app.models import Note, Team


    async def update_team(session, team_id, values):
        result = await session.execute(select(Team).filter_by(id=team_id))
        team = result.scalar()
        if "id" in values:
            raise ValueError("the id cannot change")
        for key, value in values.items():
            if hasattr(team, key):
                setattr(team, key, value)
        await session.commit()


    def update_note(values):
        note = Note()
        for key, value in values.items():
            setattr(note, key, value)


    def update_popped(session, team_id, values):
        team = session.get(Team, team_id)
        values.pop("lead", None)
        for key, value in values.items():
            setattr(team, key, value)
"""

CALLERS = """
    from app.store import update_note, update_popped, update_team


    async def promote(session, team_id, user_id):
        await update_team(session, team_id, values={"lead": user_id})
        update_note({"lead": user_id})
        update_popped(session, team_id, {"lead": user_id})
"""


def test_a_key_set_on_a_row_of_the_model_is_a_write(tmp_path: Path) -> None:
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/store.py": STORE, "app/callers.py": CALLERS}
    )
    source = files["app/callers.py"]
    rows = [r for r in accounted(tmp_path, "teams.lead") if r[0] == "app/callers.py"]
    assert rows == [
        ("app/callers.py", *at(source, 'values={"^lead"'), "CR106 certain"),
        ("app/callers.py", *at(source, 'update_note({"^lead"'), "unexplained"),
        ("app/callers.py", *at(source, 'update_popped(session, team_id, {"^lead"'), "unexplained"),
    ]
