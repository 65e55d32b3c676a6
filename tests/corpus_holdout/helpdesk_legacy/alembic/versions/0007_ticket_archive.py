"""soft deletion for tickets and comments

Revision ID: 0007
Revises: 0006
Create Date: 2021-09-14 13:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"


def upgrade():
    op.add_column("tickets", sa.Column("archived_at", sa.DateTime(), nullable=True))
    op.add_column("tickets", sa.Column("archived_by", sa.Integer(), nullable=True))  # expect[tickets.archived_by]: CR120 certain
    op.create_foreign_key("fk_tickets_archived_by_users", "tickets", "users", ["archived_by"], ["id"])  # expect[tickets.archived_by]: CR120 certain
    op.add_column("comments", sa.Column("archived_at", sa.DateTime(), nullable=True))
    op.add_column("comments", sa.Column("archived_by", sa.Integer(), nullable=True))  # expect-not
    op.create_foreign_key("fk_comments_archived_by_users", "comments", "users", ["archived_by"], ["id"])  # expect-not


def downgrade():
    op.drop_constraint("fk_comments_archived_by_users", "comments", type_="foreignkey")
    op.drop_column("comments", "archived_by")  # expect-not
    op.drop_column("comments", "archived_at")
    op.drop_constraint("fk_tickets_archived_by_users", "tickets", type_="foreignkey")
    op.drop_column("tickets", "archived_by")  # expect[tickets.archived_by]: CR120 certain
    op.drop_column("tickets", "archived_at")
