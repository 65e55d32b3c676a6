"""A wrapper that hands the attributes it lacks on to the row it holds, as examples: each
test is a small project, the column scanned for, and the references expected, with the
look-alike beside it that must stay silent."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, summary, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, Unicode
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Server(Base):
        __tablename__ = "servers"
        id = Column(Integer, primary_key=True)
        port = Column(Integer)


    class Hub(Base):
        __tablename__ = "hubs"
        id = Column(Integer, primary_key=True)
        _server_id = Column(Integer, ForeignKey("servers.id"))
        server = relationship(Server, primaryjoin=_server_id == Server.id)


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(Unicode(1023))
        _server_id = Column(Integer, ForeignKey("servers.id"))
        server = relationship(Server, primaryjoin=_server_id == Server.id)
"""

#: JupyterHub's user wrapper: reads and writes it lacks go to the orm.User it holds.
WRAPPER = """
    from traitlets import HasTraits

    from app import orm


    class User(HasTraits):
        orm_user = None

        def __init__(self, orm_user, settings):
            self.orm_user = orm_user
            self.settings = settings

        def _db_changed(self, db):
            self.orm_user = db.query(orm.User).filter(orm.User.id == self.orm_user.id).first()

        def __getattr__(self, attr):
            if hasattr(self.orm_user, attr):
                return getattr(self.orm_user, attr)
            else:
                raise AttributeError(attr)

        def __setattr__(self, attr, value):
            if self.orm_user and hasattr(self.orm_user, attr):
                setattr(self.orm_user, attr, value)
            else:
                super().__setattr__(attr, value)

        @property
        def running(self):
            if self.server is None:
                return False
            return True

        def spawn(self, db):
            self.server = orm.Server(port=0)
            db.add(self.server)

        def stop(self):
            self.server = None
"""


def test_reads_and_writes_through_a_forwarding_wrapper_are_the_rows(tmp_path: Path) -> None:
    """JupyterHub's ``User`` wraps an ``orm.User`` and hands every attribute it does not
    define to it (``__getattr__``, ``__setattr__``): ``self.server`` in its methods, and
    ``user.server`` on a ``User(...)`` built elsewhere, are the relationship built on
    ``users._server_id``. Likely: the wrapper is also handed its row by a parameter."""
    files = write(
        tmp_path,
        {
            "app/orm.py": MODELS,
            "app/user.py": WRAPPER,
            "app/app.py": """
        from app import orm
        from app.user import User


        def init_users(db):
            for orm_user in db.query(orm.User):
                user = User(orm_user, {})
                if not user.running and user.server:
                    user.server = None
    """,
        },
    )
    wrapper, app = files["app/user.py"], files["app/app.py"]
    refs = [
        r for r in found(tmp_path, "users._server_id") if r.path in ("app/user.py", "app/app.py")
    ]
    assert summary(refs) == [
        ("app/app.py", *at(app, "and user.^server"), "CR108", "likely"),
        ("app/app.py", *at(app, "    user.^server = None"), "CR108", "likely"),
        ("app/user.py", *at(wrapper, "if self.^server is None"), "CR108", "likely"),
        ("app/user.py", *at(wrapper, "self.^server = orm.Server"), "CR108", "likely"),
        ("app/user.py", *at(wrapper, "db.add(self.^server)"), "CR108", "likely"),
        ("app/user.py", *at(wrapper, "self.^server = None"), "CR108", "likely"),
    ]
    assert "through User.__getattr__, which hands it on to self.orm_user" in refs[0].message
    # the other table's relationship of the same name is no finding
    assert not [r for r in found(tmp_path, "hubs._server_id") if r.path == "app/user.py"]


def test_a_wrapper_that_defines_the_name_keeps_it(tmp_path: Path) -> None:
    """Near miss: a wrapper with a ``server`` of its own (a property here) answers it
    itself; ``__getattr__`` never runs for it."""
    write(
        tmp_path,
        {
            "app/orm.py": MODELS,
            "app/user.py": WRAPPER.replace(
                "        @property\n        def running",
                "        @property\n        def server(self):\n            return None\n\n"
                "        @property\n        def running",
            ),
        },
    )
    assert not [r for r in found(tmp_path, "users._server_id") if r.path == "app/user.py"]


def test_a_write_without_a_forwarding_setattr_is_the_wrappers_own(tmp_path: Path) -> None:
    """Near miss: without a ``__setattr__`` that hands writes on, ``self.server = ...``
    sets the wrapper's own attribute, and later reads find it there: no finding, and the
    words stay unexplained."""
    wrapper = WRAPPER.replace(
        """        def __setattr__(self, attr, value):
            if self.orm_user and hasattr(self.orm_user, attr):
                setattr(self.orm_user, attr, value)
            else:
                super().__setattr__(attr, value)
""",
        "",
    )
    write(tmp_path, {"app/orm.py": MODELS, "app/user.py": wrapper})
    assert not [r for r in found(tmp_path, "users._server_id") if r.path == "app/user.py"]
    tiers = {tier for path, _, _, tier in accounted(tmp_path, "users._server_id")
             if path == "app/user.py"}  # fmt: skip
    assert "reference" not in tiers


def test_a_wrapper_of_another_tables_row_is_no_finding(tmp_path: Path) -> None:
    """Near miss: the row the wrapper holds is a ``Hub``'s; ``self.server`` is the
    relationship built on ``hubs._server_id``, and no finding for ``users._server_id``."""
    write(
        tmp_path,
        {
            "app/orm.py": MODELS,
            "app/user.py": WRAPPER.replace("orm.User", "orm.Hub"),
        },
    )
    assert not [r for r in found(tmp_path, "users._server_id") if r.path == "app/user.py"]
    refs = [r for r in found(tmp_path, "hubs._server_id") if r.path == "app/user.py"]
    assert len(refs) == 4 and {r.confidence.value for r in refs} == {"likely"}


def test_a_getattr_that_does_more_forwards_nothing(tmp_path: Path) -> None:
    """Near miss: a ``__getattr__`` that also returns something else (a default, a value
    of its own) is no plain hand-on."""
    wrapper = WRAPPER.replace(
        "                raise AttributeError(attr)", "                return self.settings[attr]"
    )
    write(tmp_path, {"app/orm.py": MODELS, "app/user.py": wrapper})
    assert not [r for r in found(tmp_path, "users._server_id") if r.path == "app/user.py"]
