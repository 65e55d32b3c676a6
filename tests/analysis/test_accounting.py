"""Every occurrence of a column's names in the right tier, in the shapes real code had: a use
is a reference or unexplained, never an exclusion; an exclusion only where its reason holds.
Some uses spell none of the column's names (a join SQLAlchemy builds on the foreign key, a
positional argument of the model's own ``__init__``): they are looked for all the same."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, summary, write

DAGS = """
    from sqlalchemy import Boolean, Column, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DagModel(Base):
        __tablename__ = "dag"
        dag_id = Column(String(250), primary_key=True)
        is_subdag = Column(Boolean)
        default_view = Column(String(25))


    class DagTag(Base):
        __tablename__ = "dag_tag"
        name = Column(String(100), primary_key=True)
        is_subdag = Column(Boolean)


    class DAG:
        def __init__(self, dag_id: str, default_view: str = "grid"):
            self.dag_id = dag_id
            self._default_view = default_view
            if default_view not in ("grid", "graph"):
                raise ValueError(f"Invalid value for default_view: {default_view}")

        @property
        def is_subdag(self) -> bool:
            return False
"""


def test_a_dict_key_echoing_an_attribute_of_a_plain_class_is_unexplained(tmp_path: Path) -> None:
    """A command builds the details of a DAG as a dict whose keys mirror the DagModel
    columns (``"is_subdag": dag.is_subdag``). The value is read from a DAG, a class that maps
    no table: that says nothing of where the dict goes, so the key is unexplained, not
    another table's column. Read from another model (``tag.is_subdag`` of a DagTag), the
    key is that table's."""
    files = write(
        tmp_path,
        {
            "app/models.py": DAGS,
            "app/commands.py": """
        from app.models import DAG, DagTag


        def dagbag_dag_details(dag: DAG) -> dict:
            return {
                "dag_id": dag.dag_id,
                "is_subdag": dag.is_subdag,
            }


        def tag_details(tag: DagTag) -> dict:
            return {"name": tag.name, "is_subdag": tag.is_subdag}
    """,
        },
    )
    commands = files["app/commands.py"]
    assert accounted(tmp_path, "dag.is_subdag", skip="app/models.py") == [
        ("app/commands.py", *at(commands, '"^is_subdag": dag'), "unexplained"),
        ("app/commands.py", *at(commands, "dag.^is_subdag"), "excluded: other-type"),
        ("app/commands.py", *at(commands, '"^is_subdag": tag'), "excluded: other-table"),
        ("app/commands.py", *at(commands, "tag.^is_subdag"), "excluded: other-table"),
    ]


def test_the_uses_of_a_constructor_parameter_are_the_parameter(tmp_path: Path) -> None:
    """``DAG.__init__(self, ..., default_view)``: a constructor's parameter named like the
    column may be how the object carries it (unexplained), and so may each use of it in the
    constructor: they are that parameter, not another local."""
    files = write(tmp_path, {"app/models.py": DAGS})
    models = files["app/models.py"]
    rows = [row for row in accounted(tmp_path, "dag.default_view") if row[1] > 20]
    assert rows == [
        ("app/models.py", *at(models, "str, ^default_view: str"), "unexplained"),
        ("app/models.py", *at(models, "= ^default_view\n"), "unexplained"),
        ("app/models.py", *at(models, "if ^default_view"), "unexplained"),
        ("app/models.py", *at(models, "for ^default_view"), "excluded: prose"),
        ("app/models.py", *at(models, "{^default_view}"), "unexplained"),
    ]


USERS = """
    from sqlalchemy import Column, MetaData, Table, types
    from sqlalchemy.orm import registry

    from app import meta

    metadata = MetaData()

    user_table = Table(
        "user",
        metadata,
        Column("id", types.UnicodeText, primary_key=True),
        Column("name", types.UnicodeText),
        Column("openid", types.UnicodeText),
    )


    class User:
        @classmethod
        def by_openid(cls, openid):
            return meta.Session.query(cls).filter_by(openid=openid).first()

        @classmethod
        def by_name(cls, name):
            return meta.Session.query(cls).filter_by(name=name).first()


    registry().map_imperatively(User, user_table)
"""


