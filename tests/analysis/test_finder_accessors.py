"""Thin accessors of the column under another name: a method of a class that holds a row
whose body only returns the column's value, or only assigns its parameters to the row's
attributes. The read or the write inside is the reference; the method and its calls spell
none of the column's names, and go with the column unless the method gets a new body:
likely wrapper references, never silently absent."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, Unicode
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Token(Base):
        __tablename__ = "token"
        id = Column(Integer, primary_key=True)
        user_id = Column(Unicode(320), default="")
        resolver = Column(Unicode(120), default="")
"""

TOKENCLASS = """
    from app.models import Token


    def check_token_locked(func):
        return func


    class TokenClass(object):
        def __init__(self, db_token: Token):
            self.token = db_token

        def get_user_id(self):
            return self.token.user_id

        @check_token_locked
        def set_user_identifiers(self, uid, resolvername):
            \"\"\"
            Set the user attributes of a token
            \"\"\"
            self.token.resolver = resolvername
            self.token.user_id = uid

        def get_serial(self):
            return self.token.id
"""

EVENTS = """
    def token_has_owner(token_obj, check):
        uid = token_obj.get_user_id()
        return bool(uid) == check


    def copy_owner(token_from, token_to, resolver):
        token_to.set_user_identifiers(token_from.get_serial(), resolver)
"""


def test_a_getter_and_a_setter_and_their_calls_are_likely_wrappers(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/tokenclass.py": TOKENCLASS, "app/events.py": EVENTS},
    )
    events, tokens = files["app/events.py"], files["app/tokenclass.py"]
    rows = [r for r in accounted(tmp_path, "token.user_id") if r[0] != "app/models.py"]
    assert rows == [
        ("app/events.py", *at(events, "token_obj.^get_user_id"), "CR109 likely"),
        ("app/events.py", *at(events, "token_to.^set_user_identifiers"), "CR109 likely"),
        ("app/tokenclass.py", *at(tokens, "def ^get_user_id"), "CR109 likely"),
        ("app/tokenclass.py", *at(tokens, "self.token.^user_id\n"), "CR103 certain"),
        ("app/tokenclass.py", *at(tokens, "def ^set_user_identifiers"), "CR109 likely"),
        ("app/tokenclass.py", *at(tokens, "self.token.^user_id ="), "CR103 certain"),
    ]
    serial = [r for r in accounted(tmp_path, "token.id") if r[0] == "app/events.py"]
    assert serial[0][3] == "CR109 likely"  # get_serial of token.id, in its own scan


def test_a_name_another_class_binds_is_not_followed(tmp_path: Path) -> None:
    """``get_user_id`` of a session class too: a call of it may be either's."""
    session = """
        class Session(object):
            def __init__(self, uid):
                self.uid = uid

            def get_user_id(self):
                return self.uid
    """
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/tokenclass.py": TOKENCLASS,
            "app/events.py": EVENTS,
            "app/session.py": session,
        },
    )
    tokens, events = files["app/tokenclass.py"], files["app/events.py"]
    rows = [r for r in accounted(tmp_path, "token.user_id") if r[0] != "app/models.py"]
    assert ("app/tokenclass.py", *at(tokens, "def ^get_user_id"), "CR109 likely") not in rows
    assert ("app/events.py", *at(events, "token_obj.^get_user_id"), "CR109 likely") not in rows
    assert ("app/tokenclass.py", *at(tokens, "def ^set_user_identifiers"), "CR109 likely") in rows


def test_a_method_that_does_more_is_no_accessor(tmp_path: Path) -> None:
    """A setter that also computes (``uid.strip()``) or a getter with a default is code
    of its own, whose read or write inside is the reference."""
    busy = (
        TOKENCLASS.replace("return self.token.user_id", "return self.token.user_id or default")
        .replace("def get_user_id(self):", "def get_user_id(self, default=None):")
        .replace("self.token.user_id = uid", "self.token.user_id = uid.strip()")
    )
    write(tmp_path, {"app/models.py": MODELS, "app/tokenclass.py": busy, "app/events.py": EVENTS})
    rows = accounted(tmp_path, "token.user_id")
    assert [r for r in rows if r[3] in ("unexplained", "CR109 likely")] == []


