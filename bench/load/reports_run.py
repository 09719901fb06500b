"""The reports at full scale (issue 19): a day's rebuild of every account's books — the work a daily snapshot job
would do (target: under 60 s) — and the receivables report for last quarter in the most used currency, ten times
at one connection (target: p95 under 200 ms). Printed by the load suite; the report still rebuilds the books on
each call (no snapshots yet), so its target is expected to be missed."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.invoices.models import Invoice
from backend.domain.reports.ledger import balances_on
from backend.domain.reports.receivables import receivables_report

RUNS = 10
DAY_TARGET_SECONDS = 60.0
REPORT_TARGET_SECONDS = 0.2


@dataclass(frozen=True)
class ReportsResult:
    currency: str
    accounts: int
    day_seconds: float
    report_p50: float
    report_p95: float


def _last_quarter(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    quarter = (first.month - 1) // 3 * 3 + 1
    end = first.replace(month=quarter) - timedelta(days=1)
    return end.replace(day=1, month=(end.month - 1) // 3 * 3 + 1), end


async def measure(url: str) -> ReportsResult:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    today = datetime.now(UTC).date()
    try:
        async with system_session(sessions) as db:
            currency = (
                await db.execute(select(Invoice.currency).group_by(Invoice.currency).order_by(func.count().desc()))
            ).scalars().first() or "USD"
            started = time.perf_counter()
            day = await balances_on(db, today - timedelta(days=1))
            day_seconds = time.perf_counter() - started
        start, end = _last_quarter(today)
        timings = []
        for _ in range(RUNS):
            async with system_session(sessions) as db:
                started = time.perf_counter()
                await receivables_report(db, currency=currency, start=start, end=end)
                timings.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    timings.sort()
    return ReportsResult(currency, len(day), day_seconds, statistics.median(timings), timings[-1])


def describe(r: ReportsResult) -> str:
    day = "met" if r.day_seconds < DAY_TARGET_SECONDS else "missed"
    page = "met" if r.report_p95 < REPORT_TARGET_SECONDS else "missed"
    return (
        f"a day's books of {r.accounts:,} accounts rebuilt in {r.day_seconds:.1f} s (snapshot job target "
        f"{DAY_TARGET_SECONDS:.0f} s: {day}); last quarter's report in {r.currency}: p50 {r.report_p50:.2f} s, "
        f"p95 (slowest of {RUNS}) {r.report_p95:.2f} s (target {REPORT_TARGET_SECONDS * 1000:.0f} ms: {page}; "
        "it rebuilds the books on every call until daily snapshots exist)"
    )
