"""A dict spread whole into the model's constructor (``Shipment(**fields)``) gives each of
its keys to the attribute of that name: the value of ``fields["parcels"]`` becomes the
relationship ``Shipment.parcels``, so its elements are ``Parcel`` rows, and
``parcel.carrier`` the ``Carrier`` of ``Parcel.carrier``. A read of a column on a loop
variable over them (``firm.tracking_url for firm in [item.carrier for item in
fields["parcels"]]``) is that model's: a certain reference (CR103) of
``carriers.tracking_url``, and an other-table exclusion for ``shipments.tracking_url``,
which has the same name. Not where the value read may not be the one the constructor gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, UnicodeText
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Carrier(Base):
        __tablename__ = "carriers"
        id = Column(Integer, primary_key=True)
        tracking_url = Column(UnicodeText)


    class Parcel(Base):
        __tablename__ = "parcels"
        id = Column(Integer, primary_key=True)
        shipment_id = Column(Integer, ForeignKey("shipments.id"))
        carrier_id = Column(Integer, ForeignKey("carriers.id"))
        shipment = relationship("Shipment", back_populates="parcels")
        carrier = relationship("Carrier")


    class Shipment(Base):
        __tablename__ = "shipments"
        id = Column(Integer, primary_key=True)
        tracking_url = Column(UnicodeText)
        parcels = relationship("Parcel", back_populates="shipment")

        @classmethod
        def create(cls, session, fields):
            if not fields["tracking_url"]:
                fields["tracking_url"] = " ".join(
                    firm.tracking_url
                    for firm in [item.carrier for item in fields["parcels"]]
                    if firm.tracking_url
                )
            fields.pop("draft", None)
            shipment = Shipment(**fields)
            session.add(shipment)
            return shipment
"""

READS = ["    ^firm.tracking_url\n", "if ^firm.tracking_url"]


def _rows(tmp_path: Path, column: str, models: str = MODELS) -> list[tuple[str, int, int, str]]:
    write(tmp_path, {"ship/__init__.py": "", "ship/models.py": models})
    return accounted(tmp_path, column)


def _reads(models: str = MODELS) -> list[tuple[int, int]]:
    text = code(models)
    line, col = at(text, READS[0])
    second = at(text, READS[1])
    return [(line, col + len("firm.")), (second[0], second[1] + len("firm."))]


def test_a_read_on_the_rows_of_the_relationship_the_key_is_spread_into(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "carriers.tracking_url")
    for position in _reads():
        assert ("ship/models.py", *position, "CR103 certain") in rows


def test_the_same_reads_are_another_tables_for_the_spread_models_namesake(
    tmp_path: Path,
) -> None:
    rows = _rows(tmp_path, "shipments.tracking_url")
    for position in _reads():
        assert ("ship/models.py", *position, "excluded: other-table") in rows


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the key written again: the constructor may get other rows than those read
        ('fields.pop("draft", None)', 'fields["parcels"] = []'),
        # the key taken out: it never reaches the constructor
        ('fields.pop("draft", None)', 'fields.pop("parcels", None)'),
        # the function may return before the constructor
        ('fields.pop("draft", None)', "if session.dry_run:\n                return None"),
        # spread into something else than the model
        ("shipment = Shipment(**fields)", "shipment = dict(**fields)"),
        # handed to another call, which may change the key
        ('fields.pop("draft", None)', "session.clean(fields)"),
    ],
)
def test_a_value_that_may_not_reach_the_relationship(tmp_path: Path, old: str, new: str) -> None:
    (tmp_path / "as-is").mkdir()
    (tmp_path / "changed").mkdir()
    assert ("ship/models.py", *_reads()[0], "CR103 certain") in _rows(
        tmp_path / "as-is", "carriers.tracking_url"
    )
    models = MODELS.replace(old, new, 1)
    assert models != MODELS
    rows = _rows(tmp_path / "changed", "carriers.tracking_url", models)
    for position in _reads(models):
        assert ("ship/models.py", *position, "unexplained") in rows
