"""Backfill check while orders.discount_cents is being retired in favour of line discounts."""  # expect-not[orders.discount_cents]
import logging

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import Order, OrderLine

log = logging.getLogger(__name__)

CLEAR_LEGACY_DISCOUNTS_SQL = text("UPDATE orders SET discount_cents = NULL WHERE placed_at < :cutoff")  # expect[orders.discount_cents]: CR107 certain
LINE_DISCOUNTS_SQL = text("SELECT order_id, SUM(discount_cents) FROM order_lines GROUP BY order_id")  # expect-not[orders.discount_cents]


def mismatches(session: Session) -> list[int]:
    stmt = select(Order).where(Order._discount_cents.is_not(None))  # expect[orders.discount_cents]: CR102 certain
    bad: list[int] = []
    for order in session.scalars(stmt):
        if order._discount_cents != order.discount_cents:  # expect[orders.discount_cents]: CR103 certain; expect-not[orders.discount_cents]
            log.warning("order %s: stored %s, computed %s", order.id, order._discount_cents, order.discount_cents)  # expect[orders.discount_cents]: CR103 certain; expect-not[orders.discount_cents]
            bad.append(order.id)
    return bad


def largest_line_discount(session: Session, order_id: int) -> int:
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order_id))
    discount_cents = max((line.discount_cents for line in lines), default=0)  # expect-not[orders.discount_cents]
    return discount_cents  # expect-not[orders.discount_cents]


def forget_legacy_discount(order: Order) -> None:
    order._discount_cents = None  # expect[orders.discount_cents]: CR103 certain
