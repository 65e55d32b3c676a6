import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.drop_column("tasks", "priority_label")  # expect: CR120 certain


def downgrade() -> None:
    op.add_column("tasks", sa.Column("priority_label", sa.String(10), nullable=True))  # expect: CR120 certain
