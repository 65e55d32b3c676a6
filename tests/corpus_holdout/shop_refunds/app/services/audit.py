import logging
from typing import Any

from app.models import Order

log = logging.getLogger("shop.audit")

ORDER_AUDIT_FIELDS = ["status", "total_cents", "refunds_blocked"]  # expect[orders.refunds_blocked]: CR106 likely


def record(event: str, **fields: Any) -> None:
    log.info("%s %s", event, fields)


def snapshot(order: Order) -> dict[str, Any]:
    return {name: getattr(order, name) for name in ORDER_AUDIT_FIELDS}


def audit_block(order: Order, actor: str) -> None:
    refunds_blocked = getattr(order, "refunds_blocked")  # expect[orders.refunds_blocked]: CR106 certain; expect-not[orders.refunds_blocked]
    record("refunds.toggle", order_id=order.id, refunds_blocked=refunds_blocked, actor=actor)  # expect-not[orders.refunds_blocked]
