"""The reports' currency list after snapshots start: currencies last invoiced before the first recorded day, and
a new currency whose first invoices are keyed in after their issue day was recorded, are still offered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from backend.db.engine import system_session
from backend.domain.invoices.models import Invoice
from backend.domain.reports.snapshots import report_currencies, take_daily_snapshots
from tests.reports.conftest import unused_currency

TODAY = date.today()


async def _invoice(demo: Any, factory: Any, account: Any, cur: str, issued: date) -> None:
    inv = await factory.invoice(account, total=Decimal("100.00"), issue=issued)
    async with system_session(demo) as db:
        row = await db.get(Invoice, inv.id)
        row.currency = cur
        await db.commit()


async def test_first_run_after_upgrade_drops_older_currencies(demo: Any, factory: Any) -> None:
    """Migration 0030 deployed, first collections run records yesterday only: a currency last invoiced 10 days
    ago disappears from the reports' picker and the weekly digest (weekly.weekly_reports)."""
    cur = await unused_currency(demo, "R")
    account = await factory.account()
    await _invoice(demo, factory, account, cur, TODAY - timedelta(days=10))
    async with system_session(demo) as db:
        assert cur in await report_currencies(db)
        await take_daily_snapshots(db, today=TODAY, now=datetime.now(UTC))
        await db.commit()
    async with system_session(demo) as db:
        assert cur in await report_currencies(db)


async def test_new_currency_keyed_in_after_its_issue_day_was_recorded(demo: Any, factory: Any) -> None:
    """An ERP batch landing this morning invoices dated yesterday (after the run recorded yesterday)."""
    cur = await unused_currency(demo, "R")
    account = await factory.account()
    async with system_session(demo) as db:
        await take_daily_snapshots(db, today=TODAY, now=datetime.now(UTC))
        await db.commit()
    await _invoice(demo, factory, account, cur, TODAY - timedelta(days=1))
    async with system_session(demo) as db:
        assert cur in await report_currencies(db)
