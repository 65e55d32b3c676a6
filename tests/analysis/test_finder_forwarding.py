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


#: JupyterHub's app holds the one Hub row; its request handlers reach it through a property
#: over the application's settings.
APP = """
    from app import orm


    class JupyterHub:
        hub = None

        def init_hub(self, db):
            self.hub = db.query(orm.Hub).first()
            if self.hub is None:
                self.hub = orm.Hub(server=orm.Server())
            self.settings = {"hub": self.hub}

        def start_proxy(self):
            return self.hub.server.port
"""

HANDLERS = """
    class BaseHandler:
        def __init__(self, settings):
            self.settings = settings

        @property
        def hub(self):
            return self.settings["hub"]

        @property
        def user(self):
            return self.settings["hub"]

        def cookie_path(self):
            return self.hub.server.port
"""


def test_an_attribute_spelt_like_the_model_and_set_to_its_rows_is_likely_it(
    tmp_path: Path,
) -> None:
    """JupyterHub keeps the Hub row in ``self.hub`` (a query's first row, or a new
    ``orm.Hub``), and its handlers read it through a property returning
    ``self.settings["hub"]``, in their own classes and in subclasses of another module:
    ``self.hub.server`` is likely the relationship built on ``hubs._server_id``, though
    ``User`` has a ``server`` too, since the attribute is spelt like the Hub alone. The
    property ``user``, which returns the key ``hub``, says nothing of a ``User``."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/orm.py": MODELS,
            "app/app.py": APP,
            "app/handlers/__init__.py": "",
            "app/handlers/base.py": HANDLERS,
            "app/handlers/pages.py": """
        from app.handlers.base import BaseHandler


        class HomeHandler(BaseHandler):
            def get(self):
                return self.hub.server.port, self.user.server.port
    """,
        },
    )
    refs = [r for r in found(tmp_path, "hubs._server_id") if r.path.startswith("app/")]
    app, base, pages = (
        files["app/app.py"],
        files["app/handlers/base.py"],
        files["app/handlers/pages.py"],
    )
    lines = [(r.path, r.line, r.col, r.confidence.value) for r in refs if r.path != "app/orm.py"]
    assert lines == [
        ("app/app.py", *at(app, "orm.Hub(^server="), "certain"),
        ("app/app.py", *at(app, "self.hub.^server.port"), "likely"),
        ("app/handlers/base.py", *at(base, "self.hub.^server.port"), "likely"),
        ("app/handlers/pages.py", *at(pages, "self.hub.^server.port"), "likely"),
    ]
    assert not [r for r in found(tmp_path, "users._server_id") if r.path.startswith("app/handlers")]


def test_an_attribute_spelt_like_the_model_but_set_from_another_call_stays_out(
    tmp_path: Path,
) -> None:
    """Near miss: set from a call that makes no row (``make_hub()``) as well, or given by a
    property that returns something else than a key's value, ``self.hub`` says nothing of
    what it holds; and a plain class ``Hub`` of the project with a ``server`` of its own may
    be what the key holds."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/orm.py": MODELS,
            "app/app.py": APP.replace(
                "self.hub = orm.Hub(server=orm.Server())", "self.hub = make_hub()"
            ),
            "app/handlers/__init__.py": "",
            "app/handlers/base.py": HANDLERS.replace(
                'return self.settings["hub"]\n\n        @property\n        def user',
                'return self.settings.get("hub")\n\n        @property\n        def user',
            ),
        },
    )
    refs = [r for r in found(tmp_path, "hubs._server_id") if r.path.startswith("app/")]
    assert [(r.path, r.line) for r in refs if r.path != "app/orm.py"] == []
    write(
        tmp_path,
        {
            "app/app.py": APP,
            "app/handlers/base.py": HANDLERS,
            "app/objects.py": """
        class Hub:
            def __init__(self, server):
                self.server = server
    """,
        },
    )
    refs = [r for r in found(tmp_path, "hubs._server_id") if r.path.startswith("app/handlers")]
    assert refs == []


SPAWNER = """
    from traitlets import Any, HasTraits


    class Spawner(HasTraits):
        user = Any()
        hub = Any()

        def get_args(self):
            return [self.user.server.port, self.hub.server.port]


    class LocalProcessSpawner(Spawner):
        def start(self):
            self.user.server.port = 8888
"""


