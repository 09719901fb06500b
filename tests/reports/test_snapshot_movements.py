"""Every kind of change after a day was recorded — a case reopened or decided again, an invoice corrected by the
ERP feed (total, due date, currency), cash keyed in while the snapshot ran or committed after it with an earlier
time — leaves today's carried-forward books equal to rebuilding them from the records (found in review: the
recording time alone could not tell which invoices moved; the customers' data versions can)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.reports.ledger import balances_on
from backend.domain.reports.snapshots import books_on, record_balances, total
from tests.reports.conftest import unused_currency

D = Decimal
TODAY = date.today()
S = TODAY - timedelta(days=3)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
async def cur(demo: Any) -> str:
    return await unused_currency(demo, "Q")


async def _invoice(demo: Any, factory: Any, account: Any, cur: str, total_: str, issued: date, due: date) -> Any:
    inv = await factory.invoice(account, total=D(total_), issue=issued, due_in_days=(due - issued).days)
    async with system_session(demo) as db:
        row = await db.get(Invoice, inv.id)
        row.currency = cur
        row.created_at = _at(issued)
        await db.commit()
        return row


async def _snapshot(demo: Any, now: datetime | None = None) -> None:
    async with system_session(demo) as db:
        await record_balances(db, S, now=now or datetime.now(UTC))
        await db.commit()


async def _compare(demo: Any, account: Any, cur: str) -> tuple[Any, Any, Any, Any]:
    async with system_session(demo) as db:
        carried = await books_on(db, TODAY, currency=cur, account_id=account.id)
        rebuilt = (await balances_on(db, TODAY, currency=cur, account_id=account.id)).get((account.id, cur))
        carried_all = await books_on(db, TODAY, currency=cur)
        rebuilt_all = total(await balances_on(db, TODAY, currency=cur))
    return carried, rebuilt, carried_all, rebuilt_all


async def _case(demo: Any, factory: Any, invoice: Any, amount: str, opened: datetime) -> Any:
    case = await factory.dispute(invoice, amount=D(amount))
    async with system_session(demo) as db:
        row = await db.get(Dispute, case.id)
        row.created_at = opened
        await db.commit()
    return case


async def test_reopened_written_off_case(demo: Any, factory: Any, cur: str) -> None:
    """A case written off before the snapshot, reopened today (resolution.service.reopen: reverse_write_off,
    hold again, move_to IN_REVIEW -> resolved_at = NULL)."""
    account = await factory.account()
    inv = await _invoice(demo, factory, account, cur, "500.00", S - timedelta(days=20), S + timedelta(days=20))
    case = await _case(demo, factory, inv, "50.00", _at(S - timedelta(days=5)))
    async with system_session(demo) as db:  # written off at S-2
        d, i = await db.get(Dispute, case.id), await db.get(Invoice, inv.id)
        d.status, d.resolved_at = "written_off", _at(S - timedelta(days=2))
        ledger.release_dispute(i, d.amount)
        ledger.write_off(i, d.amount)
        await db.commit()
    await _snapshot(demo)
    async with system_session(demo) as db:  # reopened today
        d, i = await db.get(Dispute, case.id), await db.get(Invoice, inv.id)
        ledger.reverse_write_off(i, d.amount)
        ledger.hold_for_dispute(i, d.amount)
        d.status, d.resolved_at = "in_review", None
        await db.commit()
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all


async def test_case_denied_before_snapshot_reopened_and_written_off_today(demo: Any, factory: Any, cur: str) -> None:
    """Decided before the snapshot, reopened and decided again after it: the invoice IS in T (resolved_at >= after)
    but then() sees the case as open on S although the snapshot saw it decided."""
    account = await factory.account()
    inv = await _invoice(demo, factory, account, cur, "500.00", S - timedelta(days=20), S + timedelta(days=20))
    case = await _case(demo, factory, inv, "50.00", _at(S - timedelta(days=5)))
    async with system_session(demo) as db:  # denied at S-2
        d, i = await db.get(Dispute, case.id), await db.get(Invoice, inv.id)
        d.status, d.resolved_at = "resolved_invalid", _at(S - timedelta(days=2))
        ledger.release_dispute(i, d.amount)
        await db.commit()
    await _snapshot(demo)
    async with system_session(demo) as db:  # reopened and written off today
        d, i = await db.get(Dispute, case.id), await db.get(Invoice, inv.id)
        d.status, d.resolved_at = "written_off", datetime.now(UTC)
        ledger.write_off(i, d.amount)
        await db.commit()
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all


async def test_feed_retotals_an_old_invoice(demo: Any, factory: Any, cur: str) -> None:
    """invoice_feed._apply: ledger.retotal + header fields assigned in place; created_at unchanged."""
    account = await factory.account()
    inv = await _invoice(demo, factory, account, cur, "100.00", S - timedelta(days=20), S + timedelta(days=20))
    await _snapshot(demo)
    async with system_session(demo) as db:
        i = await db.get(Invoice, inv.id)
        ledger.retotal(i, D("120.00"))
        await db.commit()
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all


async def test_feed_corrects_a_due_date(demo: Any, factory: Any, cur: str) -> None:
    account = await factory.account()
    inv = await _invoice(demo, factory, account, cur, "100.00", S - timedelta(days=20), S + timedelta(days=20))
    await _snapshot(demo)
    async with system_session(demo) as db:
        i = await db.get(Invoice, inv.id)
        i.due_date = S - timedelta(days=5)
        await db.commit()
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all


async def test_feed_corrects_a_currency(demo: Any, factory: Any, cur: str) -> None:
    account = await factory.account()
    await _invoice(demo, factory, account, cur, "100.00", S - timedelta(days=20), S + timedelta(days=20))
    inv = await _invoice(demo, factory, account, cur, "70.00", S - timedelta(days=20), S + timedelta(days=20))
    await _snapshot(demo)
    async with system_session(demo) as db:
        i = await db.get(Invoice, inv.id)
        i.currency = "ZZZ"
        await db.commit()
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all


async def _pay(demo: Any, invoice: Any, cur: str, amount: str, received: date, recorded: datetime) -> None:
    async with system_session(demo) as db:
        payment = Payment(
            account_id=invoice.account_id,
            reference=f"RV-{random.randint(0, 10**9)}",
            received_on=received,
            method="wire",
            currency=cur,
            amount=D(amount),
            unapplied_amount=D("0.00"),
        )
        db.add(payment)
        await db.flush()
        db.add(
            PaymentAllocation(
                account_id=invoice.account_id,
                payment_id=payment.id,
                invoice_id=invoice.id,
                amount=D(amount),
                created_at=recorded,
            )
        )
        row = await db.get(Invoice, invoice.id)
        ledger.pay(row, D(amount))
        await db.commit()


async def test_cash_posted_between_run_start_and_snapshot_read(demo: Any, factory: Any, cur: str) -> None:
    """jobs/work.collections_day passes now = the run's start as taken_at; reconcile/assess/dunning run first.
    Cash posted (dated yesterday) after the run started but before the snapshot read is in the snapshot and in T,
    but then() (known_at=taken_at) leaves it out: counted twice."""
    account = await factory.account()
    inv = await _invoice(demo, factory, account, cur, "100.00", S - timedelta(days=20), S + timedelta(days=20))
    run_started = datetime.now(UTC) - timedelta(minutes=10)
    await _pay(demo, inv, cur, "40.00", S, recorded=datetime.now(UTC) - timedelta(minutes=5))
    await _snapshot(demo, now=run_started)
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all


async def test_cash_committed_after_snapshot_with_earlier_created_at(demo: Any, factory: Any, cur: str) -> None:
    """A remittance import (posting.py: created_at = the import's now) that started before the snapshot and
    committed after its read; dated on/before S: never in T, never in the snapshot."""
    account = await factory.account()
    inv = await _invoice(demo, factory, account, cur, "100.00", S - timedelta(days=20), S + timedelta(days=20))
    taken = datetime.now(UTC)
    await _snapshot(demo, now=taken)
    await _pay(demo, inv, cur, "40.00", S, recorded=taken - timedelta(minutes=3))
    carried, rebuilt, carried_all, rebuilt_all = await _compare(demo, account, cur)
    assert carried == rebuilt, (carried, rebuilt)
    assert carried_all == rebuilt_all
