"""cache rendered markdown

Revision ID: 0009
Revises: 0008
Create Date: 2022-01-20 09:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"


def upgrade():
    op.add_column("tickets", sa.Column("body_html", sa.Text(), nullable=True))  # expect[tickets.body_html]: CR120 certain
    op.add_column("comments", sa.Column("body_html", sa.Text(), nullable=True))  # expect-not


def downgrade():
    op.drop_column("comments", "body_html")  # expect-not
    op.drop_column("tickets", "body_html")  # expect[tickets.body_html]: CR120 certain
