# colretire-holdout: products.legacy_sku
"""Stock keeping on SQLAlchemy Core: tables, no ORM classes."""
