from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.db.models import Invoice, Payment, Payout

payments_table = Payment.__table__


def revenue_by_customer(session: Session) -> dict[int, int]:
    rows = (
        session.query(Payment)
        .with_entities(Payment.customer_id, func.sum(Payment.amount_cents))  # expect[payments.customer_id]: CR102 certain
        .filter(Payment.status == "captured")
        .group_by(Payment.customer_id)  # expect[payments.customer_id]: CR102 certain
        .all()
    )
    return {customer_id: int(total) for customer_id, total in rows}  # expect-not[payments.customer_id]


def top_customers(session: Session, since: datetime, limit: int = 10) -> list[int]:
    cid = Payment.__table__.c.customer_id  # expect[payments.customer_id]: CR102 certain
    stmt = (
        select(cid)
        .where(payments_table.c.created_at >= since)
        .group_by(cid)
        .order_by(func.sum(payments_table.c.amount_cents).desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def invoiced_customers(session: Session) -> list[int]:
    return list(session.scalars(select(Invoice.customer_id).distinct()))  # expect-not[payments.customer_id]


def import_legacy(session: Session, rows: list[tuple[int, int, int]]) -> None:
    session.execute(
        insert(Payment),
        [
            {"customer_id": customer, "merchant_id": merchant, "amount_cents": cents, "status": "captured"}  # expect[payments.customer_id]: CR106 certain
            for customer, merchant, cents in rows
        ],
    )


def backfill_one(session: Session, customer: int, merchant: int, cents: int, ref: str) -> None:  # expect-not[payments.customer_id]
    session.execute(
        insert(Payment).values(customer_id=customer, merchant_id=merchant, amount_cents=cents, gateway_ref=ref)  # expect[payments.customer_id]: CR104 certain; expect[payments.gateway_reference]: CR104 certain
    )


def missing_gateway_refs(session: Session) -> list[int]:
    stmt = select(Payment.id).where(Payment.gateway_ref.is_(None), Payment.status == "captured")  # expect[payments.gateway_reference]: CR102 certain
    return list(session.scalars(stmt))


def export_gateway_refs(session: Session) -> list[tuple[int, str | None]]:
    out = []
    for payment in session.execute(select(Payment).where(Payment.status == "captured")).scalars():
        out.append((payment.id, getattr(payment, "gateway_ref", None)))  # expect[payments.gateway_reference]: CR106 certain
    return out


def payout_refs(session: Session, merchant_id: int) -> list[str | None]:
    payouts = session.scalars(select(Payout).where(Payout.merchant_id == merchant_id))
    return [payout.gateway_ref for payout in payouts]  # expect-not[payments.gateway_reference]
