"""The reports at full scale (issue 19), before the pages are measured:

* the snapshot job for one day — the day that ended, every account's books and the day's activity — against its
  target of 60 s;
* the history the daily run would have recorded by now: every day's activity in one pass, and the books at the
  days the measured reports read (each month's end for the trend, yesterday for today's figures);
* the report (this month, carried forward from yesterday; last quarter, read from the snapshot) and the 12-month
  trend called in process, ten times each at one connection — the pages themselves are then measured over HTTP
  like every other page (steps ``report`` and ``report_trend``, target p95 < 200 ms).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.invoices.models import Invoice
from backend.domain.reports.receivables import receivables_report, receivables_trend
from backend.domain.reports.snapshots import record_activity, record_balances
from bench.load.operations import report_periods

RUNS = 10
DAY_TARGET_SECONDS = 60.0
REPORT_TARGET_SECONDS = 0.2


@dataclass(frozen=True)
class ReportsResult:
    currency: str
    accounts: int
    day_seconds: float
    history_seconds: float
    days_recorded: int
    timings: dict[str, tuple[float, float]]
    """In-process p50 and p95 (slowest of :data:`RUNS`) per report."""


def month_ends(today: date, months: int) -> list[date]:
    """The last day of each of the ``months`` months before ``today``'s, oldest first."""
    ends, first = [], today.replace(day=1)
    for _ in range(months):
        first_before = (first - timedelta(days=1)).replace(day=1)
        ends.append(first - timedelta(days=1))
        first = first_before
    return sorted(ends)


async def measure(url: str) -> ReportsResult:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    today = datetime.now(UTC).date()
    yesterday = today - timedelta(days=1)
    try:
        async with system_session(sessions) as db:
            currency = (
                await db.execute(select(Invoice.currency).group_by(Invoice.currency).order_by(func.count().desc()))
            ).scalars().first() or "USD"
            first_day = await db.scalar(select(func.min(Invoice.issue_date))) or yesterday
        started = time.perf_counter()
        async with system_session(sessions) as db:
            await record_activity(db, yesterday, yesterday, now=datetime.now(UTC))
            accounts = await record_balances(db, yesterday, now=datetime.now(UTC))
            await db.commit()
        day_seconds = time.perf_counter() - started
        started = time.perf_counter()
        async with system_session(sessions) as db:
            await record_activity(db, first_day, yesterday, now=datetime.now(UTC))
            await db.commit()
        days = [d for d in month_ends(today, 13) if d >= first_day]
        for day in days:
            async with system_session(sessions) as db:
                await record_balances(db, day, now=datetime.now(UTC))
                await db.commit()
        history_seconds = time.perf_counter() - started

        async def timed(call: Callable[[AsyncSession], Awaitable[object]]) -> tuple[float, float]:
            seconds = []
            for _ in range(RUNS):
                async with system_session(sessions) as db:
                    began = time.perf_counter()
                    await call(db)
                    seconds.append(time.perf_counter() - began)
            seconds.sort()
            return statistics.median(seconds), seconds[-1]

        (this_month, _), _, _, (last_quarter, last_quarter_end) = report_periods(today)
        timings = {
            "this month": await timed(
                lambda db: receivables_report(db, currency=currency, start=this_month, end=today)
            ),
            "last quarter": await timed(
                lambda db: receivables_report(db, currency=currency, start=last_quarter, end=last_quarter_end)
            ),
            "12-month trend": await timed(lambda db: receivables_trend(db, currency=currency, months=12, today=today)),
        }
    finally:
        await engine.dispose()
    return ReportsResult(currency, accounts, day_seconds, history_seconds, len(days) + 1, timings)


def describe(r: ReportsResult) -> str:
    day = "met" if r.day_seconds < DAY_TARGET_SECONDS else "missed"
    reports = "; ".join(
        f"{name} p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms" for name, (p50, p95) in r.timings.items()
    )
    return (
        f"snapshot of a day ({r.accounts:,} accounts' books and the day's activity) in {r.day_seconds:.1f} s "
        f"(target {DAY_TARGET_SECONDS:.0f} s: {day}); history as the daily run would have recorded it (every day's "
        f"activity, {r.days_recorded} days' books) in {r.history_seconds:.1f} s; in process, {r.currency}, "
        f"slowest of {RUNS}: {reports} (the pages are measured over HTTP below, target "
        f"{REPORT_TARGET_SECONDS * 1000:.0f} ms)"
    )
