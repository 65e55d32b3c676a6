"""A key written into a dict that is handed to a function keeping the keys of a list of the
model's fields for an update (``changes["latency_ms"] = changes["delay"]`` before
``store.update_links(..., changes=changes)``, which copies each key of its ``changes`` that
is in ``["cost", "latency_ms", "hops"]`` into ``kept`` and runs
``session.query(Link).filter(...).update(kept)``) names a column of that UPDATE: a certain
string reference (CR106). Not where the key may not get there: taken out before the call,
the dict handed to another call too, a list that is no list of the model's fields, a kept
dict that goes elsewhere, or a query of another model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Link(Base):
        __tablename__ = "links"
        id = Column(Integer, primary_key=True)
        origin_id = Column(Integer)
        cost = Column(Integer)
        latency_ms = Column(Integer)
        hops = Column(Integer)


    class Probe(Base):
        __tablename__ = "probes"
        id = Column(Integer, primary_key=True)
        cost = Column(Integer)
        latency_ms = Column(Integer)
"""

STORE = """
    from net.models import Link


    def update_links(origin_id=None, changes=None, *, session):
        kept = {}
        for name in changes:
            if name in ["cost", "latency_ms", "hops"]:
                kept[name] = changes[name]
        query = session.query(Link)
        if origin_id:
            query = query.filter(Link.origin_id == origin_id)
        query.update(kept)
"""

API = """
    from net import store


    def change_links(origin, changes, session):
        if "delay" in changes:
            changes["latency_ms"] = changes["delay"]
            changes.pop("delay", None)
        return store.update_links(origin_id=origin.id, changes=changes, session=session)
"""


def _rows(tmp_path: Path, api: str, store: str = STORE) -> list[tuple[str, int, int, str]]:
    write(
        tmp_path,
        {
            "net/__init__.py": "",
            "net/models.py": MODELS,
            "net/store.py": store,
            "net/api.py": api,
        },
    )
    return accounted(tmp_path, "links.latency_ms")


def _changed(tmp_path: Path, api: str, store: str = STORE) -> list[tuple[str, int, int, str]]:
    """The rows of the project with ``api`` and ``store``, after checking that the project
    as it is proves the key (so that what the change leaves unexplained is its doing)."""
    (tmp_path / "as-is").mkdir()
    (tmp_path / "changed").mkdir()
    position = at(code(API), 'changes["^latency_ms"] =')
    assert ("net/api.py", *position, "CR106 certain") in _rows(tmp_path / "as-is", API)
    return _rows(tmp_path / "changed", api, store)


def test_a_key_written_for_an_update_that_keeps_the_model_fields(tmp_path: Path) -> None:
    api = code(API)
    rows = _rows(tmp_path, API)
    assert ("net/api.py", *at(api, 'changes["^latency_ms"] ='), "CR106 certain") in rows


def test_the_key_given_by_position(tmp_path: Path) -> None:
    api = API.replace("origin_id=origin.id, changes=changes,", "origin.id, changes,")
    rows = _rows(tmp_path, api)
    assert ("net/api.py", *at(code(api), 'changes["^latency_ms"] ='), "CR106 certain") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the key taken out again before the call
        ('changes.pop("delay", None)', 'changes.pop("latency_ms", None)'),
        # a key taken out that no literal names: it may be this one
        ('changes.pop("delay", None)', "changes.pop(origin.field, None)"),
        # the dict handed to another call too, which may take the key out
        ('changes.pop("delay", None)', "origin.clean(changes)"),
        # the dict bound anew: another dict reaches the update
        ('changes.pop("delay", None)', "changes = dict(origin.defaults)"),
    ],
)
def test_a_dict_that_may_not_take_the_key_there(tmp_path: Path, old: str, new: str) -> None:
    api = code(API).replace(old, new, 1)
    assert api != code(API)
    rows = _changed(tmp_path, api)
    position = at(api, 'changes["^latency_ms"] = changes')
    assert (("net/api.py", *position, "unexplained")) in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a list the key is not in: the update never gets it
        ('["cost", "latency_ms", "hops"]', '["cost", "hops"]'),
        # the kept dict handed elsewhere too
        ("query.update(kept)", "query.update(kept)\n        audit(kept)"),
        # an update of another model
        ("session.query(Link)", "session.query(Probe)"),
        # a query the caller gives
        ("def update_links(origin_id=None,", "def update_links(query, origin_id=None,"),
        # the parameter read otherwise than by its keys and items
        ("kept = {}", "kept = {}\n        changes.clear()"),
    ],
)
def test_a_function_that_may_not_update_the_model_with_it(
    tmp_path: Path, old: str, new: str
) -> None:
    store = STORE.replace(old, new, 1).replace(
        "from net.models import Link", "from net.models import Link, Probe"
    )
    assert store != STORE.replace(
        "from net.models import Link", "from net.models import Link, Probe"
    )
    api = code(API)
    rows = _changed(tmp_path, API, store)
    position = at(api, 'changes["^latency_ms"] = changes')
    assert (("net/api.py", *position, "unexplained")) in rows


def test_a_key_written_after_the_call(tmp_path: Path) -> None:
    api = API.replace("        return store.update_links(", "        done = store.update_links(")
    api = code(api + '        changes["latency_ms"] = None\n        return done\n')
    rows = _rows(tmp_path, api)
    assert ("net/api.py", *at(api, 'changes["^latency_ms"] = None'), "unexplained") in rows
    assert ("net/api.py", *at(api, 'changes["^latency_ms"] = changes'), "CR106 certain") in rows
