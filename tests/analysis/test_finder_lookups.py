"""A class method of the model that looks its rows up by the column: ``User.by_openid(
openid)`` filters a query of its class by ``openid=openid`` and uses the parameter for
nothing else, so the parameter and what its callers give it go with the column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

USERS = """
    import logging

    from sqlalchemy import Column, MetaData, Table, types
    from sqlalchemy.orm import registry, scoped_session, sessionmaker

    log = logging.getLogger(__name__)
    metadata = MetaData()
    Session = scoped_session(sessionmaker())

    user_table = Table(
        "user",
        metadata,
        Column("id", types.UnicodeText, primary_key=True),
        Column("name", types.UnicodeText),
        Column("openid", types.UnicodeText),
    )


    class User:
        @classmethod
        def by_openid(cls, openid):
            obj = Session.query(cls).autoflush(False)
            return obj.filter_by(openid=openid).first()

        @classmethod
        def by_openid_logged(cls, openid):
            log.info("looking up %s", openid)
            return Session.query(cls).filter_by(openid=openid).first()


    registry().map_imperatively(User, user_table)
"""

AUTHENTICATOR = """
    from app.models import User


    def authenticate(identity):
        openid = identity["repoze.who.plugins.openid.userid"]
        user = User.by_openid(openid)
        if user is None:
            return None
        other = User.by_openid_logged(openid)
        return user.name, other
"""


def test_a_lookup_by_the_column_and_its_callers_go_with_it(tmp_path: Path) -> None:
    """``by_openid``'s parameter is the keyword of its lookup, and the argument its caller
    gives it is the column's value for it: both certain references. ``by_openid_logged``
    also logs its parameter: a value of its own (a local, the lookup's keyword the
    reference), whose callers' arguments stay unexplained."""
    files = write(tmp_path, {"app/models.py": USERS, "app/authenticator.py": AUTHENTICATOR})
    models, auth = files["app/models.py"], files["app/authenticator.py"]
    rows = accounted(tmp_path, "user.openid")
    assert ("app/models.py", *at(models, "def by_openid(cls, ^openid)"), "CR104 certain") in rows
    assert ("app/authenticator.py", *at(auth, "User.by_openid(^openid)"), "CR104 certain") in rows
    logged = ("app/models.py", *at(models, "def by_openid_logged(cls, ^openid)"))
    assert [r[3] for r in rows if r[:3] == logged] == ["excluded: local"]
    given = ("app/authenticator.py", *at(auth, "User.by_openid_logged(^openid)"))
    assert [r[3] for r in rows if r[:3] == given] == ["unexplained"]


def test_a_lookup_on_a_query_of_another_class_is_not_the_model_s(tmp_path: Path) -> None:
    """Near miss: a class method of the model that filters a query of another class
    (``Session.query(Identity).filter_by(openid=openid)``) looks up no row of its own: its
    parameter is not taken for the column's lookup."""
    source = USERS.replace(
        "            obj = Session.query(cls).autoflush(False)",
        "            obj = Session.query(Identity).autoflush(False)",
    ).replace("    class User:", "    class Identity:\n        pass\n\n\n    class User:")
    files = write(tmp_path, {"app/models.py": source, "app/authenticator.py": AUTHENTICATOR})
    models, auth = files["app/models.py"], files["app/authenticator.py"]
    rows = accounted(tmp_path, "user.openid")
    parameter = ("app/models.py", *at(models, "def by_openid(cls, ^openid)"))
    assert not any(r[:3] == parameter and "certain" in r[3] for r in rows)
    given = ("app/authenticator.py", *at(auth, "User.by_openid(^openid)"))
    assert [r[3] for r in rows if r[:3] == given] == ["unexplained"]
