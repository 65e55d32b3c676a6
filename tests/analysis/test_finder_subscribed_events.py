"""A Pyramid subscriber's event carries the row its constructions store: Hypothesis's
``@subscriber(RegistrationEvent) def registration_subscriptions(event)`` sets
``event.user.subscriptions = True``, and the only ``RegistrationEvent(request, user)`` is
given the ``User`` the registration view just made. Pyramid calls the subscriber with that
event; ``RegistrationEvent.__init__`` stores ``self.user = user``: the write is the
column's. A construction given something else, another binding of the attribute, a
decorator that is not Pyramid's or a subscriber of two classes leaves it unjudged.

The events here store the row as ``self.account``: ``event.user`` would be a likely read by
its name alone, named as ``User``'s instances are, whatever the subscriber proves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Boolean, Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class User(Base):
        __tablename__ = "user"
        id = Column(Integer, primary_key=True)
        username = Column(String)
        subscribed = Column(Boolean)


    class Group(Base):  # the name is no one model's: only a proof makes the write ours
        __tablename__ = "group"
        id = Column(Integer, primary_key=True)
        subscribed = Column(Boolean)
"""

EVENTS = """
    class LogoutEvent(object):
        def __init__(self, request):
            self.request = request


    class RegistrationEvent(object):
        def __init__(self, request, user):
            self.request = request
            self.account = user
"""

VIEWS = """
    from app.events import RegistrationEvent
    from app.models import User


    def register(request, username):
        user = User(username=username)
        request.db.add(user)
        request.registry.notify(RegistrationEvent(request, user))
"""

SUBSCRIBERS = """
    from pyramid.events import subscriber

    from app.events import RegistrationEvent


    @subscriber(RegistrationEvent)
    def registration_subscriptions(event):
        event.account.subscribed = True
"""

STATS = """
    from pyramid.events import subscriber

    from app import events


    @subscriber(events.RegistrationEvent)
    def count(event):
        event.request.stats.incr("register")
"""


def _project(tmp_path: Path, **changed: str) -> dict[str, str]:
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/events.py": EVENTS,
        "app/views.py": VIEWS,
        "app/subscribers.py": SUBSCRIBERS,
        "app/stats.py": STATS,
    }
    files.update({f"app/{name}.py": text for name, text in changed.items()})
    return write(tmp_path, files)


def _written(tmp_path: Path, files: dict[str, str]) -> str:
    rows = accounted(tmp_path, "user.subscribed")
    where = at(files["app/subscribers.py"], "event.account.^subscribed")
    return next(
        kind for p, line, col, kind in rows if (p, line, col) == ("app/subscribers.py", *where)
    )


def test_the_event_holds_the_row_every_construction_gives(tmp_path: Path) -> None:
    """The event's one construction is given a ``User``; Pyramid hands the subscriber
    that event (``events.RegistrationEvent`` naming it in another subscriber builds
    nothing): ``event.account.subscribed`` is the column."""
    files = _project(tmp_path)
    assert _written(tmp_path, files) == "CR103 certain"


PATCHED_TEST = """
    import mock

    from app import views


    @mock.patch("app.views.RegistrationEvent")
    def test_register(event):
        views.register(object(), "luke")
        assert event.called
"""

FAKES = """
    class FakeUser(object):
        def __init__(self, **kwargs):
            for k in kwargs:
                setattr(self, k, kwargs[k])


    def toggle(feature):
        for name in ["everyone", "admins"]:
            setattr(feature, name, True)
"""


