from decimal import Decimal

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from app import models
from app.models import Order, Organization, Refund

FEE_RATE = Decimal("0.015")

BLOCK_FOR_ORG_SQL = text("UPDATE orders SET refunds_blocked = true WHERE organization_id = :org_id")  # expect[orders.refunds_blocked]: CR107 certain
BLOCKED_ORGS_SQL = text("SELECT id, name FROM organizations WHERE refunds_blocked")  # expect-not[orders.refunds_blocked]
FEES_BY_DAY_SQL = text("SELECT date_trunc('day', created_at) AS day, SUM(fee) AS fees FROM refunds GROUP BY 1")  # expect[refunds.fee]: CR107 certain
SHIPPING_FEES_SQL = text("SELECT carrier, fee FROM shipping_options ORDER BY fee")  # expect-not[refunds.fee]


class RefundError(Exception):
    pass


def can_refund(order: Order) -> bool:
    # refunds_blocked on the organization overrides the flag on each order  # expect-not[orders.refunds_blocked]
    return not (order.refunds_blocked or order.organization.refunds_blocked)  # expect[orders.refunds_blocked]: CR103 certain; expect-not[orders.refunds_blocked]


def refund_fee(amount_cents: int) -> Decimal:
    fee = (Decimal(amount_cents) / 100 * FEE_RATE).quantize(Decimal("0.01"))  # expect-not[refunds.fee]
    return max(fee, Decimal("0.30"))  # expect-not[refunds.fee]


def issue_refund(session: Session, order_id: int, amount_cents: int, reason: str | None) -> Refund:
    order = session.get(Order, order_id)
    if order is None:
        raise RefundError("no such order")
    if not can_refund(order):
        raise RefundError("refunds are blocked for this order")
    already = sum(r.amount_cents for r in order.refunds)
    if already + amount_cents > order.total_cents:
        raise RefundError("refund exceeds the order total")
    refund = Refund(order_id=order.id, amount_cents=amount_cents, _fee=refund_fee(amount_cents), reason=reason)  # expect[refunds.fee]: CR104 certain
    session.add(refund)
    return refund


def fees_charged(order: Order) -> Decimal:
    total = Decimal("0")
    for refund in order.refunds:
        total += refund.fee  # expect[refunds.fee]: CR109 certain
    if order.shipping_option is not None:
        total += order.shipping_option.fee  # expect-not[refunds.fee]
    return total


def total_fees(session: Session) -> Decimal:
    return session.scalar(select(func.coalesce(func.sum(Refund.fee), 0))) or Decimal("0")  # expect[refunds.fee]: CR109 certain


def waive_fee(session: Session, refund_id: int) -> None:
    session.execute(update(Refund).where(Refund.id == refund_id).values({Refund._fee: 0}))  # expect[refunds.fee]: CR102 certain


def block_organization(session: Session, org: Organization) -> int:
    org.refunds_blocked = True  # expect-not[orders.refunds_blocked]
    result = session.execute(
        update(Order).where(Order.organization_id == org.id).values(refunds_blocked=True)  # expect[orders.refunds_blocked]: CR104 certain
    )
    return result.rowcount


def unblock_everything(session: Session) -> None:
    session.execute(update(Organization).values(refunds_blocked=False))  # expect-not[orders.refunds_blocked]
    session.query(Order).filter_by(refunds_blocked=True).update({"refunds_blocked": False})  # expect[orders.refunds_blocked]: CR104 certain; expect[orders.refunds_blocked]: CR106 certain


def refundable_orders(session: Session, organization_id: int) -> list[Order]:
    stmt = (
        select(Order)
        .join(Order.organization)
        .where(Order.organization_id == organization_id)
        .where(Organization.refunds_blocked.is_(False), Order.refunds_blocked.is_(False))  # expect[orders.refunds_blocked]: CR102 certain; expect-not[orders.refunds_blocked]
    )
    return list(session.execute(stmt).scalars())


def blocked_order_ids(session: Session) -> list[int]:
    O = models.Order
    return list(session.scalars(select(O.id).where(O.refunds_blocked)))  # expect[orders.refunds_blocked]: CR102 certain


def freeze_disputed(session: Session) -> int:
    orders = session.execute(select(Order).where(Order.status == "disputed")).scalars()
    count = 0
    for order in orders:
        order.refunds_blocked = True  # expect[orders.refunds_blocked]: CR103 certain
        count += 1
    return count


def flag_value(obj) -> bool:
    return bool(obj.refunds_blocked)  # expect[orders.refunds_blocked]: CR103 likely
