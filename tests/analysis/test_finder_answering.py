"""A read on an object of unknown type that has already answered a method no model has:
the object is an instance of the plain class that defines the method, and the read is that
class's own attribute (``other-type``). The near misses stay unexplained: a call that may
not have run, a method a model of the table defines too, a name bound again, a class that
does not bind the attribute read, a comprehension's own name, a subclass of the model made
in a function."""

from __future__ import annotations

from pathlib import Path

import pytest

from colretire.analysis import scan
from colretire.model import ColumnRef, Exclusion, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Server(Base):
        __tablename__ = "server"
        id = Column(Integer, primary_key=True)
        passfile = Column(String)
"""

MANAGER = """
    import os


    class ServerManager:
        def __init__(self, server):
            self.update(server)

        def update(self, server):
            self.sid = server.id
            self.passfile = server.passfile

        def export_password_env(self, env):
            os.environ[env] = "secret"
"""


def _judged(root: Path, path: str, where: tuple[int, int]) -> tuple[Tier, Exclusion | None, str]:
    result = scan(root, ColumnRef.parse("server.passfile"))
    for o in result.occurrences:
        if o.path == path and (o.line, o.col) == where:
            return o.tier, o.reason, o.detail
    raise AssertionError(f"no occurrence at {path}:{where}")


def _project(tmp_path: Path, tools: str, manager: str = MANAGER, models: str = MODELS) -> str:
    files = write(
        tmp_path,
        {"app/models.py": models, "app/manager.py": manager, "app/tools.py": tools},
    )
    return files["app/tools.py"]


def test_a_read_after_a_method_only_a_plain_class_defines_is_that_classs(
    tmp_path: Path,
) -> None:
    """get_conn_str() calls manager.export_password_env() first: only ServerManager, a
    plain class that keeps a copy of the row's passfile, defines it; a Server row would
    have raised there. manager.passfile is ServerManager's attribute."""
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, db):
            manager.export_password_env("PGPASSWORD")
            conn = f"dbname={db}"
            if manager.passfile:
                conn += " passfile=" + manager.passfile
            return conn
        """,
    )
    for nth in (1, 2):
        tier, reason, detail = _judged(
            tmp_path, "app/tools.py", at(source, "manager.^passfile", nth)
        )
        assert (tier, reason) == (Tier.EXCLUDED, Exclusion.OTHER_TYPE)
        assert "export_password_env()" in detail
        assert "ServerManager" in detail


def test_a_method_called_on_one_path_only_proves_nothing(tmp_path: Path) -> None:
    """The call runs only when db is given: on the other path the object may be a row."""
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, db):
            if db:
                manager.export_password_env("PGPASSWORD")
            return manager.passfile
        """,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


def test_a_method_the_model_defines_too_proves_nothing(tmp_path: Path) -> None:
    """Server has an export_password_env() of its own: a row answers it as well."""
    models = (
        MODELS
        + """
        def export_password_env(self, env):
            return env
"""
    )
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, db):
            manager.export_password_env("PGPASSWORD")
            return manager.passfile
        """,
        models=models,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


def test_a_name_bound_again_proves_nothing(tmp_path: Path) -> None:
    """manager is given another object after the call: the read may be on a row."""
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, server):
            manager.export_password_env("PGPASSWORD")
            if server is not None:
                manager = server
            return manager.passfile
        """,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


def test_a_class_that_does_not_bind_the_attribute_proves_nothing(tmp_path: Path) -> None:
    """ServerManager has no passfile of its own (Settings has one, so the read is not the
    model's alone): what answers export_password_env() and also has a passfile is no class
    the scan reads (a subclass built elsewhere, a proxy)."""
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, db):
            manager.export_password_env("PGPASSWORD")
            return manager.passfile
        """,
        manager=MANAGER.replace("self.passfile = server.passfile", "self.name = server.id")
        + "\n\n    class Settings:\n        passfile = None\n",
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


def test_a_comprehensions_own_name_proves_nothing(tmp_path: Path) -> None:
    """The read is on the comprehension's manager, one of the servers, not on the
    parameter that answered the method."""
    source = _project(
        tmp_path,
        """
        def passfiles(manager, servers):
            manager.export_password_env("PGPASSWORD")
            return [manager.passfile for manager in servers]
        """,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


def test_a_subclass_of_the_model_made_in_a_function_proves_nothing(tmp_path: Path) -> None:
    """A function of the project makes a subclass of Server that answers
    export_password_env() too: a row of the table may have the method."""
    source = _project(
        tmp_path,
        """
        from app.models import Server


        def managed():
            class ManagedServer(Server):
                def export_password_env(self, env):
                    return env

            return ManagedServer


        def get_conn_str(manager, db):
            manager.export_password_env("PGPASSWORD")
            return manager.passfile
        """,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


def test_a_model_with_a_librarys_mixin_may_answer_the_method_too(tmp_path: Path) -> None:
    """Near miss: Server also derives from a library's mixin (flask_login's ``UserMixin``
    gives its rows ``get_id()``), so a row may answer a method no class of the project
    gives it: the read stays unexplained."""
    models = MODELS.replace(
        "from sqlalchemy.orm import declarative_base",
        "from flask_login import UserMixin\n    from sqlalchemy.orm import declarative_base",
    ).replace("class Server(Base):", "class Server(Base, UserMixin):")
    manager = MANAGER.replace("def export_password_env(self, env):", "def get_id(self, env):")
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, db):
            manager.get_id("PGPASSWORD")
            return f"dbname={db} passfile={manager.passfile}"
        """,
        manager=manager,
        models=models,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "Base = declarative_base()",
            "Base = declarative_base(cls=UserMixin)\n    from flask_login import UserMixin",
            id="a declarative base given a library's class",
        ),
        pytest.param(
            "from sqlalchemy.orm import declarative_base\n\n    Base = declarative_base()",
            "from corp_auth.orm import Base",
            id="a base imported from another package",
        ),
    ],
)
def test_a_base_from_elsewhere_may_answer_the_method_too(
    tmp_path: Path, old: str, new: str
) -> None:
    """Near miss: the models' base comes from a package that may give rows any method
    (``declarative_base(cls=UserMixin)``, a company's own ``Base``): a row may answer
    ``get_id()``, and the read stays unexplained."""
    models = MODELS.replace(old, new)
    assert models != MODELS
    manager = MANAGER.replace("def export_password_env(self, env):", "def get_id(self, env):")
    source = _project(
        tmp_path,
        """
        def get_conn_str(manager, db):
            manager.get_id("PGPASSWORD")
            return f"dbname={db} passfile={manager.passfile}"
        """,
        manager=manager,
        models=models,
    )
    tier, _, _ = _judged(tmp_path, "app/tools.py", at(source, "manager.^passfile"))
    assert tier is Tier.UNEXPLAINED
