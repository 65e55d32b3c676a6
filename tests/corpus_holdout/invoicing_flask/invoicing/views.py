from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from invoicing.billing import invoices_of, waive_fee
from invoicing.extensions import db
from invoicing.models import Customer, Invoice, Payment

bp = Blueprint("invoices", __name__, url_prefix="/invoices")


@bp.get("/<int:invoice_id>")
def show_invoice(invoice_id: int) -> ResponseReturnValue:
    invoice = Invoice.query.get_or_404(invoice_id)
    buyer = invoice.customer  # expect[invoices.customer_id]: CR108 certain
    return jsonify(
        {
            "number": invoice.number,
            "amount": str(invoice.amount),
            "fee": str(invoice.fee),  # expect[invoices.fee]: CR106 certain; expect[invoices.fee]: CR109 certain
            "customer_id": invoice.customer_id,  # expect[invoices.customer_id]: CR106 certain; expect[invoices.customer_id]: CR103 certain
            "customer": {"id": buyer.id, "name": buyer.name},  # expect[invoices.customer_id]: CR108 certain
        }
    )


@bp.post("/<int:invoice_id>/waive-fee")
def waive(invoice_id: int) -> ResponseReturnValue:
    invoice = db.session.get(Invoice, invoice_id)
    if invoice is None:
        abort(404)
    waive_fee(invoice)
    return jsonify({"number": invoice.number, "fee": "0.00"})  # expect[invoices.fee]: CR106 certain


@bp.get("/payments/<int:payment_id>")
def show_payment(payment_id: int) -> ResponseReturnValue:
    payment = db.get_or_404(Payment, payment_id)
    return jsonify(
        {
            "id": payment.id,
            "fee": str(payment.fee),  # expect-not
            "customer_id": payment.customer_id,  # expect-not
            "customer": payment.customer.name,  # expect-not
        }
    )


@bp.get("/by-customer/<int:customer_id>")
def by_customer(customer_id: int) -> ResponseReturnValue:  # expect-not
    customer = db.get_or_404(Customer, customer_id)
    rows = [{"number": inv.number, "total": str(inv.total)} for inv in invoices_of(customer.id)]
    open_count = len(customer.invoices)  # expect[invoices.customer_id]: CR108 certain
    return jsonify({"customer": customer.name, "open": open_count, "invoices": rows})


@bp.get("/search")
def search() -> ResponseReturnValue:
    min_fee = request.args.get("min_fee", type=float, default=0.0)
    options = {"fee": min_fee, "currency": "EUR"}  # expect-not
    hits = Invoice.query.filter(Invoice.fee >= options["fee"]).all()  # expect[invoices.fee]: CR109 certain
    return jsonify([h.number for h in hits])
