"""An association table maps to no class: when no code names it but to define it and to give
it as ``secondary=`` to relationships, no code holds its rows, and a ``user_id`` elsewhere is
another table's column. Each example is the shape Mealie had when it dropped
``users_to_favorites``; the near misses are the ways code may still hold its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, found, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, Table, UniqueConstraint
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    users_to_favorites = Table(
        "users_to_favorites",
        Base.metadata,
        Column("user_id", ForeignKey("users.id"), index=True),
        Column("recipe_id", ForeignKey("recipes.id"), index=True),
        UniqueConstraint("user_id", "recipe_id", name="user_id_recipe_id_key"),
    )


    class Recipe(Base):
        __tablename__ = "recipes"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
        favorited_by: Mapped[list["User"]] = relationship(
            "User", secondary=users_to_favorites, back_populates="favorite_recipes"
        )


    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        favorite_recipes: Mapped[list[Recipe]] = relationship(
            "Recipe", secondary="users_to_favorites", back_populates="favorited_by"
        )
"""

COMMENTS = """
    from pydantic import BaseModel


    class CommentSave(BaseModel):
        text: str
        user_id: int


    def save(data, user):
        comment = CommentSave(text=data.text, user_id=user.id)
        if data.user_id != user.id:
            raise PermissionError("not yours")
        return comment
"""


def test_a_name_elsewhere_is_another_tables_column_when_only_the_orm_reads_the_rows(
    tmp_path: Path,
) -> None:
    """The schema's field and the keyword of its constructor cannot be
    ``users_to_favorites.user_id``: no code holds a row of that table. ``recipes.user_id``
    is a column of that name, so they are ``other-table`` exclusions, not unexplained. The
    read of ``data.user_id``, on an object of unknown type, stays unexplained: whatever
    holds the table's rows without its name (the metadata's tables, a relationship's
    ``secondary``) would be read so."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/comments.py": COMMENTS})
    source = files["app/comments.py"]
    assert accounted(tmp_path, "users_to_favorites.user_id", skip="app/models.py") == [
        ("app/comments.py", *at(source, "^user_id: int"), "excluded: other-table"),
        ("app/comments.py", *at(source, "^user_id=user.id"), "excluded: other-table"),
        ("app/comments.py", *at(source, "data.^user_id"), "unexplained"),
    ]


def test_the_constraint_of_the_table_names_the_column(tmp_path: Path) -> None:
    """``UniqueConstraint("user_id", "recipe_id")`` given to the Table lists its columns: a
    declaration of each, beside its ``Column``."""
    files = write(tmp_path, {"app/models.py": MODELS})
    models = files["app/models.py"]
    refs = {(r.line, r.col, r.code) for r in found(tmp_path, "users_to_favorites.recipe_id")}
    assert (*at(models, 'Column(^"recipe_id"'), "CR101") not in refs  # the Column call's start
    assert (*at(models, '^Column("recipe_id"'), "CR101") in refs
    assert (*at(models, '"user_id", ^"recipe_id", name'), "CR101") in refs


@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(
            """
    from app.models import users_to_favorites


    def fans(session, recipe_id):
        query = users_to_favorites.select().where(users_to_favorites.c.recipe_id == recipe_id)
        return [row.user_id for row in session.execute(query)]
    """,
            id="a select of the table",
        ),
        pytest.param(
            """
    from sqlalchemy import text


    def fans(session, recipe_id):
        sql = text("SELECT user_id FROM users_to_favorites WHERE recipe_id = :r")
        return [row.user_id for row in session.execute(sql, {"r": recipe_id})]
    """,
            id="SQL naming the table",
        ),
        pytest.param(
            """
    from app.models import users_to_favorites as favorites


    def fans(session):
        return [row.user_id for row in session.execute(favorites.select())]
    """,
            id="an import under another name",
        ),
    ],
)
def test_code_that_may_hold_its_rows_leaves_the_word_unexplained(
    tmp_path: Path, reader: str
) -> None:
    """Near miss: where code names the table otherwise than to define it or as
    ``secondary=``, it may hold its rows, and ``row.user_id`` may be its column: nothing
    is excluded on the rule, the schema's field stays unexplained."""
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/comments.py": COMMENTS, "app/fans.py": reader}
    )
    source = files["app/comments.py"]
    rows = accounted(tmp_path, "users_to_favorites.user_id", skip="app/models.py")
    assert ("app/comments.py", *at(source, "^user_id: int"), "unexplained") in rows


