"""A local named like the column that holds what a read of it returned: after a proven
read it is a local, after a read whose owner is not proven (``likely`` or unexplained) its
uses are where a value that may be the column's goes, and stay unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, Unicode
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Token(Base):
        __tablename__ = "token"
        id = Column(Integer, primary_key=True)
        serial = Column(Unicode(40))
        resolver_type = Column(Unicode(120), default="")
"""

COPY = """
    from app.lookup import get_one_token


    def copy_token_user(serial_from, serial_to):
        source = get_one_token(serial=serial_from)
        target = get_one_token(serial=serial_to)
        resolver_type = source.token.resolver_type
        target.set_user_identifiers(source.token.serial,
                                    resolver_type)
        return True
"""

LOOKUP = """
    def get_one_token(serial):
        return lookup(serial)
"""


def test_a_local_holding_a_likely_read_stays_unexplained_where_it_is_passed_on(
    tmp_path: Path,
) -> None:
    """``source.token.resolver_type`` is likely (only Token has one); the local that holds
    it and is handed to a method is not excluded as a mere local."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/copy.py": COPY, "app/lookup.py": LOOKUP})
    source = files["app/copy.py"]
    rows = [r for r in accounted(tmp_path, "token.resolver_type") if r[0] == "app/copy.py"]
    assert rows == [
        ("app/copy.py", *at(source, "^resolver_type = "), "unexplained"),
        ("app/copy.py", *at(source, "source.token.^resolver_type"), "CR103 likely"),
        ("app/copy.py", *at(source, "^resolver_type)"), "unexplained"),
    ]


def test_a_local_holding_a_certain_read_is_a_local(tmp_path: Path) -> None:
    """After a proven read the reference stands for the use: the local is a local."""
    typed = """
        from app.lookup import get_one_token
        from app.models import Token


        def copy_token_user(serial_from, serial_to):
            source = get_one_token(serial=serial_from)
            target = get_one_token(serial=serial_to)
            row: Token = source.token
            resolver_type = row.resolver_type
            target.set_user_identifiers(row.serial,
                                        resolver_type)
            return True
    """
    files = write(
        tmp_path, {"app/models.py": MODELS, "app/copy.py": typed, "app/lookup.py": LOOKUP}
    )
    source = files["app/copy.py"]
    rows = [r for r in accounted(tmp_path, "token.resolver_type") if r[0] == "app/copy.py"]
    assert rows == [
        ("app/copy.py", *at(source, "^resolver_type = "), "excluded: local"),
        ("app/copy.py", *at(source, "row.^resolver_type"), "CR103 certain"),
        ("app/copy.py", *at(source, "^resolver_type)"), "excluded: local"),
    ]
