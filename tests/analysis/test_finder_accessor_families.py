"""One accessor defined at several layers, as examples: AiiDA's front-end ``Computer`` hands
``is_enabled()`` on to the backend entity it holds, the abstract ``BackendComputer`` declares
it, and each backend returns its row's ``enabled``. No class alone owns the name, yet every
definition of it is the column's accessor, abstract, or a hand-on to one: the calls and the
definitions go with the column, as ``likely`` wrapper references. Each test is a small
project, the column scanned for, and what must be found or not."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DbComputer(Base):
        __tablename__ = "db_dbcomputer"
        id = Column(Integer, primary_key=True)
        name = Column(String(255))
        enabled = Column(Boolean, default=True)
        transport_params = Column(String(255), default="{}")


    class DbAuthInfo(Base):
        __tablename__ = "db_dbauthinfo"
        id = Column(Integer, primary_key=True)
        dbcomputer_id = Column(Integer, ForeignKey("db_dbcomputer.id"))
        enabled = Column(Boolean, default=True)
"""

#: The abstract layer: one decorated, one documented only.
BACKEND = """
    import abc


    class BackendComputer(abc.ABC):
        @abc.abstractmethod
        def is_enabled(self):
            pass

        @abc.abstractmethod
        def set_enabled_state(self, enabled):
            \"\"\"Set the enabled state.\"\"\"
"""

#: The SQLAlchemy backend: its row is typed, its reads proven.
SQLA = """
    from app.backend import BackendComputer
    from app.models import DbComputer


    class SqlaComputer(BackendComputer):
        def __init__(self, dbmodel: DbComputer):
            self._dbmodel = dbmodel

        def is_enabled(self):
            return self._dbmodel.enabled

        def set_enabled_state(self, enabled):
            self._dbmodel.enabled = enabled
"""

#: The other backend: its row comes from a loader nobody annotated, so its reads of
#: ``enabled`` (a name two tables have) cannot be judged.
OTHER = """
    from app.backend import BackendComputer


    class OtherComputer(BackendComputer):
        def __init__(self, loader, pk):
            self._dbmodel = loader(pk)

        def is_enabled(self):
            return self._dbmodel.enabled

        def set_enabled_state(self, enabled):
            self._dbmodel.enabled = enabled
"""

#: The front end, which hands each call on to the backend entity it holds.
FRONT = """
    class Computer(object):
        def __init__(self, backend_entity):
            self._backend_entity = backend_entity

        def is_enabled(self):
            return self._backend_entity.is_enabled()

        def set_enabled_state(self, enabled):
            \"\"\"Set the enable state for this computer.\"\"\"
            self._backend_entity.set_enabled_state(enabled)
"""

COMMANDS = """
    def computer_enable(computer):
        if computer.is_enabled():
            return "already enabled"
        computer.set_enabled_state(True)
"""


def project(tmp_path: Path, **replaced: str) -> dict[str, str]:
    files = {
        "app/models.py": MODELS,
        "app/backend.py": BACKEND,
        "app/sqla.py": SQLA,
        "app/other.py": OTHER,
        "app/computers.py": FRONT,
        "app/commands.py": COMMANDS,
    }
    return write(tmp_path, {**files, **replaced})


def test_every_layer_and_every_call_of_a_family_is_a_likely_wrapper(tmp_path: Path) -> None:
    files = project(tmp_path)
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    commands, front, backend = (files[f"app/{m}.py"] for m in ("commands", "computers", "backend"))
    sqla, other = files["app/sqla.py"], files["app/other.py"]
    assert rows == [
        ("app/backend.py", *at(backend, "def ^is_enabled"), "CR109 likely"),
        ("app/backend.py", *at(backend, "def ^set_enabled_state"), "CR109 likely"),
        ("app/backend.py", *at(backend, "self, ^enabled"), "excluded: local"),
        ("app/backend.py", *at(backend, "the ^enabled"), "excluded: comment"),
        ("app/commands.py", *at(commands, "computer.^is_enabled"), "CR109 likely"),
        ("app/commands.py", *at(commands, "already ^enabled"), "excluded: prose"),
        ("app/commands.py", *at(commands, "computer.^set_enabled_state"), "CR109 likely"),
        ("app/computers.py", *at(front, "def ^is_enabled"), "CR109 likely"),
        ("app/computers.py", *at(front, "entity.^is_enabled"), "CR109 likely"),
        ("app/computers.py", *at(front, "def ^set_enabled_state"), "CR109 likely"),
        ("app/computers.py", *at(front, "self, ^enabled"), "excluded: local"),
        ("app/computers.py", *at(front, "entity.^set_enabled_state"), "CR109 likely"),
        ("app/computers.py", *at(front, "set_enabled_state(^enabled)"), "excluded: local"),
        ("app/other.py", *at(other, "def ^is_enabled"), "CR109 likely"),
        ("app/other.py", *at(other, "self._dbmodel.^enabled\n"), "unexplained"),
        ("app/other.py", *at(other, "def ^set_enabled_state"), "CR109 likely"),
        ("app/other.py", *at(other, "self, ^enabled"), "excluded: local"),
        ("app/other.py", *at(other, "self._dbmodel.^enabled ="), "unexplained"),
        ("app/other.py", *at(other, "= ^enabled"), "excluded: local"),
        ("app/sqla.py", *at(sqla, "def ^is_enabled"), "CR109 likely"),
        ("app/sqla.py", *at(sqla, "self._dbmodel.^enabled\n"), "CR103 certain"),
        ("app/sqla.py", *at(sqla, "def ^set_enabled_state"), "CR109 likely"),
        ("app/sqla.py", *at(sqla, "self, ^enabled"), "excluded: local"),
        ("app/sqla.py", *at(sqla, "self._dbmodel.^enabled ="), "CR103 certain"),
    ]


