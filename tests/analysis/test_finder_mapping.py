"""Models whose table names no class spells out: a ``declared_attr`` ``__tablename__`` on a
custom base names every subclass's table by a convention. The finder reads the convention
from the base's code and names each model's table from it, as SQLAlchemy would at import."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire.analysis import scan
from colretire.analysis.index import derived_tablename
from colretire.model import ColumnRef
from tests.analysis.helpers import accounted, at, found, summary, write

VIEWS = """
    from app.models import TaskRun


    def show(run: TaskRun) -> str:
        return run.status
"""


def _project(tmp_path: Path, models: str) -> dict[str, str]:
    return write(tmp_path, {"app/models.py": models, "app/views.py": VIEWS})


def test_a_custom_base_given_to_declarative_base_names_tables_in_snake_case(
    tmp_path: Path,
) -> None:
    files = _project(
        tmp_path,
        """
        import re

        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base, declared_attr


        class CustomBase:
            @declared_attr
            def __tablename__(cls):
                return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

            id = Column(Integer, primary_key=True)


        Base = declarative_base(cls=CustomBase)


        class TaskRun(Base):
            status = Column(String)
    """,
    )
    assert summary(found(tmp_path, "task_run.status")) == [
        ("app/models.py", *at(files["app/models.py"], "^status = "), "CR101", "certain"),
        ("app/views.py", *at(files["app/views.py"], "run.^status"), "CR103", "certain"),
    ]
    assert found(tmp_path, "taskrun.status") == []


def test_a_declarative_base_subclass_with_a_plural_directive(tmp_path: Path) -> None:
    files = _project(
        tmp_path,
        """
        from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


        class Base(DeclarativeBase):
            @declared_attr.directive
            def __tablename__(cls) -> str:
                return f"{cls.__name__.lower()}s"


        class TaskRun(Base):
            id: Mapped[int] = mapped_column(primary_key=True)
            status: Mapped[str]
    """,
    )
    refs = found(tmp_path, "taskruns.status")
    assert [(r.path, r.line, r.code) for r in refs] == [
        ("app/models.py", at(files["app/models.py"], "^status: ")[0], "CR101"),
        ("app/views.py", at(files["app/views.py"], "run.^status")[0], "CR103"),
    ]


def test_a_literal_tablename_overrides_the_convention(tmp_path: Path) -> None:
    _project(
        tmp_path,
        """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import as_declarative, declared_attr


        @as_declarative()
        class Base:
            @declared_attr
            def __tablename__(cls):
                return cls.__name__.lower()

            id = Column(Integer, primary_key=True)


        class TaskRun(Base):
            __tablename__ = "runs"
            status = Column(String)
    """,
    )
    assert {r.code for r in found(tmp_path, "runs.status")} == {"CR101", "CR103"}
    assert found(tmp_path, "taskrun.status") == []


def test_a_convention_the_finder_cannot_follow_names_no_table(tmp_path: Path) -> None:
    """A ``__tablename__`` computed from a lookup the analysis cannot evaluate names no
    table: no guess, and therefore no certain finding on a table it made up."""
    _project(
        tmp_path,
        """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base, declared_attr

        NAMES = {"TaskRun": "task_runs"}


        class CustomBase:
            @declared_attr
            def __tablename__(cls):
                return NAMES[cls.__name__]

            id = Column(Integer, primary_key=True)


        Base = declarative_base(cls=CustomBase)


        class TaskRun(Base):
            status = Column(String)
    """,
    )
    for table in ("task_run", "task_runs", "taskrun"):
        assert found(tmp_path, f"{table}.status") == []


@pytest.mark.parametrize(
    ("rule", "table"),
    [
        ("name", "TaskRun"),
        ("lower", "taskrun"),
        ("snake", "task_run"),
        ("snake+s", "task_runs"),
        ("lower+s", "taskruns"),
    ],
)
def test_each_convention_names_a_class(rule: str, table: str) -> None:
    assert derived_tablename("TaskRun", rule) == table


def test_acronyms_split_as_words_in_snake_case() -> None:
    assert derived_tablename("HTTPRequestLog", "snake") == "http_request_log"


def test_relationships_of_a_classic_mapping_are_built_on_its_foreign_key(tmp_path: Path) -> None:
    """``mapper(Resource, resource_table, properties={"group": relation(Group)})``: the
    relationship rides on ``resource.group_id``; its uses are uses of the column."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, MetaData, Table, Text
        from sqlalchemy.orm import mapper, relation

        metadata = MetaData()
        group_table = Table("group", metadata, Column("id", Text, primary_key=True))
        resource_table = Table(
            "resource",
            metadata,
            Column("id", Text, primary_key=True),
            Column("group_id", Text, ForeignKey("group.id")),
        )


        class Group:
            pass


        class Resource:
            pass


        mapper(Group, group_table)
        mapper(Resource, resource_table, properties={"group": relation(Group)})
    """,
            "app/views.py": """
        from app.models import Resource


        def owner(resource: Resource):
            return resource.group
    """,
        },
    )
    views = [r for r in found(tmp_path, "resource.group_id") if r.path == "app/views.py"]
    assert [(r.line, r.col, r.code) for r in views] == [
        (*at(files["app/views.py"], "resource.^group"), "CR108")
    ]


def test_a_relationship_naming_its_column_in_foreign_keys_rides_on_it(tmp_path: Path) -> None:
    """``foreign_keys=[root_id]`` names the column the join goes through even where the
    column declares no ``ForeignKey`` (a self-referential parent)."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import Column, String
        from sqlalchemy.orm import declarative_base, relationship

        Base = declarative_base()


        class Dag(Base):
            __tablename__ = "dag"
            dag_id = Column(String, primary_key=True)
            root_dag_id = Column(String)
            parent_dag = relationship(
                "Dag", remote_side=[dag_id], primaryjoin=root_dag_id == dag_id,
                foreign_keys=[root_dag_id],
            )
    """,
            "app/views.py": """
        from app.models import Dag


        def parent(dag: Dag):
            return dag.parent_dag
    """,
        },
    )
    views = [r for r in found(tmp_path, "dag.root_dag_id") if r.path == "app/views.py"]
    assert [(r.line, r.col) for r in views] == [at(files["app/views.py"], "dag.^parent_dag")]


def test_a_project_helper_declaring_a_foreign_key_field(tmp_path: Path) -> None:
    """SQLModel projects wrap ``Field(foreign_key=...)`` in helpers of their own; one whose
    name says it builds a foreign key and that names its ``target`` table declares one."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from typing import Optional
        from uuid import UUID

        from sqlmodel import Field, Relationship, SQLModel

        from app.utils import build_foreign_key_field


        class TriggerSchema(SQLModel, table=True):
            __tablename__ = "trigger"
            id: UUID = Field(primary_key=True)


        class RunSchema(SQLModel, table=True):
            __tablename__ = "run"
            id: UUID = Field(primary_key=True)
            trigger_id: Optional[UUID] = build_foreign_key_field(
                source=__tablename__,
                target=TriggerSchema.__tablename__,
                source_column="trigger_id",
                target_column="id",
            )
            trigger: Optional["TriggerSchema"] = Relationship()
    """,
            "app/utils.py": """
        def build_foreign_key_field(**kwargs):
            return None
    """,
            "app/views.py": """
        from app.models import RunSchema


        def trigger_of(run: RunSchema):
            return run.trigger
    """,
        },
    )
    views = [r for r in found(tmp_path, "run.trigger_id") if r.path == "app/views.py"]
    assert [(r.line, r.col) for r in views] == [at(files["app/views.py"], "run.^trigger")]


def test_a_constructor_parameter_named_like_the_column_is_not_called_a_local(
    tmp_path: Path,
) -> None:
    """A domain object the model converts itself into (``Job(function_fullname=...)``)
    carries the column in its constructor: that parameter is unexplained, not excluded."""
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

            def to_entity(self):
                return Job(function_fullname=self.function_fullname)
    """,
            "app/entities.py": """
        class Job:
            def __init__(self, function_fullname: str):
                self._function_fullname = function_fullname


        def describe(function_fullname: str) -> str:
            return function_fullname
    """,
        },
    )
    rows = [
        row for row in accounted(tmp_path, "jobs.function_fullname") if row[0] == "app/entities.py"
    ]
    entities = files["app/entities.py"]
    assert ("app/entities.py", *at(entities, "self, ^function_fullname"), "unexplained") in rows
    assert (
        "app/entities.py",
        *at(entities, "describe(^function_fullname"),
        "excluded: local",
    ) in rows


