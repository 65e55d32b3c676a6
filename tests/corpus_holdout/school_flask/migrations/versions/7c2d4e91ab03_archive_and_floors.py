"""archive flags and classroom floors

Revision ID: 7c2d4e91ab03
Revises: 1f0a6b3c5d77
Create Date: 2023-11-20 14:05:44.902113
"""
import sqlalchemy as sa
from alembic import op

revision = "7c2d4e91ab03"
down_revision = "1f0a6b3c5d77"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("courses", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))  # expect[courses.archived_at]: CR120 certain
    op.add_column("students", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))  # expect-not[courses.archived_at]
    op.add_column("enrollments", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))  # expect-not[courses.archived_at]
    op.add_column("classrooms", sa.Column("floor", sa.Integer(), nullable=False, server_default="0"))  # expect[classrooms.floor]: CR120 certain
    op.alter_column("classrooms", "floor", server_default=None)  # expect[classrooms.floor]: CR120 certain


def downgrade() -> None:
    op.drop_column("classrooms", "floor")  # expect[classrooms.floor]: CR120 certain
    op.drop_column("enrollments", "archived_at")  # expect-not[courses.archived_at]
    op.drop_column("students", "archived_at")  # expect-not[courses.archived_at]
    op.drop_column("courses", "archived_at")  # expect[courses.archived_at]: CR120 certain