def test_a_use_on_an_object_a_library_gives_stays_unexplained(tmp_path: Path) -> None:
    """A getter named ``json`` (a common method of libraries' objects): ``response.json()``
    on what ``requests.get`` returns, and ``self.client.json()`` on an ``httpx.Client`` kept
    in an attribute, may be the library's method (or a row a library hands back): they stay
    unexplained, as before accessors were judged. Near miss: ``holder.json()`` on a
    parameter, and the getter itself, are likely wrapper references; so is ``self.json()``
    in a class that keeps a library's object in another attribute (``self.client = ...``
    binds ``self.client``, not ``self``: Pagure's ``Project`` keeps ``json.dumps(...)`` in
    ``self._settings`` beside its repoSpanner accessors)."""
    holder = """
        import httpx
        import requests

        from app.models import Token


        class Holder(object):
            def __init__(self, db_token: Token):
                self.token = db_token
                self.client = httpx.Client()

            def json(self):
                return self.token.user_id

            def remote(self, url):
                with requests.Session() as session:
                    reply = session.get(url)
                return reply.json(), self.client.json()

            def again(self):
                return self.json()


        def fetch(url):
            response = requests.get(url)
            return response.json()


        def show(holder):
            return holder.json()
    """
    files = write(tmp_path, {"app/models.py": MODELS, "app/holder.py": holder})
    source = files["app/holder.py"]
    rows = [r for r in accounted(tmp_path, "token.user_id") if r[0] == "app/holder.py"]
    assert rows == [
        ("app/holder.py", *at(source, "def ^json"), "CR109 likely"),
        ("app/holder.py", *at(source, "self.token.^user_id"), "CR103 certain"),
        ("app/holder.py", *at(source, "reply.^json"), "unexplained"),
        ("app/holder.py", *at(source, "self.client.^json"), "unexplained"),
        ("app/holder.py", *at(source, "return self.^json()"), "CR109 likely"),
        ("app/holder.py", *at(source, "response.^json"), "unexplained"),
        ("app/holder.py", *at(source, "holder.^json"), "CR109 likely"),
    ]


SPANNER_MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        repospanner_region = Column(String(255), nullable=True)

        def _repospanner_repo_name(self, repotype, region=None):
            \"\"\"Returns the name of a repo as named in repoSpanner.\"\"\"
            if region is None:
                region = self.repospanner_region
            return "/".join((region, repotype))

        def mirror_name(self, repotype, region="eu"):
            if region is None:
                region = self.repospanner_region
            return region + repotype
"""

SPANNER_USES = """
    def clone_url(project):
        return project._repospanner_repo_name("main")


    def mirror(project):
        return project.mirror_name("main")
"""


def test_a_method_that_defaults_a_parameter_to_the_column_is_an_accessor(tmp_path: Path) -> None:
    """Pagure's ``_repospanner_repo_name(self, repotype, region=None)``: ``if region is None:
    region = self.repospanner_region``. Its declaration and its calls are likely wrapper
    references. A parameter with another default (``region="eu"``) is the caller's value
    unless given ``None`` on purpose: the method is left as any other code reading the
    column."""
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": SPANNER_MODELS, "app/git.py": SPANNER_USES},
    )
    rows = dict(
        ((p, line, col), kind)
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
    )
    models, uses = files["app/models.py"], files["app/git.py"]
    assert rows[("app/models.py", *at(models, "def ^_repospanner_repo_name"))] == "CR109 likely"
    assert rows[("app/git.py", *at(uses, "project.^_repospanner_repo_name"))] == "CR109 likely"
    assert ("app/models.py", *at(models, "def ^mirror_name")) not in rows
    assert ("app/git.py", *at(uses, "project.^mirror_name")) not in rows
