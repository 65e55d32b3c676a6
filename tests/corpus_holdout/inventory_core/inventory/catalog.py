from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from inventory.tables import products, stock_levels, suppliers


def find_by_any_sku(conn: Connection, code: str) -> Mapping[str, Any] | None:
    stmt = select(products).where(
        (products.c.sku == code) | (products.c.legacy_sku == code)  # expect: CR102 certain
    )
    row = conn.execute(stmt).first()
    return row._mapping if row is not None else None


def legacy_code_of(conn: Connection, product_id: int) -> str | None:
    row = conn.execute(
        select(products.c.id, products.c.legacy_sku).where(products.c.id == product_id)  # expect: CR102 certain
    ).one_or_none()
    if row is None:
        return None
    return row.legacy_sku  # expect: CR103 certain


def add_product(conn: Connection, sku: str, name: str, price: Decimal, legacy_sku: str | None = None) -> int:  # expect-not
    result = conn.execute(
        insert(products).values(sku=sku, name=name, price=price, legacy_sku=legacy_sku)  # expect: CR104 certain
    )
    return result.inserted_primary_key[0]


def import_rows(conn: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    conn.execute(
        products.insert(),
        [
            {
                "sku": r["sku"],
                "legacy_sku": r.get("old_code"),  # expect: CR106 certain
                "name": r["name"],
                "price": r["price"],
            }
            for r in rows
        ],
    )


def forget_legacy_codes(conn: Connection) -> int:
    result = conn.execute(
        update(products).where(products.c.legacy_sku == "").values(legacy_sku=None)  # expect: CR102 certain; expect: CR104 certain
    )
    return result.rowcount


def supplier_codes(conn: Connection) -> dict[int, str]:
    rows = conn.execute(select(suppliers.c.id, suppliers.c.legacy_sku))  # expect-not
    return {r.id: r.legacy_sku for r in rows}  # expect-not


def stock_report(conn: Connection, warehouse: str) -> list[dict[str, Any]]:
    stmt = (
        select(products.c.sku, products.c["legacy_sku"], stock_levels.c.quantity)  # expect: CR102 certain
        .join(stock_levels, stock_levels.c.product_id == products.c.id)
        .where(stock_levels.c.warehouse == warehouse)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def codes_with_suppliers(conn: Connection) -> list[tuple[str, str | None, str | None]]:
    stmt = select(products.c.sku, products.c.legacy_sku, suppliers.c.legacy_sku).join(suppliers)  # expect: CR102 certain; expect-not
    return [tuple(r) for r in conn.execute(stmt)]


DUPLICATE_LEGACY = text(
    "SELECT legacy_sku, count(*) FROM products GROUP BY legacy_sku HAVING count(*) > 1"  # expect: CR107 certain
)

SUPPLIER_LEGACY = text("SELECT id, legacy_sku FROM suppliers WHERE legacy_sku IS NOT NULL")  # expect-not


def duplicates(conn: Connection) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in conn.execute(DUPLICATE_LEGACY)]
