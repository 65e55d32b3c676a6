"""Edge cases of the rules for OpenStack's database API (dispatch through oslo.db's
``DBAPI``, query helpers around ``model_query``, keyed rows of ``ModelBase``, loader strings
in ``options()``, queries passed through a helper), each in the shape a real project could
write it: the answer is never a ``certain`` on another table's use, nor an exclusion of one
of ours. The tests named "guard" keep a fix from going too far the other way."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write
from tests.analysis.test_finder_oslo_dispatch import MODELS as DISPATCH_MODELS

SERVERS = "share_servers.share_network_id"
INSTANCES = "share_instances.share_network_id"

#: the models of the dispatch tests, with an instance's share server as well
MODELS = (
    DISPATCH_MODELS
    + """        share_server_id = Column(String(36), ForeignKey("share_servers.id"))
        share_server = relationship(ShareServer, backref="instances")
"""
)

#: Manila's backend: a model_query around oslo.db's (it forwards its ``*args`` as the
#: query's entities, as Manila's does)
HEAD = """
    import sys

    from oslo_db.sqlalchemy import utils as db_utils
    from sqlalchemy.orm import Load, defaultload, joinedload

    from app.db.sqlalchemy import models


    def get_backend():
        return sys.modules[__name__]


    def get_session():
        return None


    def model_query(context, model, *args, **kwargs):
        session = kwargs.get("session") or get_session()
        return db_utils.model_query(model=model, session=session, args=args)
"""

SERVERS_OF_SERVERS = """

    def share_server_get_all(context):
        return model_query(context, models.ShareServer).all()
"""

SERVERS_OF_INSTANCES = """

    def share_server_get_all(context):
        return model_query(context, models.ShareInstance).all()
"""

PUBLIC = """
    from oslo_config import cfg
    from oslo_db import api as db_api

    _BACKEND_MAPPING = {"sqlalchemy": "app.db.sqlalchemy.api"}
    IMPL = db_api.DBAPI.from_config(cfg.CONF, backend_mapping=_BACKEND_MAPPING, lazy=True)


    def share_server_get_all(context):
        return IMPL.share_server_get_all(context)
"""

#: a reader of what the public API returns; it also makes the backend part of phase one
CONTROLLER = """
    from app.db import api as db_api


    def index(context):
        for s in db_api.share_server_get_all(context):
            print(s.share_network_id)
"""

BACKEND_PATH = "app/db/sqlalchemy/api.py"
CONTROLLER_PATH = "app/api/servers.py"


def _project(
    tmp_path: Path,
    backend: str,
    public: str = PUBLIC,
    controller: str = CONTROLLER,
    models: str = MODELS,
    extra: dict[str, str] | None = None,
    head: str = HEAD,
) -> dict[str, str]:
    files = {
        "app/__init__.py": "",
        "app/db/__init__.py": "",
        "app/db/sqlalchemy/__init__.py": "",
        "app/db/sqlalchemy/models.py": models,
        BACKEND_PATH: head + backend,
        "app/db/api.py": public,
        "app/api/__init__.py": "",
        CONTROLLER_PATH: controller,
    }
    files.update(extra or {})
    return write(tmp_path, files)


def _rows(tmp_path: Path, column: str, path: str) -> dict[tuple[int, int], str]:
    return {(line, col): kind for p, line, col, kind in accounted(tmp_path, column) if p == path}


def _string(rows: dict[tuple[int, int], str], source: str, snippet: str, nth: int = 1) -> str:
    """The verdict on a string whose opening quote the caret marks: a reference starts at the
    quote, an exclusion or an unexplained occurrence at the word after it."""
    line, col = at(source, snippet, nth)
    return rows.get((line, col)) or rows.get((line, col + 1), "absent")


# --- 5. loader strings in options() --------------------------------------------------------

CHAINED = """

    def chained(context):
        return model_query(context, models.ShareInstance).options(
            joinedload("share_server").joinedload("share_network")
        )


    def chained_on_attribute(context):
        return model_query(context, models.ShareInstance).options(
            joinedload(models.ShareInstance.share_server).joinedload("share_network")
        )


    def chained_on_default(context):
        return model_query(context, models.ShareInstance).options(
            defaultload("share_server").joinedload("share_network")
        )


    def from_a_load_of_another_entity(session):
        return session.query(models.ShareInstance, models.ShareServer).options(
            Load(models.ShareServer).joinedload("share_network")
        )
