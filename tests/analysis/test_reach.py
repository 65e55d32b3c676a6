"""Reachability: a file whose imports never reach the models holds no reference; its words
are excluded as ``unreachable`` without analysing it. Where imports cannot say (a name
computed at run time, a star import from outside the tree, a relative import above the top)
or its SQL names the table, the file is analysed as any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire.analysis.reach import Modules, Reach, read_imports
from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


    class Base(DeclarativeBase):
        pass


    class Task(Base):
        __tablename__ = "tasks"
        id: Mapped[int] = mapped_column(primary_key=True)
        status: Mapped[str] = mapped_column(String(20))
"""

#: A vendored HTTP client, as the standard library's http.client says ``status``.
CLIENT = '''
    """A small HTTP client."""
    import socket

    from .headers import parse_headers


    class Response:
        def __init__(self, sock: socket.socket) -> None:
            self.status = None
            self.reason = ""

        def begin(self) -> None:
            version, status, reason = self._read_status()
            self.status = status
            if self.status == 204:
                self.length = 0

        def _read_status(self):
            return "HTTP/1.1", 200, "OK"
'''


def reasons(root: Path, path: str) -> list[str]:
    return [row[3] for row in accounted(root, "tasks.status") if row[0] == path]


def test_a_vendored_library_that_never_imports_the_models(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "vendor/httpclient/__init__.py": "from .client import Response\n",
            "vendor/httpclient/headers.py": "def parse_headers(fp):\n    return {}\n",
            "vendor/httpclient/client.py": CLIENT,
        },
    )
    assert set(reasons(tmp_path, "vendor/httpclient/client.py")) == {"excluded: unreachable"}
    assert len(reasons(tmp_path, "vendor/httpclient/client.py")) == 5


