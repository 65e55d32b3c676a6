"""A validator of the whole object in a schema proven to mirror the model reads the fields
by key: Bitcart's ``DisplayInvoice``, the ``response_model`` of a route returning the
``Invoice``, computes its amounts in ``@model_validator(mode="before")`` from
``values["payment_id"]``. ``values`` is what the schema is validated from, under the fields'
names: the key is the field's, a reference. The same key in a validator of a schema nothing
proves a mirror, or on a dict the validator builds itself, is no such proof."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, Text
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Invoice(Base):
        __tablename__ = "invoices"
        id = Column(Integer, primary_key=True)
        payment_id = Column(Text)
"""

SCHEMAS = """
    from pydantic import BaseModel, ConfigDict, model_validator


    def divisibility(payment_id):
        return 8 if payment_id else 2


    class DisplayInvoice(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        id: int
        payment_id: str | None

        @model_validator(mode="before")
        @classmethod
        def set_price(cls, values):
            values["digits"] = divisibility(values["payment_id"])
            return values


    class RefundForm(BaseModel):
        payment_id: str | None

        @model_validator(mode="before")
        @classmethod
        def check(cls, values):
            return values["payment_id"]


    class Shown(DisplayInvoice):
        @model_validator(mode="before")
        @classmethod
        def guard(cls, values):
            try:
                return values
            except Exception as values:
                return values["payment_id"]


    class Other(BaseModel):
        id: int

        @model_validator(mode="before")
        @classmethod
        def fill(cls, values):
            values = {"payment_id": None}
            return values["payment_id"]
"""

ROUTES = """
    from fastapi import APIRouter

    from app.models import Invoice
    from app.schemas import DisplayInvoice

    router = APIRouter()


    @router.get("/invoices/{invoice_id}", response_model=DisplayInvoice)
    def get_invoice(invoice_id: int, session) -> Invoice:
        return session.get(Invoice, invoice_id)
"""


def test_the_values_of_a_mirror_s_validator_are_its_fields(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/schemas.py": SCHEMAS,
            "app/routes.py": ROUTES,
        },
    )["app/schemas.py"]
    rows = {
        (line, col): kind
        for path, line, col, kind in accounted(tmp_path, "invoices.payment_id")
        if path == "app/schemas.py"
    }
    assert rows[at(source, 'divisibility(values[^"payment_id"])')] == "CR105 certain"
    # a schema nothing proves to mirror the model: its validator's key is no reference
    assert not rows[at(source, 'return values["^payment_id"]')].startswith("CR")
    # the parameter bound again, by ``except ... as values``
    assert not rows[at(source, 'return values["^payment_id"]', nth=2)].startswith("CR")
    # a dict the validator builds itself under the same name
    assert not rows[at(source, 'return values["^payment_id"]', nth=3)].startswith("CR")
