from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shop.models import Order, Organization


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    refunds_blocked: bool  # expect: CR105 certain; expect-not[organizations.refunds_blocked]


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    refunds_blocked: bool  # expect[organizations.refunds_blocked]: CR105 certain; expect-not


def can_refund(order: Order) -> bool:
    return not order.refunds_blocked and not order.organization.refunds_blocked  # expect: CR103 certain; expect[organizations.refunds_blocked]: CR103 certain


def blocked_orders(session: Session) -> list[Order]:
    stmt = select(Order).where(Order.refunds_blocked.is_(True))  # expect: CR102 certain
    return list(session.scalars(stmt))


def blocked_organizations(session: Session):
    return session.scalars(select(Organization).where(Organization.refunds_blocked)).all()  # expect[organizations.refunds_blocked]: CR102 certain


def audit(session: Session) -> list[dict]:
    rows = []
    for order in session.scalars(select(Order)):
        org = order.organization
        rows.append(
            {
                "order": order.id,
                "refunds_blocked": order.refunds_blocked,  # expect: CR106 certain, CR103 certain
                "org_blocked": org.refunds_blocked,  # expect[organizations.refunds_blocked]: CR103 certain
            }
        )
    return rows


def block_all(session: Session, organization_id: int) -> None:
    org = session.get(Organization, organization_id)
    org.refunds_blocked = True  # expect[organizations.refunds_blocked]: CR103 certain
    for order in org.orders:
        order.refunds_blocked = True  # expect: CR103 certain


def flag(thing) -> bool:
    return thing.refunds_blocked  # expect: CR103 likely; expect[organizations.refunds_blocked]: CR103 likely


def raw_org(session: Session, organization_id: int):
    return session.execute(text("SELECT refunds_blocked FROM organizations WHERE id = :id"), {"id": organization_id})  # expect[organizations.refunds_blocked]: CR107 certain; expect-not


def raw_join(session: Session):
    return session.execute(text("SELECT o.id, o.refunds_blocked FROM orders o JOIN organizations g ON g.id = o.organization_id"))  # expect: CR107 certain; expect-not[organizations.refunds_blocked]


def summary(order: Order) -> OrderOut:
    out = OrderOut.model_validate(order)
    return out.refunds_blocked  # expect: CR103 certain; expect-not[organizations.refunds_blocked]