def test_a_local_given_to_a_method_of_the_model_under_the_column_name(tmp_path: Path) -> None:
    """``User.by_openid(openid)``: the local goes to the model's parameter ``openid``,
    which the model only looks its rows up by (``filter_by(openid=openid)`` on a query of
    its class): the value of that lookup, a certain keyword. The call itself is a use of
    a lookup by the column (a likely wrapper: the method may get a new body). Given to a
    parameter of another name (``by_name(openid)``), it is a local."""
    files = write(
        tmp_path,
        {
            "app/meta.py": "Session = None\n",
            "app/models.py": USERS,
            "app/authenticator.py": """
        from app.models import User


        class OpenIDAuthenticator:
            def authenticate(self, environ, identity):
                openid = identity.get("userid")
                user = User.by_openid(openid)
                return user or User.by_name(openid)
    """,
        },
    )
    authenticator = files["app/authenticator.py"]
    assert accounted(tmp_path, "user.openid", skip="app/models.py") == [
        ("app/authenticator.py", *at(authenticator, "^openid = "), "excluded: local"),
        ("app/authenticator.py", *at(authenticator, "User.^by_openid"), "CR109 likely"),
        ("app/authenticator.py", *at(authenticator, "by_openid(^openid)"), "CR104 certain"),
        ("app/authenticator.py", *at(authenticator, "by_name(^openid)"), "excluded: local"),
    ]


CLUSTERS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DruidCluster(Base):
        __tablename__ = "clusters"
        id = Column(Integer, primary_key=True)
        cluster_name = Column(String(250), unique=True)


    class DruidDatasource(Base):
        __tablename__ = "datasources"
        id = Column(Integer, primary_key=True)
        datasource_name = Column(String(255))
        cluster_name = Column(String(250), ForeignKey("clusters.cluster_name"))

        @classmethod
        def get_datasource_by_name(cls, session, datasource_name, database_name):
            query = (
                session.query(cls)
                .join(DruidCluster)
                .filter(cls.datasource_name == datasource_name)
                .filter(DruidCluster.cluster_name == database_name)
            )
            return query.first()
"""


def test_a_join_with_no_on_clause_goes_through_the_foreign_key(tmp_path: Path) -> None:
    """``session.query(cls).join(DruidCluster)`` gives no ON clause: SQLAlchemy builds it
    on the one foreign key between the tables, the column being retired. That join spells
    none of the column's names, and it breaks when the column goes."""
    files = write(tmp_path, {"app/models.py": CLUSTERS})
    models = files["app/models.py"]
    joins = [r for r in found(tmp_path, "datasources.cluster_name") if "join" in r.message]
    assert summary(joins) == [
        ("app/models.py", *at(models, ".join(^DruidCluster)"), "CR108", "certain")
    ]
    assert joins[0].message == (
        "joins clusters to datasources with no ON clause: SQLAlchemy joins them on the "
        "foreign key datasources.cluster_name"
    )


RESOURCES = """
    from sqlalchemy import Column, ForeignKey, MetaData, Table, types
    from sqlalchemy.orm import registry

    metadata = MetaData()
    mapper_registry = registry()

    package_table = Table(
        "package", metadata, Column("id", types.UnicodeText, primary_key=True)
    )
    resource_group_table = Table(
        "resource_group",
        metadata,
        Column("id", types.UnicodeText, primary_key=True),
        Column("package_id", types.UnicodeText, ForeignKey("package.id")),
    )
    resource_table = Table(
        "resource",
        metadata,
        Column("id", types.UnicodeText, primary_key=True),
        Column("resource_group_id", types.UnicodeText, ForeignKey("resource_group.id")),
        Column("url", types.UnicodeText),
    )


    class Package:
        pass


    class ResourceGroup:
        pass


    class Resource:
        pass


    mapper_registry.map_imperatively(Package, package_table)
    mapper_registry.map_imperatively(ResourceGroup, resource_group_table)
    mapper_registry.map_imperatively(Resource, resource_table)
"""


