from sqlalchemy import Integer, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20))
    subtotal: Mapped[int] = mapped_column(Integer, default=0)
    _fee: Mapped[int] = mapped_column("fee", Integer, default=0)  # expect: CR101 certain

    @hybrid_property
    def fee(self) -> int:  # expect: CR109 certain
        return self._fee  # expect: CR103 certain

    @fee.setter
    def fee(self, value: int) -> None:  # expect: CR109 certain
        self._fee = max(0, value)  # expect: CR103 certain

    @fee.expression
    def fee(cls):  # expect: CR109 certain
        return cls._fee  # expect: CR102 certain

    @property
    def total(self) -> int:  # expect-not
        return self.subtotal + self.fee  # expect: CR109 certain

    @property
    def label(self) -> str:
        return f"{self.number} ({self.subtotal})"


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    base_fee: Mapped[int] = mapped_column(Integer)

    @property
    def fee(self) -> int:  # expect-not
        return self.base_fee * 2
