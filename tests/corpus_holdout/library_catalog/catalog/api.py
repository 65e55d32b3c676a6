from typing import List, Optional

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel
from sqlalchemy.orm import Session

from catalog.models import Book, Edition
from catalog.services import find_by_isbn

app = FastAPI()


def get_db() -> Session:
    raise NotImplementedError


class EditionOut(BaseModel):
    year: Optional[int]
    isbn10: Optional[str]  # expect-not

    class Config:
        orm_mode = True


class BookOut(BaseModel):
    id: int
    title: str
    isbn13: Optional[str]
    isbn10: Optional[str]  # expect: CR105 certain
    editions: List[EditionOut] = []

    class Config:
        orm_mode = True


@app.get("/books/by-isbn/{code}", response_model=BookOut)
def by_isbn(code: str, db: Session = Depends(get_db)) -> Book:
    book = find_by_isbn(db, code)
    if book is None:
        raise HTTPException(status_code=404, detail="no book with ISBN %s" % code)
    return book


@app.get("/editions/{edition_id}", response_model=EditionOut)
def read_edition(edition_id: int, db: Session = Depends(get_db)) -> Edition:
    edition = db.get(Edition, edition_id)
    if edition is None:
        raise HTTPException(status_code=404)
    return edition
