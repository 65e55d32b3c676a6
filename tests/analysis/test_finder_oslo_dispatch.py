"""OpenStack's database API: the public module dispatches to a backend module through
oslo.db's ``DBAPI`` (``IMPL = DBAPI.from_config(..., backend_mapping={...})``, a backend
whose ``get_backend()`` returns the module itself), and the
backend builds its queries through a ``model_query(context, model)`` helper around oslo.db's.
Manila reads ``s.share_network["name"]`` on the share servers ``db_api.share_server_get_all``
returns, and names relationships by string in ``options(joinedload("share_network"))``: both
are followed to the class the backend queries, so they are certain, not unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from oslo_db.sqlalchemy import models
    from sqlalchemy import Column, ForeignKey, String
    from sqlalchemy.orm import declarative_base, relationship

    BASE = declarative_base()


    class ManilaBase(models.ModelBase):
        pass


    class ShareNetwork(BASE, ManilaBase):
        __tablename__ = "share_networks"
        id = Column(String(36), primary_key=True)
        name = Column(String(255))


    class ShareServer(BASE, ManilaBase):
        __tablename__ = "share_servers"
        id = Column(String(36), primary_key=True)
        host = Column(String(255))
        share_network_id = Column(String(36), ForeignKey("share_networks.id"))
        share_network = relationship(ShareNetwork, backref="share_servers")


    class ShareInstance(BASE, ManilaBase):
        __tablename__ = "share_instances"
        id = Column(String(36), primary_key=True)
        share_network_id = Column(String(36), ForeignKey("share_networks.id"))
        share_network = relationship(ShareNetwork, backref="share_instances")
"""

BACKEND = """
    import sys

    from oslo_db.sqlalchemy import utils as db_utils
    from sqlalchemy.orm import joinedload

    from app.db.sqlalchemy import models


    def get_backend():
        return sys.modules[__name__]


    def get_session():
        return None


    def model_query(context, model, *args, **kwargs):
        session = kwargs.get("session") or get_session()
        kwargs = dict()
        return db_utils.model_query(model=model, session=session, args=args, **kwargs)


    def _server_get_query(context, session=None):
        if session is None:
            session = get_session()
        return model_query(context, models.ShareServer, session=session).options(
            joinedload("share_network")
        )


    def _network_get_query(context):
        return model_query(context, models.ShareNetwork).options(joinedload("share_servers"))


    def _instance_get_query(context):
        return model_query(context, models.ShareInstance).options(joinedload("share_network"))


    def share_server_get(context, server_id, session=None):
        result = _server_get_query(context, session).filter_by(id=server_id).first()
        if result is None:
            raise KeyError(server_id)
        return result


    def share_server_get_all(context):
        return _server_get_query(context).all()


    def share_server_get_all_by_net(context, net_id):
        return _server_get_query(context).filter_by(share_network_id=net_id).all()


    def share_network_get(context, network_id):
        return _network_get_query(context).filter_by(id=network_id).first()
"""

PUBLIC = """
    from oslo_config import cfg
    from oslo_db import api as db_api

    _BACKEND_MAPPING = {"sqlalchemy": "app.db.sqlalchemy.api"}
    IMPL = db_api.DBAPI.from_config(cfg.CONF, backend_mapping=_BACKEND_MAPPING, lazy=True)


    def share_server_get(context, server_id, session=None):
        return IMPL.share_server_get(context, server_id, session=session)


    def share_server_get_all(context):
        return IMPL.share_server_get_all(context)


    def share_network_get(context, network_id):
        return IMPL.share_network_get(context, network_id)
"""

CONTROLLER = """
    from app.db import api as db_api


    class ShareServerController:
        def index(self, context):
            for s in db_api.share_server_get_all(context):
                s.project_id = s.share_network["project_id"]
                s.share_network_name = s.share_network_id
            return []

        def show(self, context, id):
            server = db_api.share_server_get(context, id)
            return server["share_network_id"], server["host"]

        def servers_of(self, context, id):
            network = db_api.share_network_get(context, id)
            return network["share_servers"]
"""


