"""shipments

Revision ID: 77aa01bc22dd
Revises: 66ff00ab11cc
Create Date: 2024-09-03 14:12:44.001942

"""
from alembic import op
import sqlalchemy as sa

revision = "77aa01bc22dd"
down_revision = "66ff00ab11cc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(  # expect[shipments.origin_lat]: CR120 certain; expect[shipments.promised_at]: CR120 certain
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=40), nullable=False),
        sa.Column("origin_lat", sa.Float(), nullable=False),
        sa.Column("origin_lng", sa.Float(), nullable=False),
        sa.Column("dest_lat", sa.Float(), nullable=False),
        sa.Column("dest_lng", sa.Float(), nullable=False),
        sa.Column("promised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("orders", sa.Column("promised_at", sa.DateTime(timezone=True), nullable=True))  # expect-not


def downgrade() -> None:
    op.drop_column("orders", "promised_at")  # expect-not
    op.drop_table("shipments")
