"""Edges of the keyed reads of oslo.db models (``share_network["neutron_net_id"]``,
``share_network.get("neutron_net_id")``, ``share_network["share_servers"]``) on objects of
unknown type named as the model's instances are, and of what a name holds
(``unfollowed_call``, ``set_from_call``, ``_results``, ``_may_reach``).

Each test states the right answer: a name the holder chose is no evidence of the class,
so where the object is, or may be, what a library returned, the key is unexplained (or
excluded where the tool knows it is the client's), never ``likely``; and a key that is the
other side of the relationship built on the column is never excluded as another model's."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from oslo_db.sqlalchemy import models
    from sqlalchemy import Column, ForeignKey, String, orm
    from sqlalchemy.orm import declarative_base

    BASE = declarative_base()


    class ManilaBase(models.ModelBase):
        metadata = None


    class ShareNetwork(BASE, ManilaBase):
        __tablename__ = "share_networks"
        id = Column(String(36), primary_key=True)
        neutron_net_id = Column(String(36))
        share_servers = orm.relationship("ShareServer", backref="share_network")


    class ShareServer(BASE, ManilaBase):
        __tablename__ = "share_servers"
        id = Column(String(36), primary_key=True)
        share_network_id = Column(String(36), ForeignKey("share_networks.id"))
"""

NET_ID = "share_networks.neutron_net_id"


def _rows(tmp_path: Path, api: str, column: str = NET_ID) -> tuple[str, dict[tuple[int, int], str]]:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/api.py": api})
    rows = {
        (line, col): kind for p, line, col, kind in accounted(tmp_path, column) if p == "app/api.py"
    }
    return files["app/api.py"], rows


def _kinds(source: str, rows: dict[tuple[int, int], str], snippet: str) -> list[str]:
    """What the tool says of the key whose word the caret marks: a finding sits on the
    key's opening quote, an occurrence on its word."""
    line, col = at(source, snippet)
    return [rows[(line, c)] for c in (col - 1, col) if (line, c) in rows]


def _not_likely(kinds: list[str]) -> bool:
    """Accounted for, and as unexplained or excluded only (no ``certain``/``likely``)."""
    return bool(kinds) and all(k == "unexplained" or k.startswith("excluded") for k in kinds)


# --- the web request, known as such -------------------------------------------------------

REQUEST = """
    from flask import request


    def create():
        share_network = request.json["share_network"]
        return share_network["neutron_net_id"], share_network.get("neutron_net_id")
"""


def test_a_key_of_a_flask_request_body_named_as_the_model_is_not_likely(tmp_path: Path) -> None:
    """``share_network = request.json["share_network"]`` is Flask's request body: its keys
    are the client's fields, which the tool excludes as such (as it does for the ``.get`` on the same line). The subscript must not be a ``likely`` read
    of ``ShareNetwork.neutron_net_id``: excluded as a field of the web request, as the
    ``.get`` is."""
    source, rows = _rows(tmp_path, REQUEST)
    assert _kinds(source, rows, 'share_network.get("^neutron_net_id")')[0].startswith("excluded")
    kinds = _kinds(source, rows, 'share_network["^neutron_net_id"]')
    assert kinds and all(k.startswith("excluded") for k in kinds)


# --- _may_reach: a binding on a later line that is evaluated first, or later ---------------

COMPREHENSION = """
    def net_ids(client):
        return [
            share_network["neutron_net_id"]
            for share_network in client.list_share_networks()
        ]


    def on_network(client, net_id):
        return any(
            share_network.get("neutron_net_id") == net_id
            for share_network in client.list_share_networks()
        )
"""


def test_a_multiline_comprehension_over_a_library_call_is_not_likely(tmp_path: Path) -> None:
    """A comprehension binds its target before its element is evaluated, though the element
    is written on the line above (black splits it so): ``share_network`` holds the items of
    ``client.list_share_networks()``, a method of an unknown object, and its name is no
    evidence (the one-line comprehension is unexplained).  Right: unexplained, both the subscript and the ``.get``."""
    source, rows = _rows(tmp_path, COMPREHENSION)
    assert _not_likely(_kinds(source, rows, 'share_network["^neutron_net_id"]'))
    assert _not_likely(_kinds(source, rows, 'share_network.get("^neutron_net_id")'))