def test_a_join_of_entities_named_like_the_models_is_likely(tmp_path: Path) -> None:
    """The models reach the code as ``context["model"]``, a module handed around in a dict:
    ``model.Resource`` is of unknown type, named like the one class that maps ``resource``,
    as ``model.Resource.url`` is read as that class. A join of it and
    ``model.ResourceGroup`` with no ON clause goes through the foreign key: likely, at the
    join, even in a file that never spells the column's name. A join of two other tables
    (``model.Package``) does not."""
    files = write(
        tmp_path,
        {
            "app/models.py": RESOURCES,
            "app/auth.py": """
        def resource_delete(context, resource_id):
            model = context["model"]
            query = (
                model.Session.query(model.Package)
                .join(model.ResourceGroup)
                .join(model.Resource)
                .filter(model.Resource.id == resource_id)
            )
            return query.first()
    """,
            "app/search.py": """
        def resource_search(context):
            model = context["model"]
            q = model.Session.query(model.Resource).join(model.ResourceGroup).join(model.Package)
            return q.all()
    """,
        },
    )
    auth, search = files["app/auth.py"], files["app/search.py"]
    assert accounted(tmp_path, "resource.resource_group_id", skip="app/models.py") == [
        ("app/auth.py", *at(auth, ".join(model.^Resource)"), "CR108 likely"),
        ("app/search.py", *at(search, ".join(model.^ResourceGroup)"), "CR108 likely"),
    ]


def test_a_join_of_an_entity_named_like_a_schema_too_is_unexplained(tmp_path: Path) -> None:
    """Near miss: a class ``Resource`` that maps no table (a schema of the API, beside the
    models it describes) shares the model's name, so ``model.Resource`` may be either: the
    join stays unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": RESOURCES,
            "app/schemas.py": """
        from pydantic import BaseModel

        from app.models import ResourceGroup


        class Resource(BaseModel):
            url: str
    """,
            "app/search.py": """
        def resource_search(context):
            model = context["model"]
            q = model.Session.query(model.Resource).join(model.ResourceGroup).join(model.Package)
            return q.all()
    """,
        },
    )
    search = files["app/search.py"]
    rows = accounted(tmp_path, "resource.resource_group_id", skip="app/models.py")
    assert ("app/search.py", *at(search, ".join(model.^ResourceGroup)"), "unexplained") in rows


FACTORIES = """
    import factory

    from app import models


    class Resource(factory.Factory):
        FACTORY_FOR = models.Resource

        url = "http://example.com/data.csv"
        resource_group_id = None
"""

SEARCH = """
    def resource_search(context):
        model = context["model"]
        q = model.Session.query(model.Resource).join(model.ResourceGroup).join(model.Package)
        return q.all(), model.Resource.resource_group_id
"""


def test_a_factory_of_the_tests_named_like_the_model_leaves_the_application_alone(
    tmp_path: Path,
) -> None:
    """The test suite's factories (``app/new_tests/factories.py``) define a ``Resource``
    that builds the model's rows; no module of the application imports them, so in the
    application ``model.Resource`` can only be the model: the join and the read are
    likely. In the tests themselves, either class may be meant: unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": RESOURCES,
            "app/new_tests/__init__.py": "",
            "app/new_tests/factories.py": FACTORIES,
            "app/search.py": SEARCH,
            "app/new_tests/test_search.py": "    from app.new_tests import factories\n" + SEARCH,
        },
    )
    search, tests = files["app/search.py"], files["app/new_tests/test_search.py"]
    rows = accounted(tmp_path, "resource.resource_group_id", skip="app/models.py")
    assert ("app/search.py", *at(search, ".join(model.^ResourceGroup)"), "CR108 likely") in rows
    assert (
        "app/search.py",
        *at(search, "model.Resource.^resource_group_id"),
        "CR102 likely",
    ) in rows
    assert (
        "app/new_tests/test_search.py",
        *at(tests, ".join(model.^ResourceGroup)"),
        "unexplained",
    ) in rows
    assert (
        "app/new_tests/test_search.py",
        *at(tests, "model.Resource.^resource_group_id"),
        "unexplained",
    ) in rows


