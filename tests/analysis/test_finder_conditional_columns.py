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