def test_a_definition_that_does_more_breaks_the_family(tmp_path: Path) -> None:
    """A scheduler's ``is_enabled`` that answers from its own state: a call of the name may
    be its, so no call is claimed, and no layer but the proven accessors' own."""
    scheduler = """
        class Scheduler(object):
            def __init__(self, state):
                self.state = state

            def is_enabled(self):
                return self.state == "on"
    """
    files = project(tmp_path, **{"app/scheduler.py": scheduler})
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    commands, front = files["app/commands.py"], files["app/computers.py"]
    likely = [r for r in rows if r[3] == "CR109 likely"]
    assert ("app/commands.py", *at(commands, "computer.^is_enabled"), "CR109 likely") not in likely
    assert ("app/computers.py", *at(front, "def ^is_enabled"), "CR109 likely") not in likely
    # ``set_enabled_state`` is still a family: the scheduler does not define it
    assert (
        "app/commands.py",
        *at(commands, "computer.^set_enabled_state"),
        "CR109 likely",
    ) in likely


def test_a_hand_on_that_changes_the_arguments_is_no_member(tmp_path: Path) -> None:
    """``self._backend_entity.set_enabled_state(not enabled)`` does more than hand on."""
    inverted = FRONT.replace(
        "self._backend_entity.set_enabled_state(enabled)",
        "self._backend_entity.set_enabled_state(not enabled)",
    )
    files = project(tmp_path, **{"app/computers.py": inverted})
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    commands = files["app/commands.py"]
    assert (
        "app/commands.py",
        *at(commands, "computer.^set_enabled_state"),
        "CR109 likely",
    ) not in rows
    assert ("app/commands.py", *at(commands, "computer.^is_enabled"), "CR109 likely") in rows


def test_a_family_with_no_proven_accessor_claims_nothing(tmp_path: Path) -> None:
    """Without the typed backend, every accessor's read is one the analysis could not
    judge: nothing proves the name is this column's (``enabled`` is the auth info's too)."""
    files = project(tmp_path, **{"app/sqla.py": "\n"})
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    assert [r for r in rows if r[3] == "CR109 likely"] == []
    other = files["app/other.py"]
    assert ("app/other.py", *at(other, "self._dbmodel.^enabled\n"), "unexplained") in rows


def test_a_getter_that_decodes_the_column_is_an_accessor(tmp_path: Path) -> None:
    """AiiDA's Django backend keeps the JSON as text: its getter returns the column decoded,
    its setter writes the value encoded, each in a ``try`` whose handler only raises."""
    sqla = """
        import json

        from app.models import DbComputer


        class SqlaComputer(object):
            def __init__(self, dbmodel: DbComputer):
                self._dbmodel = dbmodel

            def get_transport_params(self):
                try:
                    return json.loads(self._dbmodel.transport_params)
                except ValueError:
                    raise ValueError("bad transport params")

            def set_transport_params(self, val):
                try:
                    json.dumps(val)
                    self._dbmodel.transport_params = json.dumps(val)
                except ValueError:
                    raise ValueError("The set of transport_params are not JSON-able")
    """
    uses = """
        def transport_for(computer, user_params):
            params = dict(computer.get_transport_params())
            params.update(user_params)
            computer.set_transport_params(params)
            return params
    """
    files = project(tmp_path, **{"app/sqla.py": sqla, "app/commands.py": uses})
    rows = accounted(tmp_path, "db_dbcomputer.transport_params", skip="app/models.py")
    commands, backend = files["app/commands.py"], files["app/sqla.py"]
    likely = [r for r in rows if r[3] == "CR109 likely"]
    assert likely == [
        ("app/commands.py", *at(commands, "computer.^get_transport_params"), "CR109 likely"),
        ("app/commands.py", *at(commands, "computer.^set_transport_params"), "CR109 likely"),
        ("app/sqla.py", *at(backend, "def ^get_transport_params"), "CR109 likely"),
        ("app/sqla.py", *at(backend, "def ^set_transport_params"), "CR109 likely"),
    ]


