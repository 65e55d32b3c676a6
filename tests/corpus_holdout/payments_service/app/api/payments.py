from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import models
from app.db.base import get_session
from app.db.models import Customer, Invoice, Payment
from app.schemas import ChargeRequest, InvoiceOut, PaymentAdminOut, PaymentOut
from app.services.repository import PaymentRepository

router = APIRouter(prefix="/payments", tags=["payments"])

FAILED_ATTEMPTS_SQL = text("SELECT COUNT(*) FROM payments WHERE customer_id = :cid AND status = 'failed'")  # expect[payments.customer_id]: CR107 certain
OPEN_INVOICES_SQL = text("SELECT id, number FROM invoices WHERE customer_id = :cid")  # expect-not[payments.customer_id]
GATEWAY_LOOKUP_SQL = text("SELECT id FROM payments WHERE gateway_reference = :ref")  # expect[payments.gateway_reference]: CR107 certain


def _load(session: Session, payment_id: int) -> Payment:
    payment = PaymentRepository(session).get(payment_id)
    if payment is None:
        raise HTTPException(status_code=404, detail="payment not found")
    return payment


@router.post("/customers/{customer_id}", response_model=PaymentOut, status_code=201)  # expect-not[payments.customer_id]
def charge(customer_id: int, body: ChargeRequest, session: Session = Depends(get_session)) -> Payment:  # expect-not[payments.customer_id]
    customer = session.get(Customer, customer_id)  # expect-not[payments.customer_id]
    if customer is None:
        raise HTTPException(status_code=422, detail="unknown customer")
    failed = session.execute(FAILED_ATTEMPTS_SQL, {"cid": customer.id}).scalar_one()
    if failed >= 3:
        raise HTTPException(status_code=429, detail="too many failed attempts")
    payment = Payment(**body.model_dump(), customer=customer, status="pending")  # expect[payments.customer_id]: CR108 certain
    session.add(payment)
    session.commit()
    return payment


@router.get("/{payment_id}", response_model=PaymentOut)
def get_payment(payment_id: int, session: Session = Depends(get_session)) -> Payment:
    return _load(session, payment_id)


@router.get("/{payment_id}/admin", response_model=PaymentAdminOut)
def get_payment_admin(payment_id: int, session: Session = Depends(get_session)) -> Payment:
    payment = PaymentRepository(session).get_with_gateway(payment_id)
    if payment is None:
        raise HTTPException(status_code=404)
    return payment


@router.get("/{payment_id}/receipt")
def receipt(payment_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    payment = _load(session, payment_id)
    return {
        "id": payment.id,
        "amount": payment.amount_cents / 100,
        "customer_id": payment.customer_id,  # expect[payments.customer_id]: CR106 certain; expect[payments.customer_id]: CR103 certain
        "customer": {  # expect[payments.customer_id]: CR108 certain
            "email": payment.customer.email,  # expect[payments.customer_id]: CR108 certain
            "country": payment.customer.country,  # expect[payments.customer_id]: CR108 certain
        },
        "merchant": payment.merchant.name,
    }


@router.get("/customers/{customer_id}/history")  # expect-not[payments.customer_id]
def customer_history(customer_id: int, session: Session = Depends(get_session)) -> list[dict[str, Any]]:  # expect-not[payments.customer_id]
    repo = PaymentRepository(session)
    return [
        {"id": p.id, "amount_cents": p.amount_cents, "mine": p.customer_id == customer_id}  # expect[payments.customer_id]: CR103 certain; expect-not[payments.customer_id]
        for p in repo.for_customer(customer_id)  # expect-not[payments.customer_id]
    ]


@router.post("/{payment_id}/reassign/{customer_id}", response_model=PaymentOut)  # expect-not[payments.customer_id]
def reassign(payment_id: int, customer_id: int, session: Session = Depends(get_session)) -> Payment:  # expect-not[payments.customer_id]
    payment = _load(session, payment_id)
    payment.customer_id = customer_id  # expect[payments.customer_id]: CR103 certain; expect-not[payments.customer_id]
    session.commit()
    session.refresh(payment)
    return payment


@router.get("/by-gateway/{ref}", response_model=PaymentAdminOut)
def by_gateway(ref: str, session: Session = Depends(get_session)) -> Payment:
    row = session.execute(GATEWAY_LOOKUP_SQL, {"ref": ref}).first()
    if row is None:
        raise HTTPException(status_code=404)
    return _load(session, row.id)


@router.post("/{payment_id}/gateway")
def record_gateway(payment_id: int, gateway_ref: str, session: Session = Depends(get_session)) -> dict[str, str]:  # expect-not[payments.gateway_reference]
    payment = PaymentRepository(session).get_with_gateway(payment_id)
    if payment is None:
        raise HTTPException(status_code=404)
    payment.gateway_ref = gateway_ref  # expect[payments.gateway_reference]: CR103 certain; expect-not[payments.gateway_reference]
    session.commit()
    return {"status": "ok"}


@router.get("/invoices/{invoice_id}", response_model=InvoiceOut)
def get_invoice(invoice_id: int, session: Session = Depends(get_session)) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise HTTPException(status_code=404)
    return invoice


@router.get("/invoices/{invoice_id}/summary")
def invoice_summary(invoice_id: int, session: Session = Depends(get_session)) -> dict[str, Any]:
    invoice = session.get(models.Invoice, invoice_id)
    if invoice is None:
        raise HTTPException(status_code=404)
    return {
        "number": invoice.number,
        "customer_id": invoice.customer_id,  # expect-not[payments.customer_id]
        "customer": invoice.customer.email,  # expect-not[payments.customer_id]
        "payments": [p.id for p in session.query(models.Payment).filter_by(customer_id=invoice.customer_id)],  # expect[payments.customer_id]: CR104 certain; expect-not[payments.customer_id]
    }


def owner_of(obj) -> int:
    # untyped: a payment, an invoice, anything with an owner
    return obj.customer_id  # expect[payments.customer_id]: CR103 likely