WALRUS = """
    def net(client, share_network_id):
        return (
            share_network["neutron_net_id"]
            if (share_network := client.show_share_network(share_network_id))
            else None
        )
"""


def test_a_walrus_in_the_test_of_a_conditional_reaches_its_body(tmp_path: Path) -> None:
    """``x if (share_network := client.show_share_network(...)) else None``: the test is
    evaluated first, so the body reads what the library's client returned, although the
    body is written on the line above. The binding reaches the read; right: unexplained
    (as it is where the walrus is in an ``if`` statement above the read), not ``likely``."""
    source, rows = _rows(tmp_path, WALRUS)
    assert _not_likely(_kinds(source, rows, 'share_network["^neutron_net_id"]'))


CLOSURE = """
    def outer(client, share_network_id):
        def net():
            return share_network["neutron_net_id"]

        key = lambda: share_network.get("neutron_net_id")
        share_network = client.show_share_network(share_network_id)
        return net(), key()
"""


def test_a_closure_reads_the_enclosing_binding_written_after_it(tmp_path: Path) -> None:
    """A nested function or lambda runs after it is defined: ``net()`` and ``key()`` read
    the ``share_network`` that ``outer`` binds on a later line, what a method of an unknown
    object returned.  The binding reaches the read wherever it is written. Right: unexplained, both."""
    source, rows = _rows(tmp_path, CLOSURE)
    assert _not_likely(_kinds(source, rows, 'share_network["^neutron_net_id"]'))
    assert _not_likely(_kinds(source, rows, 'share_network.get("^neutron_net_id")'))


SCRIPT = """
    import sys

    from manilaclient import client as manila


    def net():
        return share_network["neutron_net_id"]


    share_network = manila.Client("2").share_networks.get(sys.argv[1])
    print(net())
"""


def test_a_function_reads_a_module_global_bound_below_it(tmp_path: Path) -> None:
    """A script defines its functions first and binds its globals below them:
    ``share_network`` is manilaclient's resource, bound at module level after ``net`` is
    defined and before it is called. The binding reaches the read (with the global bound
    above the ``def`` the key is unexplained). Right: unexplained, not ``likely``."""
    source, rows = _rows(tmp_path, SCRIPT)
    assert _not_likely(_kinds(source, rows, 'share_network["^neutron_net_id"]'))


# --- what a name holds: set_from_call, class_method_call, _results--------------------------

THROUGH_A_LOCAL = """
    from neutronclient.v2_0 import client as neutron


    class NetworkPlugin:
        def __init__(self, share_network_id):
            found = neutron.Client().show_network(share_network_id)
            self.share_network = found

        def net_id(self):
            return self.share_network["neutron_net_id"]
"""


def test_self_attribute_set_from_a_library_call_through_a_local(tmp_path: Path) -> None:
    """``self.share_network = found`` where ``found = neutron.Client().show_network(...)``:
    the attribute holds neutron's dict, as it would with the call written in place (then
    unexplained).  Right:
    unexplained."""
    source, rows = _rows(tmp_path, THROUGH_A_LOCAL)
    assert _not_likely(_kinds(source, rows, 'self.share_network["^neutron_net_id"]'))


CLASS_SETUP = """
    import unittest

    from manilaclient import client as manila


    class ShareNetworkTest(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.share_network = manila.Client("2").share_networks.get("sn-1")

        def test_net(self):
            self.assertTrue(self.share_network["neutron_net_id"])
"""


