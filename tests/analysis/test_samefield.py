"""Reads of the field that the same function copies into the column (``row.col =
payload.col``, a certain write): where ``payload`` is an object of a class the analysis
cannot read, its other reads of that field are the column's value on its way in, and
``likely`` references. Where the object is bound again, or its field written, the reads stay
unexplained."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Receipt(Base):
        __tablename__ = "receipt"
        id = Column(Integer, primary_key=True)
        total = Column(Integer)
        voucher_code = Column(String)


    class Voucher(Base):
        __tablename__ = "voucher"
        id = Column(Integer, primary_key=True)
        voucher_code = Column(String)
"""

STORE = """
    from outside.protocol import wire

    from app.models import Receipt


    class ReceiptStore:
        def save(self, incoming: wire.Receipt) -> Receipt:
            receipt = Receipt(total=incoming.total)
            if incoming.voucher_code:
                self.check_voucher(incoming.voucher_code)
                receipt.voucher_code = incoming.voucher_code
            return receipt

        def replace(self, incoming: wire.Receipt) -> Receipt:
            receipt = Receipt(total=incoming.total)
            self.check_voucher(incoming.voucher_code)
            incoming = incoming.normalised()
            receipt.voucher_code = incoming.voucher_code
            return receipt

        def patch(self, incoming: wire.Receipt) -> Receipt:
            receipt = Receipt(total=incoming.total)
            self.check_voucher(incoming.voucher_code)
            incoming.voucher_code = incoming.voucher_code.strip()
            receipt.voucher_code = incoming.voucher_code
            return receipt

        def check_voucher(self, code):
            print(code)
"""


def test_a_read_of_the_field_copied_into_the_column_is_likely(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/store.py": STORE})
    store = files["app/store.py"]
    rows = accounted(tmp_path, "receipt.voucher_code", skip="app/models.py")
    assert ("app/store.py", *at(store, "if incoming.^voucher_code"), "CR103 likely") in rows
    assert (
        "app/store.py",
        *at(store, "check_voucher(incoming.^voucher_code)"),
        "CR103 likely",
    ) in rows
    assert ("app/store.py", *at(store, "receipt.^voucher_code ="), "CR103 certain") in rows


def test_an_object_bound_again_or_its_field_written_proves_nothing(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/__init__.py": "", "app/models.py": MODELS, "app/store.py": STORE})
    store = files["app/store.py"]
    rows = accounted(tmp_path, "receipt.voucher_code", skip="app/models.py")
    for nth in (2, 3):  # replace() binds incoming again; patch() writes its field
        line, col = at(store, "check_voucher(incoming.^voucher_code)", nth)
        assert [r[3] for r in rows if r[:3] == ("app/store.py", line, col)] == ["unexplained"]
