"""An object whose attributes are given to the model as a dict (``User(**vars(form))``,
``form.__dict__``, ``dataclasses.asdict(form)``) hands every attribute on under its name:
its class mirrors the model, whole, wherever it is declared. Its fields are the model's
columns, and an attribute it sets without declaring it (``self.nickname = nickname``) is
never excluded as a member of a class that maps no table."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Integer, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        nickname: Mapped[str] = mapped_column(String)
"""

FORMS = """
    import dataclasses


    class SignupForm:
        def __init__(self, nickname, email):
            self.nickname = nickname
            self.email = email


    class ProfileForm:
        nickname = None


    @dataclasses.dataclass
    class InviteForm:
        nickname: str


    class AuditForm:
        def __init__(self, nickname):
            self.nickname = nickname


    class DetailForm:
        def __init__(self, nickname):
            self.nickname = nickname
"""


def _rows(root: Path, path: str) -> dict[tuple[int, int], str]:
    return {
        (line, col): where
        for rel, line, col, where in accounted(root, "users.nickname")
        if rel == path
    }


def test_the_attributes_of_a_form_given_to_the_model_as_a_dict_are_not_excluded(
    tmp_path: Path,
) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/forms.py": FORMS,
            "app/views.py": """
        import dataclasses
        import json

        from app.forms import AuditForm, DetailForm, InviteForm, ProfileForm, SignupForm
        from app.models import User


        def signup(name, email):
            return User(**vars(SignupForm(name, email)))


        def profile():
            form = ProfileForm()
            return User(**form.__dict__)


        def invite(form: InviteForm):
            return User(**dataclasses.asdict(form))


        def audit(name):
            return json.dumps(vars(AuditForm(name)))


        def details(session, name):
            form = DetailForm(name)
            user = session.get(User, 1)
            for key, value in form.__dict__.items():
                if not hasattr(user, key):
                    setattr(user, key, value)
            return user
        """,
        },
    )
    forms = _rows(tmp_path, "app/forms.py")
    source = files["app/forms.py"]
    # declared fields mirror the column
    assert forms[at(source, "^nickname = None")] == "CR105 certain"
    assert forms[at(source, "^nickname: str")] == "CR105 certain"
    # an attribute set on the object, and the parameter kept in it: not excluded
    assert forms[at(source, "self.^nickname = nickname")] == "unexplained"
    assert forms[at(source, "self.nickname = ^nickname")] == "unexplained"
    # the near misses: a class whose attributes only go to a serialiser, or to a loop
    # that may set only what the model lacks, keeps its own
    assert forms[at(source, "self.^nickname = nickname", 2)] == "excluded: other-type"
    assert forms[at(source, "self.^nickname = nickname", 3)] == "excluded: other-type"
