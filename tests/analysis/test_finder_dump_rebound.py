"""``task.eta = data["deadline"]`` of ``data = form.model_dump()`` is evidence that the
form's field ``deadline`` carries the column, only where every binding of ``data`` is that
dump: a local also bound to another mapping elsewhere in the function may hold that one
when the key is read."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from typing import Optional

    from pydantic import BaseModel
    from sqlalchemy import Column, DateTime, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "tasks"
        id = Column(String, primary_key=True)
        eta = Column(DateTime)


    class TaskForm(BaseModel):
        deadline: Optional[str] = None
"""

SERVICE = """
    from app.models import Task, TaskForm


    def update(db, id, form: TaskForm, defaults):
        task = db.get(Task, id)
        data = form.model_dump()
        {rebind}
        task.eta = data["deadline"]
        db.commit()


    def due(form: TaskForm):
        return form.deadline
"""


def _rows(tmp_path: Path, rebind: str) -> tuple[list[tuple[str, int, int, str]], tuple[int, int]]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/service.py": SERVICE.replace("{rebind}", rebind),
        },
    )
    read = at(files["app/service.py"], "form.^deadline")
    return [r for r in accounted(tmp_path, "tasks.eta") if r[0] == "app/service.py"], read


def test_a_key_of_the_one_dump_is_the_schemas_field(tmp_path: Path) -> None:
    rows, read = _rows(tmp_path, "")
    assert ("app/service.py", *read, "CR103 certain") in rows


def test_a_local_bound_to_another_mapping_too_proves_nothing(tmp_path: Path) -> None:
    """``data`` may be ``defaults`` when the key is read: ``deadline`` is not shown to
    carry the column."""
    rows, read = _rows(tmp_path, "if not data:\n            data = dict(defaults)")
    assert not any(r[1:3] == read for r in rows)
