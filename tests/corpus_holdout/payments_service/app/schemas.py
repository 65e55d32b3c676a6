from datetime import datetime

from pydantic import BaseModel, ConfigDict


class CustomerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    country: str


class PaymentOut(BaseModel):
    id: int
    customer_id: int  # expect[payments.customer_id]: CR105 certain
    merchant_id: int
    amount_cents: int
    currency: str
    status: str
    customer: CustomerOut  # expect[payments.customer_id]: CR108 certain

    class Config:
        orm_mode = True


class PaymentAdminOut(PaymentOut):
    gateway_ref: str | None = None  # expect[payments.gateway_reference]: CR105 certain


class InvoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    customer_id: int  # expect-not[payments.customer_id]
    customer: CustomerOut  # expect-not[payments.customer_id]
    total_cents: int


class PayoutOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    merchant_id: int
    amount_cents: int
    memo: str | None = None  # expect-not[ledger_entries.memo]


class LedgerEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    payment_id: int
    direction: str
    amount_cents: int
    memo: str | None = None  # expect[ledger_entries.memo]: CR105 certain
    booked_at: datetime


class ChargeRequest(BaseModel):
    merchant_id: int
    amount_cents: int
    currency: str = "EUR"
