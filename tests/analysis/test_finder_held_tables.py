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


JOBS = """
    import sqlalchemy as sa

    metadata = sa.MetaData()
    tasks = sa.Table(
        "tasks", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.String(20)),
    )


    def purge(conn, state):
        q = tasks.delete().where(tasks.c.status == sa.bindparam("status"))
        conn.execute(q, status=state)
        conn.execute(q, [dict(status="failed"), dict(status="cancelled")])


    def close(conn, tid):
        q = tasks.update().where(tasks.c.id == tid)
        conn.execute(q, status="closed")
        conn.execute(tasks.insert(), [dict(status="new")])
"""


def test_the_parameters_of_a_write_are_its_columns_those_of_a_delete_are_not(
    tmp_path: Path,
) -> None:
    """``conn.execute(update, status=...)`` and the rows given to an insert write the column
    (certain, on a proven table); a delete's parameters fill its ``bindparam("status")``."""
    files = write(tmp_path, {"app/__init__.py": "", "app/jobs.py": JOBS})
    jobs = files["app/jobs.py"]
    rows = accounted(tmp_path, "tasks.status")
    assert _kind(rows, "app/jobs.py", at(jobs, 'q, ^status="closed"')) == "CR104 certain"
    assert _kind(rows, "app/jobs.py", at(jobs, '[dict(^status="new")')) == "CR104 certain"
    assert _kind(rows, "app/jobs.py", at(jobs, "q, ^status=state")) == "unexplained"
    assert _kind(rows, "app/jobs.py", at(jobs, '[dict(^status="failed")')) == "unexplained"


ARCHIVE_MODEL = """
    import sqlalchemy as sa

    metadata = sa.MetaData()
    archived_requests = sa.Table(
        "archived_requests", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("complete", sa.Integer),
    )


    class Model(object):
        buildrequests = sa.Table(
            "buildrequests", metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("complete", sa.Integer),
        )


    class ArchiveModel(Model):
        buildrequests = archived_requests


    class LiveModel(Model):
        def __init__(self):
            self.buildrequests = archived_requests
"""

ARCHIVE = """
    import sqlalchemy as sa

    from app.model import ArchiveModel, LiveModel


    def finished(conn):
        tbl = ArchiveModel.buildrequests
        return conn.execute(sa.select([tbl.c.id]).where(tbl.c.complete == 1)).fetchall()


    def reopen(conn):
        model = LiveModel()
        return conn.execute(model.buildrequests.update().values(complete=0))
"""


def test_a_subclass_that_binds_the_name_otherwise_holds_no_held_table(tmp_path: Path) -> None:
    """``ArchiveModel.buildrequests`` is another table, bound in the subclass's body, and
    ``LiveModel().buildrequests`` another, bound in its ``__init__``: neither is the base's
    ``buildrequests`` table, nor excluded as it."""
    files = write(
        tmp_path, {"app/__init__.py": "", "app/model.py": ARCHIVE_MODEL, "app/archive.py": ARCHIVE}
    )
    archive = files["app/archive.py"]
    read = at(archive, "tbl.c.^complete == 1")
    written = at(archive, "values(^complete=0)")
    ours = accounted(tmp_path, "buildrequests.complete")
    assert not _kind(ours, "app/archive.py", read).startswith("CR")
    assert not _kind(ours, "app/archive.py", written).startswith("CR")
    theirs = accounted(tmp_path, "archived_requests.complete")
    assert not _kind(theirs, "app/archive.py", read).startswith("excluded")
    assert not _kind(theirs, "app/archive.py", written).startswith("excluded")