def test_a_getter_that_computes_with_the_column_is_no_accessor(tmp_path: Path) -> None:
    """``json.loads(self._dbmodel.transport_params, object_hook=hook)`` is given more than
    the column; a method of ``self`` may do anything with it."""
    sqla = """
        import json

        from app.models import DbComputer


        class SqlaComputer(object):
            def __init__(self, dbmodel: DbComputer):
                self._dbmodel = dbmodel

            def get_transport_params(self):
                return json.loads(self._dbmodel.transport_params, object_hook=dict)

            def get_transport_summary(self):
                return self.summarise(self._dbmodel.transport_params)

            def summarise(self, text):
                return text[:10]
    """
    uses = """
        def show(computer):
            return computer.get_transport_params(), computer.get_transport_summary()
    """
    project(tmp_path, **{"app/sqla.py": sqla, "app/commands.py": uses})
    rows = accounted(tmp_path, "db_dbcomputer.transport_params", skip="app/models.py")
    assert [r for r in rows if r[3] == "CR109 likely"] == []


def test_a_shaped_definition_of_another_interface_breaks_the_family(tmp_path: Path) -> None:
    """The auth info's backend has an ``is_enabled`` shaped the same, whose row the analysis
    cannot type either; but it implements another interface than the computers', and its
    ``enabled`` is the auth info's: the name is no family of the computer's column."""
    authinfo = """
        import abc


        class BackendAuthInfo(abc.ABC):
            @abc.abstractmethod
            def is_enabled(self):
                pass


        class OtherAuthInfo(BackendAuthInfo):
            def __init__(self, loader, pk):
                self._dbmodel = loader(pk)

            def is_enabled(self):
                return self._dbmodel.enabled
    """
    files = project(tmp_path, **{"app/authinfo.py": authinfo})
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    commands = files["app/commands.py"]
    assert ("app/commands.py", *at(commands, "computer.^is_enabled"), "CR109 likely") not in rows
    assert ("app/commands.py", *at(commands, "computer.^set_enabled_state"), "CR109 likely") in rows


def test_a_base_both_merely_derive_from_is_no_interface(tmp_path: Path) -> None:
    """Near miss: ``OtherAuthInfo`` and ``SqlaComputer`` both derive from ``BackendEntity``
    (and from a subscripted base), which declares no ``is_enabled``: the shared base says
    nothing of the name, and the auth info's shaped accessor breaks the family."""
    entities = """
        from typing import Generic, TypeVar

        Row = TypeVar("Row")


        class BackendEntity(Generic[Row]):
            pass
    """
    sqla = SQLA.replace("(BackendComputer)", "(BackendComputer, BackendEntity[DbComputer])")
    sqla = sqla.replace(
        "from app.models import DbComputer",
        "from app.entities import BackendEntity\n    from app.models import DbComputer",
    )
    authinfo = """
        from app.entities import BackendEntity


        class OtherAuthInfo(BackendEntity[object]):
            def __init__(self, loader, pk):
                self._dbmodel = loader(pk)

            def is_enabled(self):
                return self._dbmodel.enabled
    """
    files = project(
        tmp_path,
        **{"app/entities.py": entities, "app/sqla.py": sqla, "app/authinfo.py": authinfo},
    )
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    commands = files["app/commands.py"]
    assert ("app/commands.py", *at(commands, "computer.^is_enabled"), "CR109 likely") not in rows
    assert not any(r[0] == "app/authinfo.py" and r[3] == "CR109 likely" for r in rows)


def test_a_hand_on_to_what_a_library_gives_is_no_member(tmp_path: Path) -> None:
    """Near miss: ``Job.is_enabled`` hands the call on to an apscheduler job: its calls are
    the library's, and the name is no family of the column."""
    jobs = """
        from apscheduler.schedulers.background import BackgroundScheduler


        class Job(object):
            def __init__(self, job_id):
                self._job = BackgroundScheduler().get_job(job_id)

            def is_enabled(self):
                return self._job.is_enabled()
    """
    files = project(tmp_path, **{"app/jobs.py": jobs})
    rows = accounted(tmp_path, "db_dbcomputer.enabled", skip="app/models.py")
    commands = files["app/commands.py"]
    assert ("app/commands.py", *at(commands, "computer.^is_enabled"), "CR109 likely") not in rows
    assert not any(r[0] == "app/jobs.py" for r in rows)


def test_an_accessor_named_like_a_builtin_method_is_not_followed(tmp_path: Path) -> None:
    """Near miss: ``SettingView.items()`` returns the column decoded, but ``{...}.items()``
    is a dict's: an accessor named like a method of the builtin types claims no call."""
    view = """
        import json

        from app.models import DbComputer


        class ComputerView(object):
            def __init__(self, row: DbComputer):
                self.row = row

            def items(self):
                return json.loads(self.row.transport_params)
    """
    report = """
        def render():
            return [f"{key}={value}" for key, value in {"a": 1}.items()]
    """
    write(tmp_path, {"app/models.py": MODELS, "app/view.py": view, "app/report.py": report})
    rows = accounted(tmp_path, "db_dbcomputer.transport_params", skip="app/models.py")
    assert [r for r in rows if r[3] == "CR109 likely"] == []
