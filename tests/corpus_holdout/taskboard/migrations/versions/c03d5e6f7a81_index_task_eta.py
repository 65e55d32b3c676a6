"""index tasks by estimate

Revision ID: c03d5e6f7a81
Revises: 8e44b1f3c9aa
Create Date: 2024-03-04 09:02:17.550012

"""
from alembic import op


revision = "c03d5e6f7a81"
down_revision = "8e44b1f3c9aa"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_tasks_eta"), "tasks", ["eta"], unique=False)  # expect: CR120 certain


def downgrade() -> None:
    op.drop_index(op.f("ix_tasks_eta"), table_name="tasks")