"""


@pytest.mark.parametrize(
    "snippet",
    [
        'joinedload("share_server").joinedload(^"share_network")',
        'joinedload(models.ShareInstance.share_server).joinedload(^"share_network")',
        'defaultload("share_server").joinedload(^"share_network")',
        'Load(models.ShareServer).joinedload(^"share_network")',
    ],
)
def test_a_loader_chained_on_another_loader_names_an_attribute_of_that_loaders_class(
    tmp_path: Path, snippet: str
) -> None:
    """``joinedload("share_server").joinedload("share_network")`` on a query of ShareInstance:
    the second string is ShareServer.share_network (the relationship built on
    share_servers.share_network_id), not ShareInstance's. It is read against the query's
    class: certain for share_instances, excluded as other-table for share_servers."""
    source = _project(tmp_path, SERVERS_OF_SERVERS + CHAINED)[BACKEND_PATH]
    ours = _string(_rows(tmp_path, SERVERS, BACKEND_PATH), source, snippet)
    theirs = _string(_rows(tmp_path, INSTANCES, BACKEND_PATH), source, snippet)
    assert ours in ("CR108 certain", "unexplained")
    assert theirs in ("excluded: other-table", "unexplained")


SUBCLASS_MODELS = (
    MODELS
    + """

    class LegacyServer(ShareServer):
        legacy_network_id = Column(String(36), ForeignKey("share_networks.id"))
        share_network = relationship(ShareNetwork, foreign_keys=[legacy_network_id])
        __mapper_args__ = {"polymorphic_identity": "legacy"}
"""
)


def test_a_loader_string_on_a_subclass_that_redefines_the_relationship_is_not_ours(
    tmp_path: Path,
) -> None:
    """A single-table subclass that declares its own ``share_network`` on another key: on a
    query of that subclass, ``joinedload("share_network")`` loads the subclass's
    relationship (built on legacy_network_id), not the inherited one."""
    backend = (
        SERVERS_OF_SERVERS
        + """

    def legacy(context):
        return model_query(context, models.LegacyServer).options(joinedload("share_network"))
"""
    )
    source = _project(tmp_path, backend, models=SUBCLASS_MODELS)[BACKEND_PATH]
    rows = _rows(tmp_path, SERVERS, BACKEND_PATH)
    snippet = 'models.LegacyServer).options(joinedload(^"share_network")'
    assert _string(rows, source, snippet) != "CR108 certain"


# --- 2. helpers giving queries through model_query -----------------------------------------

COLUMNS = """

    def share_server_get_all(context):
        return (
            model_query(context, models.ShareServer, models.ShareInstance.share_network_id)
            .join(models.ShareInstance)
            .all()
        )


    def instance_ids_of_network(context, net_id):
        return (
            model_query(context, models.ShareServer, models.ShareInstance.id)
            .filter_by(share_network_id=net_id)
            .all()
        )
"""


def test_model_query_given_entities_gives_rows_of_those_entities(tmp_path: Path) -> None:
    """Manila's model_query forwards its ``*args`` to oslo.db's as ``args=``, and oslo.db
    then queries ``session.query(*args)``: ``model_query(context, models.Share,
    models.Share.host, func.sum(...))`` is Manila's own code. The rows are tuples of those
    columns and the query's entity is theirs, but the factory's call is read as a query of
    the model alone: ``s.share_network_id`` on the tuples (a share_instances column) is read
    as ShareServer's, and ``filter_by`` (on ShareInstance, the first entity) as well."""
    files = _project(tmp_path, COLUMNS)
    servers = _rows(tmp_path, SERVERS, CONTROLLER_PATH)
    instances = _rows(tmp_path, INSTANCES, CONTROLLER_PATH)
    read = at(files[CONTROLLER_PATH], "s.^share_network_id")
    assert servers[read] != "CR103 certain"
    assert instances[read] != "excluded: other-table"
    backend = _rows(tmp_path, SERVERS, BACKEND_PATH)
    assert backend[at(files[BACKEND_PATH], ".filter_by(^share_network_id=")] != "CR104 certain"


