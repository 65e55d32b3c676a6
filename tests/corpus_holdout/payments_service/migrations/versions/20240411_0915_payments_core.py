"""payments core tables

Revision ID: 4be1f07d9a22
Revises: 118c0a3e5f60
Create Date: 2024-04-11 09:15:27.004211
"""
import sqlalchemy as sa
from alembic import op

revision = "4be1f07d9a22"
down_revision = "118c0a3e5f60"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("payments", sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False))  # expect[payments.customer_id]: CR120 certain
    op.add_column("invoices", sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False))  # expect-not[payments.customer_id]
    op.add_column("payments", sa.Column("gateway_reference", sa.String(length=64), nullable=True))  # expect[payments.gateway_reference]: CR120 certain
    op.add_column("payouts", sa.Column("gateway_reference", sa.String(length=64), nullable=True))  # expect-not[payments.gateway_reference]
    op.add_column("ledger_entries", sa.Column("memo", sa.String(length=255), nullable=True))  # expect[ledger_entries.memo]: CR120 certain
    op.add_column("payouts", sa.Column("memo", sa.Text(), nullable=True))  # expect-not[ledger_entries.memo]


def downgrade() -> None:
    op.drop_column("payouts", "memo")  # expect-not[ledger_entries.memo]
    op.drop_column("ledger_entries", "memo")  # expect[ledger_entries.memo]: CR120 certain
    op.drop_column("payouts", "gateway_reference")  # expect-not[payments.gateway_reference]
    op.drop_column("payments", "gateway_reference")  # expect[payments.gateway_reference]: CR120 certain
    op.drop_column("invoices", "customer_id")  # expect-not[payments.customer_id]
    op.drop_column("payments", "customer_id")  # expect[payments.customer_id]: CR120 certain
