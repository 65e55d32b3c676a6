"""marshmallow's field options rename a field's two ends: ``attribute="eta"`` is the
object's attribute the field reads (``due = fields.DateTime(attribute="eta")`` carries the
column under another name; ``eta = fields.String(attribute="label")`` carries another
column under the column's name), and ``data_key="when"`` the key it dumps under (the field
named after the column still reads it, but the dumped dict has no key of the column's
name). A schema proven to mirror the model whole mirrors it through these, not through
the fields' names."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, DateTime, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Task(Base):
        __tablename__ = "tasks"
        id = Column(Integer, primary_key=True)
        eta = Column(DateTime)
        label = Column(String)
"""

SCHEMAS = """
    from marshmallow import Schema, fields


    class TaskSchema(Schema):
        due = fields.DateTime(attribute="eta")
        eta = fields.String(attribute="label")


    class TaskOut(Schema):
        eta = fields.DateTime(data_key="when")
        label = fields.String()


    class TaskRow(Schema):
        eta = fields.DateTime()
"""

VIEWS = """
    from app.models import Task
    from app.schemas import TaskOut, TaskRow, TaskSchema


    def show(db, id):
        return TaskSchema().dump(db.get(Task, id))


    def out(db, id):
        data = TaskOut().dump(db.get(Task, id))
        return data["when"], data["eta"]


    def row(db, id):
        data = TaskRow().dump(db.get(Task, id))
        return data["eta"]
"""


def _rows(tmp_path: Path) -> tuple[dict[str, str], list[tuple[str, int, int, str]]]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/views.py": VIEWS,
        },
    )
    return files, [r for r in accounted(tmp_path, "tasks.eta") if r[0] != "app/models.py"]


def _at(rows: list[tuple[str, int, int, str]], path: str, position: tuple[int, int]) -> list[str]:
    return [r[3] for r in rows if r[0] == path and r[1:3] == position]


def test_a_field_reading_the_column_under_another_name(tmp_path: Path) -> None:
    files, rows = _rows(tmp_path)
    schemas = files["app/schemas.py"]
    assert _at(rows, "app/schemas.py", at(schemas, "^due = ")) == ["CR105 certain"]


def test_a_field_named_after_the_column_that_reads_another_attribute(tmp_path: Path) -> None:
    """``eta = fields.String(attribute="label")`` carries ``label``: no reference."""
    files, rows = _rows(tmp_path)
    schemas = files["app/schemas.py"]
    assert not any(
        r.startswith("CR")
        for r in _at(rows, "app/schemas.py", at(schemas, '^eta = fields.String(attribute="label")'))
    )


def test_a_field_dumped_under_another_key_still_reads_the_column(tmp_path: Path) -> None:
    files, rows = _rows(tmp_path)
    schemas = files["app/schemas.py"]
    assert _at(rows, "app/schemas.py", at(schemas, '^eta = fields.DateTime(data_key="when")')) == [
        "CR105 certain"
    ]


def test_the_column_s_name_is_no_key_of_a_dump_that_renames_it(tmp_path: Path) -> None:
    """``data["eta"]`` of a ``TaskOut`` dump: the field dumps under ``when``; a plain
    schema's dump (``TaskRow``) still has the key."""
    files, rows = _rows(tmp_path)
    views = files["app/views.py"]
    renamed = _at(rows, "app/views.py", at(views, 'data["when"], data["^eta"]'))
    assert renamed and not any(r.startswith("CR") for r in renamed)
    assert _at(rows, "app/views.py", at(views, 'return data[^"eta"]\n')) == ["CR106 certain"]
