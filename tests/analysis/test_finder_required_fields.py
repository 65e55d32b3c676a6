"""The names a view requires of the web request: FitTrackee's preferences endpoint binds
``user_mandatory_data = {"date_format", "display_ascent", ...}``, every name a ``User``
attribute, and tests ``post_data.keys() >= user_mandatory_data`` of ``post_data =
request.get_json()``: each name is tested to be a key the client sent, as ``"x" in
post_data`` would, so it is the client's field, not a list of the model's field names. A
payload handed on whole (``User(**post_data)``), a local read otherwise, or a mapping that
is not the request's proves nothing of the kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class User(db.Model):
        __tablename__ = "users"
        id = db.Column(db.Integer, primary_key=True)
        date_format = db.Column(db.String(50))
        display_ascent = db.Column(db.Boolean)
        display_speed_with_pace = db.Column(db.Boolean)
"""

VIEW = """
    from flask import request

    from app.models import User, db


    def edit_user_preferences(auth_user: User):
        post_data = request.get_json()
        user_mandatory_data = {
            "date_format",
            "display_ascent",
            "display_speed_with_pace",
        }
        if not post_data or not post_data.keys() >= user_mandatory_data:
            return {"status": "invalid payload"}, 400
        auth_user.date_format = post_data.get("date_format")
        auth_user.display_ascent = post_data.get("display_ascent")
        auth_user.display_speed_with_pace = post_data.get("display_speed_with_pace")
        db.session.commit()
        return {"status": "success"}
"""


def _verdict(tmp_path: Path, view: str) -> str:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/views.py": view})
    where = at(files["app/views.py"], '    "^display_speed_with_pace",')
    rows = accounted(tmp_path, "users.display_speed_with_pace")
    return next(kind for p, line, col, kind in rows if (p, line) == ("app/views.py", where[0]))


def test_names_required_of_the_request(tmp_path: Path) -> None:
    assert _verdict(tmp_path, VIEW) == "excluded: framework"


def test_a_literal_compared_in_place(tmp_path: Path) -> None:
    """``{...} <= post_data.keys()``: the literal itself is the operand."""
    view = """
        from flask import request


        def edit_user_preferences(auth_user):
            post_data = request.get_json()
            if not {"date_format", "display_speed_with_pace"} <= post_data.keys():
                return None
            auth_user.date_format = post_data.get("date_format")
    """
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/views.py": view})
    where = at(files["app/views.py"], '"^display_speed_with_pace"} <=')
    rows = accounted(tmp_path, "users.display_speed_with_pace")
    assert (
        next(kind for p, line, col, kind in rows if (p, line) == ("app/views.py", where[0]))
        == "excluded: framework"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the payload handed on whole: its keys are the model's keywords
        ("        db.session.commit()\n", "        db.session.add(User(**post_data))\n"),
        # the names also read one by one off the model
        (
            "        db.session.commit()\n",
            "        for key in user_mandatory_data:\n            getattr(auth_user, key)\n",
        ),
        # a mapping that is not the request's
        ("    post_data = request.get_json()\n", "    post_data = load_defaults()\n"),
        # a comparison that is no test of the keys holding the names
        ("post_data.keys() >= user_mandatory_data", "post_data.keys() == user_mandatory_data"),
    ],
)
def test_not_the_request_s_required_fields(tmp_path: Path, old: str, new: str) -> None:
    """Each of these leaves the names to the rules for lists of field names (here every
    name is the model's attribute: a list of its field names)."""
    view = VIEW.replace(old, new)
    assert view != VIEW
    view = view.replace(
        "    from flask import request\n",
        "    from flask import request\n\n\n    def load_defaults():\n        return {}\n",
    )
    assert _verdict(tmp_path, view) == "CR106 certain"
