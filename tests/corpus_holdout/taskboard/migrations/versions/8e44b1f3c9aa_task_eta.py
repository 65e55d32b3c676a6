"""tasks get an estimated completion time

Revision ID: 8e44b1f3c9aa
Revises: 2f1c9a7d0b12
Create Date: 2024-02-19 16:40:51.902114

"""
from alembic import op
import sqlalchemy as sa


revision = "8e44b1f3c9aa"
down_revision = "2f1c9a7d0b12"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tasks", sa.Column("eta", sa.DateTime(timezone=True), nullable=True))  # expect: CR120 certain
    op.execute("UPDATE tasks SET eta = created_at + interval '7 days' WHERE status = 'open'")  # expect: CR120 certain


def downgrade() -> None:
    op.drop_column("tasks", "eta")  # expect: CR120 certain
