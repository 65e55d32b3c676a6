import csv
from typing import IO, Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog import models as m
from catalog.isbn import is_valid_isbn10, isbn10_to_isbn13

CSV_FIELDS = ["id", "title", "isbn13", "isbn10"]  # expect: CR106 likely


def find_by_isbn(session: Session, code: str) -> Optional[m.Book]:
    code = code.replace("-", "")
    if len(code) == 10:
        return session.query(m.Book).filter(m.Book.isbn10 == code).first()  # expect: CR102 certain
    return session.query(m.Book).filter_by(isbn13=code).first()


def backfill_isbn13(session: Session) -> int:
    fixed = 0
    books = session.execute(select(m.Book).where(m.Book.isbn13.is_(None))).scalars().all()
    for book in books:
        if book.isbn10 and is_valid_isbn10(book.isbn10):  # expect: CR103 certain; expect: CR103 certain
            book.isbn13 = isbn10_to_isbn13(book.isbn10)  # expect: CR103 certain
            fixed += 1
    return fixed


def edition_codes(session: Session, book_id: int) -> List[str]:
    editions = session.query(m.Edition).filter(m.Edition.book_id == book_id).all()
    return [e.isbn10 for e in editions if e.isbn10]  # expect-not


def export_csv(books: Iterable[m.Book], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for book in books:
        writer.writerow({f: getattr(book, f) for f in CSV_FIELDS})


def add_book(session: Session, title: str, isbn13: str, isbn10: Optional[str] = None) -> m.Book:  # expect-not
    book = m.Book(title=title, isbn13=isbn13, isbn10=isbn10)  # expect: CR104 certain
    session.add(book)
    return book


def merge_edition_codes(session: Session, book_id: int) -> None:
    book = session.get(m.Book, book_id)
    for edition in book.editions:
        if edition.isbn10 and not book.isbn10:  # expect: CR103 certain; expect-not
            book.isbn10 = edition.isbn10  # expect: CR103 certain; expect-not
