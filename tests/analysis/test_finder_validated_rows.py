"""A row of the model built from a schema's instance, as examples: Langflow makes each
starter project a ``FlowCreate(..., folder=STARTER_FOLDER_NAME)`` and turns it into a row
with ``Flow.model_validate(new_project, from_attributes=True)``. The model takes the
schema's fields by name, so the schema mirrors it: the keyword that fills the field fills
the column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import Optional

    from sqlmodel import Field, SQLModel


    class FlowBase(SQLModel):
        name: str = Field(index=True)
        folder: Optional[str] = Field(default=None, nullable=True)


    class Flow(FlowBase, table=True):
        id: Optional[int] = Field(default=None, primary_key=True)


    class FlowCreate(FlowBase):
        pass


    class FolderCreate(SQLModel):
        folder: Optional[str] = None
"""

SETUP = """
    from app.models import Flow, FlowCreate, FolderCreate

    STARTER_FOLDER_NAME = "Starter Projects"


    def create_new_project(session, name):
        new_project = FlowCreate(name=name, folder=STARTER_FOLDER_NAME)
        db_flow = Flow.model_validate(new_project, from_attributes=True)
        session.add(db_flow)


    def create_folder(name):
        return FolderCreate(folder=name)
"""


def test_a_schema_the_model_is_validated_from_mirrors_it(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/setup.py": SETUP})
    setup = files["app/setup.py"]
    rows = accounted(tmp_path, "flow.folder", skip="app/models.py")
    assert ("app/setup.py", *at(setup, "name, ^folder="), "CR104 certain") in rows


def test_a_schema_no_row_is_built_from_is_not_a_mirror(tmp_path: Path) -> None:
    """Near miss: ``FolderCreate`` has a ``folder`` field too, but no row of the model is
    ever validated from one: its keyword is no reference."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/setup.py": SETUP})
    setup = files["app/setup.py"]
    rows = accounted(tmp_path, "flow.folder", skip="app/models.py")
    kept = at(setup, "FolderCreate(^folder=")
    assert [r[3] for r in rows if r[1:3] == kept] == ["unexplained"]
