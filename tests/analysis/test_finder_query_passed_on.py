"""A helper that filters the query it is given and gives it back keeps the query's class:
after ``query_ = paid_only(self, query_, view_kwargs)``, which rebinds ``query_ =
query_.filter(...)`` and returns it, the local is still a query of ``EventInvoice``, and
``query_.join(DiscountCode)`` joins on the invoice's foreign key: a use of the column that
names none of its words. A helper that joins (Open Event Server's ``event_query`` joins
``Event`` on one branch) is not followed: a ``filter_by`` after it would name the joined
entity's attributes, so what it gives is left unknown."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class Event(Base):
        __tablename__ = "events"
        id = Column(Integer, primary_key=True)
        state = Column(String)


    class DiscountCode(Base):
        __tablename__ = "discount_codes"
        id = Column(Integer, primary_key=True)


    class EventInvoice(Base):
        __tablename__ = "event_invoices"
        id = Column(Integer, primary_key=True)
        status = Column(String)
        event_id = Column(Integer, ForeignKey("events.id"))
        discount_code_id = Column(Integer, ForeignKey("discount_codes.id"))
"""

HELPERS = """
    from app.models import Event


    def paid_only(self, query_, view_kwargs):
        if view_kwargs.get("paid"):
            query_ = query_.filter_by(status="paid")
        return query_


    def event_query(self, query_, view_kwargs):
        if view_kwargs.get("event_id"):
            query_ = query_.join(Event).filter(Event.id == view_kwargs["event_id"])
        return query_


    def event_of(self, query_, view_kwargs):
        if view_kwargs.get("event_id"):
            query_ = view_kwargs["query"]
        return query_
"""

VIEW = """
    from app.helpers import event_of, event_query, paid_only
    from app.models import DiscountCode, EventInvoice


    class EventInvoiceList:
        def query(self, view_kwargs):
            query_ = self.session.query(EventInvoice)
            query_ = paid_only(self, query_, view_kwargs)
            if view_kwargs.get("discount_code_id"):
                query_ = query_.join(DiscountCode).filter(DiscountCode.id == 1)
            return query_

        def joined(self, view_kwargs):
            query_ = self.session.query(EventInvoice)
            query_ = event_query(self, query_, view_kwargs)
            return query_.filter_by(discount_code_id=1)

        def other(self, view_kwargs):
            query_ = self.session.query(EventInvoice)
            query_ = event_of(self, query_, view_kwargs)
            return query_.join(DiscountCode)
"""


def test_a_query_given_back_joined_keeps_its_class(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/helpers.py": HELPERS,
            "app/views.py": VIEW,
        },
    )["app/views.py"]
    rows = {
        (line, col): kind
        for p, line, col, kind in accounted(tmp_path, "event_invoices.discount_code_id")
        if p == "app/views.py"
    }
    assert rows[at(source, "query_.join(^DiscountCode).filter")] == "CR108 certain"
    # a helper that may give back something else than the query (a value of the kwargs)
    assert at(source, "query_.join(^DiscountCode)\n") not in rows
    # after a helper that joins Event, filter_by may name Event's attributes
    assert rows[at(source, ".filter_by(^discount_code_id=1)")] != "CR104 certain"
