from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import column_property, declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)


class Book(Base):
    __tablename__ = "books"

    id = Column(Integer, primary_key=True)
    title = Column(String(300), nullable=False)
    author_id = Column(Integer, ForeignKey("authors.id"))
    isbn13 = Column(String(13), unique=True)
    # Kept for the old library system's barcodes; history tracked for the audit log.
    isbn10 = column_property(Column(String(10), index=True), active_history=True)  # expect: CR101 certain

    author = relationship(Author)
    editions = relationship("Edition", back_populates="book")

    def __repr__(self):
        return "<Book %r isbn10=%s>" % (self.title, self.isbn10)  # expect: CR103 certain

    def to_dict(self):
        return {
            "id": self.id,
            "title": self.title,
            "isbn10": self.isbn10,  # expect: CR106 certain; expect: CR103 certain
            "isbn13": self.isbn13,
        }


class Edition(Base):
    __tablename__ = "editions"

    id = Column(Integer, primary_key=True)
    book_id = Column(Integer, ForeignKey("books.id"), nullable=False)
    year = Column(Integer)
    isbn10 = Column(String(10))  # expect-not

    book = relationship(Book, back_populates="editions")
