"""The daily collections run over the whole book (issue 16): every account assessed, then every reminder due sent.

Measured against a floor in the same run: the dunning plan's candidate rows (every open invoice whose first
level's day has come, with its last level sent and its live promises) read over raw asyncpg in one statement —
what any dunning must at least read. Statements are counted per batch (each batch commits), and must be the
same for every batch whatever it holds. Letters of an earlier run are removed first, so each run sends the
book's full set (the audit events of earlier runs stay: the chain is append-only).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.credit import dunning
from backend.domain.credit.assessment import assess_all

FLOOR_SQL = """
SELECT i.id, i.account_id, i.number, i.due_date, i.currency, i.open_balance, i.disputed_amount,
       (SELECT max(d.level_position) FROM dunning_letter_items d WHERE d.invoice_id = i.id AND NOT d.under_review),
       (SELECT count(*) FROM promise_items p JOIN promises_to_pay t ON t.id = p.promise_id
         WHERE p.invoice_id = i.id AND t.status = 'open' AND t.promised_on >= $1)
FROM invoices i JOIN customer_accounts a ON a.id = i.account_id
WHERE i.open_balance > 0 AND i.due_date <= $2
  AND (a.dunning_paused_until IS NULL OR a.dunning_paused_until < $1)
ORDER BY i.account_id, i.due_date, i.number
"""
CLEAN = [
    "DELETE FROM contact_entries WHERE letter_id IS NOT NULL",
    "DELETE FROM outbox_emails WHERE attachment_kind = 'dunning_letter'",
    "DELETE FROM dunning_letter_items",
    "DELETE FROM dunning_letters",
]


@dataclass(frozen=True)
class CollectionsResult:
    accounts: int
    assess_seconds: float
    letters: int
    items: int
    run_seconds: float
    batches: int
    statements_per_batch: list[int]
    floor_seconds: float
    floor_rows: int

    @property
    def full_batches(self) -> list[int]:
        """Statements of each batch that sent letters (the run's last probe finds no accounts and costs fewer)."""
        return self.statements_per_batch[: self.batches]

    @property
    def constant_statements(self) -> bool:
        return len(set(self.full_batches)) == 1


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def measure(url: str, today: date | None = None) -> CollectionsResult:
    today = today or datetime.now(UTC).date()
    now = datetime.now(UTC)
    conn = await asyncpg.connect(_plain(url))
    try:
        for statement in CLEAN:
            await conn.execute(statement)
        await conn.execute("ANALYZE invoices")
    finally:
        await conn.close()
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    per_batch: list[int] = [0]

    def count(*_: Any) -> None:
        per_batch[-1] += 1

    def next_batch(*_: Any) -> None:
        per_batch.append(0)

    try:
        started = time.perf_counter()
        async with system_session(sessions) as db:
            accounts = await assess_all(db, today=today, now=now)
        assess_seconds = time.perf_counter() - started
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        event.listen(engine.sync_engine, "commit", next_batch)
        started = time.perf_counter()
        async with system_session(sessions) as db:
            summary = await dunning.run(db, today=today, now=now, portal_url="http://bench.example/portal")
        run_seconds = time.perf_counter() - started
        event.remove(engine.sync_engine, "before_cursor_execute", count)
        event.remove(engine.sync_engine, "commit", next_batch)
    finally:
        await engine.dispose()
    levels = await _first_level_days(url)
    conn = await asyncpg.connect(_plain(url))
    try:
        started = time.perf_counter()
        rows = await conn.fetch(FLOOR_SQL, today, today - timedelta(days=levels))
        floor_seconds = time.perf_counter() - started
    finally:
        await conn.close()
    return CollectionsResult(
        accounts=accounts,
        assess_seconds=assess_seconds,
        letters=summary.letters,
        items=summary.items,
        run_seconds=run_seconds,
        batches=summary.batches,
        # the first batch also read the levels, once per run
        statements_per_batch=[n - (1 if i == 0 else 0) for i, n in enumerate(n for n in per_batch if n)],
        floor_seconds=floor_seconds,
        floor_rows=len(rows),
    )


async def _first_level_days(url: str) -> int:
    conn = await asyncpg.connect(_plain(url))
    try:
        return int(await conn.fetchval("SELECT min(days_after_due) FROM dunning_levels WHERE active"))
    finally:
        await conn.close()


TARGET_SECONDS = 30.0


def describe(r: CollectionsResult) -> str:
    return (
        f"{r.accounts:,} accounts assessed in {r.assess_seconds:.1f} s; dunning sent {r.letters:,} letters with "
        f"{r.items:,} items in {r.run_seconds:.1f} s ({r.batches} batches, statements per batch "
        f"{sorted(set(r.full_batches))}); floor read {r.floor_rows:,} rows in {r.floor_seconds:.1f} s"
    )