def test_with_no_other_column_of_that_name_nothing_is_named_and_nothing_excluded(
    tmp_path: Path,
) -> None:
    """Near miss: an exclusion as ``other-table`` names the tables; where no other table has
    a ``recipe_id`` column, the schema's field stays unexplained (the schema is used by a
    route, so nothing proves where its values go)."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from pydantic import BaseModel


        class FavoriteIn(BaseModel):
            recipe_id: int
    """,
            "app/routes.py": """
        from app.schemas import FavoriteIn


        def add_favorite(body: FavoriteIn, store):
            store.save(body)
    """,
        },
    )
    source = files["app/schemas.py"]
    rows = accounted(tmp_path, "users_to_favorites.recipe_id", skip="app/models.py")
    assert ("app/schemas.py", *at(source, "^recipe_id: int"), "unexplained") in rows


ROUTES = """
    from pydantic import BaseModel


    class UserOut(BaseModel):
        name: str
        favorite_recipes: list[str] = []


    class FavoritesController:
        def add(self, slug: str) -> None:
            if not self.user.favorite_recipes:
                self.user.favorite_recipes = []
            self.user.favorite_recipes.append(slug)
"""


def test_a_relationship_no_other_class_has_is_likely_on_an_unknown_object(
    tmp_path: Path,
) -> None:
    """``self.user`` is set somewhere nobody can see; no class of the project but User and
    schemas has a ``favorite_recipes``: the reads are likely the relationship built on the
    table, and the schema's field of that name mirrors it, likely too."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/routes.py": ROUTES})
    source = files["app/routes.py"]
    refs = [r for r in found(tmp_path, "users_to_favorites.user_id") if r.path == "app/routes.py"]
    assert [(r.line, r.col, r.code, str(r.confidence)) for r in refs] == [
        (*at(source, "^favorite_recipes: list"), "CR105", "likely"),
        (*at(source, "if not self.user.^favorite_recipes"), "CR108", "likely"),
        (*at(source, "self.user.^favorite_recipes = []"), "CR108", "likely"),
        (*at(source, "self.user.^favorite_recipes.append"), "CR108", "likely"),
    ]
    assert "but the models and the schemas mirroring them has a favorite_recipes" in refs[1].message


def test_a_plain_class_with_that_attribute_leaves_the_reads_unexplained(tmp_path: Path) -> None:
    """Near miss: a cache object of the project keeps its own ``favorite_recipes``; an
    object nobody typed may be one of those, so the reads and the field are unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/routes.py": ROUTES,
            "app/cache.py": """
        class Cached:
            def __init__(self, slugs):
                self.favorite_recipes = slugs
    """,
        },
    )
    source = files["app/routes.py"]
    rows = accounted(tmp_path, "users_to_favorites.user_id", skip="app/models.py")
    mine = [row for row in rows if row[0] == "app/routes.py"]
    assert mine == [
        ("app/routes.py", *at(source, "^favorite_recipes: list"), "unexplained"),
        ("app/routes.py", *at(source, "if not self.user.^favorite_recipes"), "unexplained"),
        ("app/routes.py", *at(source, "self.user.^favorite_recipes = []"), "unexplained"),
        ("app/routes.py", *at(source, "self.user.^favorite_recipes.append"), "unexplained"),
    ]