def test_a_factory_the_application_imports_is_a_namesake_everywhere(tmp_path: Path) -> None:
    """Near miss: a command of the application imports the factories to load demo data
    (``from app.new_tests import factories``); a module holding them may then be what
    ``context["model"]`` is, and ``model.Resource`` either class: unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": RESOURCES,
            "app/new_tests/__init__.py": "",
            "app/new_tests/factories.py": FACTORIES,
            "app/search.py": SEARCH,
            "app/demo.py": """
        from app.new_tests import factories


        def load_demo():
            return factories.Resource()
    """,
        },
    )
    search = files["app/search.py"]
    rows = accounted(tmp_path, "resource.resource_group_id", skip="app/models.py")
    assert ("app/search.py", *at(search, ".join(model.^ResourceGroup)"), "unexplained") in rows
    assert (
        "app/search.py",
        *at(search, "model.Resource.^resource_group_id"),
        "unexplained",
    ) in rows


def test_the_model_s_own_init_takes_the_column_by_position(tmp_path: Path) -> None:
    """``Activity(user_id, self.id, revision.id, ...)``: the model's own ``__init__`` takes
    ``revision_id`` third, so the third argument is the column's value, although the call
    never spells its name."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, MetaData, Table, types
        from sqlalchemy.orm import registry

        metadata = MetaData()

        activity_table = Table(
            "activity",
            metadata,
            Column("id", types.UnicodeText, primary_key=True),
            Column("user_id", types.UnicodeText),
            Column("object_id", types.UnicodeText),
            Column("revision_id", types.UnicodeText),
            Column("activity_type", types.UnicodeText),
        )


        class Activity:
            def __init__(self, user_id, object_id, revision_id, activity_type, data=None):
                self.user_id = user_id
                self.object_id = object_id
                self.revision_id = revision_id
                self.activity_type = activity_type


        registry().map_imperatively(Activity, activity_table)
    """,
            "app/package.py": """
        from app import models


        class Package:
            def activity_stream_item(self, activity_type, revision, user_id):
                return models.Activity(
                    user_id, self.id, revision.id, "%s package" % activity_type
                )
    """,
        },
    )
    package = files["app/package.py"]
    assert _outside(found(tmp_path, "activity.revision_id"), "app/models.py") == [
        ("app/package.py", *at(package, "self.id, ^revision.id"), "CR104", "certain")
    ]


ACTIVITIES = """
    from sqlalchemy import Column, MetaData, Table, types
    from sqlalchemy.orm import registry

    metadata = MetaData()

    activity_table = Table(
        "activity",
        metadata,
        Column("id", types.UnicodeText, primary_key=True),
        Column("user_id", types.UnicodeText),
        Column("object_id", types.UnicodeText),
        Column("revision_id", types.UnicodeText),
        Column("activity_type", types.UnicodeText),
    )


    class Activity:
        def __init__(self, user_id, object_id, revision_id, activity_type, data=None):
            self.user_id = user_id
            self.object_id = object_id
            self.revision_id = revision_id
            self.activity_type = activity_type


    registry().map_imperatively(Activity, activity_table)
"""

ACTIVITY_SAVE = """
    def activity_dict_save(activity_dict, context):
        model = context["model"]
        user_id = activity_dict["user_id"]
        object_id = activity_dict["object_id"]
        revision_id = activity_dict["revision_id"]
        activity_type = activity_dict["activity_type"]
        activity_obj = model.Activity(user_id, object_id, revision_id, activity_type)
        context["session"].add(activity_obj)
        return activity_obj
"""


def test_a_class_spelt_like_the_model_given_the_column_by_position(tmp_path: Path) -> None:
    """``model.Activity(user_id, object_id, revision_id, activity_type)``, ``model`` the
    models' module handed around in a dict: the one class that maps ``activity``, whose own
    ``__init__`` takes ``revision_id`` third, as ``model.Activity.revision_id`` is read:
    likely. The key read into that local and written nowhere else
    (``activity_dict["revision_id"]``) is the value the function writes into the column:
    likely too, and the local it is held in is part of it."""
    files = write(tmp_path, {"app/models.py": ACTIVITIES, "app/save.py": ACTIVITY_SAVE})
    save = files["app/save.py"]
    rows = accounted(tmp_path, "activity.revision_id", skip="app/models.py")
    assert rows == [
        ("app/save.py", *at(save, 'activity_dict[^"revision_id"]'), "CR106 likely"),
        ("app/save.py", *at(save, "object_id, ^revision_id, activity_type)"), "CR104 likely"),
    ]


def test_a_key_read_into_a_local_used_elsewhere_too_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: the local is also handed to a function of unknown effect
    (``check(revision_id)``), so the key's value goes somewhere besides the column: the key
    is unexplained, while the argument stays likely."""
    source = ACTIVITY_SAVE.replace(
        '        activity_type = activity_dict["activity_type"]\n',
        '        activity_type = activity_dict["activity_type"]\n        check(revision_id)\n',
    )
    files = write(tmp_path, {"app/models.py": ACTIVITIES, "app/save.py": source})
    save = files["app/save.py"]
    rows = accounted(tmp_path, "activity.revision_id", skip="app/models.py")
    key_line, _ = at(save, 'activity_dict[^"revision_id"]')
    argument = ("app/save.py", *at(save, "object_id, ^revision_id, activity_type)"))
    assert {r[3] for r in rows if r[:2] == ("app/save.py", key_line)} == {"unexplained"}
    assert [r[3] for r in rows if r[:3] == argument] == ["CR104 likely"]