def test_a_trait_spelt_like_the_model_is_likely_it(tmp_path: Path) -> None:
    """JupyterHub's Spawner holds the user wrapper and the Hub row in traits (``user =
    Any()``, ``hub = Any()``), which traitlets sets from the constructor's keywords
    (``Spawner(user=self, hub=hub)``): as an attribute set from parameters, ``self.hub``
    spelt like the ``Hub`` is likely one, in the class and in its subclass of the same
    file; ``self.user`` too, where the other class named ``User`` is a wrapper that hands
    what it lacks on to the ``orm.User`` rows."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/orm.py": MODELS,
            "app/user.py": WRAPPER,
            "app/spawner.py": SPAWNER,
            "app/app.py": """
        from app.spawner import LocalProcessSpawner
        from app.user import User


        def spawn(orm_user, hub):
            user = User(orm_user, {})
            if user.server is None:
                return LocalProcessSpawner(user=user, hub=hub)
    """,
        },
    )
    spawner = files["app/spawner.py"]
    hubs = [r for r in found(tmp_path, "hubs._server_id") if r.path == "app/spawner.py"]
    assert summary(hubs) == [
        ("app/spawner.py", *at(spawner, "self.hub.^server"), "CR108", "likely"),
    ]
    users = [r for r in found(tmp_path, "users._server_id") if r.path == "app/spawner.py"]
    assert summary(users) == [
        ("app/spawner.py", *at(spawner, "self.user.^server.port, "), "CR108", "likely"),
        ("app/spawner.py", *at(spawner, "self.user.^server.port = "), "CR108", "likely"),
    ]


def test_a_trait_of_a_class_of_the_models_name_that_is_no_wrapper_stays_out(
    tmp_path: Path,
) -> None:
    """Near miss: beside the model ``User``, a plain class ``User`` of the project (no
    wrapper of the rows) may be what the trait holds; and an attribute bound to a call of
    the project's own (``hub = make_hub()``) is no trait."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/orm.py": MODELS,
            "app/user.py": """
        class User:
            def __init__(self, name, server):
                self.name = name
                self.server = server
    """,
            "app/spawner.py": SPAWNER.replace(
                "        hub = Any()", "        hub = make_hub()"
            ).replace(
                "from traitlets import Any, HasTraits",
                "from traitlets import Any, HasTraits\n    from app.hubs import make_hub",
            ),
            "app/hubs.py": "def make_hub():\n    return None\n",
        },
    )
    assert not [r for r in found(tmp_path, "hubs._server_id") if r.path == "app/spawner.py"]
    assert not [r for r in found(tmp_path, "users._server_id") if r.path == "app/spawner.py"]


def test_a_wrapper_of_the_models_name_around_another_tables_rows_stays_out(
    tmp_path: Path,
) -> None:
    """Near miss: a class ``User`` of the project that hands what it lacks on to ``Hub``
    rows is spelt like the model but holds no ``User``: ``self.user.server`` in the Spawner
    is no likely read of ``users._server_id``."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/orm.py": MODELS,
            "app/user.py": WRAPPER.replace("orm.User", "orm.Hub"),
            "app/spawner.py": SPAWNER,
            "app/app.py": """
        from app.spawner import LocalProcessSpawner
        from app.user import User


        def spawn(orm_hub, hub):
            user = User(orm_hub, {})
            if user.server is None:
                return LocalProcessSpawner(user=user, hub=hub)
    """,
        },
    )
    assert not [r for r in found(tmp_path, "users._server_id") if r.path == "app/spawner.py"]


#: Code that is handed wrappers (and other objects) it never types: JupyterHub's proxy.
PROXY = """
    class Proxy:
        pending = False

        def add_user(self, user, client=None):
            self.log(user.proxy_path, user.server)
            if user.running:
                raise RuntimeError(user.name)
            return user.server.port

        def check_routes(self, user_dict, rows):
            for row in rows:
                user = user_dict[row]
                if user.running:
                    if user.name:
                        self.log(user.server)

        def clear(self, user):
            if user and user.server:
                self.log(user.server.port)

        def named(self, user):
            if user.name:
                return user.server

        def pending_server(self, proxy):
            if proxy.pending:
                return proxy.server

        def after_the_loop(self, rows, user_dict):
            for row in rows:
                if row.running:
                    pass
                row = user_dict[row]
            return row.server

        def log(self, *args):
            print(*args)