def test_a_keyword_of_a_project_function_follows_the_value_it_is_given(tmp_path: Path) -> None:
    """``has_access(access_control=note.access_control)`` hands the column on: part of the
    reference. Given another model's column it is that column's; given a value the
    analysis cannot follow to a function that hands it on to what cannot be followed
    either, whether it reaches the model is unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import JSON, Column, Integer
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()


        class Note(Base):
            __tablename__ = "note"
            id = Column(Integer, primary_key=True)
            access_control = Column(JSON)


        class Channel(Base):
            __tablename__ = "channel"
            id = Column(Integer, primary_key=True)
            access_control = Column(JSON)
    """,
            "app/access.py": """
        def has_access(user_id, access_control=None) -> bool:
            return POLICY.allows(user_id, access_control)
    """,
            "app/routes.py": """
        from app.access import has_access
        from app.models import Channel, Note


        def can_read(user_id, note: Note, channel: Channel, form) -> bool:
            return (
                has_access(user_id, access_control=note.access_control)
                and has_access(user_id, access_control=channel.access_control)
                and has_access(user_id, access_control=form.access_control)
            )
    """,
        },
    )
    routes = files["app/routes.py"]
    result = scan(tmp_path, ColumnRef.parse("note.access_control"))
    tiers = {
        (o.line, o.col): (o.tier.value, str(o.reason or ""))
        for o in result.occurrences
        if o.path == "app/routes.py"
    }
    assert tiers[at(routes, "user_id, ^access_control=note")] == ("reference", "")
    assert tiers[at(routes, "user_id, ^access_control=channel")] == ("excluded", "other-table")
    assert tiers[at(routes, "user_id, ^access_control=form")] == ("unexplained", "")


