"""What the database must show after any amount of concurrent work: the money adds up and nothing happened twice.

Each query returns the rows that break a rule (none is right). Beyond the CHECK constraints on
``invoices``, every part of an invoice's balance must equal the rows it stands for.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from typing import Any

import asyncpg

OPEN_CASES = "('new', 'assigned', 'in_review', 'waiting_on_customer', 'waiting_on_internal')"

VIOLATIONS: dict[str, str] = {
    "open balance = total - paid - credited - written off, never negative; 0 <= disputed <= open": """
        SELECT number FROM invoices
        WHERE open_balance <> total_amount - paid_amount - credited_amount - written_off_amount
           OR open_balance < 0 OR disputed_amount < 0 OR disputed_amount > open_balance""",
    "paid = the payments allocated to the invoice": """
        SELECT i.number FROM invoices i
        LEFT JOIN (SELECT invoice_id, sum(amount) AS s FROM payment_allocations GROUP BY invoice_id) p
          ON p.invoice_id = i.id
        WHERE i.paid_amount <> coalesce(p.s, 0)""",
    "credited = the invoice's credit memos not reversed": """
        SELECT i.number FROM invoices i
        LEFT JOIN (SELECT invoice_id, sum(amount) AS s FROM credit_memos WHERE reversed_at IS NULL
                   GROUP BY invoice_id) c ON c.invoice_id = i.id
        WHERE i.credited_amount <> coalesce(c.s, 0)""",
    "written off = the invoice's written-off cases": """
        SELECT i.number FROM invoices i
        LEFT JOIN (SELECT invoice_id, sum(amount) AS s FROM disputes WHERE status = 'written_off'
                   GROUP BY invoice_id) w ON w.invoice_id = i.id
        WHERE i.written_off_amount <> coalesce(w.s, 0)""",
    "disputed = the invoice's open cases": f"""
        SELECT i.number FROM invoices i
        LEFT JOIN (SELECT invoice_id, sum(amount) AS s FROM disputes WHERE status IN {OPEN_CASES}
                   GROUP BY invoice_id) d ON d.invoice_id = i.id
        WHERE i.disputed_amount <> coalesce(d.s, 0)""",
    "at most one standing credit memo per case": """
        SELECT CAST(dispute_id AS TEXT) FROM credit_memos WHERE dispute_id IS NOT NULL AND reversed_at IS NULL
        GROUP BY dispute_id HAVING count(*) > 1""",
    "a credit memo number is issued once": "SELECT number FROM credit_memos GROUP BY number HAVING count(*) > 1",
    "one dispute per account and idempotency key": """
        SELECT idempotency_key FROM disputes WHERE idempotency_key IS NOT NULL
        GROUP BY account_id, idempotency_key HAVING count(*) > 1""",
    "one money action per person and idempotency key": """
        SELECT key FROM idempotency_keys GROUP BY user_id, key HAVING count(*) > 1""",
}


async def violations(conn: Any) -> dict[str, list[str]]:
    """Each broken rule with up to 10 of the rows that break it (asyncpg connection)."""
    broken: dict[str, list[str]] = {}
    for rule, sql in VIOLATIONS.items():
        rows = await conn.fetch(sql + " LIMIT 10")
        if rows:
            broken[rule] = [str(row[0]) for row in rows]
    return broken


async def violations_at(database_url: str) -> dict[str, list[str]]:
    """:func:`violations` of the database a server runs on: PostgreSQL, or the embedded default's SQLite file."""
    if database_url.startswith("postgresql"):
        conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://", 1))
        try:
            return await violations(conn)
        finally:
            await conn.close()

    def read() -> dict[str, list[str]]:
        with closing(sqlite3.connect(database_url.split("///", 1)[1])) as db:
            found = {rule: db.execute(sql + " LIMIT 10").fetchall() for rule, sql in VIOLATIONS.items()}
        return {rule: [str(row[0]) for row in rows] for rule, rows in found.items() if rows}

    return await asyncio.to_thread(read)
