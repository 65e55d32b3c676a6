from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel


class CommentOut(BaseModel):
    id: int
    body: str
    body_html: Optional[str] = None  # expect-not
    archived_by: Optional[int] = None  # expect-not

    class Config:
        orm_mode = True


class TicketOut(BaseModel):
    id: int
    subject: str
    body: str
    created_at: datetime
    archived_at: Optional[datetime] = None
    archived_by: Optional[int] = None  # expect[tickets.archived_by]: CR105 certain
    comments: List[CommentOut] = []

    class Config:
        orm_mode = True


class TicketPage(BaseModel):
    id: int
    subject: str
    body_html: str  # expect[tickets.body_html]: CR105 certain

    class Config:
        orm_mode = True