def test_models_reached_through_a_database_interface_object(tmp_path: Path) -> None:
    """An interface object whose properties hand out the model classes (``db.FlowRun``):
    the property returns the class, so ``db.FlowRun.state_name`` is the column, and so is
    the attribute of a row selected through it."""
    files = write(
        tmp_path,
        {
            "app/orm_models.py": """
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class FlowRun(Base):
            __tablename__ = "flow_run"
            id: Mapped[int] = mapped_column(primary_key=True)
            state_name: Mapped[str]
    """,
            "app/interface.py": """
        from app import orm_models


        class DatabaseInterface:
            @property
            def FlowRun(self):
                return orm_models.FlowRun


        def provide_database_interface() -> DatabaseInterface:
            return DatabaseInterface()
    """,
            "app/api.py": """
        import sqlalchemy as sa

        from app.interface import DatabaseInterface, provide_database_interface


        async def count(session, db: DatabaseInterface):
            query = sa.select(db.FlowRun).where(db.FlowRun.state_name == "RUNNING")
            return await session.execute(query)


        def names(session):
            db = provide_database_interface()
            runs = session.scalars(sa.select(db.FlowRun)).all()
            return [run.state_name for run in runs]
    """,
        },
    )
    api = files["app/api.py"]
    refs = [r for r in found(tmp_path, "flow_run.state_name") if r.path == "app/api.py"]
    assert [(r.line, r.col, r.code, str(r.confidence)) for r in refs] == [
        (*at(api, "db.FlowRun.^state_name"), "CR102", "certain"),
        (*at(api, "run.^state_name"), "CR103", "certain"),
    ]


FAVORITES = """
    from sqlalchemy import Column, ForeignKey, Integer, Table
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    users_to_favorites = Table(
        "users_to_favorites",
        Base.metadata,
        Column("user_id", ForeignKey("users.id"), index=True),
        Column("recipe_id", ForeignKey("recipes.id"), index=True),
    )


    class Recipe(Base):
        __tablename__ = "recipes"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        favorited_by: Mapped[list["User"]] = relationship(
            "User", secondary=users_to_favorites, back_populates="favorite_recipes"
        )


    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        favorite_recipes: Mapped[list[Recipe]] = relationship(
            "Recipe", secondary="users_to_favorites", back_populates="favorited_by"
        )
        bookmarks: Mapped[list[Recipe]] = relationship("Recipe", secondary="bookmarks")
"""


def test_the_relationships_through_an_association_table_ride_on_its_columns(
    tmp_path: Path,
) -> None:
    """Mealie dropped ``users_to_favorites``: both relationships whose ``secondary`` is that
    table (given as the Table or as its name) join through each of its columns, so their
    declarations and uses are references of ``users_to_favorites.recipe_id``. A relationship
    through another table (``bookmarks``) is not."""
    files = write(
        tmp_path,
        {
            "app/models.py": FAVORITES,
            "app/favorites.py": """
        from app.models import Recipe, User


        def add(user: User, recipe: Recipe) -> None:
            user.favorite_recipes.append(recipe)
            user.bookmarks.append(recipe)


        def fans(recipe: Recipe) -> int:
            return len(recipe.favorited_by)
    """,
        },
    )
    source = files["app/favorites.py"]
    refs = [
        r for r in found(tmp_path, "users_to_favorites.recipe_id") if r.path == "app/favorites.py"
    ]
    assert summary(refs) == [
        ("app/favorites.py", *at(source, "user.^favorite_recipes"), "CR108", "certain"),
        ("app/favorites.py", *at(source, "recipe.^favorited_by"), "CR108", "certain"),
    ]
    models = files["app/models.py"]
    declared = {(r.line, r.col) for r in found(tmp_path, "users_to_favorites.recipe_id")}
    assert at(models, "^favorited_by: Mapped") in declared
    assert at(models, "^favorite_recipes: Mapped") in declared
    assert at(models, "^bookmarks") not in declared


