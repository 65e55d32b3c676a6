"""attribute cases and leads to a source

Revision ID: 3d9f0e21aa47
Revises: 0c11b7e5d2f3
Create Date: 2024-10-21 10:05:09.771203

"""
from alembic import op
import sqlalchemy as sa

revision = "3d9f0e21aa47"
down_revision = "0c11b7e5d2f3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("source_id", sa.Integer(), nullable=True))  # expect: CR120 certain
    op.create_foreign_key(op.f("fk_cases_source_id_sources"), "cases", "sources", ["source_id"], ["id"], ondelete="SET NULL")  # expect: CR120 certain
    op.create_index(op.f("ix_cases_source_id"), "cases", ["source_id"], unique=False)  # expect: CR120 certain
    op.add_column("leads", sa.Column("source_id", sa.Integer(), nullable=True))  # expect-not
    op.create_foreign_key(op.f("fk_leads_source_id_sources"), "leads", "sources", ["source_id"], ["id"])  # expect-not


def downgrade() -> None:
    op.drop_constraint(op.f("fk_leads_source_id_sources"), "leads", type_="foreignkey")
    op.drop_column("leads", "source_id")  # expect-not
    op.drop_index(op.f("ix_cases_source_id"), table_name="cases")
    op.drop_constraint(op.f("fk_cases_source_id_sources"), "cases", type_="foreignkey")
    op.drop_column("cases", "source_id")  # expect: CR120 certain
