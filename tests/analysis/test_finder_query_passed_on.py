"""A helper that filters or joins the query it is given and gives it back keeps the query's
class: Open Event Server's ``event_query(self, query_, view_kwargs)`` rebinds ``query_ =
query_.join(Event).filter(...)`` and returns it, so after ``query_ = event_query(self,
query_, view_kwargs)`` the local is still a query of ``EventInvoice``, and ``query_.join(
DiscountCode)`` joins on the invoice's foreign key: a use of the column that names none of
its words."""

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
        event_id = Column(Integer, ForeignKey("events.id"))
        discount_code_id = Column(Integer, ForeignKey("discount_codes.id"))
"""

HELPERS = """
    from app.models import Event


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
    from app.helpers import event_of, event_query
    from app.models import DiscountCode, EventInvoice


    class EventInvoiceList:
        def query(self, view_kwargs):
            query_ = self.session.query(EventInvoice)
            query_ = event_query(self, query_, view_kwargs)
            if view_kwargs.get("discount_code_id"):
                query_ = query_.join(DiscountCode).filter(DiscountCode.id == 1)
            return query_

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
