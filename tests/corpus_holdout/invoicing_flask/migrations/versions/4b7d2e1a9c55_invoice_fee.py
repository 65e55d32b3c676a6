"""add processing fee to invoices

Revision ID: 4b7d2e1a9c55
Revises: 1a0c3f9e8d21
Create Date: 2023-06-12 11:20:45.662310

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4b7d2e1a9c55"
down_revision = "1a0c3f9e8d21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fee", sa.Numeric(precision=10, scale=2), nullable=True))  # expect[invoices.fee]: CR120 certain

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fee", sa.Numeric(precision=10, scale=2), nullable=False))  # expect-not


def downgrade():
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("fee")  # expect-not

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("fee")  # expect[invoices.fee]: CR120 certain
