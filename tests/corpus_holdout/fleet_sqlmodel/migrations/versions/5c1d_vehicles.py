"""vehicles and service records

Revision ID: 5c1d9e2f3a4b
Revises:
Create Date: 2024-05-06 07:55:31.220190

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

revision = "5c1d9e2f3a4b"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(  # expect: CR120 certain
        "vehicles",
        sa.Column("plate", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("model_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("odometer_km", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_vehicles_plate"), "vehicles", ["plate"], unique=False)
    op.create_table(  # expect-not
        "service_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("performed_at", sa.DateTime(), nullable=False),
        sa.Column("odometer_km", sa.Integer(), nullable=False),  # expect-not
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("service_records")
    op.drop_index(op.f("ix_vehicles_plate"), table_name="vehicles")
    op.drop_table("vehicles")
