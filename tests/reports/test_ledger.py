"""The receivables report on a quarter of one customer's book worked out by hand, the books rebuilt for a past day,
and "as of today" equal to the live balances."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.credit.models import PromiseToPay
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.reports.ledger import balances_on
from backend.domain.reports.receivables import receivables_report, receivables_trend
from backend.domain.resolution.models import CreditMemo

D = Decimal


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


async def _invoice(demo: Any, factory: Any, account: Any, total: str, issued: date, due: date, **after: Any) -> Invoice:
    """A euro invoice issued on ``issued``, its ledger columns as ``after`` says (what the movements left)."""
    invoice = await factory.invoice(account, total=D(total), issue=issued, due_in_days=(due - issued).days)
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        assert row is not None
        row.currency = "EUR"
        row.created_at = _at(issued)
        for name, value in after.items():
            setattr(row, name, D(value))
        row.open_balance = row.total_amount - row.paid_amount - row.credited_amount - row.written_off_amount
        await db.commit()
        return row


async def _quarter(demo: Any, factory: Any) -> Any:
    """January–March 2026 of one customer, in euros:

    * INV 1, 10 Jan, 300.00 due 9 Feb: 250.00 paid on 15 Mar; a 10.00 case opened 18 Mar, written off 28 Mar.
    * INV 2, 10 Feb, 400.00 due 12 Mar: a 40.00 credit memo on 20 Mar.
    * INV 3, 10 Mar, 500.00 due 9 Apr: a 50.00 case opened 25 Mar, still open.
    """
    account = await factory.account()
    first = await _invoice(demo, factory, account, "300.00", date(2026, 1, 10), date(2026, 2, 9),
                           paid_amount="250.00", written_off_amount="10.00")  # fmt: skip
    second = await _invoice(demo, factory, account, "400.00", date(2026, 2, 10), date(2026, 3, 12),
                            credited_amount="40.00")  # fmt: skip
    third = await _invoice(demo, factory, account, "500.00", date(2026, 3, 10), date(2026, 4, 9))
    written = await factory.dispute(first, amount=D("10.00"), status="written_off")
    held = await factory.dispute(third, amount=D("50.00"))
    async with system_session(demo) as db:
        payment = Payment(account_id=account.id, reference=f"Q1-{uuid.uuid4().hex[:8]}", received_on=date(2026, 3, 15),
                          method="wire", currency="EUR", amount=D("250.00"), unapplied_amount=D("0.00"))  # fmt: skip
        db.add(payment)
        await db.flush()
        db.add(PaymentAllocation(account_id=account.id, payment_id=payment.id, invoice_id=first.id,
                                 amount=D("250.00"), created_at=_at(date(2026, 3, 15))))  # fmt: skip
        db.add(CreditMemo(account_id=account.id, number=f"CM-Q1-{uuid.uuid4().hex[:8]}", invoice_id=second.id,
                          amount=D("40.00"), issued_at=_at(date(2026, 3, 20))))  # fmt: skip
        for case, opened, decided in ((written, date(2026, 3, 18), date(2026, 3, 28)), (held, date(2026, 3, 25), None)):
            row = await db.get(Dispute, case.id)
            assert row is not None
            row.created_at = _at(opened)
            row.resolved_at = _at(decided) if decided else None
        await db.commit()
    return account


async def test_a_quarter_worked_out_by_hand(demo: Any, factory: Any) -> None:
    account = await _quarter(demo, factory)

    async with system_session(demo) as db:
        report = await receivables_report(
            db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31), account_id=account.id
        )

    assert (report.days, report.credit_sales, report.receivables_at_start) == (90, D("1200.00"), D("0.00"))
    # 31 March: INV 1 owes 300 − 250 − 10 = 40, INV 2 400 − 40 = 360, INV 3 500 (not due until April)
    assert (report.receivables, report.current_receivables, report.open_deductions) == (
        D("900.00"),
        D("500.00"),
        D("50.00"),
    )
    assert report.dso_simple == D("67.5")  # 900 / 1,200 × 90
    assert report.dso_count_back == D("59.0")  # March's 500 (31 days) and February's 400 (28 days)
    assert (report.best_possible_dso, report.average_days_delinquent) == (D("37.5"), D("30.0"))
    assert report.collection_effectiveness == D("0.4286")  # (0 + 1,200 − 900) / (0 + 1,200 − 500)
    assert report.days_deduction_outstanding == D("3.8")  # 50 / (1,200 / 90) = 3.75
    assert (report.deductions_taken, report.deductions_taken_count, report.deduction_rate) == (
        D("60.00"),
        2,
        D("0.0500"),
    )
    assert (report.written_off, report.written_off_count, report.valid_share) == (D("10.00"), 1, None)
    assert report.resolution_days == (D("10.0"), D("10.0"))  # opened 18 March, written off 28 March
    assert report.average_days_to_pay == D("64.0")  # INV 1 issued 10 January, paid 15 March
    assert report.invoicing_accuracy == D("0.6667")  # INV 2 needed a credit memo: 2 of 3 right
    async with system_session(demo) as db:
        sla = (await db.get(ReasonCode, "SHORTAGE")).sla_days  # type: ignore[union-attr]
    within = D("1.0000") if 10 <= sla else D("0.0000")  # the case took 10 days
    assert report.within_sla == within
    (by_reason,) = report.resolution_by_reason
    assert (by_reason.key, by_reason.decided, by_reason.median_days, by_reason.within_sla) == (
        "SHORTAGE",
        1,
        D("10.0"),
        within,
    )
    assert [(g.key, g.decided) for g in report.resolution_by_customer] == [(account.number, 1)]
    assert [(g.label, g.decided) for g in report.resolution_by_staff] == [("Nobody assigned", 1)]
    (shortage,) = report.decided_by_reason
    assert (shortage.reason_code, shortage.written_off, shortage.invalid) == ("SHORTAGE", (D("10.00"), 1), (0, 0))


async def test_a_past_day_is_what_the_books_said_that_evening(demo: Any, factory: Any) -> None:
    account = await _quarter(demo, factory)

    async with system_session(demo) as db:
        february = await balances_on(db, date(2026, 2, 28), account_id=account.id)
        march_19 = await balances_on(db, date(2026, 3, 19), account_id=account.id)

    # 28 Feb: nothing paid, credited or written off yet; INV 3 not issued; INV 1 past due since 9 Feb
    only = february[(account.id, "EUR")]
    assert (only.receivables, only.current, only.open_deductions) == (D("700.00"), D("400.00"), D("0.00"))
    # 19 Mar: the payment is in (INV 1 owes 50), the credit memo not yet; the 10.00 case is open
    day = march_19[(account.id, "EUR")]
    assert (day.receivables, day.current, day.open_deductions) == (D("950.00"), D("500.00"), D("10.00"))


async def test_as_of_today_the_rebuilt_books_are_the_live_balances(demo: Any, factory: Any) -> None:
    account = await _quarter(demo, factory)
    # and money the ERP reported as paid, with no dated payment: paid from the day the invoice came in
    await _invoice(demo, factory, account, "80.00", date.today() - timedelta(days=5), date.today() + timedelta(days=25),
                   paid_amount="80.00")  # fmt: skip

    async with system_session(demo) as db:
        today = (await balances_on(db, date.today(), account_id=account.id))[(account.id, "EUR")]
        live = (await db.execute(select(Invoice.open_balance).where(Invoice.account_id == account.id))).scalars()
        owed = sum(live, D("0.00"))

    assert today.receivables == owed == D("900.00")


async def test_no_sales_in_the_period_is_no_data(demo: Any, factory: Any) -> None:
    account = await _quarter(demo, factory)

    async with system_session(demo) as db:
        report = await receivables_report(
            db, currency="EUR", start=date(2025, 7, 1), end=date(2025, 9, 30), account_id=account.id
        )
        other = await receivables_report(
            db, currency="JPY", start=date(2026, 1, 1), end=date(2026, 3, 31), account_id=account.id
        )

    for empty in (report, other):
        assert empty.credit_sales == D("0.00") or empty.credit_sales == 0
        assert empty.dso_simple is None and empty.collection_effectiveness is None and empty.deduction_rate is None
        assert empty.resolution_days is None and empty.average_days_to_pay is None
        assert empty.invoicing_accuracy is None


async def test_per_customer_figures_add_up_to_the_total(demo: Any, factory: Any) -> None:
    await _quarter(demo, factory)
    await _quarter(demo, factory)
    period = {"currency": "EUR", "start": date(2026, 1, 1), "end": date(2026, 3, 31)}

    async with system_session(demo) as db:
        total = await receivables_report(db, **period)
        accounts = {account for account, _ in await balances_on(db, date(2026, 3, 31), currency="EUR")}
        parts = [await receivables_report(db, **period, account_id=account) for account in accounts]

    assert len(parts) >= 2
    for figure in ("credit_sales", "receivables", "current_receivables", "open_deductions", "deductions_taken",
                   "written_off", "receivables_at_start"):  # fmt: skip
        assert sum((getattr(p, figure) for p in parts), D("0.00")) == getattr(total, figure), figure


async def test_the_trend_is_each_months_own_report(demo: Any, factory: Any) -> None:
    account = await _quarter(demo, factory)

    async with system_session(demo) as db:
        trend = await receivables_trend(db, currency="EUR", months=3, today=date(2026, 3, 31), account_id=account.id)
        march = await receivables_report(
            db, currency="EUR", start=date(2026, 3, 1), end=date(2026, 3, 31), account_id=account.id
        )

    assert [p.month for p in trend] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    # January: 300 sold, 300 owed at its end: 300 / 300 × 31 = 31.0 days
    assert trend[0].dso_simple == D("31.0")
    # computed apart from the report, from only what it needs: the same figures
    assert (
        trend[2].dso_simple,
        trend[2].collection_effectiveness,
        trend[2].days_deduction_outstanding,
        trend[2].deduction_rate,
    ) == (
        march.dso_simple,
        march.collection_effectiveness,
        march.days_deduction_outstanding,
        march.deduction_rate,
    )
    assert march.deduction_rate is not None and march.days_deduction_outstanding is not None


async def test_short_payments_and_promises_kept_in_the_period(demo: Any, factory: Any) -> None:
    account = await _quarter(demo, factory)
    collector = await factory.user("collector")
    async with system_session(demo) as db:
        payment = (await db.execute(select(Payment).where(Payment.account_id == account.id))).scalar_one()
        held = (
            await db.execute(select(Dispute).where(Dispute.account_id == account.id, Dispute.amount == 50))
        ).scalar_one()
        job = RemittanceImport(sha256=uuid.uuid4().hex * 2, filename="q1.csv", status="applied", line_count=1,
                               imported_at=_at(date(2026, 3, 15)))  # fmt: skip
        db.add(job)
        await db.flush()
        # the 15 March payment's remittance held 50.00 back: a short payment
        db.add(RemittanceLineRecord(import_id=job.id, line=2, status="applied", payment_id=payment.id,
                                    deduction_id=held.id))  # fmt: skip
        for status in ("kept", "broken", "kept"):
            db.add(PromiseToPay(account_id=account.id, amount=D("100.00"), currency="EUR", status=status,
                                promised_on=date(2026, 3, 10), made_by_id=collector.id, made_in_portal=False,
                                settled_at=_at(date(2026, 3, 11))))  # fmt: skip
        await db.commit()

    async with system_session(demo) as db:
        report = await receivables_report(
            db, currency="EUR", start=date(2026, 1, 1), end=date(2026, 3, 31), account_id=account.id
        )

    assert (report.payments_received, report.short_payments, report.short_amount) == (1, 1, D("50.00"))
    assert report.short_payment_share == D("1.0000")
    assert (report.promises_settled, report.promises_kept, report.promises_kept_share) == (3, 2, D("0.6667"))