def test_a_class_spelt_like_a_schema_too_given_values_by_position(tmp_path: Path) -> None:
    """Near miss: with a schema ``Activity`` beside the model, ``model.Activity`` may be
    either: the argument is unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": ACTIVITIES,
            "app/save.py": ACTIVITY_SAVE,
            "app/schemas.py": """
        from pydantic import BaseModel


        class Activity(BaseModel):
            revision_id: str
    """,
        },
    )
    save = files["app/save.py"]
    rows = accounted(tmp_path, "activity.revision_id", skip="app/models.py")
    argument = ("app/save.py", *at(save, "object_id, ^revision_id, activity_type)"))
    assert [r[3] for r in rows if r[:3] == argument] == ["unexplained"]


def _outside(refs: list, path: str) -> list[tuple[str, int, int, str, str]]:
    return summary([r for r in refs if r.path != path])


PERSONAS = """
    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class Persona(Base):
        __tablename__ = "persona"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String)
        icon_color: Mapped[str | None] = mapped_column(String)


    class ChatSession(Base):
        __tablename__ = "chat_session"
        id: Mapped[int] = mapped_column(primary_key=True)
        persona_id: Mapped[int | None] = mapped_column(ForeignKey("persona.id"))
        persona: Mapped["Persona"] = relationship("Persona")
"""


def test_a_schema_field_of_another_name_given_the_column_through_a_relationship(
    tmp_path: Path,
) -> None:
    """A route reads the chat session from a function of another module, annotated to
    return a ChatSession, and gives ``chat_session.persona.icon_color`` (or ``None``) to the
    response's ``persona_icon_color``: that field carries the column under another name.
    The response schema lives in a module other files import from above ``backend/``."""
    files = write(
        tmp_path,
        {
            "backend/onyx/__init__.py": "",
            "backend/onyx/db/__init__.py": "",
            "backend/onyx/db/models.py": PERSONAS,
            "backend/onyx/db/chat.py": """
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from onyx.db.models import ChatSession


        def get_chat_session_by_id(chat_session_id: int, db_session: Session) -> ChatSession:
            return db_session.scalars(
                select(ChatSession).where(ChatSession.id == chat_session_id)
            ).one()
    """,
            "backend/onyx/server/__init__.py": "",
            "backend/onyx/server/models.py": """
        from pydantic import BaseModel


        class ChatSessionDetailResponse(BaseModel):
            chat_session_id: int
            persona_name: str | None
            persona_icon_color: str | None
    """,
            "backend/onyx/server/chat_backend.py": """
        from onyx.db.chat import get_chat_session_by_id
        from onyx.server.models import ChatSessionDetailResponse


        def get_chat_session(session_id: int, db_session) -> ChatSessionDetailResponse:
            try:
                chat_session = get_chat_session_by_id(session_id, db_session)
            except ValueError:
                raise ValueError("Chat session does not exist or has been deleted")
            return ChatSessionDetailResponse(
                chat_session_id=session_id,
                persona_name=chat_session.persona.name if chat_session.persona else None,
                persona_icon_color=(
                    chat_session.persona.icon_color if chat_session.persona else None
                ),
            )
    """,
        },
    )
    backend, schemas = (
        files["backend/onyx/server/chat_backend.py"],
        files["backend/onyx/server/models.py"],
    )
    refs = found(tmp_path, "persona.icon_color")
    assert _outside(refs, "backend/onyx/db/models.py") == [
        ("backend/onyx/server/chat_backend.py", *at(backend, "^persona_icon_color="), "CR104", "certain"),
        ("backend/onyx/server/chat_backend.py", *at(backend, "persona.^icon_color"), "CR103", "certain"),
        ("backend/onyx/server/models.py", *at(schemas, "^persona_icon_color"), "CR105", "certain"),
    ]  # fmt: skip


def _kept_field(tmp_path: Path, body: str = "return self._function_fullname") -> str:
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        from app.entities import Job

        Base = declarative_base()


        class SqlJob(Base):
            __tablename__ = "jobs"
            id = Column(Integer, primary_key=True)
            function_fullname = Column(String)

            def to_mlflow_entity(self) -> Job:
                return Job(job_id=self.id, function_fullname=self.function_fullname)
    """,
            "app/entities.py": """
        class Job:
            def __init__(self, job_id: int, function_fullname: str):
                self._job_id = job_id
                self._function_fullname = function_fullname

            @property
            def function_fullname(self) -> str:
                \"\"\"The fully qualified name of the function the job runs.\"\"\"
                BODY
    """.replace("BODY", body),
        },
    )
    return files["app/entities.py"]


