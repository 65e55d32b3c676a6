"""The dict a Pydantic schema proven to mirror the model dumps (``form_data =
form_data.model_dump(exclude_unset=True)``, the parameter rebound to its own dump): a key
of the column's name tested in it (``"access_control" in form_data``) or read from it
(``form_data["access_control"]``) is the schema's field, whether the client set it."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import Optional

    from pydantic import BaseModel
    from sqlalchemy import JSON, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Note(Base):
        __tablename__ = "note"
        id = Column(String, primary_key=True)
        title = Column(String)
        access_control = Column(JSON, nullable=True)


    class NoteModel(BaseModel):
        id: str
        title: str
        access_control: Optional[dict] = None


    class NoteUpdateForm(BaseModel):
        title: Optional[str] = None
        access_control: Optional[dict] = None


    class Notes:
        def get_note(self, db, id: str) -> Optional[NoteModel]:
            note = db.query(Note).filter(Note.id == id).first()
            return NoteModel.model_validate(note)

        def update_note(self, db, id: str, form_data: NoteUpdateForm):
            note = db.query(Note).filter(Note.id == id).first()
            form_data = form_data.model_dump(exclude_unset=True)
            if "title" in form_data:
                note.title = form_data["title"]
            if "access_control" in form_data:
                note.access_control = form_data["access_control"]
            db.commit()
"""

OTHER = """
    from typing import Optional

    from pydantic import BaseModel


    class ShareForm(BaseModel):
        access_control: Optional[dict] = None


    def share(form_data: ShareForm, target):
        form_data = form_data.model_dump(exclude_unset=True)
        if "access_control" in form_data:
            target.grant(form_data["access_control"])
"""


def test_a_key_tested_in_a_mirrors_own_dump_is_its_field(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS})
    models = files["app/models.py"]
    rows = accounted(tmp_path, "note.access_control")
    assert ("app/models.py", *at(models, '^"access_control" in'), "CR106 certain") in rows
    assert ("app/models.py", *at(models, 'form_data[^"access_control"]'), "CR106 certain") in rows


def test_the_dump_of_a_schema_not_proven_to_mirror_proves_nothing(tmp_path: Path) -> None:
    """``ShareForm`` only has a field of the name: its dump's keys stay unexplained."""
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/share.py": OTHER})
    share = files["app/share.py"]
    rows = accounted(tmp_path, "note.access_control")
    tested = at(share, '"^access_control" in')
    assert ("app/share.py", *tested, "unexplained") in rows
    assert not any(r[0] == "app/share.py" and r[3].startswith("CR") for r in rows)