"""


def test_an_object_that_answered_an_attribute_only_the_wrapper_has(tmp_path: Path) -> None:
    """``if user.running: ... user.server.port``: ``user``, of unknown type, has already
    answered ``running``, which only the ``User`` wrapper binds: it is a wrapper, and its
    ``server`` the row's, likely. In a loop, the test after the local's binding counts.
    The first log call of ``add_user`` is followed by ``if user.running:``, which it
    always reaches: likely too (see the test of the reads that follow). Near misses stay
    unexplained: no read of such an attribute (the right of ``and``), an attribute the
    models have too (``user.name``), one another class binds (``proxy.pending``), a read
    before the name was bound again (``row``)."""
    files = write(
        tmp_path,
        {
            "app/orm.py": MODELS,
            "app/user.py": WRAPPER,
            "app/proxy.py": PROXY,
            "app/app.py": """
        from app import orm
        from app.user import User


        def init_users(db, users, proxy):
            for orm_user in db.query(orm.User):
                users[orm_user.id] = user = User(orm_user, {})
                if user.server:
                    proxy.add_user(user)
    """,
        },
    )
    proxy = files["app/proxy.py"]
    rows = [r for r in accounted(tmp_path, "users._server_id") if r[0] == "app/proxy.py"]
    assert rows == [
        ("app/proxy.py", *at(proxy, "user.proxy_path, user.^server"), "CR108 likely"),
        ("app/proxy.py", *at(proxy, "return user.^server.port"), "CR108 likely"),
        ("app/proxy.py", *at(proxy, "self.log(user.^server)"), "CR108 likely"),
        ("app/proxy.py", *at(proxy, "if user and user.^server"), "unexplained"),
        ("app/proxy.py", *at(proxy, "self.log(user.^server.port)"), "unexplained"),
        ("app/proxy.py", *at(proxy, "return user.^server", 2), "unexplained"),
        ("app/proxy.py", *at(proxy, "return proxy.^server"), "unexplained"),
        ("app/proxy.py", *at(proxy, "return row.^server"), "unexplained"),
    ]
    # another table's relationship of that name is not claimed on the wrapper's object
    others = [r for r in accounted(tmp_path, "hubs._server_id") if r[0] == "app/proxy.py"]
    assert not [where for *_, where in others if where.startswith("CR")]


#: Reads of the wrapper's own attribute after the read of ``server``, and near misses.
LATER = """
    class Routes:
        def add(self, user):
            self.log("adding", user.server.port)
            self.count = 1
            if user.spawn_pending:
                raise RuntimeError(user.name)

        def nested(self, user, ready):
            if ready:
                self.log(user.server)
            self.log(user.spawn_pending)

        def returns_first(self, user):
            if user.name:
                self.log(user.server)
                return None
            return user.spawn_pending

        def in_a_loop(self, users):
            for user in users:
                self.log(user.server)
            return user.spawn_pending

        def skipped(self, user, flag):
            self.log(user.server)
            if flag:
                return None
            self.log(user.spawn_pending)

        def conditional(self, user, flag):
            self.log(user.server)
            self.log(flag and user.spawn_pending)

        def in_a_try(self, user):
            try:
                self.log(user.server)
            except KeyError:
                pass
            self.log(user.spawn_pending)

        def leaves_in_the_test(self, user):
            if user.server:
                return None
            self.log(user.spawn_pending)
"""


def test_an_object_the_next_statements_ask_an_attribute_only_the_wrapper_has(
    tmp_path: Path,
) -> None:
    """``self.log("adding", user.server.port)`` followed, whatever the values, by ``if
    user.spawn_pending:``: an object without ``spawn_pending`` would raise there, so the
    function is written for the ``User`` wrapper, the only class that binds it, and
    ``user.server`` is likely the row's. The later statements count up to the first that
    may leave the block; those after an ``if`` whose body holds the read count too. Near
    misses stay unexplained: a ``return`` between (or an ``if`` that may return before
    it), a read in a loop's body (what follows the loop may see another object), the
    attribute read only on the right of ``and``, a read in a ``try`` (its handler may go on
    with any object), and a read in the test of an ``if`` whose body returns (on the values
    that matter, the later read never runs)."""
    wrapper = WRAPPER.replace(
        "        orm_user = None\n", "        orm_user = None\n        spawn_pending = False\n"
    )
    files = write(
        tmp_path,
        {
            "app/orm.py": MODELS,
            "app/user.py": wrapper,
            "app/routes.py": LATER,
            "app/app.py": """
        from app import orm
        from app.user import User


        def init_users(db, routes):
            for orm_user in db.query(orm.User):
                user = User(orm_user, {})
                if user.server:
                    routes.add(user)
    """,
        },
    )
    routes = files["app/routes.py"]
    rows = [r for r in accounted(tmp_path, "users._server_id") if r[0] == "app/routes.py"]
    assert rows == [
        ("app/routes.py", *at(routes, '"adding", user.^server'), "CR108 likely"),
        ("app/routes.py", *at(routes, "        self.log(user.^server)", 1), "CR108 likely"),
        ("app/routes.py", *at(routes, "        self.log(user.^server)", 2), "unexplained"),
        ("app/routes.py", *at(routes, "        self.log(user.^server)", 3), "unexplained"),
        ("app/routes.py", *at(routes, "        self.log(user.^server)", 4), "unexplained"),
        ("app/routes.py", *at(routes, "        self.log(user.^server)", 5), "unexplained"),
        ("app/routes.py", *at(routes, "        self.log(user.^server)", 6), "unexplained"),
        ("app/routes.py", *at(routes, "if user.^server:"), "unexplained"),
    ]
    add = next(r for r in found(tmp_path, "users._server_id") if r.path == "app/routes.py")
    assert "is asked for .spawn_pending on line" in add.message
    # the other table's relationship of the same name is not claimed
    others = [r for r in accounted(tmp_path, "hubs._server_id") if r[0] == "app/routes.py"]
    assert not [where for *_, where in others if where.startswith("CR")]
