"""A one-to-many relationship declared on the class the foreign key refers to, as OpenStack
Manila declares it: ``share_servers = relationship("ShareServer", backref="share_network",
primaryjoin="and_(ShareNetwork.id == ShareServer.share_network_id, ...)")`` on
``ShareNetwork``, for ``share_servers.share_network_id``. The collection on the parent and the
backref it gives our model both join on the column: dropping it breaks both, so the
declaration and their uses are references, as a relationship declared on our model is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, String, orm
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class ShareNetwork(Base):
        __tablename__ = "share_networks"
        id = Column(String(36), primary_key=True)
        share_servers = orm.relationship({args})


    class ShareServer(Base):
        __tablename__ = "share_servers"
        id = Column(String(36), primary_key=True)
        deleted = Column(String(36), default="False")
        share_network_id = Column(String(36), ForeignKey("share_networks.id"))
        {more}
"""

API = """
    from app.models import ShareNetwork, ShareServer


    def network_name(server: ShareServer):
        return server.share_network.name


    def servers(network: ShareNetwork):
        return network.share_servers
"""

BACKREF = '"ShareServer", backref="share_network"'
JOINED = (
    '"ShareServer", backref="share_network", '
    "primaryjoin='and_(ShareNetwork.id == ShareServer.share_network_id, "
    'ShareServer.deleted == "False")\''
)


def _refs(tmp_path: Path, args: str, more: str = "") -> tuple[dict[str, str], list[tuple]]:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS.format(args=args, more=more),
            "app/api.py": API,
        },
    )
    return files, summary(found(tmp_path, "share_servers.share_network_id"))


@pytest.mark.parametrize("args", [BACKREF, JOINED], ids=["by-the-key", "by-primaryjoin"])
def test_the_parents_collection_and_its_backref_are_built_on_the_column(
    tmp_path: Path, args: str
) -> None:
    files, refs = _refs(tmp_path, args)
    models, api = files["app/models.py"], files["app/api.py"]
    assert ("app/models.py", *at(models, "    ^share_servers = "), "CR108", "certain") in refs
    assert ("app/api.py", *at(api, "server.^share_network"), "CR108", "certain") in refs
    assert ("app/api.py", *at(api, "network.^share_servers"), "CR108", "certain") in refs


def test_another_key_to_the_same_table_leaves_an_unnamed_join_undecided(tmp_path: Path) -> None:
    """Two foreign keys of ``share_servers`` refer to ``share_networks``: a relationship that
    names neither may join on either, and SQLAlchemy would refuse it; nothing is claimed."""
    more = 'backup_network_id = Column(String(36), ForeignKey("share_networks.id"))'
    _, refs = _refs(tmp_path, BACKREF, more)
    assert [r for r in refs if r[3] == "CR108"] == []


def test_a_join_on_another_key_is_not_ours(tmp_path: Path) -> None:
    more = 'backup_network_id = Column(String(36), ForeignKey("share_networks.id"))'
    args = (
        '"ShareServer", backref="share_network", '
        "primaryjoin='ShareNetwork.id == ShareServer.backup_network_id'"
    )
    _, refs = _refs(tmp_path, args, more)
    assert [r for r in refs if r[3] == "CR108"] == []
