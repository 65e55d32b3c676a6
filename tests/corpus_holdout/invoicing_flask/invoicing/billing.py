from __future__ import annotations

from decimal import Decimal

from invoicing.extensions import db
from invoicing.models import Customer, Invoice, Payment

STANDARD_FEE = Decimal("2.50")


def issue_invoice(customer: Customer, number: str, amount: Decimal) -> Invoice:
    invoice = Invoice(number=number, customer_id=customer.id, amount=amount, _fee=STANDARD_FEE)  # expect[invoices.customer_id]: CR104 certain; expect[invoices.fee]: CR104 certain
    db.session.add(invoice)
    db.session.commit()
    return invoice


def waive_fee(invoice: Invoice) -> None:
    invoice._fee = Decimal("0")  # expect[invoices.fee]: CR103 certain
    db.session.commit()


def record_payment(invoice: Invoice, amount: Decimal, fee: Decimal) -> Payment:  # expect-not
    payment = Payment(invoice_id=invoice.id, customer_id=invoice.customer_id, fee=fee)  # expect[invoices.customer_id]: CR103 certain; expect-not
    db.session.add(payment)
    db.session.commit()
    return payment


def net_received(payment: Payment) -> Decimal:
    return payment.invoice.amount - payment.fee  # expect-not


def fee_income(customer_id: int) -> Decimal:  # expect-not
    rows = (
        db.session.query(Invoice)
        .filter(Invoice.customer_id == customer_id)  # expect[invoices.customer_id]: CR102 certain
        .filter(Invoice.fee > 0)  # expect[invoices.fee]: CR109 certain
        .all()
    )
    return sum((inv.fee for inv in rows), Decimal("0"))  # expect[invoices.fee]: CR109 certain


def processor_costs(customer_id: int) -> Decimal:  # expect-not
    payments = Payment.query.filter_by(customer_id=customer_id).all()  # expect-not
    return sum((p.fee for p in payments), Decimal("0"))  # expect-not


def top_fees(limit: int = 10) -> list[tuple[str, Decimal]]:
    return (
        db.session.query(Invoice)
        .with_entities(Invoice.number, Invoice.fee)  # expect[invoices.fee]: CR109 certain
        .order_by(Invoice.fee.desc())  # expect[invoices.fee]: CR109 certain
        .limit(limit)
        .all()
    )


def reassign(invoice_id: int, new_customer: Customer) -> Invoice:
    invoice = Invoice.query.get_or_404(invoice_id)
    invoice.customer = new_customer  # expect[invoices.customer_id]: CR108 certain
    db.session.commit()
    return invoice


def invoices_of(customer_id: int) -> list[Invoice]:  # expect-not
    return Invoice.query.filter_by(customer_id=customer_id).order_by(Invoice.issued_at).all()  # expect[invoices.customer_id]: CR104 certain
