"""add isbn10 to books and editions

Revision ID: b5e1f0c2d3a4
Revises: a4d0e9b1c2f3
Create Date: 2019-03-02 17:41:09

"""
from alembic import op
import sqlalchemy as sa

revision = "b5e1f0c2d3a4"
down_revision = "a4d0e9b1c2f3"


def upgrade():
    op.add_column("books", sa.Column("isbn10", sa.String(10), nullable=True))  # expect: CR120 certain
    op.create_index("ix_books_isbn10", "books", ["isbn10"])  # expect: CR120 certain
    op.add_column("editions", sa.Column("isbn10", sa.String(10), nullable=True))  # expect-not
    op.execute("UPDATE editions SET isbn10 = (SELECT isbn10 FROM books WHERE books.id = editions.book_id)")  # expect: CR120 certain


def downgrade():
    op.drop_column("editions", "isbn10")  # expect-not
    op.drop_index("ix_books_isbn10", table_name="books")
    op.drop_column("books", "isbn10")  # expect: CR120 certain
