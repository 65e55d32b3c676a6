"""Task estimates move to eta_minutes: same unit (minutes), a name nobody misreads.

The app writes both columns from this release on; this revision copies the estimates made
before it. expected_completion_time itself goes through colretire's retirement.

Revision ID: 0003
Revises: 0002
Create Date: 2026-01-12 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tasks", sa.Column("eta_minutes", sa.Integer(), nullable=True))
    op.execute("UPDATE tasks SET eta_minutes = expected_completion_time")


def downgrade() -> None:
    op.drop_column("tasks", "eta_minutes")
