"""marshmallow's ``attribute=`` of a field in a schema whose ``class Meta: model = User``:
the path the field reads on the object, through the model's relationships
(``attribute="profile.registration_date"``, ``User.profile`` a ``UserProfile``). Ending at
the column of our model, the string names it; a path that does not resolve, or ends on
another model, proves nothing of ours."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class User(Base):
        __tablename__ = "user"
        id = Column(Integer, primary_key=True)
        username = Column(String)
        created = Column(DateTime)
        profile = relationship("UserProfile", uselist=False)


    class UserProfile(Base):
        __tablename__ = "user_profile"
        user_id = Column(Integer, ForeignKey("user.id"), primary_key=True)
        first_name = Column(String)
        registration_date = Column(DateTime)
"""

SCHEMAS = """
    from marshmallow import fields
    from marshmallow_sqlalchemy import SQLAlchemyAutoSchema

    from app.models import User


    class UserInfoSchema(SQLAlchemyAutoSchema):
        first_name = fields.String(attribute="profile.first_name")
        registered = fields.DateTime(attribute="profile.registration_date")
        since = fields.DateTime(attribute="account.registration_date")

        class Meta:
            model = User
"""


def test_a_path_through_a_relationship_to_the_column_names_it(tmp_path: Path) -> None:
    files = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/schemas.py": SCHEMAS}
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "user_profile.registration_date")
    where = at(schemas, '^"profile.registration_date"')
    assert ("app/schemas.py", *where, "CR106 certain") in rows


def test_a_path_that_does_not_resolve_proves_nothing(tmp_path: Path) -> None:
    """``account`` is no relationship of ``User``: the string stays unjudged."""
    files = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/schemas.py": SCHEMAS}
    )
    schemas = files["app/schemas.py"]
    rows = accounted(tmp_path, "user_profile.registration_date")
    line = at(schemas, '"account.^registration_date"')[0]
    assert not any(
        r[0] == "app/schemas.py" and r[1] == line and r[3].startswith("CR") for r in rows
    )


def test_a_path_to_another_models_column_is_not_ours(tmp_path: Path) -> None:
    """``user.created`` read through ``attribute="created"`` on a ``User``: not a column
    of ``user_profile`` even where that table has one of the name."""
    models = MODELS.replace(
        "registration_date = Column(DateTime)",
        "registration_date = Column(DateTime)\n    created = Column(DateTime)",
    )
    schemas = SCHEMAS.replace('"account.registration_date"', '"created"')
    files = write(
        tmp_path, {"app/__init__.py": "", "app/models.py": models, "app/schemas.py": schemas}
    )
    text = files["app/schemas.py"]
    rows = accounted(tmp_path, "user_profile.created")
    line = at(text, 'attribute="^created"')[0]
    assert not any(
        r[0] == "app/schemas.py" and r[1] == line and r[3].startswith("CR") for r in rows
    )
