"""A property that is the column's value by operators alone, read on an object of unknown
type: Pagure's ``Project.is_on_repospanner`` (``return self.repospanner_region is not
None``), read as ``project.is_on_repospanner`` where ``project`` is a function's parameter.
Where no class of the project but the model binds the name, the read is a likely use of the
property (as a column's own name is); where another class binds it too, the property is left
as any other code that reads the column (its read inside is the reference): no use of it is
claimed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Project(Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)
        repospanner_region = Column(String(255), nullable=True)

        @property
        def is_on_repospanner(self):
            return self.repospanner_region is not None
"""

GIT = """
    def push(project, branch):
        if project.is_on_repospanner:
            return "repospanner"
        return branch
"""

MIRROR = """
    class Mirror:
        def __init__(self, spanned):
            self.is_on_repospanner = spanned
"""


def _kind(tmp_path: Path, **more: str) -> str | None:
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/git.py": GIT}
        | {f"app/{name}.py": text for name, text in more.items()},
    )
    where = at(files["app/git.py"], "project.^is_on_repospanner")
    return next(
        (
            kind
            for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
            if (p, line, col) == ("app/git.py", *where)
        ),
        None,
    )


def test_a_property_no_other_class_has_is_likely_on_an_unknown_object(tmp_path: Path) -> None:
    assert _kind(tmp_path) == "CR109 likely"


def test_a_property_another_class_binds_too_is_no_claim(tmp_path: Path) -> None:
    assert _kind(tmp_path, mirror=MIRROR) in (None, "unexplained")


INTERFACE = """
    from zope.interface import Attribute, Interface


    class IProject(Interface):
        \"\"\"A project.\"\"\"

        is_on_repospanner = Attribute("Whether the project lives on repoSpanner.")


    class IForkedProject(IProject):
        def is_on_repospanner():
            \"\"\"Whether the fork lives on repoSpanner.\"\"\"
"""


def test_a_zope_interface_that_documents_the_property_binds_nothing(tmp_path: Path) -> None:
    """GNU Mailman declares each model's API in a zope interface (``url_host =
    Attribute(...)`` in ``IDomain``, which ``Domain`` implements): no object is an instance
    of an interface, so it gives no other object the attribute."""
    assert _kind(tmp_path, interfaces=INTERFACE) == "CR109 likely"


def test_a_class_of_a_library_base_named_like_an_interface_binds(tmp_path: Path) -> None:
    """``io.IOBase`` is named as zope names interfaces; a class of it, in a module that
    also declares a zope interface, is a real class whose objects carry the attribute."""
    streams = """
        import io

        from zope.interface import Interface


        class IFetcher(Interface):
            pass


        class Remote(io.IOBase):
            def __init__(self, flag):
                self.is_on_repospanner = flag
    """
    assert _kind(tmp_path, streams=streams) in (None, "unexplained")


def test_a_class_named_like_an_interface_without_zope_binds(tmp_path: Path) -> None:
    plain = INTERFACE.replace(
        "from zope.interface import Attribute, Interface",
        ("class Interface:\n        pass\n\n\n    def Attribute(doc):\n        return doc"),
    )
    assert _kind(tmp_path, interfaces=plain) in (None, "unexplained")


REMOTE = "def mark(remote, flag):\n    remote.is_on_repospanner = flag\n"


def _written(tmp_path: Path, models: str) -> str:
    """What ``remote.is_on_repospanner = flag`` is, on an object of unknown type."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": models,
            "app/git.py": GIT,
            "app/remote.py": REMOTE,
        },
    )
    where = at(files["app/remote.py"], "remote.^is_on_repospanner")
    rows = {
        (p, line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
    }
    return rows.get(("app/remote.py", *where), "")


def test_a_write_of_the_property_is_no_use_of_it(tmp_path: Path) -> None:
    """The property has no setter: ``remote.is_on_repospanner = flag`` would raise on a
    ``Project``, so the object is not one."""
    assert not _written(tmp_path, MODELS).startswith("CR")


LIBRARY_OBJECTS = """
    import psycopg2


    def export(path):
        with open(path, "w") as handle:
            handle.write("x")
        return handle.is_on_repospanner


    def ping(dsn):
        conn = psycopg2.connect(dsn)
        return conn.is_on_repospanner
"""


def test_an_object_a_library_makes_has_its_own_attributes(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/db.py": LIBRARY_OBJECTS},
    )
    rows = {
        (p, line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
    }
    db = files["app/db.py"]
    for made in ("handle.^is_on_repospanner", "conn.^is_on_repospanner"):
        assert rows[("app/db.py", *at(db, made))] == "unexplained"


MIXIN_MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class SpannedMixin:
        repospanner_region = Column(String(255), nullable=True)

        @property
        def is_on_repospanner(self):
            return self.repospanner_region is not None


    class Project(SpannedMixin, Base):
        __tablename__ = "projects"
        id = Column(Integer, primary_key=True)


    class Fork(SpannedMixin, Base):
        __tablename__ = "forks"
        id = Column(Integer, primary_key=True)
"""


@pytest.mark.parametrize(
    "models",
    [
        MIXIN_MODELS,  # the property is a mixin's that another table's class has too
        MODELS.replace(
            "from sqlalchemy import",
            "from flask_login import UserMixin\n    from sqlalchemy import",
        )
        + """

    class User(UserMixin, Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
""",  # another model's library base may have the name
        MODELS + '\n    accounts = Table("accounts", Base.metadata, autoload_with=None)\n',
    ],
    ids=["shared-mixin", "library-base", "reflected"],
)
def test_where_another_class_may_bind_the_name_unseen(tmp_path: Path, models: str) -> None:
    models = models.replace("from sqlalchemy import Column", "from sqlalchemy import Table, Column")
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": models, "app/git.py": GIT})
    where = at(files["app/git.py"], "project.^is_on_repospanner")
    rows = {
        (p, line, col): kind
        for p, line, col, kind in accounted(tmp_path, "projects.repospanner_region")
    }
    assert not rows.get(("app/git.py", *where), "").startswith("CR")


def test_a_write_through_the_property_s_setter_is_a_use(tmp_path: Path) -> None:
    """Hypothesis's ``event.user.subscriptions = True``: the property has a plain setter
    that rewrites the column, so a write of it on an object of unknown type is likely."""
    settable = (
        MODELS
        + """
        @is_on_repospanner.setter
        def is_on_repospanner(self, value):
            if not value:
                self.repospanner_region = None
"""
    )
    assert _written(tmp_path, settable) == "CR109 likely"
