from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, undefer

from app.db.models import Customer, Payment

PaymentModel = Payment


class PaymentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, payment_id: int) -> Payment | None:
        return self._session.get(Payment, payment_id)

    def get_with_gateway(self, payment_id: int) -> Payment | None:
        stmt = select(Payment).options(undefer(Payment.gateway_ref)).where(Payment.id == payment_id)  # expect[payments.gateway_reference]: CR102 certain
        return self._session.scalars(stmt).first()

    def for_customer(self, customer_id: int) -> Sequence[Payment]:  # expect-not[payments.customer_id]
        stmt = (
            select(PaymentModel)
            .where(PaymentModel.customer_id == customer_id)  # expect[payments.customer_id]: CR102 certain; expect-not[payments.customer_id]
            .order_by(PaymentModel.created_at.desc())
        )
        return self._session.scalars(stmt).all()

    def by_country(self, country: str) -> Sequence[Payment]:
        stmt = (
            select(Payment)
            .options(joinedload(Payment.customer))  # expect[payments.customer_id]: CR108 certain
            .join(Payment.customer)  # expect[payments.customer_id]: CR108 certain
            .where(Customer.country == country)
        )
        return self._session.scalars(stmt).unique().all()

    def by_gateway_ref(self, ref: str) -> Payment | None:
        return self._session.query(Payment).filter_by(gateway_ref=ref).one_or_none()  # expect[payments.gateway_reference]: CR104 certain

    def customer_emails(self, merchant_id: int) -> list[str]:
        stmt = select(Customer.email).join(Payment, Payment.customer_id == Customer.id).where(Payment.merchant_id == merchant_id).distinct()  # expect[payments.customer_id]: CR102 certain
        return list(self._session.scalars(stmt))
