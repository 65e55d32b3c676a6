"""Strings tested for membership of a value (``value in {"a", "b"}``): names of the model's
fields only where the value is used as one."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

PROJECTS = """
    from sqlalchemy import Boolean, Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        owners_require_2fa = Column(Boolean, default=False)
        pypi_mandates_2fa = Column(Boolean, default=False)
"""


def test_reason_codes_spelled_like_the_columns_are_not_field_names(tmp_path: Path) -> None:
    """A forbidden view checks the reason code of a denial, ``exc.result.reason in
    {"owners_require_2fa", "pypi_mandates_2fa"}``: the codes spell the model's two flags,
    but the value tested is read off the denial, never used as a field's name. The strings
    are unexplained, not a list of the model's field names."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/views.py": """
        def forbidden(exc, request):
            if exc.result.reason in {"owners_require_2fa", "pypi_mandates_2fa"}:
                request.session.flash("Two-factor authentication must be enabled")
            return exc
    """,
        },
    )
    views = files["app/views.py"]
    rows = accounted(tmp_path, "projects.owners_require_2fa")
    assert [row for row in rows if row[0] == "app/views.py"] == [
        ("app/views.py", *at(views, '{"^owners_require_2fa"'), "unexplained")
    ]


def test_strings_a_field_name_is_tested_against_before_setattr_are_field_names(
    tmp_path: Path,
) -> None:
    """The same set tested against the name of each field of a form before ``setattr`` on
    the project: the value is a field's name, so are the strings."""
    files = write(
        tmp_path,
        {
            "app/models.py": PROJECTS,
            "app/views.py": """
        def update(project, data):
            for attr, value in data.items():
                if attr in {"owners_require_2fa", "pypi_mandates_2fa"}:
                    value = bool(value)
                setattr(project, attr, value)
    """,
        },
    )
    views = files["app/views.py"]
    rows = accounted(tmp_path, "projects.owners_require_2fa")
    assert ("app/views.py", *at(views, '{^"owners_require_2fa"'), "CR106 certain") in rows


USERS = """
    from sqlalchemy import Column, ForeignKey, Integer, Unicode
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Server(Base):
        __tablename__ = "servers"
        id = Column(Integer, primary_key=True)


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(Unicode(1023))
        _server_id = Column(Integer, ForeignKey("servers.id"))


    class Hub(Base):
        __tablename__ = "hubs"
        id = Column(Integer, primary_key=True)
        _server_id = Column(Integer, ForeignKey("servers.id"))
"""

ADMIN = """
    from app import orm


    def admin_page(db, sorts):
        mapping = {
            "running": "_server_id",
        }
        cols = [getattr(orm.User, mapping.get(c, c)) for c in sorts]
        return db.query(orm.User).order_by(*cols)
"""


def test_the_values_of_a_dict_looked_up_for_getattr_on_the_model_are_its_attributes(
    tmp_path: Path,
) -> None:
    """JupyterHub's admin page maps a sort key to the attribute it orders by
    (``mapping = {"running": "_server_id"}``, then ``getattr(orm.User, mapping.get(c,
    c))``): the dict's values are names of ``User``'s attributes, a certain reference to
    ``users._server_id``; for ``hubs._server_id``, whose ``Hub`` also has a ``_server_id``,
    the same string is another table's column."""
    files = write(tmp_path, {"app/__init__.py": "", "app/orm.py": USERS, "app/admin.py": ADMIN})
    admin = files["app/admin.py"]
    users = [row for row in accounted(tmp_path, "users._server_id") if row[0] == "app/admin.py"]
    assert users == [("app/admin.py", *at(admin, '^"_server_id"'), "CR106 certain")]
    hubs = [row for row in accounted(tmp_path, "hubs._server_id") if row[0] == "app/admin.py"]
    assert hubs == [("app/admin.py", *at(admin, '"^_server_id"'), "excluded: other-table")]


def test_a_dict_also_read_otherwise_names_nothing(tmp_path: Path) -> None:
    """Near miss: a dict whose values are also read another way (returned, iterated) or
    looked up for ``getattr`` on an object of unknown type holds names of nothing proven:
    the string stays unexplained, neither a reference nor another table's."""
    for admin in (
        ADMIN.replace("return db.query", "return mapping, db.query"),
        ADMIN.replace("getattr(orm.User,", "getattr(db,"),
    ):
        write(tmp_path, {"app/__init__.py": "", "app/orm.py": USERS, "app/admin.py": admin})
        for column in ("users._server_id", "hubs._server_id"):
            rows = [row for row in accounted(tmp_path, column) if row[0] == "app/admin.py"]
            assert [where for *_, where in rows] == ["unexplained"]