@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(
            """
    from sqlalchemy import delete

    from app.models import User


    def forget(session, uid):
        link = User.favorite_recipes.property.secondary
        session.execute(delete(link).where(link.c.user_id == uid))
    """,
            id="the table taken from the relationship",
        ),
        pytest.param(
            """
    from sqlalchemy import delete

    from app.models import users_to_favorites


    def purge(secondary, user_id, session):
        session.execute(delete(secondary).where(secondary.c.user_id == user_id))


    def forget(session, uid):
        purge(secondary=users_to_favorites, user_id=uid, session=session)
    """,
            id="a secondary= keyword of a function of the project",
        ),
        pytest.param(
            """
    from app.models import Base


    def column_of(name, column):
        return Base.metadata.tables[name].c[column]


    def user_column(name):
        return Base.metadata.tables[name].c.user_id
    """,
            id="a table looked up by a name built at run time",
        ),
        pytest.param(
            """
    from app.models import Base, UserOut


    def export(session):
        for table in Base.metadata.sorted_tables:
            for row in session.execute(table.select()):
                yield UserOut(user_id=row.user_id)
    """,
            id="the metadata's tables walked",
        ),
        pytest.param(
            """
    from app.models import User


    def forget(session, uid):
        link = getattr(User.favorite_recipes.property, "secondary")
        session.execute(link.delete().where(link.c["user_id"] == uid))
    """,
            id="secondary read by getattr",
        ),
    ],
)
def test_a_table_held_without_its_name_keeps_its_reads_unexplained(
    tmp_path: Path, reader: str
) -> None:
    """Near miss: code may hold the table without spelling its name, through the
    relationship's ``secondary`` (by any spelling), a keyword of that name of its own
    function, or the metadata's tables: then its rows may be anywhere, and the rule says
    nothing, even of a schema's field."""
    files = write(
        tmp_path,
        {"app/models.py": MODELS, "app/comments.py": COMMENTS, "app/purge.py": reader},
    )
    comments = files["app/comments.py"]
    rows = accounted(tmp_path, "users_to_favorites.user_id", skip="app/models.py")
    assert ("app/comments.py", *at(comments, "^user_id: int"), "unexplained") in rows


@pytest.mark.parametrize("look_alike", ["ImportedProfile", "UseryRecommendations"])
def test_a_schema_not_spelt_like_the_model_keeps_the_relationship_unexplained(
    tmp_path: Path, look_alike: str
) -> None:
    """Near miss: ``ImportedProfile`` (or ``UseryRecommendations``, whose first word is not
    ``User``), a schema of another service's data, also has a ``favorite_recipes`` field;
    spelt like no class that declares the relationship, it may be what an unknown object
    holds, so the reads and both fields stay unexplained."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/routes.py": ROUTES,
            "app/imports.py": """
        from pydantic import BaseModel


        class ImportedProfile(BaseModel):
            favorite_recipes: list[str] = []
    """.replace("ImportedProfile", look_alike),
        },
    )
    source = files["app/routes.py"]
    rows = accounted(tmp_path, "users_to_favorites.user_id", skip="app/models.py")
    assert (
        "app/routes.py",
        *at(source, "self.user.^favorite_recipes.append"),
        "unexplained",
    ) in rows
    assert ("app/routes.py", *at(source, "^favorite_recipes: list"), "unexplained") in rows


def test_a_relationship_of_one_word_is_never_claimed(tmp_path: Path) -> None:
    """Near miss: ``owner`` is a relationship built on ``projects.owner_id`` and no class of
    the project binds it, but a one-word name is every library's too (a repository's
    ``owner`` on GitHub's API): ``repo.owner`` stays unexplained."""
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


        class Project(Base):
            __tablename__ = "projects"
            id: Mapped[int] = mapped_column(Integer, primary_key=True)
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            owner: Mapped[User] = relationship(User)
    """,
            "app/github.py": """
        def describe(repo):
            return f"{repo.owner}/{repo.name}"
    """,
        },
    )
    source = files["app/github.py"]
    rows = accounted(tmp_path, "projects.owner_id", skip="app/models.py")
    assert ("app/github.py", *at(source, "repo.^owner"), "unexplained") in rows


def test_a_schema_proven_to_mirror_the_holder_mirrors_its_relationship(tmp_path: Path) -> None:
    """``UserOut.model_validate(user, from_attributes=True)`` proves UserOut mirrors User;
    its ``favorite_recipes`` is then User's relationship through the association table, a
    certain schema field, not another table's column."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/schemas.py": """
        from pydantic import BaseModel

        from app.models import User


        class UserOut(BaseModel):
            id: int
            favorite_recipes: list[int]


        def show(user: User) -> UserOut:
            return UserOut.model_validate(user, from_attributes=True)
    """,
        },
    )
    source = files["app/schemas.py"]
    refs = [r for r in found(tmp_path, "users_to_favorites.user_id") if r.path == "app/schemas.py"]
    assert [(r.line, r.col, r.code, str(r.confidence)) for r in refs] == [
        (*at(source, "^favorite_recipes: list"), "CR105", "certain"),
    ]
