"""A class mapped against a join (``__table__ = outerjoin(_CoprPublic.__table__,
_CoprPrivate.__table__)``, as COPR maps its ``Copr`` and ``User``) maps every column of
both tables: its instances carry them, its constructor takes them, and an object named
after it is likely one."""

from __future__ import annotations

import ast
from pathlib import Path

from colretire.analysis.facts import joined_tables
from colretire.analysis.registry import read_registry
from tests.analysis.helpers import at, found, summary, write

MODELS = """
    from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, outerjoin
    from sqlalchemy.orm import column_property, declarative_base

    Base = declarative_base()


    class _CoprPublic(Base):
        __tablename__ = "copr"
        id = Column(Integer, primary_key=True)
        use_bootstrap = Column(Boolean, default=False)


    class _CoprPrivate(Base):
        __tablename__ = "copr_private"
        copr_id = Column(Integer, ForeignKey("copr.id"), primary_key=True)
        webhook_secret = Column(String(100))


    class Copr(Base):
        __table__ = outerjoin(_CoprPublic.__table__, _CoprPrivate.__table__)
        id = column_property(_CoprPublic.__table__.c.id, _CoprPrivate.__table__.c.copr_id)
"""

VIEWS = """
    from app.models import Copr


    def create(session, flag):
        copr = Copr(use_bootstrap=flag)
        session.add(copr)


    def show(copr: Copr) -> dict:
        return {"bootstrap": copr.use_bootstrap, "secret": copr.webhook_secret}


    def update(copr, form):
        copr.use_bootstrap = form["bootstrap"]
"""


def _project(root: Path) -> dict[str, str]:
    return write(root, {"app/__init__.py": "", "app/models.py": MODELS, "app/views.py": VIEWS})


def test_the_class_mapped_against_the_join_carries_the_first_tables_columns(
    tmp_path: Path,
) -> None:
    files = _project(tmp_path)
    views = files["app/views.py"]
    refs = [r for r in summary(found(tmp_path, "copr.use_bootstrap")) if r[0] == "app/views.py"]
    assert refs == [
        ("app/views.py", *at(views, "Copr(^use_bootstrap"), "CR104", "certain"),
        ("app/views.py", *at(views, "copr.^use_bootstrap"), "CR103", "certain"),
        # ``copr`` of no stated type, named after the class that maps the table
        ("app/views.py", *at(views, "copr.^use_bootstrap = form"), "CR103", "likely"),
    ]


def test_and_the_second_tables(tmp_path: Path) -> None:
    files = _project(tmp_path)
    views = files["app/views.py"]
    refs = [
        r for r in summary(found(tmp_path, "copr_private.webhook_secret")) if r[0] == "app/views.py"
    ]
    assert refs == [("app/views.py", *at(views, "copr.^webhook_secret"), "CR103", "certain")]


def test_the_registry_reports_every_table_of_the_join(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.colretire]\nsource = ["app"]\nmetadata = "app.models:Base"\n'
    )
    probe = read_registry(tmp_path, ["app.models"], [tmp_path])
    assert probe.registry is not None, probe.problem
    joined = probe.registry.match("app.models.Copr")
    assert joined is not None
    assert (joined.table, joined.tables) == (None, ("copr", "copr_private"))
    refs = found(tmp_path, "copr_private.webhook_secret", registry=probe.registry)
    assert [(r.path, r.code) for r in refs if r.path == "app/views.py"] == [
        ("app/views.py", "CR103")
    ]


def _joined(text: str) -> tuple[str, ...]:
    return joined_tables(ast.parse(text, mode="eval").body)


def test_the_forms_of_a_join() -> None:
    assert _joined("outerjoin(A.__table__, B.__table__)") == ("A.__table__", "B.__table__")
    assert _joined("sa.join(users, addresses)") == ("users", "addresses")
    assert _joined("sa.join(users, addresses, users.c.id == addresses.c.uid)") == (
        "users",
        "addresses",
    )
    assert _joined("users.join(addresses, users.c.id == addresses.c.uid)") == (
        "users",
        "addresses",
    )
    assert _joined("users.outerjoin(addresses)") == ("users", "addresses")
    assert _joined("users.join(addresses, on)") == ("users", "addresses")
    assert _joined("join(join(a, b), c)") == ("a", "b", "c")
    # not a join of named tables: a select, a call of something else
    assert _joined("join(select(a), b)") == ()
    assert _joined("Table('t', metadata)") == ()


def test_a_side_is_the_table_the_module_names_not_a_namesake_elsewhere(tmp_path: Path) -> None:
    """``join(users, addresses, ...)`` names the module's ``addresses``; a migration that
    binds another table to the same variable name is not it."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": """
                from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, join
                from sqlalchemy.orm import registry

                meta = MetaData()
                users = Table("users", meta, Column("id", Integer, primary_key=True))
                addresses = Table(
                    "addresses", meta, Column("id", Integer, primary_key=True),
                    Column("user_id", ForeignKey("users.id")), Column("email", String),
                )
                Base = registry(metadata=meta).generate_base()


                class UserAddress(Base):
                    __table__ = join(users, addresses, users.c.id == addresses.c.user_id)
            """,
            "app/legacy.py": """
                from sqlalchemy import Column, MetaData, String, Table

                addresses = Table("address_backup", MetaData(), Column("email", String))
            """,
            "app/views.py": """
                from app.models import UserAddress


                def show(ua: UserAddress):
                    return ua.email
            """,
        },
    )
    views = files["app/views.py"]
    ours = [r for r in summary(found(tmp_path, "addresses.email")) if r[0] == "app/views.py"]
    assert ours == [("app/views.py", *at(views, "ua.^email"), "CR103", "certain")]
    theirs = found(tmp_path, "address_backup.email")
    assert [r for r in theirs if r.path == "app/views.py"] == []


def test_classes_whose_joins_name_each_other_map_nothing(tmp_path: Path) -> None:
    """Code that cannot import, and must not stop the scan."""
    write(
        tmp_path,
        {
            "app/models.py": """
                from sqlalchemy import Column, Integer, MetaData, String, Table, join
                from sqlalchemy.orm import declarative_base

                Base = declarative_base()
                t1 = Table("t1", Base.metadata, Column("id", Integer), Column("status", String))
                t2 = Table("t2", Base.metadata, Column("id", Integer))


                class A(Base):
                    __table__ = join(B.__table__, t1)


                class B(Base):
                    __table__ = join(A.__table__, t2)
            """,
        },
    )
    assert [r.code for r in found(tmp_path, "t1.status")] == ["CR101"]