def test_files_that_reach_the_models_through_imports_are_analysed(tmp_path: Path) -> None:
    """``tools/report.py`` imports ``tools/helpers.py``, which imports the application's
    queries, which import the models: it is analysed (what ``job`` is, the analysis cannot
    tell, but only Task has a status, so the read is likely), while ``tools/format.py`` is
    not."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/queries.py": """
        from app.models import Task

        def first_open(session) -> Task | None:
            return session.query(Task).first()
    """,
            "tools/__init__.py": "",
            "tools/helpers.py": "from app.queries import first_open\n",
            "tools/report.py": """
        from tools.helpers import first_open

        def report(job):
            return job.status
    """,
            "tools/format.py": "def line(job):\n    return f'{job.name}: {job.status}'\n",
        },
    )
    assert reasons(tmp_path, "tools/report.py") == ["CR103 likely"]
    assert reasons(tmp_path, "tools/format.py") == ["excluded: unreachable"]


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (
            "import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n",
            "computed",
        ),
        ("from somewhere_else import *\n", "star import from outside the tree"),
        ("from ... import settings\n", "relative import above the top"),
    ],
)
def test_imports_that_cannot_be_followed_leave_a_file_reachable(
    tmp_path: Path, source: str, why: str
) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "vendor/plugins/__init__.py": "",
            "vendor/plugins/loader.py": source + "\ndef state(job):\n    return job.status\n",
        },
    )
    assert "excluded: unreachable" not in reasons(tmp_path, "vendor/plugins/loader.py"), why


def test_sql_that_names_the_table_is_read_wherever_it_is(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "ops/cleanup.py": """
        import sqlite3

        STALE = "UPDATE tasks SET status = 'stale' WHERE updated_at < date('now', '-30 day')"

        def run(path):
            with sqlite3.connect(path) as db:
                db.execute(STALE)
    """,
        },
    )
    cleanup = files["ops/cleanup.py"]
    assert [r for r in accounted(tmp_path, "tasks.status") if r[0] == "ops/cleanup.py"] == [
        ("ops/cleanup.py", *at(cleanup, '^"UPDATE tasks'), "CR107 certain")
    ]


def test_a_package_imported_from_above_its_directory(tmp_path: Path) -> None:
    """``backend/app`` is imported as ``app`` (``backend`` is on ``sys.path``): a script
    elsewhere that imports ``app.models`` reaches the models."""
    write(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/models.py": MODELS,
            "scripts/fix_states.py": """
        from app.models import Task

        def fix(session):
            for task in session.query(Task):
                task.status = task.status.lower()
    """,
            "scripts/notes.py": "def summary(job):\n    return job.status\n",
        },
    )
    assert "excluded: unreachable" not in reasons(tmp_path, "scripts/fix_states.py")
    assert reasons(tmp_path, "scripts/notes.py") == ["excluded: unreachable"]


IMPORTS = [
    ("import os, app.models as m", [(0, "os", ()), (0, "app.models", ())]),
    ("from . import x, y as z", [(1, "", ("x", "y"))]),
    ("from ..pkg.mod import (\n    a,\n    b as c,\n)", [(2, "pkg.mod", ("a", "b"))]),
    ("from lib import \\\n    helpers", [(0, "lib", ("helpers",))]),
    ("if TYPE_CHECKING: from app.models import Task", [(0, "app.models", ("Task",))]),
    ("x = 1; import json", [(0, "json", ())]),
    ("def f():\n    import app.models", [(0, "app.models", ())]),
    ('mod = import_module("app.models")', [(0, "app.models", ())]),
    ('text = "nothing imported here"', []),
]


@pytest.mark.parametrize(("source", "expected"), IMPORTS)
def test_read_imports(source: str, expected: list[tuple[int, str, tuple[str, ...]]]) -> None:
    assert list(read_imports(source.encode()).statements) == expected


def test_a_computed_name_is_dynamic_a_literal_is_not() -> None:
    assert read_imports(b"__import__(name)").dynamic
    assert not read_imports(b'__import__("json")').dynamic
    assert not read_imports(b'"""Unlike __import__, this..."""').dynamic


def test_reach_follows_chains_found_late() -> None:
    """``c`` imports ``b.two``, which is reached only after ``b.one``: ``c`` is checked
    again when ``b.two`` is reached, though it was found by the search for ``b`` before."""
    sources = {
        "app/__init__.py": b"",
        "app/models.py": b"",
        "b/__init__.py": b"",
        "b/one.py": b"import app.models\n",
        "b/two.py": b"from b import one\n",
        "c/__init__.py": b"",
        "c/three.py": b"from b.two import x\n",
        "d/four.py": b"import json\n",
    }
    files = sorted(sources)

    def containing(words: list[str], among: list[str]) -> list[str]:
        return [f for f in among if any(w.encode() in sources[f] for w in words)]

    reach = Reach(files, sources.__getitem__, containing)
    found = reach.unreachable(["c/three.py", "d/four.py"], ["app/models.py"])
    assert found == {"d/four.py"}


def test_phase_one_still_reads_a_model_outside_the_application(tmp_path: Path) -> None:
    """Files outside the packages that import SQLAlchemy are not parsed for models unless
    their imports reach one: a vendored project that declares its own ``tasks`` model with
    SQLAlchemy is still read, and its declaration found; a vendored library that only has
    an attribute named ``status`` is excluded without being parsed."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "vendor/legacy/__init__.py": "",
            "vendor/legacy/models.py": """
        from sqlalchemy import Column, Integer, String
        from sqlalchemy.orm import declarative_base

        LegacyBase = declarative_base()


        class LegacyTask(LegacyBase):
            __tablename__ = "tasks"
            id = Column(Integer, primary_key=True)
            status = Column(String(20))
    """,
            "vendor/httpclient/__init__.py": "",
            "vendor/httpclient/client.py": CLIENT,
        },
    )
    legacy = files["vendor/legacy/models.py"]
    rows = accounted(tmp_path, "tasks.status")
    assert ("vendor/legacy/models.py", *at(legacy, "^status = Column"), "CR101 certain") in rows
    assert set(reasons(tmp_path, "vendor/httpclient/client.py")) == {"excluded: unreachable"}


def test_a_module_is_found_by_each_of_its_names_without_listing_them_all() -> None:
    """A lookup works out the dotted names of the files whose last part matches alone: it
    finds what a table of every file's names finds, for packages under ``src/``, nested
    packages, modules in no package, an ``__init__.py`` at the root, and stems with a dot or
    none (``a.b.py``, ``.py``)."""
    files = [
        "__init__.py", "setup.py", "src/__init__.py", "src/app/__init__.py",
        "src/app/models.py", "src/app/api/__init__.py", "src/app/api/models.py",
        "vendor/lib/__init__.py", "vendor/lib/models.py", "vendor/lib/sub/__init__.py",
        "vendor/lib/sub/x.y.py", "scripts/run.py", "odd/.py", "odd.dir/__init__.py",
        "odd.dir/m.py", "notes.txt",
    ]  # fmt: skip
    modules = Modules(files)
    table: dict[str, set[str]] = {}
    for rel in modules.files:
        for name in modules.names(rel):
            table.setdefault(name, set()).add(rel)
    assert table["app.models"] == {"src/app/models.py"}
    assert table["lib.sub.x.y"] == {"vendor/lib/sub/x.y.py"}
    asked = {*table, "", "models", "app", "nothing.here", "y", "dir"}
    for name in asked:
        assert set(modules.named(name)) == table.get(name, set()), name
        assert modules.lookup([name]) == {
            rel for end in range(1, len(name.split(".")) + 1)
            for rel in table.get(".".join(name.split(".")[:end]), ())
        }  # fmt: skip
