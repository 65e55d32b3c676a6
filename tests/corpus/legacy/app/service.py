from sqlalchemy import text

import app.models as models
from app.models import Incident, Note, Ticket, now
from app.repository import TicketRepository

T = Ticket


def close(repo: TicketRepository, ticket_id: int) -> None:
    ticket = repo.get(ticket_id)
    ticket.closed = now()  # expect: CR103 certain


def reopen_all(repo: TicketRepository) -> None:
    for ticket in repo.open_tickets():
        ticket.closed = None  # expect: CR103 certain


def closed_column():
    return T.closed, models.Ticket.closed  # expect: CR102 certain, CR102 certain


def incident_closed(incident: Incident):
    return incident.closed  # expect-not


def note_closed(note: Note):
    return note.closed  # expect-not


def by_name(ticket: Ticket):
    return getattr(ticket, "closed")  # expect: CR106 certain


def db_name(ticket: Ticket):
    return ticket.closed_at  # expect-not


def new_ticket() -> Ticket:
    return Ticket(subject="printer", closed=None)  # expect: CR104 certain


def new_incident() -> Incident:
    return Incident(severity=2, closed=None)  # expect-not


def closed_today(session):
    return session.execute(text("SELECT id FROM tickets WHERE closed_at >= CURRENT_DATE"))  # expect: CR107 certain


def incidents_today(session):
    return session.execute(text("SELECT id FROM incidents WHERE closed_at >= CURRENT_DATE"))  # expect-not
