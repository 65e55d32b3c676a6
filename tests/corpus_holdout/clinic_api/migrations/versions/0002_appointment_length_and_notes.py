"""appointment length and notes

Revision ID: 0002
Revises: 0001
Create Date: 2024-03-04 16:40:51
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("appointments", sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default="15"))  # expect[appointments.duration_minutes]: CR120 certain
    op.add_column("appointments", sa.Column("notes", sa.Text(), nullable=True))  # expect[appointments.notes]: CR120 certain
    op.alter_column("appointments", "duration_minutes", server_default=None)  # expect[appointments.duration_minutes]: CR120 certain


def downgrade() -> None:
    op.drop_column("appointments", "notes")  # expect[appointments.notes]: CR120 certain
    op.drop_column("appointments", "duration_minutes")  # expect[appointments.duration_minutes]: CR120 certain
