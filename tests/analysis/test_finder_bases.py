"""A class that a model of the table derives from (a mixin, a base) is never another type:
an object of its type may be the model's, and ``self`` in its methods is, for the model's
instances."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MENU = """
    from enum import Enum

    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class MenuEntryAccess(int, Enum):
        everyone = 1
        registered_participants = 2


    class MenuEntryMixin:
        def __init__(self, event=None):
            self.event = event

        def can_access(self, user):
            if self.access == MenuEntryAccess.everyone:
                return True
            return user is not None and self.access == MenuEntryAccess.registered_participants


    class MenuEntry(MenuEntryMixin, db.Model):
        __tablename__ = "menu_entries"
        __table_args__ = {"schema": "events"}

        id = db.Column(db.Integer, primary_key=True)
        title = db.Column(db.String)
        access = db.Column(db.Integer, nullable=False, default=MenuEntryAccess.everyone)


    class TransientMenuEntry(MenuEntryMixin):
        def __init__(self, event, title):
            super().__init__(event)
            self.title = title
            self.access = MenuEntryAccess.everyone
"""


def test_self_in_a_mixin_of_the_model_reads_the_column(tmp_path: Path) -> None:
    """``MenuEntryMixin.can_access`` is inherited by ``MenuEntry``, which maps ``access``:
    its ``self.access`` reads the column on every menu entry row. The unmapped
    ``TransientMenuEntry`` sets an attribute of its own: another type's."""
    files = write(tmp_path, {"app/menu.py": MENU})
    menu = files["app/menu.py"]
    rows = accounted(tmp_path, "events.menu_entries.access")
    assert ("app/menu.py", *at(menu, "if self.^access"), "CR103 certain") in rows
    assert ("app/menu.py", *at(menu, "and self.^access"), "CR103 certain") in rows
    assert ("app/menu.py", *at(menu, "^access = db.Column"), "CR101 certain") in rows
    transient = ("app/menu.py", *at(menu, "self.^access = MenuEntryAccess"))
    assert [r for r in rows if r[:3] == transient] == [(*transient, "excluded: other-type")]


def test_an_object_typed_as_a_base_of_the_model_is_not_another_type(tmp_path: Path) -> None:
    """A parameter annotated with the mixin may hold a ``MenuEntry``: its ``access`` is
    unexplained, never excluded as an attribute of another class. A method the model
    overrides is not the model's code, and a class no model derives from stays another type."""
    files = write(
        tmp_path,
        {
            "app/menu.py": MENU.replace("class MenuEntryMixin:", "class MenuEntryMixin:\n")
            + """

    class Link:
        def __init__(self, access):
            self.access = access

        def visible(self):
            return self.access
""",
            "app/views.py": """
        from app.menu import Link, MenuEntryMixin

        def describe(entry: MenuEntryMixin, link: Link):
            return entry.access, link.access
    """,
        },
    )
    views = files["app/views.py"]
    menu = files["app/menu.py"]
    rows = accounted(tmp_path, "events.menu_entries.access")
    assert ("app/views.py", *at(views, "entry.^access"), "unexplained") in rows
    assert ("app/views.py", *at(views, "link.^access"), "excluded: other-type") in rows
    assert ("app/menu.py", *at(menu, "return self.^access"), "excluded: other-type") in rows


def test_a_method_the_model_overrides_is_not_the_models_code(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/menu.py": MENU.replace(
                '        __table_args__ = {"schema": "events"}\n',
                '        __table_args__ = {"schema": "events"}\n\n'
                "        def can_access(self, user):\n"
                "            return True\n",
            ),
        },
    )
    menu = files["app/menu.py"]
    rows = accounted(tmp_path, "events.menu_entries.access")
    assert ("app/menu.py", *at(menu, "if self.^access"), "unexplained") in rows
