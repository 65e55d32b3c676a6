"""An attribute spelt like the model (``token`` for ``Token``) that every class of the
project binding it sets from a parameter (``self.token = db_token`` in the class wrapping
the row) holds the model's rows: ``tokenobject.token.user_id`` on a local of unknown type is
a likely read, though another table has a ``user_id`` too.

A read on an object named as the model's instances are is likely by that name alone
(``token`` is ``Token`` in snake case), so a ``.token.user_id`` that the attribute does not
prove the model's is likely all the same, on that evidence: these tests tell the two apart
by the finding's message, the attribute held as the model's rows (:data:`HELD`) or only the
object's name (:data:`NAMED`)."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, write

#: how a read likely by the attribute that holds the model's rows ends its message
HELD = (
    "the value of the attribute .token, which every class of the project that binds it sets "
    "from a parameter or relates to the model"
)
#: how a read likely only by the object's name ends its message
NAMED = "; the object is named token, as the model's instances are, though another class has the attribute"

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, Unicode
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Token(Base):
        __tablename__ = "token"
        id = Column(Integer, primary_key=True)
        user_id = Column(Unicode(320), default="")


    class TokenInfo(Base):
        __tablename__ = "tokeninfo"
        id = Column(Integer, primary_key=True)
        token_id = Column(Integer, ForeignKey("token.id"))
        token = relationship("Token")


    class UserCache(Base):
        __tablename__ = "usercache"
        id = Column(Integer, primary_key=True)
        user_id = Column(Unicode(320), default="")
"""

TOKENCLASS = """
    class TokenClass(object):
        def __init__(self, db_token):
            self.token = db_token
            self.type = db_token.tokentype
"""

LIB = """
    from app.lookup import get_tokens


    def get_all_token_users():
        users = {}
        for tokenobject in get_tokens(assigned=True):
            if tokenobject.token.user_id:
                users[tokenobject.token.id] = tokenobject.token.user_id
        return users


    def owner_of(tokenobject):
        return tokenobject.token.user_id
"""

LOOKUP = """
    from app.models import Token
    from app.tokenclass import TokenClass


    def get_tokens(assigned=None):
        return [TokenClass(t) for t in Token.query.all()]
"""


def _rows(
    tmp_path: Path, extra: dict[str, str] | None = None
) -> tuple[str, list[tuple[str, int, int, str]]]:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/tokenclass.py": TOKENCLASS,
            "app/lib.py": LIB,
            "app/lookup.py": LOOKUP,
            **(extra or {}),
        },
    )
    rows = [r for r in accounted(tmp_path, "token.user_id") if r[0] == "app/lib.py"]
    return files["app/lib.py"], rows


def _evidence(tmp_path: Path, path: str) -> list[str]:
    """What made each likely read of ``path`` likely: ``held`` or ``named``."""
    refs = [r for r in found(tmp_path, "token.user_id") if r.path == path]
    return [
        "held" if r.message.endswith(HELD) else "named" if r.message.endswith(NAMED) else r.message
        for r in refs
    ]


def test_the_models_attribute_on_a_local_of_unknown_type_is_likely(tmp_path: Path) -> None:
    """``tokenobject`` iterates over a call's result, and its ``.token`` is held as the
    model's rows; the parameter of ``owner_of`` may be anything, so its ``.token`` is not:
    that read is likely only as the object is named ``token``, as the model's instances are
    (it was unexplained before that rule)."""
    lib, rows = _rows(tmp_path)
    assert rows == [
        ("app/lib.py", *at(lib, "tokenobject.token.^user_id:"), "CR103 likely"),
        ("app/lib.py", *at(lib, "= tokenobject.token.^user_id"), "CR103 likely"),
        ("app/lib.py", *at(lib, "return tokenobject.token.^user_id"), "CR103 likely"),
    ]
    assert _evidence(tmp_path, "app/lib.py") == ["held", "held", "named"]


def test_a_class_that_sets_the_attribute_from_a_call_proves_nothing(tmp_path: Path) -> None:
    """A client whose ``token`` is an access token it fetched: ``obj.token`` may be that, so
    the attribute is not held as the model's rows; the reads are likely only as the object
    is named ``token`` (unexplained before that rule)."""
    client = """
        class ApiClient(object):
            def __init__(self, url):
                self.token = fetch_token(url)
    """
    _, rows = _rows(tmp_path, {"app/client.py": client})
    assert [r[3] for r in rows] == ["CR103 likely", "CR103 likely", "CR103 likely"]
    assert _evidence(tmp_path, "app/lib.py") == ["named", "named", "named"]


def test_code_that_attaches_the_attribute_to_an_object_proves_nothing(tmp_path: Path) -> None:
    """``session.token = ...`` outside a class: any object may carry a ``token``, so the
    attribute is not held as the model's rows; the reads are likely only as the object is
    named ``token`` (unexplained before that rule)."""
    login = """
        def login(session, value):
            session.token = value
    """
    _, rows = _rows(tmp_path, {"app/login.py": login})
    assert [r[3] for r in rows] == ["CR103 likely", "CR103 likely", "CR103 likely"]
    assert _evidence(tmp_path, "app/lib.py") == ["named", "named", "named"]


def test_a_librarys_result_or_another_objects_method_proves_nothing(tmp_path: Path) -> None:
    """``requests.get(url).json()`` and ``sdk.login()`` may give any object with a
    ``token``: only what a function of the project returned is followed."""
    client = """
        import requests


        def whoami(url):
            resp = requests.get(url).json()
            return resp.token.user_id


        def from_sdk(sdk):
            session = sdk.login()
            return session.token.user_id
    """
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/tokenclass.py": TOKENCLASS,
            "app/client.py": client,
        },
    )
    source = files["app/client.py"]
    rows = [r for r in accounted(tmp_path, "token.user_id") if r[0] == "app/client.py"]
    assert rows == [
        ("app/client.py", *at(source, "resp.token.^user_id"), "unexplained"),
        ("app/client.py", *at(source, "session.token.^user_id"), "unexplained"),
    ]