def _project(tmp_path: Path, public: str = PUBLIC, backend: str = BACKEND) -> dict[str, str]:
    return write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/db/__init__.py": "",
            "app/db/sqlalchemy/__init__.py": "",
            "app/db/sqlalchemy/models.py": MODELS,
            "app/db/sqlalchemy/api.py": backend,
            "app/db/api.py": public,
            "app/api/__init__.py": "",
            "app/api/share_servers.py": CONTROLLER,
        },
    )


def _rows(tmp_path: Path, path: str) -> dict[tuple[int, int], str]:
    return {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "share_servers.share_network_id")
        if p == path
    }


def test_rows_the_backend_returns_through_the_dispatcher_are_the_models(tmp_path: Path) -> None:
    source = _project(tmp_path)["app/api/share_servers.py"]
    rows = _rows(tmp_path, "app/api/share_servers.py")
    assert rows[at(source, "s.^share_network[")] == "CR108 certain"
    assert rows[at(source, "s.^share_network_id")] == "CR103 certain"
    # oslo.db's ModelBase gives the attributes by key, on a row and on the parent's row
    assert rows[at(source, 'server[^"share_network_id"]')] == "CR103 certain"
    assert rows[at(source, 'network[^"share_servers"]')] == "CR108 certain"


def test_queries_built_by_the_backends_helpers_have_their_class(tmp_path: Path) -> None:
    source = _project(tmp_path)["app/db/sqlalchemy/api.py"]
    rows = _rows(tmp_path, "app/db/sqlalchemy/api.py")
    assert rows[at(source, ".filter_by(^share_network_id=")] == "CR104 certain"
    # a relationship named by string in a loader option, on a query of its class
    assert rows[at(source, 'joinedload(^"share_network")')] == "CR108 certain"
    assert rows[at(source, 'joinedload(^"share_servers")')] == "CR108 certain"
    # the same name on a query of another table's model is that table's
    assert rows[at(source, 'joinedload("^share_network")', 2)] == "excluded: other-table"


def test_a_dispatcher_that_is_not_oslo_dbs_is_not_followed(tmp_path: Path) -> None:
    public = PUBLIC.replace("from oslo_db import api as db_api", "from app import dbapi as db_api")
    source = _project(tmp_path, public=public)["app/api/share_servers.py"]
    (tmp_path / "app/dbapi.py").write_text("class DBAPI:\n    pass\n")
    rows = _rows(tmp_path, "app/api/share_servers.py")
    assert rows[at(source, "s.^share_network_id")] == "unexplained"
    assert rows[at(source, "s.^share_network[")] == "unexplained"


def test_a_mapping_of_two_backends_is_not_followed(tmp_path: Path) -> None:
    public = PUBLIC.replace(
        '{"sqlalchemy": "app.db.sqlalchemy.api"}',
        '{"sqlalchemy": "app.db.sqlalchemy.api", "other": "app.db.other.api"}',
    )
    source = _project(tmp_path, public=public)["app/api/share_servers.py"]
    rows = _rows(tmp_path, "app/api/share_servers.py")
    assert rows[at(source, "s.^share_network_id")] == "unexplained"


def test_a_helper_that_rebinds_the_model_gives_no_known_query(tmp_path: Path) -> None:
    backend = BACKEND.replace(
        '        session = kwargs.get("session") or get_session()\n',
        '        session = kwargs.get("session") or get_session()\n'
        '        model = kwargs.get("model", model)\n',
    )
    source = _project(tmp_path, backend=backend)["app/db/sqlalchemy/api.py"]
    rows = _rows(tmp_path, "app/db/sqlalchemy/api.py")
    assert rows[at(source, ".filter_by(^share_network_id=")] != "CR104 certain"
    assert rows[at(source, 'joinedload("^share_network")')] == "unexplained"
