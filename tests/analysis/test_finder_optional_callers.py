"""Calls that give a parameter ``None``, and a row unpacked from a function's tuple.

A background job's ``set_env(self, server, **kwargs)`` is called with the ``Server`` row by
the tools that have one and with ``None`` by those that have none (``if server:`` guards the
reads): the reads run on the rows, so ``None`` beside them proves nothing against the
class. A tool that fetches the row in a helper returning a tuple (``return False, "",
server`` and ``return True, "missing", None``, the row the one result of
``get_server(sid)``) gives the row too, unpacked by position. Any call of unknown type, or
all calls giving ``None``, still leave the parameter untyped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class Server(db.Model):
        __tablename__ = "server"
        id = db.Column(db.Integer, primary_key=True)
        ssl_mode = db.Column(db.String(16))


    class SharedServer(db.Model):  # the same name on another table: no likely read
        __tablename__ = "sharedserver"
        id = db.Column(db.Integer, primary_key=True)
        ssl_mode = db.Column(db.String(16))
"""

UTILS = """
    from app.models import Server


    def get_server(sid):
        return Server.query.filter_by(id=sid).first()
"""

PROCESS = """
    class BatchProcess:
        def __init__(self):
            self.env = {}

        def set_env(self, srv, **kwargs):
            if srv:
                self.env["PGSSLMODE"] = srv.ssl_mode
"""

RESTORE = """
    from app.process import BatchProcess
    from app.utils import get_server


    def _connect(sid):
        server = get_server(sid)
        if server is None:
            return True, "missing", None
        return False, "", server


    def create_job(sid):
        failed, message, server = _connect(sid)
        p = BatchProcess()
        p.set_env(server)
        return server.ssl_mode
"""

CLOUD = """
    from app.process import BatchProcess


    def deploy():
        p = BatchProcess()
        p.set_env(None, env={})
"""


def _where(tmp_path: Path, path: str) -> list[tuple[str, int, int, str]]:
    return [r for r in accounted(tmp_path, "server.ssl_mode") if r[0] == path]


def test_none_beside_the_rows_and_a_row_unpacked_from_a_tuple(tmp_path: Path) -> None:
    files = _scan_with(tmp_path)
    assert _where(tmp_path, "app/process.py") == [
        ("app/process.py", *at(files["app/process.py"], "srv.^ssl_mode"), "CR103 certain")
    ]
    assert _where(tmp_path, "app/restore.py") == [
        ("app/restore.py", *at(files["app/restore.py"], "server.^ssl_mode"), "CR103 certain")
    ]


def _scan_with(tmp_path: Path, **replaced: str) -> dict[str, str]:
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/utils.py": UTILS,
        "app/process.py": PROCESS,
        "app/restore.py": RESTORE,
        "app/cloud.py": CLOUD,
    }
    files.update({f"app/{name}.py": text for name, text in replaced.items()})
    return write(tmp_path, files)


def test_a_default_of_none_left_is_none_given(tmp_path: Path) -> None:
    process = code(PROCESS).replace("set_env(self, srv,", "set_env(self, srv=None,")
    cloud = code(CLOUD).replace("p.set_env(None, env={})", "p.set_env(env={})")
    files = _scan_with(tmp_path, process=process, cloud=cloud)
    assert _where(tmp_path, "app/process.py") == [
        ("app/process.py", *at(files["app/process.py"], "srv.^ssl_mode"), "CR103 certain")
    ]


NO_ROW = "from app.process import BatchProcess\n\n\ndef job():\n    BatchProcess().set_env(None)\n"


@pytest.mark.parametrize(
    "replaced",
    [
        # every call gives None: no class at all
        {"restore": NO_ROW},
        # a value of unknown type beside the rows
        {
            "cloud": "from app.process import BatchProcess\n\n\ndef deploy(thing):\n"
            "    BatchProcess().set_env(thing)\n"
        },
        # a row of the other table
        {
            "cloud": "from app.models import SharedServer\nfrom app.process import BatchProcess\n\n\n"
            "def deploy():\n    BatchProcess().set_env(SharedServer.query.first())\n"
        },
        # a default other than None left
        {
            "process": code(PROCESS).replace("set_env(self, srv,", "set_env(self, srv=0,"),
            "cloud": code(CLOUD).replace("p.set_env(None, env={})", "p.set_env(env={})"),
        },
    ],
)
def test_what_proves_nothing(tmp_path: Path, replaced: dict[str, str]) -> None:
    files = _scan_with(tmp_path, **replaced)
    assert _where(tmp_path, "app/process.py") == [
        ("app/process.py", *at(files["app/process.py"], "srv.^ssl_mode"), "unexplained")
    ]


@pytest.mark.parametrize(
    "connect",
    [
        # the row's position holds another value in one of the tuples
        "    return False, '', server\n    return True, 'missing', sid\n",
        # the local is bound twice
        "    server = get_server(sid)\n    return False, '', server\n",
        # tuples of two sizes
        "    return False, '', server\n    return True, None\n",
    ],
)
def test_a_tuple_that_does_not_give_the_row(tmp_path: Path, connect: str) -> None:
    restore = code(RESTORE).replace(
        '    if server is None:\n        return True, "missing", None\n'
        '    return False, "", server\n',
        "    if server is None:\n"
        + "\n".join(
            ("    " + line) if i == 0 else line for i, line in enumerate(connect.splitlines())
        )
        + "\n",
    )
    files = _scan_with(tmp_path, restore=restore)
    assert (
        "app/restore.py",
        *at(files["app/restore.py"], "server.^ssl_mode"),
        "CR103 certain",
    ) not in _where(tmp_path, "app/restore.py")
    assert _where(tmp_path, "app/process.py") == [
        ("app/process.py", *at(files["app/process.py"], "srv.^ssl_mode"), "unexplained")
    ]


def test_an_attribute_of_that_name_replaced_on_a_mock_calls_nothing(tmp_path: Path) -> None:
    """``job.return_value.set_env = MagicMock(...)`` in a test sets an attribute: no call of
    the method, no value given to it."""
    cloud = code(CLOUD) + "\n\ndef patch(job):\n    job.return_value.set_env = print\n"
    files = _scan_with(tmp_path, cloud=cloud)
    assert _where(tmp_path, "app/process.py") == [
        ("app/process.py", *at(files["app/process.py"], "srv.^ssl_mode"), "CR103 certain")
    ]
