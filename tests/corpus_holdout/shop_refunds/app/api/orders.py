from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.database import get_db
from app.models import Order, Organization, Refund
from app.schemas import BlockToggle, OrderOut, OrganizationOut, RefundOut, RefundRequest
from app.services import refunds as refund_service

router = APIRouter(prefix="/orders")


def load_order(db: Session, order_id: int) -> Order:
    order = db.scalars(
        select(Order).options(selectinload(Order.refunds)).where(Order.id == order_id)
    ).one_or_none()
    if order is None:
        raise HTTPException(status_code=404, detail="order not found")
    return order


@router.get("/{order_id}", response_model=OrderOut)
def get_order(order_id: int, db: Session = Depends(get_db)) -> Order:
    return load_order(db, order_id)


@router.get("/{order_id}/refund-status")
def refund_status(order_id: int, db: Session = Depends(get_db)) -> dict[str, Any]:
    order = load_order(db, order_id)
    org = order.organization
    return {
        "order_id": order.id,
        "refunds_blocked": order.refunds_blocked,  # expect[orders.refunds_blocked]: CR106 certain; expect[orders.refunds_blocked]: CR103 certain
        "organization": {
            "id": org.id,
            "refunds_blocked": org.refunds_blocked,  # expect-not[orders.refunds_blocked]
        },
        "fees": [str(r.fee) for r in order.refunds],  # expect[refunds.fee]: CR109 certain
        "discount": order.discount_cents,  # expect-not[orders.discount_cents]
    }


@router.post("/{order_id}/refunds", response_model=RefundOut, status_code=201)
def create_refund(order_id: int, body: RefundRequest, db: Session = Depends(get_db)) -> Refund:
    try:
        refund = refund_service.issue_refund(db, order_id, body.amount_cents, body.reason)
    except refund_service.RefundError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    db.commit()
    return refund


@router.get("/refunds/{refund_id}")
def refund_receipt(refund_id: int, db: Session = Depends(get_db)) -> dict[str, Any]:
    refund = db.get(Refund, refund_id)
    if refund is None:
        raise HTTPException(status_code=404)
    receipt = RefundOut.model_validate(refund).model_dump(exclude={"fee"}, mode="json")  # expect[refunds.fee]: CR106 certain
    receipt["net"] = refund.net_cents  # expect-not[refunds.fee]
    return receipt


@router.put("/{order_id}/refund-block", response_model=OrderOut)
def toggle_block(order_id: int, body: BlockToggle, db: Session = Depends(get_db)) -> Order:
    order = load_order(db, order_id)
    order.refunds_blocked = body.blocked  # expect[orders.refunds_blocked]: CR103 certain
    db.commit()
    return order


@router.get("/organizations/{organization_id}", response_model=OrganizationOut)
def get_organization(organization_id: int, db: Session = Depends(get_db)) -> Organization:
    org = db.get(Organization, organization_id)
    if org is None:
        raise HTTPException(status_code=404)
    return org


@router.get("/organizations/{organization_id}/blocked-orders")
def blocked_orders(organization_id: int, db: Session = Depends(get_db)) -> list[int]:
    stmt = select(Order.id).filter_by(organization_id=organization_id, refunds_blocked=True)  # expect[orders.refunds_blocked]: CR104 certain
    return list(db.scalars(stmt))


@router.get("/organizations/blocked")
def blocked_organizations(db: Session = Depends(get_db)) -> list[str]:
    stmt = select(Organization).filter_by(refunds_blocked=True).order_by(Organization.name)  # expect-not[orders.refunds_blocked]
    return [org.name for org in db.scalars(stmt)]
