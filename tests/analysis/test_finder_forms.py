"""WTForms forms written back into the model: ``form.populate_obj(entry)`` sets each field
of the form on the model object under the field's name."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class MenuEntry(db.Model):
        __tablename__ = "menu_entries"
        __table_args__ = {"schema": "events"}

        id = db.Column(db.Integer, primary_key=True)
        title = db.Column(db.String)
        access = db.Column(db.Integer, nullable=False, default=1)


    class Room(db.Model):
        __tablename__ = "rooms"
        __table_args__ = {"schema": "roombooking"}

        id = db.Column(db.Integer, primary_key=True)
        access = db.Column(db.Integer)
"""

FORMS = """
    from flask_wtf import FlaskForm
    from wtforms import IntegerField, StringField


    class MenuUserEntryFormBase(FlaskForm):
        title = StringField("Title")
        access = IntegerField("Visibility", description="Specify who can see this menu item.")


    class MenuLinkForm(MenuUserEntryFormBase):
        link_url = StringField("URL")


    class MenuPageForm(MenuUserEntryFormBase):
        html = StringField("Content")


    class RoomForm(FlaskForm):
        access = IntegerField("Access")
"""


def test_a_form_populating_the_model_mirrors_it(tmp_path: Path) -> None:
    """``RHMenuAddEntry`` builds a ``MenuLinkForm`` or a ``MenuPageForm`` and writes it into
    a new ``MenuEntry`` with ``form.populate_obj(entry)``: the ``access`` field both inherit
    from ``MenuUserEntryFormBase`` sets the column. A form written into another table's
    model does not."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/forms.py": FORMS,
            "app/controllers.py": """
        from flask import request

        from app.forms import MenuLinkForm, MenuPageForm, RoomForm
        from app.models import MenuEntry, Room, db


        def add_entry(event):
            if request.args["type"] == "link":
                form_cls = MenuLinkForm
            elif request.args["type"] == "page":
                form_cls = MenuPageForm
            else:
                raise ValueError
            form = form_cls()
            if form.validate_on_submit():
                entry = MenuEntry(event=event)
                form.populate_obj(entry, skip={"html"})
                db.session.add(entry)


        def edit_room(room: Room):
            form = RoomForm(obj=room)
            if form.validate_on_submit():
                form.populate_obj(room)
    """,
        },
    )
    forms = files["app/forms.py"]
    rows = accounted(tmp_path, "events.menu_entries.access")
    assert ("app/forms.py", *at(forms, '^access = IntegerField("Vis'), "CR105 certain") in rows
    room = ("app/forms.py", *at(forms, '^access = IntegerField("Access'))
    assert (*room, "excluded: other-table") in rows
