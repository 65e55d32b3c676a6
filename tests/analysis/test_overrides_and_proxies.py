"""Near misses of the rules that decide a word from where its value goes: a method a
subclass overrides may send the value elsewhere, and a model's attribute that is not a
column (an association proxy) may write another table's."""

from __future__ import annotations

from pathlib import Path

from colretire.analysis import scan
from colretire.model import ColumnRef, Exclusion, Occurrence, Tier
from tests.analysis.helpers import at, write

MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer, String
    from sqlalchemy.ext.associationproxy import association_proxy
    from sqlalchemy.orm import declarative_base, relationship

    Base = declarative_base()


    class Ticket(Base):
        __tablename__ = "tickets"
        id = Column(Integer, primary_key=True)
        state = Column(String)


    class Board(Base):
        __tablename__ = "boards"
        id = Column(Integer, primary_key=True)
        state = Column(String)
"""

STORES = """
    from app.models import Ticket


    class TicketStore:
        def __init__(self, db):
            self.db = db

        def save(self, ticket: Ticket, state):
            ticket.state = state


    class BatchStore(TicketStore):
        def save(self, ticket: Ticket, **fields):
            self.db.query(Ticket).filter_by(id=ticket.id).update(fields)
"""


def _occurrence(root: Path, column: str, path: str, position: tuple[int, int]) -> Occurrence:
    result = scan(root, ColumnRef.parse(column))
    return next(o for o in result.occurrences if o.path == path and (o.line, o.col) == position)


def test_a_keyword_to_a_method_a_subclass_overrides_stays_unexplained(tmp_path: Path) -> None:
    """``store.save(ticket, state=...)``: TicketStore.save writes the column, but on a
    BatchStore the keyword goes into ``update(fields)``, where no other word names it."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/stores.py": STORES,
            "app/views.py": """
        from app.stores import TicketStore


        def close(store: TicketStore, ticket, new):
            store.save(ticket, state=new)
        """,
        },
    )
    found = _occurrence(
        tmp_path, "tickets.state", "app/views.py", at(files["app/views.py"], "^state=new")
    )
    assert found.tier is Tier.UNEXPLAINED
    assert "may be overridden in a subclass" in found.detail


def test_without_the_override_the_keyword_names_the_write(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/stores.py": STORES.split("\n\n    class BatchStore")[0] + "\n",
            "app/views.py": """
        from app.stores import TicketStore


        def close(store: TicketStore, ticket, new):
            store.save(ticket, state=new)
        """,
        },
    )
    found = _occurrence(
        tmp_path, "tickets.state", "app/views.py", at(files["app/views.py"], "^state=new")
    )
    assert (found.tier, found.reason) == (Tier.EXCLUDED, Exclusion.KEYWORD)
    assert found.detail.endswith("that write is the reference")


def test_a_key_spread_into_a_proxy_of_our_column_is_not_the_other_table_s(tmp_path: Path) -> None:
    """``Board(**data)`` where ``Board.state`` proxies the ticket's column: the key writes
    tickets.state, not a column of boards."""
    models = MODELS.replace(
        """    class Board(Base):
        __tablename__ = "boards"
        id = Column(Integer, primary_key=True)
        state = Column(String)""",
        """    class Board(Base):
        __tablename__ = "boards"
        id = Column(Integer, primary_key=True)
        ticket_id = Column(Integer, ForeignKey("tickets.id"))
        ticket = relationship(Ticket)
        state = association_proxy("ticket", "state")

        @classmethod
        def new(cls, session, data):
            if not data["state"]:
                data["state"] = "open"
            board = Board(**data)
            session.add(board)
            return board""",
    )
    files = write(
        tmp_path,
        {
            "app/models.py": models,
            "app/views.py": """
        from app.models import Board


        def create(session, payload):
            return Board.new(session, dict(payload))
        """,
        },
    )
    key = at(files["app/models.py"], 'if not data["^state"]')
    found = _occurrence(tmp_path, "tickets.state", "app/models.py", key)
    assert found.tier is not Tier.EXCLUDED


def test_a_method_a_subclass_overrides_proves_no_row(tmp_path: Path) -> None:
    """``obj = self.current()`` where the base's ``current`` returns a Ticket and a
    subclass's a Board: the read is not proven the ticket's."""
    source = """
        from app.models import Board, Ticket


        class BaseView:
            def current(self):
                return Ticket(id=1)

            def show(self):
                obj = self.current()
                return obj.state


        class BoardView(BaseView):
            def current(self):
                return Board(id=1)
        """
    files = write(tmp_path, {"app/models.py": MODELS, "app/views.py": source})
    read = at(files["app/views.py"], "obj.^state")
    assert _occurrence(tmp_path, "tickets.state", "app/views.py", read).tier is Tier.UNEXPLAINED
    alone = source.split("\n\n        class BoardView")[0] + "\n"
    files = write(tmp_path, {"app/views.py": alone})
    read = at(files["app/views.py"], "obj.^state")
    assert _occurrence(tmp_path, "tickets.state", "app/views.py", read).tier is Tier.REFERENCE
