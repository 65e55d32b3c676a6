from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import deferred, relationship

from helpdesk.database import Base
from helpdesk.mixins import ArchiveMixin, TimestampMixin


class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    login = Column(String(64), unique=True, nullable=False)
    display_name = Column(String(120))


class Ticket(ArchiveMixin, TimestampMixin, Base):
    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    subject = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    # Rendered copy of ``body``; big, so not loaded unless asked for.
    body_html = deferred(Column(Text))  # expect[tickets.body_html]: CR101 certain
    requester_id = Column(Integer, ForeignKey("users.id"), nullable=False)

    requester = relationship(User, foreign_keys=[requester_id])
    comments = relationship("Comment", back_populates="ticket", order_by="Comment.id")


class Comment(ArchiveMixin, TimestampMixin, Base):
    __tablename__ = "comments"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id"), nullable=False)
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    body = Column(Text, nullable=False)
    body_html = Column(Text)  # expect-not

    ticket = relationship(Ticket, back_populates="comments")