def test_attribute_set_on_cls_from_a_library_call(tmp_path: Path) -> None:
    """``cls.share_network = manila.Client(...).share_networks.get(...)`` in a classmethod
    (``setUpClass``, tempest's ``resource_setup``) is what ``self.share_network`` reads in
    the other methods: manilaclient's resource.  Right: unexplained, not ``likely``."""
    source, rows = _rows(tmp_path, CLASS_SETUP)
    assert _not_likely(_kinds(source, rows, 'self.share_network["^neutron_net_id"]'))


UNPACKED_ATTRIBUTE = """
    from manilaclient import client as manila


    class Checker:
        def __init__(self, share_network_id):
            self.share_network, self.meta = manila.Client("2").fetch(share_network_id)

        def net_id(self):
            return self.share_network["neutron_net_id"]
"""


def test_self_attribute_unpacked_from_a_library_call(tmp_path: Path) -> None:
    """``self.share_network, self.meta = manila.Client("2").fetch(...)``: an item of what a
    library returned, as ``share_network, meta = sdk.fetch(pid)`` is for a name (which the
    docs list as no evidence).  Right:
    unexplained."""
    source, rows = _rows(tmp_path, UNPACKED_ATTRIBUTE)
    assert _not_likely(_kinds(source, rows, 'self.share_network["^neutron_net_id"]'))


INHERITED_FROM_LIBRARY = """
    from tempest.lib.common import rest_client


    class SharesClient(rest_client.RestClient):
        def network_of(self, share_network_id):
            resp, share_network = self.get("share-networks/%s" % share_network_id)
            return share_network["neutron_net_id"]
"""


def test_a_method_inherited_from_a_library_base_is_not_the_projects(tmp_path: Path) -> None:
    """``self.get(...)`` in a class whose only base is tempest's ``RestClient`` and that
    defines no ``get``: the method is the library's (an HTTP GET returning the response
    and its body), and ``share_network`` is the body.  Right: unexplained, not ``likely``."""
    source, rows = _rows(tmp_path, INHERITED_FROM_LIBRARY)
    assert _not_likely(_kinds(source, rows, 'share_network["^neutron_net_id"]'))


ATTRIBUTE_OF_A_CALL = """
    from manilaclient import client as manila


    def net_id(share_network_id):
        share_network = manila.Client("2").share_networks.get(share_network_id)._info
        return share_network["neutron_net_id"]
"""


def test_a_name_bound_to_an_attribute_of_a_library_result(tmp_path: Path) -> None:
    """``share_network = manila.Client(...).share_networks.get(id)._info``: the dict of
    manilaclient's resource, a path of attributes through a library call (no evidence as an
    owner, per the docs), and unexplained without the ``._info``.  Right: unexplained."""
    source, rows = _rows(tmp_path, ATTRIBUTE_OF_A_CALL)
    assert _not_likely(_kinds(source, rows, 'share_network["^neutron_net_id"]'))


# --- the other side of the relationship, by key, on a local -------------------------------

PARENT_LOCAL = """
    def servers(share_network_id, share_networks):
        share_network = share_networks[share_network_id]
        return share_network["share_servers"]


    def servers_of(share_network):
        return share_network["share_servers"]
"""


def test_the_parents_collection_by_key_on_a_local_is_not_excluded(tmp_path: Path) -> None:
    """For ``share_servers.share_network_id``, ``ShareNetwork.share_servers`` is the other
    side of the relationship built on the column. On a parameter ``share_network``,
    ``share_network["share_servers"]`` is ``CR108 likely``; on a local of the same name too: the local's name says it is a ``ShareNetwork``, whose ``share_servers`` is exactly the reference, not another model's attribute. Right: ``CR108 likely`` (or at worst
    unexplained), never excluded as another table's."""
    source, rows = _rows(tmp_path, PARENT_LOCAL, "share_servers.share_network_id")
    assert rows[at(source, 'share_network[^"share_servers"]', 2)] == "CR108 likely"
    kinds = _kinds(source, rows, 'share_network["^share_servers"]')
    assert kinds and all(k in ("CR108 likely", "unexplained") for k in kinds)
