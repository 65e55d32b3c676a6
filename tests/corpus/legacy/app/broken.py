from app.models import Ticket


def half_written(ticket: Ticket):
    return ticket.closed +  # expect: CR001 certain
