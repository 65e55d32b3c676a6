"""Attribute names given by string to ``load_only`` chained on a loader option: they name
attributes of the class the relationship holds, not of the class the query reads."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String(320))
        _profile_image_url = Column("profile_image_url", String(320), nullable=True)

        @property
        def profile_image_url(self):
            return self._profile_image_url or "/static/default.png"


    class Organization(Base):
        __tablename__ = "organizations"
        id = Column(Integer, primary_key=True)
        _profile_image_url = Column("profile_image_url", String(320), nullable=True)


    class Dashboard(Base):
        __tablename__ = "dashboards"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        user = relationship(User)
        org_id = Column(Integer, ForeignKey("organizations.id"))
        org = relationship(Organization)
"""


def test_load_only_on_a_relationship_names_the_held_class_attributes(tmp_path: Path) -> None:
    """``subqueryload(Dashboard.user).load_only("_profile_image_url", "name")`` loads the
    column of the dashboard's ``User``: a certain string reference, though the query reads
    dashboards."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/queries.py": """
        from sqlalchemy.orm import subqueryload

        from app.models import Dashboard


        def all_dashboards(session):
            return session.query(Dashboard).options(
                subqueryload(Dashboard.user).load_only("_profile_image_url", "name")
            )
    """,
        },
    )
    rows = accounted(tmp_path, "users.profile_image_url", skip="app/models.py")
    queries = files["app/queries.py"]
    assert rows == [("app/queries.py", *at(queries, '(^"_profile_image_url"'), "CR106 certain")]


def test_load_only_on_a_relationship_to_another_model_names_its_column(tmp_path: Path) -> None:
    """Near miss: ``joinedload(Dashboard.org).load_only("_profile_image_url")`` names the
    attribute of the dashboard's ``Organization``, spelt like ours: another table's column."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/queries.py": """
        from sqlalchemy.orm import joinedload

        from app.models import Dashboard


        def with_orgs(session):
            return session.query(Dashboard).options(
                joinedload(Dashboard.org).load_only("_profile_image_url")
            )
    """,
        },
    )
    rows = accounted(tmp_path, "users.profile_image_url", skip="app/models.py")
    queries = files["app/queries.py"]
    where = at(queries, '("^_profile_image_url"')
    assert rows == [("app/queries.py", *where, "excluded: other-table")]


def test_load_only_on_an_object_of_unknown_type_is_not_judged(tmp_path: Path) -> None:
    """Near miss: the loader is given an attribute of an object colretire cannot type
    (``holder.user``, a parameter): the class it holds is unknown, and the string stays
    as unsure as before."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/queries.py": """
        from sqlalchemy.orm import joinedload


        def loaded(session, holder):
            return session.query(holder).options(
                joinedload(holder.user).load_only("_profile_image_url")
            )
    """,
        },
    )
    rows = accounted(tmp_path, "users.profile_image_url", skip="app/models.py")
    queries = files["app/queries.py"]
    where = at(queries, '(^"_profile_image_url"')
    assert [row for row in rows if row[1:3] == where] != [
        ("app/queries.py", *where, "CR106 certain")
    ]
    assert all(row[3] != "excluded: other-table" for row in rows)
