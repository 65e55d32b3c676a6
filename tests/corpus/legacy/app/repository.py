from sqlalchemy.orm import Session

from app.models import Ticket


class TicketRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, ticket_id: int) -> Ticket:
        return self.session.get(Ticket, ticket_id)

    def open_tickets(self) -> list[Ticket]:
        return self.session.query(Ticket).filter(Ticket.closed.is_(None)).all()  # expect: CR102 certain
