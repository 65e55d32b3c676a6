"""legacy_sku becomes optional

Revision ID: f6e5d4c3b2a1
Revises: a1b2c3d4e5f6
Create Date: 2023-04-11 15:22:10.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "f6e5d4c3b2a1"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch_op:
        batch_op.alter_column("legacy_sku", existing_type=sa.String(length=32), nullable=True)  # expect: CR120 certain


def downgrade() -> None:
    with op.batch_alter_table("products") as batch_op:
        batch_op.alter_column("legacy_sku", existing_type=sa.String(length=32), nullable=False)  # expect: CR120 certain
