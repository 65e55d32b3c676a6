"""A value that may be a row on one path: ``account = self.current_account()``, where one
``return`` of that method of the handler gives ``key.account or key.robot``, the owner of an
API key. On that path ``account.plan`` reads the relationship built on ``accounts.plan_id``,
whatever the other paths hold; the read is never taken for another table's on this ground.
Also: a class method's loop over a query of its class returns one of its rows."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Plan(Base):
        __tablename__ = "plans"
        id = Column(Integer, primary_key=True)
        cookie = Column(String)


    class Account(Base):
        __tablename__ = "accounts"
        id = Column(Integer, primary_key=True)
        plan_id = Column(Integer, ForeignKey("plans.id"))
        plan = relationship(Plan)


    class Robot(Base):
        __tablename__ = "robots"
        id = Column(Integer, primary_key=True)
        plan_id = Column(Integer, ForeignKey("plans.id"))
        plan = relationship(Plan)


    class ApiKey(Base):
        __tablename__ = "api_keys"
        id = Column(Integer, primary_key=True)
        prefix = Column(String)
        account_id = Column(Integer, ForeignKey("accounts.id"))
        robot_id = Column(Integer, ForeignKey("robots.id"))
        account = relationship(Account)
        robot = relationship(Robot)

        @classmethod
        def lookup(cls, db, token):
            keys = db.query(cls).filter(cls.prefix == token[:4])
            for key in keys:
                if key.matches(token):
                    return key

        def matches(self, token):
            return True


    class Banner:  # a plain class with a prefix of its own: the name alone proves nothing
        prefix = ""
"""

HANDLER = """
    from tornado.web import RequestHandler

    from app.models import ApiKey


    class Handler(RequestHandler):
        def account_from_key(self):
            token = self.request.headers.get("Authorization", "")
            key = ApiKey.lookup(self.settings["db"], token)
            if key is None:
                return None
            return key.account or key.robot

        def current_account(self):
            account = self.account_from_key()
            if account is not None:
                return account
            return self.account_from_cookie()

        def account_from_cookie(self):
            return self.settings["accounts"].get(self.get_cookie("account"))

        def logout(self, name=None):
            if name is None:
                account = self.current_account()
            else:
                account = self.settings["accounts"].get(name)
            if account and account.plan:
                self.clear_cookie(account.plan.cookie)
"""


def _rows(tmp_path: Path, column: str, path: str) -> list[tuple[str, int, int, str]]:
    return [r for r in accounted(tmp_path, column) if r[0] == path]


def test_a_read_on_a_value_one_path_gives_a_row(tmp_path: Path) -> None:
    """``account`` is, when the request carries a key, the key's account: ``account.plan``
    reads ``Account.plan`` there, a reference; and, when the key is a robot's, ``Robot.plan``:
    a reference of the robots' column too."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/handlers.py": HANDLER})
    handlers = files["app/handlers.py"]
    assert _rows(tmp_path, "accounts.plan_id", "app/handlers.py") == [
        ("app/handlers.py", *at(handlers, "account and account.^plan"), "CR108 certain"),
        ("app/handlers.py", *at(handlers, "account.^plan.cookie"), "CR108 certain"),
    ]
    assert _rows(tmp_path, "robots.plan_id", "app/handlers.py") == [
        ("app/handlers.py", *at(handlers, "account and account.^plan"), "CR108 certain"),
        ("app/handlers.py", *at(handlers, "account.^plan.cookie"), "CR108 certain"),
    ]


def test_an_abstract_class_or_a_header_binding_proves_nothing(tmp_path: Path) -> None:
    """A handler declared abstract has no instance of its own: only subclasses run its
    ``logout``, and one may run its own ``current_account``. And ``with ... as account``
    binds the name anew before the read; without it, the same read is the account's."""
    handler = (
        HANDLER.replace(
            "from tornado.web import RequestHandler",
            "from abc import ABC, abstractmethod\n\n    from tornado.web import RequestHandler",
        ).replace(
            "class Handler(RequestHandler):",
            "class Handler(RequestHandler, ABC):\n        @abstractmethod\n        def render_page(self): ...\n",
        )
        + """

    class Other(RequestHandler):
        def account_from_key(self):
            key = ApiKey.lookup(self.settings["db"], "")
            return key.account

        def show(self):
            account = self.account_from_key()
            with self.settings["lock"] as account:
                return account.plan

        def peek(self):
            account = self.account_from_key()
            return account.plan.cookie
"""
    )
    files = write(tmp_path, {"app/models.py": MODELS, "app/handlers.py": handler})
    handlers = files["app/handlers.py"]
    assert _rows(tmp_path, "accounts.plan_id", "app/handlers.py") == [
        ("app/handlers.py", *at(handlers, "account and account.^plan"), "unexplained"),
        ("app/handlers.py", *at(handlers, "account.^plan.cookie"), "unexplained"),
        ("app/handlers.py", *at(handlers, "return account.^plan"), "unexplained"),
        ("app/handlers.py", *at(handlers, "return account.^plan.cookie"), "CR108 certain"),
    ]


def test_a_class_method_returning_its_loop_variable_over_a_query(tmp_path: Path) -> None:
    """``ApiKey.lookup`` returns the variable of its loop over ``db.query(cls)...``: a row of
    the class it is called on, so ``key.prefix`` is the column; a loop variable also bound
    otherwise is not followed."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": """
        from app.models import ApiKey


        def show(db, token):
            key = ApiKey.lookup(db, token)
            return key.prefix


        def first_match(db, token):
            for key in db.query(ApiKey):
                if key.matches(token):
                    return key
            key = None
            return key


        def show_first(db, token):
            found = first_match(db, token)
            return found.prefix
    """,
        },
    )
    views = files["app/views.py"]
    assert _rows(tmp_path, "api_keys.prefix", "app/views.py") == [
        ("app/views.py", *at(views, "key.^prefix"), "CR103 certain"),
        ("app/views.py", *at(views, "found.^prefix"), "unexplained"),
    ]
