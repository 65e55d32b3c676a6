"""An unannotated parameter of a module-level function is typed by its calls: when every
use of the function in the project is a call giving the parameter a proven instance of one
model, the parameter holds one. Any call that does not prove it (an argument of unknown
type, ``**kwargs``, the default left), a use of the function other than a call, or an
import of it under another name leaves the parameter untyped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class Database(db.Model):
        __tablename__ = "dbs"
        id = db.Column(db.Integer, primary_key=True)
        perm = db.Column(db.String(20))


    class Grant:  # not a model, with a perm of its own: the name alone proves nothing
        perm = None
"""

CORE = """
    from app.models import Database, db


    def get_or_create_db(name):
        database = db.session.query(Database).filter_by(name=name).first()
        if not database:
            database = Database(name=name)
        return database


    def get_example_database():
        return get_or_create_db("examples")
"""

SECURITY = """
    def grant(row, role):
        return (role, row.perm)
"""

CLI = """
    from app.security import grant
    from app.utils import core as utils


    def load(role):
        examples_db = utils.get_example_database()
        grant(examples_db, role)
        return grant(row=examples_db, role=role)
"""


def _project(tmp_path: Path, cli: str) -> tuple[int, int]:
    compile(code(cli), "cli.py", "exec")  # what the callers' file holds parses
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/utils/__init__.py": "",
            "app/utils/core.py": CORE,
            "app/security.py": SECURITY,
            "app/cli.py": cli,
        },
    )
    return at(files["app/security.py"], "row.^perm")


def _security(tmp_path: Path) -> list[tuple[str, int, int, str]]:
    return [r for r in accounted(tmp_path, "dbs.perm") if r[0] == "app/security.py"]


def test_every_call_gives_the_parameter_an_instance_of_the_model(tmp_path: Path) -> None:
    """Both calls, by position and by keyword, give ``grant`` the ``Database`` that
    ``get_example_database()`` returns (through ``get_or_create_db``, found or built)."""
    line, col = _project(tmp_path, CLI)
    assert _security(tmp_path) == [("app/security.py", line, col, "CR103 certain")]


@pytest.mark.parametrize(
    "extra",
    [
        # a call whose argument is of unknown type
        "def other(role, thing):\n    grant(thing, role)\n",
        # a call that hands the parameter in **kwargs, or leaves it out
        "def other(role, **options):\n    grant(role=role, **options)\n",
        "def other(role):\n    grant(role=role)\n",
        # the function handed on as a value: called where the analysis cannot see
        "def other(register):\n    register(grant)\n",
    ],
)
def test_a_use_that_proves_nothing_leaves_the_parameter_untyped(tmp_path: Path, extra: str) -> None:
    line, col = _project(tmp_path, code(CLI) + "\n\n" + extra)
    assert _security(tmp_path) == [("app/security.py", line, col, "unexplained")]


def test_an_import_under_another_name_leaves_the_parameter_untyped(tmp_path: Path) -> None:
    cli = code(CLI) + "\n\nfrom app.security import grant as allow\n"
    line, col = _project(tmp_path, cli)
    assert _security(tmp_path) == [("app/security.py", line, col, "unexplained")]


def test_a_decorated_function_is_not_followed(tmp_path: Path) -> None:
    """``@signals.connect`` may hand the function values of the framework's own."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/utils/__init__.py": "",
            "app/utils/core.py": CORE,
            "app/security.py": """
        from app.signals import connect

        @connect
        def grant(row, role):
            return (role, row.perm)
    """,
            "app/signals.py": "def connect(function):\n    return function\n",
            "app/cli.py": CLI,
        },
    )
    line, col = at(files["app/security.py"], "row.^perm")
    assert _security(tmp_path) == [("app/security.py", line, col, "unexplained")]


def test_a_nested_function_is_typed_by_the_calls_of_its_enclosing_function(
    tmp_path: Path,
) -> None:
    """JupyterHub's ``init_spawners`` defines ``_user_summary(user)`` and calls it with each
    user it loads; the helper is called nowhere else (its name is the enclosing function's
    own), so its parameter holds what every call gives it. ``_report(row)``, also
    handed to ``map`` as a callback, may be called with anything, and ``_later(row)``,
    called in a lambda, may run with another value: both stay untyped."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/loader.py": """
        from app.models import Database, db


        def load(names):
            def _summary(row):
                return row.perm

            def _report(row):
                return row.perm

            def _later(row):
                return row.perm

            found = []
            for name in names:
                database = db.session.query(Database).filter_by(name=name).first()
                found.append(_summary(database))
                found.append(_report(database))
                found.append(lambda: _later(database))
            return found, list(map(_report, names))
    """,
        },
    )
    rows = [row for row in accounted(tmp_path, "dbs.perm") if row[0] == "app/loader.py"]
    assert [(line, where) for _, line, _, where in rows] == [
        (6, "CR103 certain"),
        (9, "unexplained"),
        (12, "unexplained"),
    ]
