"""initial

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(  # expect: CR120 certain
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("expected_completion_time", sa.Integer(), nullable=True),
    )
    op.add_column("projects", sa.Column("expected_completion_time", sa.Integer()))  # expect-not


def downgrade() -> None:
    op.drop_column("projects", "expected_completion_time")  # expect-not
    op.drop_table("tasks")
