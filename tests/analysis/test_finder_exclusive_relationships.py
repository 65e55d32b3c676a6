"""A relationship built on the column, read on an object nobody typed, is a likely reference
where no class of the project but its holders binds its name. A class a library makes from a
model, a reflected ``Table`` and a table of that name do not withdraw the claim: none of
them gives an object an attribute of the project's relationship name. ``automap_base``,
which names relationships itself, and a library's object seen with that attribute do.

Each example is a small project in the shape of a classically mapped application: Core
tables, ``mapper(...)`` with ``relation(...)`` and a backref, and revision classes a
versioning library makes from the models."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, MetaData, Table, UnicodeText, orm
    from sqlalchemy.orm import mapper

    metadata = MetaData()

    resource_group_table = Table(
        "resource_group", metadata,
        Column("id", UnicodeText, primary_key=True),
        Column("label", UnicodeText),
    )

    resource_table = Table(
        "resource", metadata,
        Column("id", UnicodeText, primary_key=True),
        Column("resource_group_id", UnicodeText, ForeignKey("resource_group.id")),
        Column("url", UnicodeText),
    )


    class ResourceGroup(object):
        pass


    class Resource(object):
        pass


    mapper(ResourceGroup, resource_group_table)
    mapper(Resource, resource_table, properties={
        "resource_group": orm.relation(
            ResourceGroup, backref=orm.backref("resources_all"),
        ),
    })
"""

#: a versioning library makes a class from each model (its attributes no reading can list)
REVISIONS = """
    import versioning

    from app.models import Resource, ResourceGroup, mapper, resource_table

    resource_revision_table = versioning.make_revisioned_table(resource_table)
    ResourceRevision = versioning.create_object_version(
        mapper, Resource, resource_revision_table
    )
    ResourceGroupRevision = versioning.create_object_version(mapper, ResourceGroup, None)
"""

ACTIONS = """
    def urls(group):
        return [resource.url for resource in group.resources_all]


    def label(resource):
        return resource.resource_group.label


    def group_id(row):
        return row.resource_group_id
"""

#: the positions of the reads in ACTIONS, in order
READS = ("group.^resources_all", "resource.^resource_group.label", "row.^resource_group_id")


def reads(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """What each read of ACTIONS became."""
    sources = write(tmp_path, {"app/models.py": MODELS, "app/actions.py": ACTIONS, **files})
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "resource.resource_group_id")
        if path == "app/actions.py"
    }
    return [rows.get(at(sources["app/actions.py"], read), "none") for read in READS]


def test_relationships_are_likely_beside_classes_made_from_the_models(tmp_path: Path) -> None:
    """``ResourceRevision`` is made from ``Resource`` by the library: it carries the model's
    relationships as copies, or the library's own names, never another class's
    relationship. The reads of ``resources_all`` and ``resource_group`` stay likely; the
    column's own name stays unexplained, since the library gives its revision tables
    columns no reading can list."""
    assert reads(tmp_path, {"app/revisions.py": REVISIONS}) == [
        "CR108 likely",
        "CR108 likely",
        "unexplained",
    ]


def test_relationships_are_likely_beside_a_reflected_table(tmp_path: Path) -> None:
    """``Table("migrate_version", metadata, autoload=True)`` reflects columns, never a
    relationship: the relationship reads stay likely, the column's read unexplained."""
    reflected = """
        from sqlalchemy import Table

        from app.models import metadata


        def version_table():
            return Table("migrate_version", metadata, autoload=True)
    """
    assert reads(tmp_path, {"app/version.py": reflected}) == [
        "CR108 likely",
        "CR108 likely",
        "unexplained",
    ]


