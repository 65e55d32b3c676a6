import logging

import markdown

from helpdesk.models import Comment, Ticket
from helpdesk.store import TicketStore

log = logging.getLogger(__name__)


def render(text):
    return markdown.markdown(text, extensions=["fenced_code"])


def refresh_ticket(ticket: Ticket) -> None:
    ticket.body_html = render(ticket.body)  # expect[tickets.body_html]: CR103 certain


def refresh_comment(comment: Comment) -> None:
    comment.body_html = render(comment.body)  # expect-not


def refresh_thread(store: TicketStore, ticket_id: int) -> int:
    ticket = store.get(ticket_id)
    if ticket is None:
        return 0
    refresh_ticket(ticket)
    for comment in ticket.comments:
        comment.body_html = render(comment.body)  # expect-not
    log.info("re-rendered body_html of ticket %s", ticket.id)  # expect-not
    return 1 + len(ticket.comments)


def page_for(ticket_id):
    store = TicketStore()
    ticket = store.find(ticket_id)
    html = ticket.body_html or render(ticket.body)  # expect[tickets.body_html]: CR103 certain
    return "<article>%s</article>" % html


def plain_preview(item, limit=140):
    # Used for tickets and comments alike.
    source = item.body_html or item.body  # expect[tickets.body_html]: CR103 likely
    return source[:limit]
