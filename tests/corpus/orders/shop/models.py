from sqlalchemy import Boolean, ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    refunds_blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # expect[organizations.refunds_blocked]: CR101 certain
    orders: Mapped[list["Order"]] = relationship(back_populates="organization")


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    refunds_blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # expect: CR101 certain
    organization: Mapped[Organization] = relationship(back_populates="orders")

    def refundable(self) -> bool:
        return not self.refunds_blocked and not self.organization.refunds_blocked  # expect: CR103 certain; expect[organizations.refunds_blocked]: CR103 certain
