"""refund controls

Revision ID: a1c93e0f2b11
Revises: 5d02aa7c64e8
Create Date: 2024-06-19 11:02:37.118204
"""
import sqlalchemy as sa
from alembic import op

revision = "a1c93e0f2b11"
down_revision = "5d02aa7c64e8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("organizations", sa.Column("refunds_blocked", sa.Boolean(), server_default=sa.false(), nullable=False))  # expect-not[orders.refunds_blocked]
    op.add_column("orders", sa.Column("refunds_blocked", sa.Boolean(), server_default=sa.false(), nullable=False))  # expect[orders.refunds_blocked]: CR120 certain
    op.add_column("refunds", sa.Column("fee", sa.Numeric(10, 2), server_default="0", nullable=False))  # expect[refunds.fee]: CR120 certain
    op.add_column("shipping_options", sa.Column("fee", sa.Numeric(10, 2), nullable=False))  # expect-not[refunds.fee]
    op.alter_column("orders", "discount_cents", existing_type=sa.Integer(), nullable=True)  # expect[orders.discount_cents]: CR120 certain


def downgrade() -> None:
    op.alter_column("orders", "discount_cents", existing_type=sa.Integer(), nullable=False)  # expect[orders.discount_cents]: CR120 certain
    op.drop_column("shipping_options", "fee")  # expect-not[refunds.fee]
    op.drop_column("refunds", "fee")  # expect[refunds.fee]: CR120 certain
    op.drop_column("orders", "refunds_blocked")  # expect[orders.refunds_blocked]: CR120 certain
    op.drop_column("organizations", "refunds_blocked")  # expect-not[orders.refunds_blocked]
