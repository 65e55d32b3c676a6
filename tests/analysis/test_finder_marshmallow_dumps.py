"""The object a marshmallow schema of a model dumps: its ``Meta.model`` says what the
serializer methods, ``fields.Function`` lambdas and dump hooks are handed."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from enum import Enum

    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class FinalRevisionState(int, Enum):
        none = 0
        accepted = 1


    class EditingRevision(db.Model):
        __tablename__ = "revisions"
        __table_args__ = {"schema": "event_editing"}

        id = db.Column(db.Integer, primary_key=True)
        comment = db.Column(db.Text)
        final_state = db.Column(db.Integer, nullable=False, default=FinalRevisionState.none)


    class PaperRevision(db.Model):
        __tablename__ = "paper_revisions"
        __table_args__ = {"schema": "event_paper_reviewing"}

        id = db.Column(db.Integer, primary_key=True)
        final_state = db.Column(db.Integer, nullable=False)
"""


def test_the_object_a_schema_of_the_model_dumps_is_the_model(tmp_path: Path) -> None:
    """``fields.Method("_get_confirm_url")`` calls ``_get_confirm_url(self, revision)`` with
    each ``EditingRevision`` the schema dumps; a ``fields.Function`` lambda and the original
    of a ``@post_dump(pass_original=True)`` hook are that object too. The ``data`` of a
    ``post_dump`` is the dumped dict, and a hook with ``pass_many=True`` is handed a list."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from marshmallow import fields, post_dump
        from marshmallow_sqlalchemy import SQLAlchemyAutoSchema

        from app.models import EditingRevision


        class EditingRevisionSchema(SQLAlchemyAutoSchema):
            class Meta:
                model = EditingRevision
                fields = ("id", "comment", "confirm_url", "judged")

            confirm_url = fields.Method("_get_confirm_url")
            judged = fields.Function(lambda revision: revision.final_state != 0)

            def _get_confirm_url(self, revision):
                if not revision.final_state:
                    return f"/confirm/{revision.id}"

            @post_dump(pass_original=True)
            def hide(self, data, orig, **kwargs):
                if orig.final_state and data.final_state:
                    data["comment"] = None
                return data

            @post_dump(pass_many=True, pass_original=True)
            def count(self, data, originals, many, **kwargs):
                return originals.final_state
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "event_editing.revisions.final_state")
    for snippet in (
        "lambda revision: revision.^final_state",
        "not revision.^final_state",
        "orig.^final_state",
    ):
        assert ("app/schemas.py", *at(schemas, snippet), "CR103 certain") in rows, snippet
    for snippet in ("data.^final_state", "originals.^final_state"):
        assert ("app/schemas.py", *at(schemas, snippet), "unexplained") in rows, snippet


def test_a_schema_of_another_tables_model_dumps_that_model(tmp_path: Path) -> None:
    """A schema whose ``Meta.model`` is ``PaperRevision`` dumps paper revisions: their
    ``final_state`` is theirs."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from marshmallow import fields
        from marshmallow_sqlalchemy import SQLAlchemyAutoSchema

        from app.models import PaperRevision


        class PaperRevisionSchema(SQLAlchemyAutoSchema):
            class Meta:
                model = PaperRevision

            state_label = fields.Method("_state_label")

            def _state_label(self, revision):
                return str(revision.final_state)
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "event_editing.revisions.final_state")
    assert (
        "app/schemas.py",
        *at(schemas, "revision.^final_state"),
        "excluded: other-table",
    ) in rows


def test_the_field_names_in_the_meta_of_a_schema_of_the_model(tmp_path: Path) -> None:
    """``Meta.fields`` of a schema whose ``Meta.model`` is the model lists the model's
    attributes to dump: the column's name there is a use of it. The same tuple in a schema
    of another model, or of no model, is not ours."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from marshmallow import Schema
        from marshmallow_sqlalchemy import SQLAlchemyAutoSchema

        from app.models import EditingRevision, PaperRevision


        class EditingRevisionSchema(SQLAlchemyAutoSchema):
            class Meta:
                model = EditingRevision
                fields = ("id", "comment",
                          "final_state")


        class PaperRevisionSchema(SQLAlchemyAutoSchema):
            class Meta:
                model = PaperRevision
                fields = ("id", "final_state")


        class StateSchema(Schema):
            class Meta:
                fields = ("final_state", "title")
    """,
        },
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "event_editing.revisions.final_state")
    ours = ("app/schemas.py", *at(schemas, '^"final_state")\n'))
    assert (*ours, "CR106 certain") in rows
    others = [r[3] for r in rows if r[0] == "app/schemas.py" and r[:3] != ours]
    assert others == ["unexplained", "unexplained"]
