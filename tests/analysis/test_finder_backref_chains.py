"""A column read through a relationship on a parameter (``user.profile.registration_date``)
is judged once the calls of the function prove what the parameter holds: every call gives
it a row of one model, and the relationship, declared there or by the other class's
``backref``, types the step between. A ``backref("profile", uselist=False)`` gives one
row, a plain ``backref="logins"`` a list, whose rows a comprehension reads. A call with a value of
unknown type leaves the parameter, and so the read, unproven.

The shape is a Flask-SQLAlchemy application whose profile model names its user and
declares ``profile`` on the user's class from its own side, and whose controllers hand the
user a login function found on to a function that builds the response."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    import datetime

    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class User(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        username = db.Column(db.String, unique=True)


    class UserProfile(db.Model):
        user_id = db.Column(db.Integer, db.ForeignKey("user.id"), primary_key=True)
        registration_date = db.Column(db.DateTime(), default=datetime.datetime.utcnow)

        user = db.relationship(
            "User",
            uselist=False,
            backref=db.backref("profile", single_parent=True, uselist=False),
        )


    class Organisation(db.Model):
        id = db.Column(db.Integer, primary_key=True)


    class OrganisationProfile(db.Model):
        organisation_id = db.Column(
            db.Integer, db.ForeignKey("organisation.id"), primary_key=True
        )
        registration_date = db.Column(db.DateTime())

        organisation = db.relationship(
            "Organisation", backref=db.backref("profile", uselist=False)
        )


    class UserLogin(db.Model):
        id = db.Column(db.Integer, primary_key=True)
        user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
        seen_at = db.Column(db.DateTime())

        user = db.relationship("User", backref="logins")
"""

AUTH = """
    from .models import User


    def authenticate(login, password):
        user = User.query.filter_by(username=login).one_or_none()
        if user and user.check_password(password):
            return user
"""

CONTROLLER = """
    from .auth import authenticate
    from .models import Organisation


    def user_profile(user, return_all=True):
        data = {"username": user.username}
        if return_all:
            data.update({"registration_date": user.profile.registration_date})
        return data


    def organisation_profile(organisation):
        return {"registration_date": organisation.profile.registration_date}


    def shown_profile(user):
        return {"registration_date": user.profile.registration_date}


    def last_seen(user):
        return user.logins.seen_at


    def seen(user):
        return [login.seen_at for login in user.logins]


    def login_public(form):
        user = authenticate(form.login.data, form.password.data)
        if user and user.active:
            data = user_profile(user)
            data["last_seen"] = last_seen(user)
            data["seen"] = seen(user)
            return data


    def organisation(organisation_id):
        return organisation_profile(Organisation.query.get(organisation_id))


    def show(request):
        return shown_profile(request.user)
"""


def _project(tmp_path: Path) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/auth.py": AUTH,
            "app/controller.py": CONTROLLER,
        },
    )


def _verdicts(tmp_path: Path, column: str) -> dict[tuple[int, int], str]:
    return {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, column)
        if path == "app/controller.py"
    }


def test_a_one_row_backref_read_on_a_parameter_every_call_gives_a_user(tmp_path: Path) -> None:
    sources = _project(tmp_path)
    controller = sources["app/controller.py"]
    verdicts = _verdicts(tmp_path, "user_profile.registration_date")
    read = at(controller, "user.profile.^registration_date")
    assert verdicts[read] == "CR103 certain"


def test_the_same_backref_name_on_another_class_is_its_own_table(tmp_path: Path) -> None:
    """``Organisation.profile`` is the other profile model's backref: its
    ``registration_date`` is the other table's column."""
    sources = _project(tmp_path)
    controller = sources["app/controller.py"]
    verdicts = _verdicts(tmp_path, "user_profile.registration_date")
    read = at(controller, "organisation.profile.^registration_date")
    assert "certain" not in verdicts.get(read, "") and "likely" not in verdicts.get(read, "")
    assert verdicts.get(read, "").startswith("excluded")


def test_a_parameter_a_call_gives_a_value_of_unknown_type_stays_unproven(tmp_path: Path) -> None:
    sources = _project(tmp_path)
    controller = sources["app/controller.py"]
    verdicts = _verdicts(tmp_path, "user_profile.registration_date")
    read = at(controller, "user.profile.^registration_date", 2)
    assert verdicts[read] == "unexplained"


def test_a_list_backref_is_read_through_its_rows(tmp_path: Path) -> None:
    """``backref="logins"`` on the side holding the foreign key gives ``User.logins`` the
    list of ``UserLogin`` rows: the loop's rows read the column, the list itself has no
    such attribute."""
    sources = _project(tmp_path)
    controller = sources["app/controller.py"]
    verdicts = _verdicts(tmp_path, "user_login.seen_at")
    assert verdicts[at(controller, "login.^seen_at")] == "CR103 certain"
    on_list = verdicts.get(at(controller, "user.logins.^seen_at"), "")
    assert "certain" not in on_list and "likely" not in on_list
