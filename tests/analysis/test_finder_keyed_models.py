"""OpenStack's models give their attributes by key: ``class ManilaBase(models.ModelBase,
...)``, oslo.db's ``ModelBase`` whose ``__getitem__`` is ``getattr``; so Manila reads
``share_network["neutron_net_id"]`` on the objects its database API returns, whose type no
proof follows (the API dispatches through a backend loaded at run time). A key of the
column's name on an object of unknown type named as the model's instances are is then
``likely``, as the attribute read would be; on other objects, or where the model gives no
attributes by key, it stays unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from oslo_db.sqlalchemy import models
    from sqlalchemy import Column, String
    from sqlalchemy.orm import declarative_base

    BASE = declarative_base()


    class ManilaBase(models.ModelBase):
        metadata = None


    class ShareNetwork(BASE, ManilaBase):
        __tablename__ = "share_networks"
        id = Column(String(36), primary_key=True)
        neutron_net_id = Column(String(36))
"""

PLUGIN = """
    def subnet_of(share_network, network):
        return share_network["neutron_net_id"], network["neutron_net_id"]
"""


def _rows(tmp_path: Path, models: str) -> tuple[str, dict[tuple[int, int], str]]:
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": models, "app/plugin.py": PLUGIN},
    )
    rows = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "share_networks.neutron_net_id")
        if p == "app/plugin.py"
    }
    return files["app/plugin.py"], rows


def test_a_key_of_an_object_named_as_the_models_instances_is_likely(tmp_path: Path) -> None:
    source, rows = _rows(tmp_path, MODELS)
    assert rows[at(source, 'share_network[^"neutron_net_id"]')] == "CR106 likely"
    assert rows[at(source, 'network["^neutron_net_id"]', 2)] == "unexplained"


def test_a_model_without_keyed_access_leaves_the_key_unexplained(tmp_path: Path) -> None:
    plain = MODELS.replace("class ManilaBase(models.ModelBase):", "class ManilaBase:")
    source, rows = _rows(tmp_path, plain)
    assert rows[at(source, 'share_network["^neutron_net_id"]')] == "unexplained"


PARENT = """
    from oslo_db.sqlalchemy import models
    from sqlalchemy import Column, ForeignKey, String, orm
    from sqlalchemy.orm import declarative_base

    BASE = declarative_base()


    class ManilaBase(models.ModelBase):
        metadata = None


    class ShareNetwork(BASE, ManilaBase):
        __tablename__ = "share_networks"
        id = Column(String(36), primary_key=True)
        share_servers = orm.relationship("ShareServer", backref="share_network")


    class ShareServer(BASE, ManilaBase):
        __tablename__ = "share_servers"
        id = Column(String(36), primary_key=True)
        share_network_id = Column(String(36), ForeignKey("share_networks.id"))
"""

API = """
    def busy(share_network, db, context):
        if share_network["share_servers"]:
            return share_network.get("share_network_id")
        share_network = db.share_network_update(context, share_network["id"])
        return share_network


    def server_network(share_server):
        return share_server.get("share_network_id")
"""


def test_the_parents_collection_and_get_by_key(tmp_path: Path) -> None:
    """``share_network["share_servers"]`` is the other side of the relationship built on
    ``share_servers.share_network_id``, read by key on an object named as ``ShareNetwork``'s
    instances are; ``share_server.get("share_network_id")`` is ModelBase's ``get``. The
    parameter is bound again at the end of the function, to what a method of an unknown
    object returns: that binding does not reach the reads before it. The same ``.get`` on
    ``share_network``, which names no class of ours with that attribute, stays unexplained."""
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": PARENT, "app/api.py": API})
    rows = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "share_servers.share_network_id")
        if p == "app/api.py"
    }
    source = files["app/api.py"]
    assert rows[at(source, 'share_network[^"share_servers"]')] == "CR108 likely"
    assert rows[at(source, 'share_server.get(^"share_network_id")')] == "CR106 likely"
    assert rows[at(source, 'share_network.get("^share_network_id")')] == "unexplained"