FROZEN = """
    class Settings(object):
        def __init__(self, user):
            object.__setattr__(self, "owner", user)

        def __repr__(self):
            return repr(self.__dict__)
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("test_views", PATCHED_TEST),  # a mock replaces the class: no instance built
        ("fakes", FAKES),  # setattr on another class's self, and of other names
        ("legacy", "print 'account'\nrow = {'account': 1}\nname = event.account.username\n"),
        ("frozen", FROZEN),  # another class's own __dict__ and a named __setattr__
    ],
)
def test_what_builds_no_event_keeps_the_proof(tmp_path: Path, name: str, text: str) -> None:
    """A mock's dotted path, ``setattr`` on another class's instance or by other names,
    and a file that does not parse but only reads ``.account`` give the attribute nothing."""
    if name != "legacy":
        compile(code(text), name, "exec")
    files = _project(tmp_path, **{name: text})
    assert _written(tmp_path, files) == "CR103 certain"


OWN_SUBSCRIBER = """
    from app.events import RegistrationEvent
    from app.hooks import subscriber


    @subscriber(RegistrationEvent)
    def registration_subscriptions(event):
        event.account.subscribed = True
"""

TWO_EVENTS = """
    from pyramid.events import subscriber

    from app.events import LogoutEvent, RegistrationEvent


    @subscriber(RegistrationEvent, LogoutEvent)
    def registration_subscriptions(event):
        event.account.subscribed = True
"""


REGISTERED = """
    from pyramid.config import Configurator

    from app.subscribers import registration_subscriptions


    def main(global_config, **settings):
        config = Configurator(settings=settings)
        config.add_subscriber(registration_subscriptions, "app.events.LogoutEvent")
        config.scan()
        return config.make_wsgi_app()
"""

SETATTR_HELPER = """
    def update_object(obj, **changes):
        for name, value in changes.items():
            setattr(obj, name, value)
        return obj
"""

UPDATES_EVENT = """
    from pyramid.events import subscriber

    from app.events import RegistrationEvent
    from app.models import Group
    from app.util import update_object


    @subscriber(RegistrationEvent)
    def join_invited_group(event):
        update_object(event, account=Group())
"""

INIT_AGAIN = """
    from pyramid.events import subscriber

    from app.events import RegistrationEvent
    from app.models import Group


    @subscriber(RegistrationEvent)
    def join_group(event):
        event.__init__(event.request, Group())
"""

RETARGET = """
    from app.constants import OWNER_ATTR as name


    def toggle(feature):
        for name in ["everyone", "admins"]:
            setattr(feature, name, True)


    def retarget(event, group):
        if event.account is not group:
            setattr(event, name, group)
"""


@pytest.mark.parametrize(
    ("changed"),
    [
        {
            "elsewhere": "from app.events import RegistrationEvent\n\nRegistrationEvent(None, object())\n"
        },
        {"swap": "def swap(event, other):\n    event.account = other\n"},
        {"legacy": "print 'swap'\nevent.account = other\n"},
        {
            "hooks": "def subscriber(*classes):\n    return lambda f: f\n",
            "subscribers": OWN_SUBSCRIBER,
        },
        {"subscribers": TWO_EVENTS},
        {"__init__": REGISTERED},
        {
            "admin": "from app.subscribers import registration_subscriptions\n\nregistration_subscriptions(object())\n"
        },
        {"util": SETATTR_HELPER, "groups": UPDATES_EVENT},
        {
            "legacy": 'print "x"\ndef as_group(event, group):\n    event.__setattr__("account", group)\n'
        },
        {"again": INIT_AGAIN},
        {"constants": 'OWNER_ATTR = "account"\n', "retarget": RETARGET},
    ],
    ids=[
        "other-value",
        "rebound",
        "rebound-unparsed",
        "not-pyramid",
        "two-classes",
        "registered-again",
        "called-directly",
        "setattr-helper",
        "setattr-unparsed",
        "init-again",
        "imported-name",
    ],
)
def test_no_proof(tmp_path: Path, changed: dict[str, str]) -> None:
    """Each of these may give ``event.account`` something else, or Pyramid does not hand
    the function this event: the write is left unexplained, never excluded."""
    files = _project(tmp_path, **changed)
    assert _written(tmp_path, files).startswith("unexplained")