def test_a_mirror_that_keeps_its_field_under_another_name(tmp_path: Path) -> None:
    """The model converts itself into a plain entity (``Job(function_fullname=...)``), which
    keeps the value in ``self._function_fullname`` and hands it out through the property
    ``function_fullname``, whose whole body is that ``return``. The private attribute is the
    field's storage: the property's read of it, the constructor's parameter and its store
    are the field, as certain as the property."""
    entities = _kept_field(tmp_path)
    assert accounted(tmp_path, "jobs.function_fullname", skip="app/models.py") == [
        ("app/entities.py", *at(entities, "int, ^function_fullname"), "CR105 certain"),
        ("app/entities.py", *at(entities, "= ^function_fullname\n"), "CR105 certain"),
        ("app/entities.py", *at(entities, "def ^function_fullname"), "CR105 certain"),
        ("app/entities.py", *at(entities, "return self.^_function_fullname"), "CR105 certain"),
    ]


def test_a_mirror_whose_property_computes_from_what_it_keeps(tmp_path: Path) -> None:
    """A property that does more with the private attribute (``.strip()``) is no plain
    storage: the attribute's read and the constructor's parameter are unexplained, not
    silent."""
    entities = _kept_field(tmp_path, "return self._function_fullname.strip()")
    assert accounted(tmp_path, "jobs.function_fullname", skip="app/models.py") == [
        ("app/entities.py", *at(entities, "int, ^function_fullname"), "unexplained"),
        ("app/entities.py", *at(entities, "= ^function_fullname\n"), "unexplained"),
        ("app/entities.py", *at(entities, "def ^function_fullname"), "CR105 certain"),
        ("app/entities.py", *at(entities, "return self.^_function_fullname"), "unexplained"),
    ]


RESOURCE_TABLE = """
    from sqlalchemy import Column, ForeignKey, String, Table
    from sqlalchemy.orm import registry

    from app.meta import metadata

    resource_table = Table(
        "resource",
        metadata,
        Column("id", String, primary_key=True),
        Column("resource_group_id", String, ForeignKey("resource_group.id")),
        Column("url", String),
    )


    class Resource:
        pass


    registry().map_imperatively(Resource, resource_table)
"""


def test_a_local_holding_what_an_unjudged_read_returned_is_not_merely_a_local(
    tmp_path: Path,
) -> None:
    """``resource_group_id = resource["resource_group_id"]`` reads a key of a dict no model
    is proven to fill (unexplained); the local then carries that value to a query. Its later
    uses are where the column's value goes, so they are unexplained too (they were excluded
    as a local before, a silent miss). A local of the same name assigned anything else stays
    a local, and so does the local before it is assigned the read."""
    files = write(
        tmp_path,
        {
            "app/meta.py": "from sqlalchemy import MetaData\n\nmetadata = MetaData()\n",
            "app/models.py": RESOURCE_TABLE,
            "app/dictize.py": """
        def resource_dictize(resource, session, group_model):
            resource_group_id = None
            resource_group_id = resource["resource_group_id"]
            return session.query(group_model).get(resource_group_id)


        def group_dictize(group, session, group_model):
            resource_group_id = group["id"]
            return session.query(group_model).get(resource_group_id)
    """,
        },
    )
    dictize = files["app/dictize.py"]
    tiers = {
        (line, column): tier
        for path, line, column, tier in accounted(
            tmp_path, "resource.resource_group_id", skip="app/models.py"
        )
        if path == "app/dictize.py"
    }
    read = at(dictize, 'resource["^resource_group_id"]')
    assert tiers[read] == "unexplained"
    assert tiers[at(dictize, "^resource_group_id = None")] == "excluded: local"
    assert tiers[at(dictize, '^resource_group_id = resource["')] == "unexplained"
    assert tiers[at(dictize, "get(^resource_group_id)")] == "unexplained"
    assert tiers[at(dictize, '^resource_group_id = group["id"]')] == "excluded: local"
    assert list(tiers.values()).count("excluded: local") == 3


