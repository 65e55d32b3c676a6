"""Relationships set on a mapped class after its body (``Package.groups =
relationship(...)``, as Koschei declares the ones that refer to classes defined below), and
a many-to-many relationship joined through a column of its ``secondary`` table that is no
foreign key: dropping the column breaks the relationship, and every use of it."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Package(Base):
        __tablename__ = "package"
        id = Column(Integer, primary_key=True)
        name = Column(String, unique=True)


    class PackageGroupRelation(Base):
        __tablename__ = "package_group_relation"
        group_id = Column(Integer, ForeignKey("package_group.id"), primary_key=True)
        package_name = Column(String, primary_key=True)


    class PackageGroup(Base):
        __tablename__ = "package_group"
        id = Column(Integer, primary_key=True)
        name = Column(String)


    Package.groups = relationship(
        PackageGroup,
        secondary=PackageGroupRelation.__table__,
        secondaryjoin=(PackageGroup.id == PackageGroupRelation.group_id),
        primaryjoin=(PackageGroupRelation.package_name == Package.name),
    )
    PackageGroup.owner_id = Column(Integer)
    PackageGroup.label = "a plain class attribute, no mapping"
"""

VIEWS = """
    from app.models import Package, PackageGroup


    def group_names(package: Package) -> list[str]:
        return [group.name for group in package.groups]


    def owners(group: PackageGroup) -> int:
        return group.owner_id
"""


def _project(root: Path) -> dict[str, str]:
    return write(root, {"app/__init__.py": "", "app/models.py": MODELS, "app/views.py": VIEWS})


def test_a_relationship_set_after_the_class_joined_on_the_column(tmp_path: Path) -> None:
    files = _project(tmp_path)
    models, views = files["app/models.py"], files["app/views.py"]
    refs = summary(found(tmp_path, "package_group_relation.package_name"))
    assert [r[1:] for r in refs if r[0] == "app/models.py" and r[3] == "CR108"] == [
        (*at(models, "Package.^groups ="), "CR108", "certain"),
    ]
    assert [r for r in refs if r[0] == "app/views.py"] == [
        ("app/views.py", *at(views, "package.^groups"), "CR108", "certain"),
    ]


def test_a_foreign_key_of_the_secondary_table_breaks_it_too(tmp_path: Path) -> None:
    files = _project(tmp_path)
    views = files["app/views.py"]
    refs = summary(found(tmp_path, "package_group_relation.group_id"))
    assert ("app/views.py", *at(views, "package.^groups"), "CR108", "certain") in refs


def test_a_column_set_after_the_class_is_the_models(tmp_path: Path) -> None:
    files = _project(tmp_path)
    models, views = files["app/models.py"], files["app/views.py"]
    refs = summary(found(tmp_path, "package_group.owner_id"))
    assert refs == [
        # the mapping knows the column; the statement that adds it reads as a write of the
        # class attribute
        ("app/models.py", *at(models, "PackageGroup.^owner_id"), "CR102", "certain"),
        ("app/views.py", *at(views, "group.^owner_id"), "CR103", "certain"),
    ]


def test_a_join_condition_on_the_parents_column_of_the_same_name_is_not_the_secondarys(
    tmp_path: Path,
) -> None:
    """``Post.deleted == False`` in the ``primaryjoin`` is the posts table's column: the
    relationship does not break with ``post_tags.deleted``; ``post_tags.c.deleted`` would."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import Boolean, Column, ForeignKey, Integer, Table, and_
                from sqlalchemy.orm import declarative_base, relationship

                Base = declarative_base()
                post_tags = Table(
                    "post_tags", Base.metadata,
                    Column("post_id", ForeignKey("posts.id")),
                    Column("tag_id", ForeignKey("tags.id")),
                    Column("deleted", Boolean),
                    Column("hidden", Boolean),
                )


                class Tag(Base):
                    __tablename__ = "tags"
                    id = Column(Integer, primary_key=True)


                class Post(Base):
                    __tablename__ = "posts"
                    id = Column(Integer, primary_key=True)
                    deleted = Column(Boolean)


                Post.tags = relationship(
                    Tag, secondary=post_tags,
                    primaryjoin=and_(Post.id == post_tags.c.post_id, Post.deleted == False),
                )
                Post.shown_tags = relationship(
                    Tag, secondary=post_tags,
                    primaryjoin=and_(Post.id == post_tags.c.post_id, post_tags.c.hidden == False),
                )
            """,
            "app/views.py": """
                def names(post):
                    return [tag.id for tag in post.tags] + [t.id for t in post.shown_tags]
            """,
        },
    )
    views = files["app/views.py"]
    assert [r.code for r in found(tmp_path, "post_tags.deleted")] == ["CR101"]
    hidden = [r for r in summary(found(tmp_path, "post_tags.hidden")) if r[0] == "app/views.py"]
    assert [r[1:3] for r in hidden] == [at(views, "post.^shown_tags")]
