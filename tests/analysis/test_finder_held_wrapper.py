"""A wrapper that holds whatever row it is built with, as examples: AiiDA's backend entities
keep their row in ``self._dbmodel = ModelWrapper(DbComputer(**kwargs))``, and the wrapper's
``__getattr__`` and ``__setattr__`` hand every attribute it lacks on to that row. Each test
is a small project, the column scanned for, and what must be found, excluded or left
unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, found, summary, write

MODELS = """
    from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DbComputer(Base):
        __tablename__ = "db_dbcomputer"
        id = Column(Integer, primary_key=True)
        name = Column(String(255))
        hostname = Column(String(255))
        enabled = Column(Boolean, default=True)


    class DbAuthInfo(Base):
        __tablename__ = "db_dbauthinfo"
        id = Column(Integer, primary_key=True)
        dbcomputer_id = Column(Integer, ForeignKey("db_dbcomputer.id"))
        enabled = Column(Boolean, default=True)
"""

#: AiiDA's wrapper: it stores the row past its own ``__setattr__``, refreshes it before a
#: read, and hands reads and writes on.
WRAPPER = """
    class ModelWrapper(object):
        def __init__(self, model, auto_flush=()):
            super(ModelWrapper, self).__init__()
            object.__setattr__(self, '_model', model)
            object.__setattr__(self, '_auto_flush', auto_flush)

        def __getattr__(self, item):
            if item == '_model':
                raise AttributeError()
            if self.is_saved():
                self._ensure_model_uptodate(fields=(item,))
            return getattr(self._model, item)

        def __setattr__(self, key, value):
            setattr(self._model, key, value)

        def is_saved(self):
            return self._model.id is not None

        def _ensure_model_uptodate(self, fields=None):
            pass
"""

COMPUTERS = """
    from app import utils
    from app.models import DbComputer


    class SqlaComputer:
        def __init__(self, backend, **kwargs):
            self._backend = backend
            self._dbmodel = utils.ModelWrapper(DbComputer(**kwargs))

        def is_enabled(self):
            return self._dbmodel.enabled

        def set_enabled_state(self, enabled):
            self._dbmodel.enabled = enabled
"""

AUTHINFOS = """
    from app import utils
    from app.models import DbAuthInfo


    class SqlaAuthInfo:
        def __init__(self, backend, computer):
            self._backend = backend
            self._dbmodel = utils.ModelWrapper(DbAuthInfo(dbcomputer_id=computer.id))

        def is_enabled(self):
            return self._dbmodel.enabled
"""


def project(tmp_path: Path, **overrides: str) -> dict[str, str]:
    files = {
        "app/models.py": MODELS,
        "app/utils.py": WRAPPER,
        "app/computers.py": COMPUTERS,
        "app/authinfos.py": AUTHINFOS,
    }
    return write(tmp_path, {**files, **overrides})


def test_the_wrapped_rows_attributes_are_likely_the_column(tmp_path: Path) -> None:
    """``self._dbmodel.enabled`` where ``self._dbmodel = ModelWrapper(DbComputer(...))``: the
    wrapper defines no ``enabled``, so Python asks its ``__getattr__`` (and ``__setattr__``
    for the write), which hand it on to the ``DbComputer`` it was built with. Likely: the
    wrapper's code could do more with the name than hand it on. Through the write, the
    method that only sets it is the column's setter."""
    files = project(tmp_path)
    computers = files["app/computers.py"]
    refs = [r for r in found(tmp_path, "db_dbcomputer.enabled") if r.path == "app/computers.py"]
    assert summary(refs) == [
        ("app/computers.py", *at(computers, "self._dbmodel.^enabled\n"), "CR103", "likely"),
        ("app/computers.py", *at(computers, "def ^set_enabled_state"), "CR109", "likely"),
        ("app/computers.py", *at(computers, "self._dbmodel.^enabled = "), "CR103", "likely"),
    ]
    assert "through ModelWrapper.__getattr__, which hands it on to self._model" in refs[0].message
    assert "through ModelWrapper.__setattr__" in refs[2].message
    # the setter is the column's write under another name (is_enabled is not: SqlaAuthInfo
    # has one too)


def test_the_same_wrapper_around_another_tables_row_is_that_tables(tmp_path: Path) -> None:
    """Near miss: the ``SqlaAuthInfo`` built its wrapper around a ``DbAuthInfo``: its
    ``enabled`` is a likely finding of ``db_dbauthinfo.enabled``. It is not excluded for
    ``db_dbcomputer.enabled``, only unexplained: another method, a class method or code
    elsewhere may store a wrapper of another row in ``self._dbmodel``."""
    files = project(tmp_path)
    authinfos = files["app/authinfos.py"]
    line, col = at(authinfos, "self._dbmodel.^enabled")
    assert ("app/authinfos.py", line, col, "unexplained") in accounted(
        tmp_path, "db_dbcomputer.enabled"
    )
    refs = [r for r in found(tmp_path, "db_dbauthinfo.enabled") if r.path == "app/authinfos.py"]
    assert ("app/authinfos.py", line, col, "CR103", "likely") in summary(refs)


