from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.hybrid import hybrid_property

from invoicing.extensions import db


class Customer(db.Model):
    __tablename__ = "customers"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)
    email = db.Column(db.String(255), unique=True, nullable=False)


class Invoice(db.Model):
    __tablename__ = "invoices"

    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(32), unique=True, nullable=False)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"), nullable=False)  # expect[invoices.customer_id]: CR101 certain
    customer = db.relationship("Customer", backref="invoices")  # expect[invoices.customer_id]: CR108 certain
    amount = db.Column(db.Numeric(10, 2), nullable=False)
    # Processing fee; NULL for invoices issued before fees existed.
    _fee = db.Column("fee", db.Numeric(10, 2), nullable=True)  # expect[invoices.fee]: CR101 certain
    issued_at = db.Column(db.DateTime, server_default=db.func.now())

    @hybrid_property
    def fee(self) -> Decimal:  # expect[invoices.fee]: CR109 certain
        return self._fee  # expect[invoices.fee]: CR103 certain

    @property
    def total(self) -> Decimal:
        return self.amount + (self.fee or Decimal("0"))  # expect[invoices.fee]: CR109 certain


class Payment(db.Model):
    __tablename__ = "payments"

    id = db.Column(db.Integer, primary_key=True)
    invoice_id = db.Column(db.Integer, db.ForeignKey("invoices.id"), nullable=False)
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id"), nullable=False)  # expect-not
    customer = db.relationship("Customer")  # expect-not
    # What the card processor kept; unrelated to the invoice fee.
    fee = db.Column(db.Numeric(10, 2), nullable=False, default=Decimal("0"))  # expect-not
    paid_at = db.Column(db.DateTime, server_default=db.func.now())

    invoice = db.relationship("Invoice", backref="payments")
