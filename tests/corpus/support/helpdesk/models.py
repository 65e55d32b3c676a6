from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    cases: Mapped[list["Case"]] = relationship(back_populates="source")  # expect: CR108 certain


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))  # expect: CR101 certain
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[Source] = relationship(back_populates="cases")  # expect: CR108 certain
    owner: Mapped[User | None] = relationship()
