"""Nightly import from the old ERP.

The ERP still sends its legacy_sku for each article; we match on it until the
migration to the new codes is finished.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, select

from inventory.tables import products

log = logging.getLogger(__name__)


@dataclass
class ErpArticle:
    """One article as the ERP exports it."""

    legacy_sku: str  # expect-not
    description: str
    net_price: str


def parse_line(line: str) -> ErpArticle:
    code, description, price = line.rstrip("\n").split(";")
    return ErpArticle(legacy_sku=code.strip(), description=description, net_price=price)  # expect-not


def match(conn: Connection, article: ErpArticle) -> int | None:
    row = conn.execute(
        select(products.c.id).where(products.c.legacy_sku == article.legacy_sku)  # expect: CR102 certain; expect-not
    ).first()
    if row is None:
        log.warning("no product for ERP legacy_sku %s", article.legacy_sku)  # expect-not
        return None
    return row.id
