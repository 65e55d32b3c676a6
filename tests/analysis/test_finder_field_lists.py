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
