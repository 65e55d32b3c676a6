"""products and suppliers

Revision ID: a1b2c3d4e5f6
Revises:
Create Date: 2022-08-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "a1b2c3d4e5f6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(  # expect-not
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("legacy_sku", sa.String(length=32), nullable=True),  # expect-not
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
    )
    op.create_table(  # expect: CR120 certain
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("legacy_sku", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"], name=op.f("fk_products_supplier_id_suppliers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    op.create_index("ix_products_supplier_legacy", "products", ["supplier_id", "legacy_sku"])  # expect: CR120 certain


def downgrade() -> None:
    op.drop_index("ix_products_supplier_legacy", table_name="products")
    op.drop_table("products")
    op.drop_table("suppliers")