STEPS = """
    from typing import Optional

    from sqlalchemy import ForeignKey, String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Step(Base):
        __tablename__ = "steps"
        id: Mapped[str] = mapped_column(String, primary_key=True)
        job_id: Mapped[Optional[str]] = mapped_column(
            ForeignKey("jobs.id", ondelete="SET NULL"),
            nullable=True,
        )


    class StepMetrics(Base):
        __tablename__ = "step_metrics"
        id: Mapped[str] = mapped_column(String, primary_key=True)
        job_id: Mapped[Optional[str]] = mapped_column(String, nullable=True)
"""


def test_a_payload_handed_to_the_model_names_its_column_whatever_the_value_reads(
    tmp_path: Path,
) -> None:
    """A manager fills the metrics of a step from the step: ``"job_id": step.job_id`` in a
    dict then handed whole to ``StepMetrics(**metrics_data)``. The key names
    ``step_metrics.job_id``, the column the dict fills, though its value reads
    ``steps.job_id``: the key is a reference, not another table's column."""
    files = write(
        tmp_path,
        {
            "app/models.py": STEPS,
            "app/manager.py": """
        from app.models import Step, StepMetrics


        def record_metrics(session, step_id: str):
            step = session.get(Step, step_id)
            metrics_data = {
                "id": step_id,
                "job_id": step.job_id,
            }
            metrics = StepMetrics(**metrics_data)
            session.add(metrics)
            return metrics
    """,
        },
    )
    manager = files["app/manager.py"]
    assert accounted(tmp_path, "step_metrics.job_id", skip="app/models.py") == [
        ("app/manager.py", *at(manager, '^"job_id": step'), "CR106 certain"),
        ("app/manager.py", *at(manager, "step.^job_id"), "excluded: other-table"),
    ]


def test_a_factory_the_application_imports_by_name_is_a_namesake_too(tmp_path: Path) -> None:
    """Near miss: ``importlib.import_module("app.new_tests.factories")`` in the application
    reaches the factories as surely as an import statement."""
    files = write(
        tmp_path,
        {
            "app/models.py": RESOURCES,
            "app/new_tests/__init__.py": "",
            "app/new_tests/factories.py": FACTORIES,
            "app/search.py": SEARCH,
            "app/demo.py": """
        import importlib


        def load_demo():
            return importlib.import_module("app.new_tests.factories").Resource()
    """,
        },
    )
    search = files["app/search.py"]
    rows = accounted(tmp_path, "resource.resource_group_id", skip="app/models.py")
    assert ("app/search.py", *at(search, ".join(model.^ResourceGroup)"), "unexplained") in rows


QUERY_WITH_COMMENT = """
    from app.models import Invoice


    def open_invoices(session, owner):
        return (
            session.query(Invoice)
            .filter(
                Invoice.state == "open",
                # Invoice.owner_ref == owner.ref
            )
            .all()
        )


    def unknown(thing):
        return (
            thing.lookup(
                "x",
            )
            .owner_ref
        )
"""

INVOICE = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Invoice(Base):
        __tablename__ = "invoice"
        id = Column(Integer, primary_key=True)
        state = Column(String)
        owner_ref = Column(String)
"""


def test_a_commented_out_line_inside_a_call_is_a_comment(tmp_path: Path) -> None:
    """A line commented out inside a call written over several lines is a comment, not a
    word of the call the analysis left undecided; a word of the code around it still is."""
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": INVOICE, "app/queries.py": QUERY_WITH_COMMENT},
    )
    source = files["app/queries.py"]
    rows = accounted(tmp_path, "invoice.owner_ref", skip="app/models.py")
    assert ("app/queries.py", *at(source, "# Invoice.^owner_ref"), "excluded: comment") in rows
    line, col = at(source, ".^owner_ref\n")
    assert [r[3] for r in rows if r[:3] == ("app/queries.py", line, col)] == ["CR103 likely"]
