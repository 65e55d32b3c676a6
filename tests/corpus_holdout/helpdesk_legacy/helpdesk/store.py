from typing import List, Optional

from sqlalchemy.orm import Query, load_only, undefer

from helpdesk.database import Session
from helpdesk.models import Comment, Ticket


class TicketStore(object):
    def __init__(self, session=None):
        self.db = session or Session()

    def find(self, ticket_id):
        # type: (int) -> Optional[Ticket]
        return self.db.query(Ticket).get(ticket_id)

    def get(self, ticket_id: int) -> Optional[Ticket]:
        return self.db.query(Ticket).filter(Ticket.id == ticket_id).one_or_none()

    def active(self) -> Query:
        return self.db.query(Ticket).filter(Ticket.archived_by.is_(None))  # expect[tickets.archived_by]: CR102 certain

    def archived_by_user(self, user_id: int) -> List[Ticket]:
        return self.db.query(Ticket).filter_by(archived_by=user_id).all()  # expect[tickets.archived_by]: CR104 certain

    def with_rendered_body(self, ticket_id: int) -> Optional[Ticket]:
        return (
            self.db.query(Ticket)
            .options(undefer(Ticket.body_html))  # expect[tickets.body_html]: CR102 certain
            .filter(Ticket.id == ticket_id)
            .first()
        )

    def headlines(self) -> List[Ticket]:
        return self.db.query(Ticket).options(load_only(Ticket.id, Ticket.subject)).all()

    def restore_everything_of(self, user_id: int) -> None:
        self.db.query(Ticket).filter(Ticket.archived_by == user_id).update(  # expect[tickets.archived_by]: CR102 certain
            {"archived_by": None, "archived_at": None}, synchronize_session=False  # expect[tickets.archived_by]: CR106 certain
        )
        self.db.query(Comment).filter(Comment.archived_by == user_id).update(  # expect-not
            {Comment.archived_by: None, Comment.archived_at: None}, synchronize_session=False  # expect-not
        )
        self.db.commit()

    def comments_needing_render(self) -> List[Comment]:
        return self.db.query(Comment).filter(Comment.body_html.is_(None)).all()  # expect-not
