"""Core tables a class holds as class attributes: Buildbot's ``Model`` binds
``buildrequests = sa.Table("buildrequests", metadata, ...)``, and each connector component
reaches it as ``self.db.model.buildrequests``, ``self.db`` a connector its constructions
give it. The table is reached through objects of unknown type, so its uses are likely, not
certain: ``.c.col``, the keywords of ``conn.execute(tbl.update(...), col=...)`` and the
``dict(col=...)`` rows given to ``conn.execute(tbl.insert(), ...)``. On the class itself
(``Model.buildrequests``) the table is proven. A name two classes bind to two tables, and
another table reached so, are left unexplained, never excluded."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODEL = """
    import sqlalchemy as sa


    class Model(object):
        metadata = sa.MetaData()

        buildrequests = sa.Table(
            "buildrequests", metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("buildername", sa.String(256)),
            sa.Column("priority", sa.Integer),
        )

        builders = sa.Table(
            "builders", metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("buildername", sa.String(256)),
        )

        index = sa.Index("buildrequests_buildername", buildrequests.c.buildername)
"""

REQUESTS = """
    class BuildRequestsConnectorComponent(object):
        def __init__(self, connector):
            self.db = connector

        def getBuildRequests(self, conn, name):
            reqs_tbl = self.db.model.buildrequests
            return conn.execute(reqs_tbl.select().where(reqs_tbl.c.buildername == name))

        def addBuildRequest(self, conn, name):
            br_tbl = self.db.model.buildrequests
            conn.execute(br_tbl.insert(), dict(buildername=name, priority=0))

        def rename(self, conn, brid, name):
            tbl = self.db.model.buildrequests
            conn.execute(tbl.update(whereclause=(tbl.c.id == brid)), buildername=name)

        def builderNames(self, conn):
            builders = self.db.model.builders
            return conn.execute(builders.select().where(builders.c.buildername != ""))
"""

ON_THE_CLASS = """
    from app.model import Model


    def names(conn):
        return conn.execute(Model.buildrequests.select().where(Model.buildrequests.c.buildername != ""))
"""


def _project(tmp_path: Path, **changed: str) -> dict[str, str]:
    files = {
        "app/__init__.py": "",
        "app/model.py": MODEL,
        "app/requests.py": REQUESTS,
        "app/names.py": ON_THE_CLASS,
    }
    files.update({f"app/{name}.py": text for name, text in changed.items()})
    return write(tmp_path, files)


def _kind(rows: list[tuple[str, int, int, str]], path: str, where: tuple[int, int]) -> str:
    return next(kind for p, line, col, kind in rows if (p, line, col) == (path, *where))


def test_a_table_reached_through_its_holders_name_is_likely(tmp_path: Path) -> None:
    files = _project(tmp_path)
    rows = accounted(tmp_path, "buildrequests.buildername")
    requests = files["app/requests.py"]
    assert _kind(rows, "app/requests.py", at(requests, "reqs_tbl.c.^buildername")) == "CR102 likely"
    assert _kind(rows, "app/requests.py", at(requests, "dict(^buildername")) == "CR104 likely"
    assert _kind(rows, "app/requests.py", at(requests, "), ^buildername=name)")) == "CR104 likely"


def test_on_the_class_the_table_is_proven(tmp_path: Path) -> None:
    files = _project(tmp_path)
    rows = accounted(tmp_path, "buildrequests.buildername")
    read = at(files["app/names.py"], "Model.buildrequests.c.^buildername")
    assert _kind(rows, "app/names.py", read) == "CR102 certain"


def test_another_table_reached_so_is_not_excluded(tmp_path: Path) -> None:
    """``builders.buildername`` through ``self.db.model.builders``: only likely another
    table's, so unexplained, not excluded as another table's."""
    files = _project(tmp_path)
    rows = accounted(tmp_path, "buildrequests.buildername")
    read = at(files["app/requests.py"], "builders.c.^buildername")
    assert _kind(rows, "app/requests.py", read) == "unexplained"


def test_a_name_two_classes_bind_to_two_tables_proves_nothing(tmp_path: Path) -> None:
    archive = """
        import sqlalchemy as sa


        class Archive(object):
            buildrequests = sa.Table(
                "old_buildrequests", sa.MetaData(),
                sa.Column("buildername", sa.String(256)),
            )
    """
    files = _project(tmp_path, archive=archive)
    rows = accounted(tmp_path, "buildrequests.buildername")
    requests = files["app/requests.py"]
    assert _kind(rows, "app/requests.py", at(requests, "reqs_tbl.c.^buildername")) == "unexplained"
    assert not _kind(rows, "app/requests.py", at(requests, "dict(^buildername")).startswith("CR")
