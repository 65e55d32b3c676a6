"""initial schema

Revision ID: 0001
Revises:
Create Date: 2024-02-12 09:14:03
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practitioners",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("specialty", sa.String(length=80), nullable=False),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),  # expect-not[appointments.notes]
    )
    op.create_table(
        "visit_types",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=20), nullable=False, unique=True),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False, server_default="15"),  # expect-not[appointments.duration_minutes]
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("patient_id", sa.Integer(), sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), sa.ForeignKey("practitioners.id"), nullable=False),
        sa.Column("visit_type_id", sa.Integer(), sa.ForeignKey("visit_types.id"), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False, server_default="booked"),
    )


def downgrade() -> None:
    op.drop_table("appointments")
    op.drop_table("visit_types")
    op.drop_table("patients")
    op.drop_table("practitioners")