def test_guard_model_query_given_keywords_only_is_a_query_of_the_model(tmp_path: Path) -> None:
    """Guard: keywords (``session=``, ``read_deleted=``) do not change the entity."""
    backend = """

    def share_server_get_all(context):
        return model_query(context, models.ShareServer, session=None, read_deleted="no").all()
"""
    source = _project(tmp_path, backend)[CONTROLLER_PATH]
    rows = _rows(tmp_path, SERVERS, CONTROLLER_PATH)
    assert rows[at(source, "s.^share_network_id")] == "CR103 certain"


HIDDEN_JOIN = """

    def _instances_on_servers(context):
        return model_query(context, models.ShareInstance).join(models.ShareServer)


    def instances_of_network(context, net_id):
        return _instances_on_servers(context).filter_by(share_network_id=net_id).all()
"""


def test_filter_by_after_a_join_hidden_in_a_query_helper_is_not_certain(tmp_path: Path) -> None:
    """``filter_by`` takes its names from the last entity joined (SQLAlchemy 1.x and 2.0):
    after ``_instances_on_servers(context)``, which joins ShareServer, ``filter_by(
    share_network_id=...)`` filters share_servers. The same chain written out is
    unexplained ("after a join"); through the helper it is certain for share_instances."""
    source = _project(tmp_path, SERVERS_OF_SERVERS + HIDDEN_JOIN)[BACKEND_PATH]
    rows = _rows(tmp_path, INSTANCES, BACKEND_PATH)
    assert rows[at(source, ".filter_by(^share_network_id=")] != "CR104 certain"


def test_guard_filter_by_on_a_helpers_query_without_a_join_is_certain(tmp_path: Path) -> None:
    """Guard: a helper that only filters or loads keeps ``filter_by`` on its class."""
    backend = (
        SERVERS_OF_SERVERS
        + """

    def _instances(context):
        return model_query(context, models.ShareInstance).filter_by(deleted=False)


    def instances_of_network(context, net_id):
        return _instances(context).filter_by(share_network_id=net_id).all()
"""
    )
    source = _project(tmp_path, backend)[BACKEND_PATH]
    rows = _rows(tmp_path, INSTANCES, BACKEND_PATH)
    assert rows[at(source, ".filter_by(^share_network_id=")] == "CR104 certain"


def test_a_query_helper_redefined_under_a_condition_gives_no_known_query(
    tmp_path: Path,
) -> None:
    """``_query`` is defined at the top level and again under an ``if``: which one runs is
    not known, but the query is read from the top-level ``def`` alone (rows.module_queries
    reads only the module's top-level functions, and every FuncFact of the name takes that
    answer)."""
    backend = """

    def _query(context):
        return model_query(context, models.ShareServer)


    if get_session() is not None:

        def _query(context):
            return model_query(context, models.ShareInstance)


    def share_server_get_all(context):
        return _query(context).all()
"""
    source = _project(tmp_path, backend)[CONTROLLER_PATH]
    read = at(source, "s.^share_network_id")
    assert _rows(tmp_path, SERVERS, CONTROLLER_PATH)[read] != "CR103 certain"
    assert _rows(tmp_path, INSTANCES, CONTROLLER_PATH)[read] != "excluded: other-table"


