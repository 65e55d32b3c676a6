from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    func,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

suppliers = Table(
    "suppliers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    # Suppliers keep their own code from the old ERP too; it stays.
    Column("legacy_sku", String(32), nullable=True),  # expect-not
)

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sku", String(32), nullable=False, unique=True),
    Column("legacy_sku", String(32), nullable=True),  # expect: CR101 certain
    Column("name", String(200), nullable=False),
    Column("price", Numeric(10, 2), nullable=False),
    Column("supplier_id", ForeignKey("suppliers.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
)

Index("ix_products_supplier_legacy", products.c.supplier_id, products.c.legacy_sku)  # expect: CR102 certain

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", ForeignKey("products.id"), primary_key=True),
    Column("warehouse", String(16), primary_key=True),
    Column("quantity", Integer, nullable=False, default=0),
)
