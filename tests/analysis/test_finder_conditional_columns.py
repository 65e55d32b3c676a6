"""Columns declared in a block of a class body, and models a function builds, as examples.
I Hate Money patches SQLAlchemy-Continuum's transaction factory, whose ``create_class``
builds the ``transaction`` model in a method and declares ``remote_addr`` only when the
factory is asked to (``if self.remote_addr: remote_addr = sa.Column(...)``). Its
declaration is the column's, never a local variable."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

FACTORY = """
    import sqlalchemy as sa


    class TransactionFactory(object):
        remote_addr = True

        def __init__(self, remote_addr=True):
            self.remote_addr = remote_addr

        def create_class(self, manager):
            class Transaction(manager.declarative_base):
                __tablename__ = "transaction"
                id = sa.Column(sa.BigInteger, primary_key=True)
                if self.remote_addr:
                    remote_addr = sa.Column(sa.String(50))
                issued_at = sa.Column(sa.DateTime)

            return Transaction
"""

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Bill(Base):
        __tablename__ = "bill"
        id = Column(Integer, primary_key=True)
        try:
            from app.settings import LEGACY
        except ImportError:
            LEGACY = False
        if LEGACY:
            original_currency = Column(String(3))
        else:
            currency = Column(String(3))
"""


def test_a_column_under_an_if_of_a_model_is_its_declaration(tmp_path: Path) -> None:
    """Both branches of the ``if`` declare a column of the model: each is the column's
    declaration, certain, as at the top of the body."""
    files = write(tmp_path, {"app/models.py": MODELS})
    models = files["app/models.py"]
    assert accounted(tmp_path, "bill.original_currency") == [
        ("app/models.py", *at(models, "^original_currency ="), "CR101 certain")
    ]
    assert accounted(tmp_path, "bill.currency") == [
        ("app/models.py", *at(models, " ^currency ="), "CR101 certain")
    ]


def test_a_model_a_method_builds_declares_the_column(tmp_path: Path) -> None:
    """``Transaction`` names its table in its own ``__tablename__``; its base comes from the
    manager it is given, so the declaration is likely. The factory's own flag of the same
    name is another class's member."""
    files = write(tmp_path, {"app/continuum.py": FACTORY})
    source = files["app/continuum.py"]
    assert accounted(tmp_path, "transaction.remote_addr") == [
        ("app/continuum.py", *at(source, "^remote_addr = True"), "excluded: other-type"),
        ("app/continuum.py", *at(source, "self, ^remote_addr=True"), "excluded: other-type"),
        ("app/continuum.py", *at(source, "self.^remote_addr = "), "excluded: other-type"),
        ("app/continuum.py", *at(source, "= ^remote_addr\n"), "excluded: other-type"),
        ("app/continuum.py", *at(source, "if self.^remote_addr"), "excluded: other-type"),
        ("app/continuum.py", *at(source, "^remote_addr = sa."), "CR101 likely"),
    ]


def test_a_class_of_another_table_built_in_a_method_declares_nothing(tmp_path: Path) -> None:
    """Near miss: the same class built for the ``activity`` table is not a model of
    ``transaction``."""
    other = FACTORY.replace('__tablename__ = "transaction"', '__tablename__ = "activity"')
    files = write(tmp_path, {"app/continuum.py": other})
    source = files["app/continuum.py"]
    rows = accounted(tmp_path, "transaction.remote_addr")
    position = at(source, "^remote_addr = sa.")
    assert [r[3] for r in rows if r[1:3] == position] == ["excluded: other-table"]