def test_a_column_of_an_association_table_that_joins_nothing_carries_no_relationship(
    tmp_path: Path,
) -> None:
    """Near miss: ``users_to_favorites.created_at`` is no foreign key: the relationships
    through the table join on the other two, and dropping it breaks neither."""
    models = FAVORITES.replace(
        'Column("recipe_id", ForeignKey("recipes.id"), index=True),',
        'Column("recipe_id", ForeignKey("recipes.id"), index=True),\n        Column("created_at", Integer),',
    )
    write(
        tmp_path,
        {
            "app/models.py": models,
            "app/favorites.py": """
        from app.models import User


        def favorites(user: User) -> list:
            return user.favorite_recipes
    """,
        },
    )
    kinds = {r.code for r in found(tmp_path, "users_to_favorites.created_at")}
    assert "CR108" not in kinds


def test_the_properties_of_an_imperative_mapping_declare_the_relationship(
    tmp_path: Path,
) -> None:
    """CKAN maps its classes with ``mapper(Resource, resource_table, properties={...})``
    (through a module of its own that binds ``mapper = orm.mapper``): the key
    ``"resource_group"`` declares the relationship built on ``resource_group_id``, and the
    ``backref("resources_all")`` the other side's. The key of a relationship on another
    foreign key (``"package"``) is not one."""
    files = write(
        tmp_path,
        {
            "app/meta.py": """
        from sqlalchemy import MetaData, orm

        metadata = MetaData()
        mapper = orm.mapper
    """,
            "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Table, types
        from sqlalchemy import orm

        from app import meta

        package_table = Table("package", meta.metadata, Column("id", types.UnicodeText, primary_key=True))
        resource_group_table = Table(
            "resource_group", meta.metadata, Column("id", types.UnicodeText, primary_key=True)
        )
        resource_table = Table(
            "resource",
            meta.metadata,
            Column("id", types.UnicodeText, primary_key=True),
            Column("resource_group_id", types.UnicodeText, ForeignKey("resource_group.id")),
            Column("package_id", types.UnicodeText, ForeignKey("package.id")),
        )


        class Package:
            pass


        class ResourceGroup:
            pass


        class Resource:
            pass


        meta.mapper(Package, package_table)
        meta.mapper(ResourceGroup, resource_group_table)
        meta.mapper(Resource, resource_table, properties={
            "resource_group": orm.relation(
                ResourceGroup,
                backref=orm.backref("resources_all", order_by=resource_table.c.id),
            ),
            "package": orm.relation(Package),
        })
    """,
        },
    )
    models = files["app/models.py"]
    refs = {
        (r.line, r.col, r.code)
        for r in found(tmp_path, "resource.resource_group_id")
        if r.path == "app/models.py"
    }
    assert (*at(models, '^"resource_group": orm'), "CR108") in refs
    assert (*at(models, 'backref(^"resources_all"'), "CR108") in refs
    assert not any(line == at(models, '^"package": orm')[0] for line, _, _ in refs)


def test_a_relationship_joined_on_another_key_to_the_same_table_is_not_built_on_the_column(
    tmp_path: Path,
) -> None:
    """Near miss: ``owner_id`` and ``creator_id`` both refer to ``users``; ``creator`` says
    in its ``primaryjoin`` that it joins on ``creator_id``, so neither its declaration nor
    ``res.creator`` is a use of ``resource.owner_id``, while ``owner`` is."""
    files = write(
        tmp_path,
        {
            "app/models.py": """
        from sqlalchemy import ForeignKey, Integer
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)


        class Resource(Base):
            __tablename__ = "resource"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            creator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            owner = relationship(User, primaryjoin=owner_id == User.id)
            creator = relationship(User, primaryjoin=creator_id == User.id)
    """,
            "app/views.py": """
        from app.models import Resource


        def names(res: Resource):
            return res.owner.id, res.creator.id
    """,
        },
    )
    models, views = files["app/models.py"], files["app/views.py"]
    refs = {(r.path, r.line, r.col) for r in found(tmp_path, "resource.owner_id")}
    assert ("app/models.py", *at(models, "^owner = relationship")) in refs
    assert ("app/views.py", *at(views, "res.^owner")) in refs
    assert ("app/models.py", *at(models, "^creator = relationship")) not in refs
    assert ("app/views.py", *at(views, "res.^creator")) not in refs
