from typing import Any

from sqlalchemy import Connection, select, text, update

from app.db.models import Payment, Payout, ledger_entries

ENTRY_MEMO_SQL = text("SELECT memo FROM ledger_entries WHERE payment_id = :pid ORDER BY booked_at")  # expect[ledger_entries.memo]: CR107 certain
PAYOUT_MEMO_SQL = text("SELECT memo FROM payouts WHERE merchant_id = :mid")  # expect-not[ledger_entries.memo]


def book_capture(conn: Connection, payment: Payment) -> None:
    conn.execute(
        ledger_entries.insert(),
        [
            {"payment_id": payment.id, "direction": "debit", "amount_cents": payment.amount_cents, "memo": f"capture {payment.id}"},  # expect[ledger_entries.memo]: CR106 certain
            {"payment_id": payment.id, "direction": "credit", "amount_cents": payment.amount_cents, "memo": None},  # expect[ledger_entries.memo]: CR106 certain
        ],
    )


def book_refund(conn: Connection, payment: Payment, amount_cents: int, memo: str) -> None:  # expect-not[ledger_entries.memo]
    conn.execute(ledger_entries.insert().values(payment_id=payment.id, direction="credit", amount_cents=amount_cents, memo=memo))  # expect[ledger_entries.memo]: CR104 certain; expect-not[ledger_entries.memo]


def statement(conn: Connection, payment_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(ledger_entries.c.id, ledger_entries.c.amount_cents, ledger_entries.c.memo)  # expect[ledger_entries.memo]: CR102 certain
        .where(ledger_entries.c.payment_id == payment_id)
        .order_by(ledger_entries.c.booked_at)
    )
    lines = []
    for row in conn.execute(stmt):
        lines.append({"id": row.id, "amount": row.amount_cents, "text": row.memo or ""})  # expect[ledger_entries.memo]: CR103 certain
    return lines


def redact_memos(conn: Connection, payment_id: int) -> None:
    conn.execute(update(ledger_entries).where(ledger_entries.c.payment_id == payment_id).values(memo=None))  # expect[ledger_entries.memo]: CR104 certain


def search_memos(conn: Connection, needle: str) -> list[int]:
    column = ledger_entries.c["memo"]  # expect[ledger_entries.memo]: CR102 certain
    return [r.id for r in conn.execute(select(ledger_entries.c.id).where(column.ilike(f"%{needle}%")))]


def payout_note(payout: Payout) -> str:
    memo = payout.memo or "payout"  # expect-not[ledger_entries.memo]
    return memo.upper()  # expect-not[ledger_entries.memo]


def describe(entry) -> str:
    # untyped: a ledger row or a payout
    return entry.memo or "(no memo)"  # expect[ledger_entries.memo]: CR103 likely


def raw_memos(conn: Connection, payment_id: int) -> list[str]:
    return [r.memo for r in conn.execute(ENTRY_MEMO_SQL, {"pid": payment_id})]  # expect[ledger_entries.memo]: CR103 likely
