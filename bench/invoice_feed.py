"""Invoice feed throughput: rows per second for a first import (all new), the same file again (all
unchanged) and a changed file (every invoice updated), over ``BENCH_FEED_ROWS`` rows (default 100,000;
five lines per invoice, 200 customers).

Runs on a throwaway SQLite file, then on PostgreSQL when ``RECOUP_BENCH_POSTGRES_URL`` names one
(``make bench`` sets it; its public schema is dropped and recreated). Never a CI gate: wall-clock numbers vary by machine.
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.db.types import utc_now
from backend.domain.accounts.models import Organisation
from backend.domain.invoice_feed.layout import COLUMNS
from backend.domain.invoice_feed.service import FeedActor, import_invoice_feed
from backend.migrations import upgrade_to_head

ROWS = int(os.environ.get("BENCH_FEED_ROWS", "100000"))
LINES = 5


def _feed(price: str) -> bytes:
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")
    for n in range(ROWS):
        invoice, line = divmod(n, LINES)
        amount = (Decimal(3) * Decimal(price)).quantize(Decimal("0.01"))
        out.write(
            f"INV-B-{invoice:07d},C-B-{invoice % 200:04d},Bench Customer {invoice % 200},USD,2026-11-01,2026-12-01,"
            f"PO-{invoice:07d},DEL-{invoice:07d},2.000,2026-11-11,{line + 1},SKU-{line},Bench widget {line},"
            f"3,{price},{amount}\n"
        )
    return out.getvalue().encode()


def _reset_postgres(url: str) -> None:
    import asyncpg

    async def reset() -> None:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await conn.close()

    asyncio.run(reset())


async def _measure(url: str) -> None:
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    async with system_session(sessionmaker) as db:
        db.add(Organisation(name="Bench Seller", base_currency="USD"))
        await db.commit()
    for label, data in (("new", _feed("10.00")), ("unchanged", _feed("10.00")), ("changed", _feed("11.50"))):
        async with system_session(sessionmaker) as db:
            started = time.perf_counter()
            report = await import_invoice_feed(
                db, stream=io.BytesIO(data), actor=FeedActor(filename="bench.csv"), now=utc_now()
            )
            seconds = time.perf_counter() - started
        counts = f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}"
        print(f"{label:>9}: {ROWS} rows in {seconds:6.1f} s = {ROWS / seconds:8.0f} rows/s ({report.status}; {counts})")
    await engine.dispose()


def run() -> int:
    with tempfile.TemporaryDirectory(prefix="recoup-bench-") as folder:
        urls = [f"sqlite+aiosqlite:///{Path(folder) / 'feed.db'}"]
        if os.environ.get("RECOUP_BENCH_POSTGRES_URL"):
            urls.append(os.environ["RECOUP_BENCH_POSTGRES_URL"])
        for url in urls:
            if url.startswith("postgresql"):
                _reset_postgres(url)
            upgrade_to_head(url)
            print(f"invoice feed on {url.split(':', 1)[0]}")
            asyncio.run(_measure(url))
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
