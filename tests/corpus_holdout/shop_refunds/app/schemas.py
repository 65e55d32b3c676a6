from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    refunds_blocked: bool  # expect-not[orders.refunds_blocked]


class ShippingOptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    carrier: str
    fee: Decimal  # expect-not[refunds.fee]


class RefundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    amount_cents: int
    fee: Decimal  # expect[refunds.fee]: CR105 certain
    net_cents: int
    reason: str | None = None
    created_at: datetime


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_email: str
    total_cents: int
    status: str
    refunds_blocked: bool  # expect[orders.refunds_blocked]: CR105 certain
    organization: OrganizationOut
    refunds: list[RefundOut] = []


class RefundRequest(BaseModel):
    amount_cents: int
    reason: str | None = None


class BlockToggle(BaseModel):
    """Body of the admin endpoint; the flag is copied by hand."""

    blocked: bool
    note: str = ""