def test_a_foreign_key_formatted_from_a_class_table_types_its_backref(tmp_path: Path) -> None:
    """FAF writes its foreign keys as ``"{0}.id".format(Problem.__tablename__)``: the key
    is ``Problem.id``, so the backref ``opsysreleases`` is a collection of
    ``ProblemOpSysRelease`` rows, and a read of the column on each is certain."""
    models = """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import backref, declarative_base, relationship

        Base = declarative_base()


        class Problem(Base):
            __tablename__ = "problems"
            id = Column(Integer, primary_key=True)

            @property
            def probable_fixes(self):
                return [osr.probable_fix for osr in self.opsysreleases]


        class ProblemOpSysRelease(Base):
            __tablename__ = "problemopsysreleases"
            problem_id = Column(
                Integer, ForeignKey("{0}.id".format(Problem.__tablename__)), primary_key=True
            )
            problem = relationship(Problem, backref=backref("opsysreleases", cascade="all"))
            probable_fix = Column(String(256), nullable=True)
    """
    files = write(tmp_path, {"app/models.py": models})
    source = files["app/models.py"]
    rows = accounted(tmp_path, "problemopsysreleases.probable_fix")
    assert ("app/models.py", *at(source, "osr.^probable_fix"), "CR103 certain") in rows


def test_a_joined_subclass_built_in_a_function_claims_only_its_own_columns(
    tmp_path: Path,
) -> None:
    """Near miss: ``SpecialComputer`` names the ``special_computer`` table but declares no
    ``remote_addr``; what it inherits may be our table's (joined inheritance), so its
    write of ``remote_addr`` is not excluded as another table's."""
    special = """
        from sqlalchemy import Column, ForeignKey, Integer, String


        def make_special(Parent):
            class SpecialComputer(Parent):
                __tablename__ = "special_computer"
                id = Column(Integer, ForeignKey("transaction.id"), primary_key=True)
                label = Column(String)

            row = SpecialComputer()
            row.remote_addr = None
            return row
    """
    files = write(tmp_path, {"app/special.py": special})
    source = files["app/special.py"]
    rows = accounted(tmp_path, "transaction.remote_addr")
    assert [r[3] for r in rows if r[1:3] == at(source, "row.^remote_addr")] == ["unexplained"]


def test_two_classes_of_one_name_in_a_function_are_left_alone(tmp_path: Path) -> None:
    """Near miss: one function builds ``Archived`` for either table, in two branches; both
    classes have the same qualified name, so neither is taken for the model."""
    archive = """
        from sqlalchemy import Boolean, Column, Integer
        from sqlalchemy.orm import declarative_base


        def archive_model(kind):
            ArchiveBase = declarative_base()
            if kind == "transaction":
                class Archived(ArchiveBase):
                    __tablename__ = "transaction"
                    id = Column(Integer, primary_key=True)
                    remote_addr = Column(Boolean)
            else:
                class Archived(ArchiveBase):
                    __tablename__ = "users"
                    id = Column(Integer, primary_key=True)
                    remote_addr = Column(Boolean)
            return Archived
    """
    write(tmp_path, {"app/archive.py": archive})
    rows = accounted(tmp_path, "transaction.remote_addr")
    assert [r[3] for r in rows] == ["unexplained", "unexplained"]


def test_an_annotation_under_type_checking_is_no_attribute(tmp_path: Path) -> None:
    """Near miss: ``if TYPE_CHECKING: currency: str`` in a wrapper whose ``__getattr__``
    hands attributes on to a ``Bill`` never runs: ``wrapped.currency`` is still the row's."""
    wrapper = """
        from typing import TYPE_CHECKING

        from app.models import Bill


        class BillView(object):
            if TYPE_CHECKING:
                currency: str

            def __init__(self, session, pk):
                self.bill = session.query(Bill).get(pk)

            def __getattr__(self, name):
                return getattr(self.bill, name)


        def show(session, pk):
            return BillView(session, pk).currency
    """
    files = write(tmp_path, {"app/models.py": MODELS, "app/wrapper.py": wrapper})
    source = files["app/wrapper.py"]
    rows = accounted(tmp_path, "bill.currency")
    assert ("app/wrapper.py", *at(source, "pk).^currency"), "CR103 likely") in rows
