from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.models import Invoice, Shipment


def charge(invoice: Invoice) -> int:
    return invoice.fee + invoice.subtotal  # expect: CR109 certain


def raw_fee(invoice: Invoice) -> int:
    return invoice._fee  # expect: CR103 certain


def cheapest(session: Session) -> Invoice | None:
    return session.scalars(select(Invoice).order_by(Invoice.fee)).first()  # expect: CR109 certain


def grand_total(session: Session, invoice_id: int) -> int:
    invoice = session.get(Invoice, invoice_id)
    return invoice.total  # expect-not


def label(invoice: Invoice) -> str:
    return invoice.label


def shipping(shipment: Shipment) -> int:
    return shipment.fee  # expect-not


def anything(item) -> int:
    return item.fee  # expect: CR109 likely


def new_invoice() -> Invoice:
    return Invoice(number="A-1", subtotal=100, fee=5)  # expect: CR104 certain


def column_of_table():
    return Invoice.__table__.c.fee  # expect: CR102 certain


def by_sql(session: Session):
    return session.execute("SELECT number, fee FROM invoices WHERE fee > 0")  # expect: CR107 certain


def shipping_sql(session: Session):
    return session.execute("SELECT id, base_fee AS fee FROM shipments")  # expect-not