def test_a_backend_module_no_file_of_phase_one_reaches_still_types_its_queries(
    tmp_path: Path,
) -> None:
    """A miss, not a wrong answer: the backend's own ``model_query(context,
    models.ShareServer).options(joinedload("share_network"))`` is certain only when some file
    read in phase one calls the public API (which brings the backend into the index);
    without the controller it is unexplained, though the file alone proves it."""
    backend = """

    def _server_query(context):
        return model_query(context, models.ShareServer).options(joinedload("share_network"))
"""
    source = _project(tmp_path, backend, controller="")[BACKEND_PATH]
    rows = _rows(tmp_path, SERVERS, BACKEND_PATH)
    assert _string(rows, source, 'joinedload(^"share_network")') == "CR108 certain"


# --- 6. a query passed on through a helper -------------------------------------------------

EVENT_MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DiscountCode(Base):
        __tablename__ = "discount_codes"
        id = Column(Integer, primary_key=True)


    class Event(Base):
        __tablename__ = "events"
        id = Column(Integer, primary_key=True)
        discount_code_id = Column(Integer, ForeignKey("discount_codes.id"))


    class EventInvoice(Base):
        __tablename__ = "event_invoices"
        id = Column(Integer, primary_key=True)
        event_id = Column(Integer, ForeignKey("events.id"))
        discount_code_id = Column(Integer, ForeignKey("discount_codes.id"))
"""

EVENT_HELPERS = """
    from app.models import Event


    def event_query(self, query_, view_kwargs):
        if view_kwargs.get("event_id"):
            query_ = query_.join(Event).filter(Event.id == view_kwargs["event_id"])
        return query_
"""

EVENT_VIEW = """
    from app.helpers import event_query
    from app.models import EventInvoice


    class EventInvoiceList:
        def query(self, view_kwargs):
            query_ = self.session.query(EventInvoice)
            query_ = event_query(self, query_, view_kwargs)
            return query_.filter_by(discount_code_id=view_kwargs.get("discount_code_id"))
"""


def test_filter_by_on_a_query_a_helper_may_have_joined_is_not_certain(tmp_path: Path) -> None:
    """Open Event Server's ``event_query`` joins Event when the view has an event_id, and
    Event has a discount_code_id of its own: ``filter_by(discount_code_id=...)`` then
    filters events (the last entity joined). Passing the query's class through the helper
    would make it certain for event_invoices, as if no join had happened: a helper that
    joins gives a query of unknown class."""
    source = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": EVENT_MODELS,
            "app/helpers.py": EVENT_HELPERS,
            "app/views.py": EVENT_VIEW,
        },
    )["app/views.py"]
    rows = _rows(tmp_path, "event_invoices.discount_code_id", "app/views.py")
    assert rows[at(source, ".filter_by(^discount_code_id=")] != "CR104 certain"


# --- 4. keyed reads on rows of ModelBase ---------------------------------------------------

OWN_GETITEM_MODELS = MODELS.replace(
    """        share_network = relationship(ShareNetwork, backref="share_servers")
""",
    """        share_network = relationship(ShareNetwork, backref="share_servers")
        backend_details = Column(String(4096))

        def __getitem__(self, key):
            return self.details()[key]

        def details(self):
            return {}
""",
)


def test_keys_of_a_model_with_its_own_getitem_are_not_its_attributes(tmp_path: Path) -> None:
    """ModelBase's ``__getitem__`` is ``getattr``, but ShareServer defines its own, reading
    a dict of details: ``server["share_network_id"]`` is a key of that dict. keyed_instance
    looks only at the library base (``keyed_access``), not at the class's own method, and
    says certain (attribute_by_name, just before it, does look at the method and declines)."""
    backend = (
        SERVERS_OF_SERVERS
        + """

    def share_server_get(context, server_id):
        return model_query(context, models.ShareServer).filter_by(id=server_id).first()
"""
    )
    public = (
        PUBLIC
        + """

    def share_server_get(context, server_id):
        return IMPL.share_server_get(context, server_id)
"""
    )
    controller = """
    from app.db import api as db_api


    def show(context, id):
        server = db_api.share_server_get(context, id)
        return server["share_network_id"]
