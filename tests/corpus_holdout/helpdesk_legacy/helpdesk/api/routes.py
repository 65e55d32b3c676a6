from typing import List

from fastapi import APIRouter, Depends, HTTPException

from helpdesk.api.schemas import CommentOut, TicketOut, TicketPage
from helpdesk.database import Session
from helpdesk.models import Comment, Ticket
from helpdesk.rendering import render
from helpdesk.store import TicketStore

router = APIRouter()


def get_store():
    return TicketStore(Session())


@router.get("/tickets/{ticket_id}", response_model=TicketOut)
def read_ticket(ticket_id: int, store: TicketStore = Depends(get_store)):
    ticket = store.get(ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404)
    return TicketOut.from_orm(ticket)


@router.get("/tickets/{ticket_id}/page", response_model=TicketPage)
def read_page(ticket_id: int, store: TicketStore = Depends(get_store)):
    ticket = store.with_rendered_body(ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404)
    if not ticket.body_html:  # expect[tickets.body_html]: CR103 certain
        ticket.body_html = render(ticket.body)  # expect[tickets.body_html]: CR103 certain
    return ticket


@router.get("/tickets/{ticket_id}/comments", response_model=List[CommentOut])
def read_comments(ticket_id: int, store: TicketStore = Depends(get_store)):
    comments = store.db.query(Comment).filter(Comment.ticket_id == ticket_id).all()
    return [c for c in comments if c.archived_by is None]  # expect-not


@router.post("/tickets/{ticket_id}/archive")
def archive_ticket(ticket_id: int, user_id: int, store: TicketStore = Depends(get_store)):
    ticket = store.db.query(Ticket).get(ticket_id)
    if ticket.archived_by is not None:  # expect[tickets.archived_by]: CR103 certain
        raise HTTPException(status_code=409, detail="already archived")
    ticket.archived_by = user_id  # expect[tickets.archived_by]: CR103 certain
    store.db.commit()
    return {"id": ticket.id, "archived_by": ticket.archived_by}  # expect[tickets.archived_by]: CR106 certain; expect[tickets.archived_by]: CR103 certain