def test_a_name_holding_two_wrappers_is_never_excluded(tmp_path: Path) -> None:
    """Near miss: ``w`` is a wrapper of a ``DbComputer`` on one path and of an unknown row on
    the other: an object of one of two types, both ``ModelWrapper``, neither of which
    defines ``enabled``: unexplained, not "objects of other classes"."""
    files = project(
        tmp_path,
        **{
            "app/load.py": """
        from app.models import DbComputer
        from app.utils import ModelWrapper


        def load(existing=None):
            if existing is None:
                w = ModelWrapper(DbComputer(name="x"))
            else:
                w = ModelWrapper(existing)
            return w.enabled
    """
        },
    )
    load = files["app/load.py"]
    assert ("app/load.py", *at(load, "w.^enabled"), "unexplained") in accounted(
        tmp_path, "db_dbcomputer.enabled"
    )


def test_a_subclass_with_its_own_init_holds_what_it_chooses(tmp_path: Path) -> None:
    """Near miss: ``ComputerOfAuth(DbAuthInfo(...))`` hands its base the auth info's
    computer, not the row it is given: a subclass with an ``__init__`` of its own is not
    typed by its first argument, and its ``enabled`` stays unexplained for both tables."""
    files = project(
        tmp_path,
        **{
            "app/views.py": """
        from app.utils import ModelWrapper


        class ComputerOfAuth(ModelWrapper):
            def __init__(self, authinfo):
                super().__init__(authinfo.dbcomputer)
    """,
            "app/use.py": """
        from app.models import DbAuthInfo
        from app.views import ComputerOfAuth


        def computer_enabled(computer):
            return ComputerOfAuth(DbAuthInfo(dbcomputer_id=computer.id)).enabled
    """,
        },
    )
    use = files["app/use.py"]
    where = ("app/use.py", *at(use, ").^enabled"))
    assert (*where, "unexplained") in accounted(tmp_path, "db_dbcomputer.enabled")
    assert not [r for r in found(tmp_path, "db_dbauthinfo.enabled") if r.path == "app/use.py"]


def test_a_wrapper_given_a_row_of_unknown_class_is_never_excluded(tmp_path: Path) -> None:
    """Near miss: built around a parameter (``ModelWrapper(dbmodel)``), the wrapper may
    hold a ``DbComputer``: its ``enabled`` is neither found nor excluded as "an attribute
    of ModelWrapper", a class that does not define it, but left unexplained."""
    files = project(
        tmp_path,
        **{
            "app/computers.py": COMPUTERS.replace(
                "utils.ModelWrapper(DbComputer(**kwargs))", "utils.ModelWrapper(kwargs['dbmodel'])"
            )
        },
    )
    computers = files["app/computers.py"]
    rows = [
        row for row in accounted(tmp_path, "db_dbcomputer.enabled") if row[0] == "app/computers.py"
    ]
    assert ("app/computers.py", *at(computers, "self._dbmodel.^enabled\n"), "unexplained") in rows
    assert ("app/computers.py", *at(computers, "self._dbmodel.^enabled = "), "unexplained") in rows


def test_a_wrapper_that_rebinds_what_it_holds_is_no_plain_holder(tmp_path: Path) -> None:
    """Near miss: a wrapper that also stores something else in ``_model`` after its
    construction (a row it loads again) no longer holds what it was built with, proven:
    unexplained."""
    wrapper = WRAPPER.replace(
        "        def _ensure_model_uptodate(self, fields=None):\n            pass",
        "        def _ensure_model_uptodate(self, fields=None):\n"
        "            object.__setattr__(self, '_model', self._model.__class__.load(self._model.id))",
    )
    project(tmp_path, **{"app/utils.py": wrapper})
    assert not [r for r in found(tmp_path, "db_dbcomputer.enabled") if r.path == "app/computers.py"]
    tiers = {row[3] for row in accounted(tmp_path, "db_dbcomputer.enabled")
             if row[0] == "app/computers.py"}  # fmt: skip
    assert tiers == {"unexplained", "excluded: local"}


def test_a_plain_class_without_getattr_is_still_another_type(tmp_path: Path) -> None:
    """Near miss: a class that neither forwards attributes nor looks like the table keeps
    its own ``enabled``: excluded, as before."""
    files = project(
        tmp_path,
        **{
            "app/flags.py": """
        class Flags:
            def __init__(self):
                self.enabled = False


        def on(flags: Flags):
            return flags.enabled
    """
        },
    )
    flags = files["app/flags.py"]
    assert ("app/flags.py", *at(flags, "flags.^enabled"), "excluded: other-type") in accounted(
        tmp_path, "db_dbcomputer.enabled"
    )


def test_a_name_the_wrapper_sets_past_its_setattr_is_its_own(tmp_path: Path) -> None:
    """Near miss: the wrapper keeps its own ``enabled`` flag, set with
    ``object.__setattr__(self, 'enabled', True)``, which its ``__setattr__`` never sees:
    ``self._dbmodel.enabled`` is the wrapper's flag, not the row's column, though its other
    writes (``self.x = ...``) are handed on to the row."""
    wrapper = WRAPPER.replace(
        "object.__setattr__(self, '_auto_flush', auto_flush)",
        "object.__setattr__(self, '_auto_flush', auto_flush)\n"
        "            object.__setattr__(self, 'enabled', True)",
    )
    files = project(tmp_path, **{"app/utils.py": wrapper})
    computers = files["app/computers.py"]
    rows = accounted(tmp_path, "db_dbcomputer.enabled")
    read = ("app/computers.py", *at(computers, "self._dbmodel.^enabled\n"))
    assert [r for r in rows if r[:3] == read] == [(*read, "excluded: other-type")]