"""
    source = _project(
        tmp_path, backend, public=public, controller=controller, models=OWN_GETITEM_MODELS
    )[CONTROLLER_PATH]
    rows = _rows(tmp_path, SERVERS, CONTROLLER_PATH)
    assert _string(rows, source, 'server[^"share_network_id"]') != "CR103 certain"


# --- 1. IMPL = DBAPI.from_config(..., backend_mapping=...) ---------------------------------

OTHER_BACKEND = {
    "app/db/other/__init__.py": "",
    "app/db/other/api.py": HEAD + SERVERS_OF_INSTANCES,
}


def _dispatched(
    tmp_path: Path,
    public: str,
    backend: str = SERVERS_OF_SERVERS,
    either: bool = False,
    head: str = HEAD,
) -> None:
    """The controller's ``s.share_network_id`` where the public API dispatches to the other
    backend (whose rows are ShareInstance's), or, ``either``, may dispatch to either: then
    both columns are unexplained; else it is not certain for share_servers nor excluded for
    share_instances."""
    source = _project(tmp_path, backend, public=public, extra=OTHER_BACKEND, head=head)[
        CONTROLLER_PATH
    ]
    read = at(source, "s.^share_network_id")
    servers = _rows(tmp_path, SERVERS, CONTROLLER_PATH)[read]
    instances = _rows(tmp_path, INSTANCES, CONTROLLER_PATH)[read]
    if either:
        assert (servers, instances) == ("unexplained", "unexplained")
    else:
        assert servers != "CR103 certain"
        assert instances != "excluded: other-table"


def test_a_backend_mapping_changed_in_place_is_not_followed(tmp_path: Path) -> None:
    """The mapping is bound once, but an item is set afterwards: oslo.db reads the dict it
    is given when it loads, so the backend may be the other module. "Bound once" does not
    make it a literal mapping."""
    public = PUBLIC.replace(
        "IMPL =",
        "if cfg.CONF.database.use_other:\n"
        '        _BACKEND_MAPPING["sqlalchemy"] = "app.db.other.api"\n'
        "    IMPL =",
    )
    assert public != PUBLIC
    _dispatched(tmp_path, public, either=True)


def test_impl_bound_to_two_backends_is_not_followed(tmp_path: Path) -> None:
    """``IMPL`` bound again, under a condition, to a DBAPI of another backend: two backends,
    as a mapping of two is; the later binding wins outright."""
    public = PUBLIC.replace(
        "\n\n\n    def share_server_get_all",
        "\n    if cfg.CONF.database.use_other:\n"
        '        IMPL = db_api.DBAPI.from_config(cfg.CONF, backend_mapping={"sqlalchemy": '
        '"app.db.other.api"})\n\n\n    def share_server_get_all',
    )
    assert public != PUBLIC
    _dispatched(tmp_path, public, either=True)


def test_dbapi_given_a_backend_name_its_mapping_lacks_is_not_that_mapping(
    tmp_path: Path,
) -> None:
    """``DBAPI(backend_name, backend_mapping=...)`` loads ``mapping.get(backend_name,
    backend_name)``: a name the mapping does not hold is itself the module to import."""
    public = PUBLIC.replace(
        "db_api.DBAPI.from_config(cfg.CONF,", 'db_api.DBAPI("app.db.other.api",'
    )
    assert public != PUBLIC
    _dispatched(tmp_path, public)


def test_a_backend_whose_get_backend_gives_an_object_is_not_dispatched_to_its_functions(
    tmp_path: Path,
) -> None:
    """oslo.db hands out the attributes of ``backend_module.get_backend()``, not of the
    module: Ironic, Magnum, Zun... return ``Connection()``, whose methods are the API. Here
    the module's function of the same name is not what ``IMPL.share_server_get_all`` runs."""
    head = HEAD.replace("return sys.modules[__name__]", "return Connection()")
    assert head != HEAD
    backend = (
        """

    class Connection:
        def share_server_get_all(self, context):
            return model_query(context, models.ShareInstance).all()
"""
        + SERVERS_OF_SERVERS
    )
    _dispatched(tmp_path, PUBLIC, backend=backend, head=head)