def test_automap_names_relationships_and_withdraws_the_claim(tmp_path: Path) -> None:
    """Near miss: ``automap_base`` names relationships after the tables a foreign key joins
    (``resource_group`` from ``resource.resource_group_id``): an untyped object with that
    attribute may be an automapped class's, and the reads are unexplained."""
    automapped = """
        from sqlalchemy.ext.automap import automap_base

        Reflected = automap_base()
    """
    assert reads(tmp_path, {"app/reflected.py": automapped}) == [
        "unexplained",
        "unexplained",
        "unexplained",
    ]


def test_a_table_of_the_relationships_name_withdraws_nothing(tmp_path: Path) -> None:
    """``Table("resource_group", ...)`` names a table, the word an exclusion of another
    table: no object carries it as an attribute, and the claim on ``resource_group`` stands
    (the models' file already holds such a name; a second table of that name in SQL)."""
    sql = """
        from sqlalchemy import text


        def count_groups(session):
            return session.execute(text("SELECT count(*) FROM resource_group")).scalar()
    """
    assert reads(tmp_path, {"app/report.py": sql}) == [
        "CR108 likely",
        "CR108 likely",
        "unexplained",
    ]


@pytest.mark.parametrize(
    "carrier",
    [
        pytest.param(
            """
        from argparse import Namespace


        def chosen(options: Namespace) -> str:
            return options.resource_group
    """,
            id="a library's object",
        ),
        pytest.param(
            """
        class Choice:
            def __init__(self, resource_group):
                self.resource_group = resource_group
    """,
            id="a plain class of the project",
        ),
    ],
)
def test_another_carrier_of_the_name_keeps_its_reads_unexplained(
    tmp_path: Path, carrier: str
) -> None:
    """Near miss: an object of a library, or a plain class of the project, has a
    ``resource_group`` too: an untyped object's ``resource_group`` may be that one; the
    reads of ``resources_all``, which nothing else carries, stay likely."""
    assert reads(tmp_path, {"app/revisions.py": REVISIONS, "app/choice.py": carrier}) == [
        "CR108 likely",
        "unexplained",
        "unexplained",
    ]


HISTORY = """
    import os.path


    def history(session, rev_class, package_id):
        return session.query(rev_class).join("continuity", "resource_group").filter_by(
            package_id=package_id
        )


    def exported(folder):
        return os.path.join(folder, "resource_group")
"""


def joins(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """What the two strings ``"resource_group"`` of HISTORY became."""
    sources = write(tmp_path, {"app/models.py": MODELS, "app/history.py": HISTORY, **files})
    rows = {
        (line, col): where
        for path, line, col, where in accounted(tmp_path, "resource.resource_group_id")
        if path == "app/history.py"
    }
    source = sources["app/history.py"]
    # a reference is reported where its string starts, an unexplained word where it is
    spots = (('"continuity", ^"resource_group"', '"continuity", "^resource_group"'),
             ('join(folder, ^"resource_group"', 'join(folder, "^resource_group"'))  # fmt: skip
    return [
        rows.get(at(source, string)) or rows.get(at(source, word), "none") for string, word in spots
    ]


def test_a_query_joined_along_the_relationship_by_name_is_likely(tmp_path: Path) -> None:
    """``session.query(rev_class).join("continuity", "resource_group")`` joins along a path
    of relationships named by strings; ``resource_group``, which only Resource (and the
    class a library makes from it) has, names the relationship built on the column,
    whatever the query's entity. A path joined on a module (``os.path.join``) is no
    query's: the string there is left to the other rules."""
    found = joins(tmp_path, {"app/revisions.py": REVISIONS})
    assert found == ["CR108 likely", "unexplained"]


def test_a_joined_name_another_class_carries_stays_unexplained(tmp_path: Path) -> None:
    """Near miss: a plain class of the project has a ``resource_group`` too; the string a
    query joins along may name that class's attribute (a relationship of a model mapped
    on it elsewhere), so it is not claimed."""
    carrier = """
        class Choice:
            def __init__(self, resource_group):
                self.resource_group = resource_group
    """
    assert joins(tmp_path, {"app/choice.py": carrier}) == ["unexplained", "unexplained"]
