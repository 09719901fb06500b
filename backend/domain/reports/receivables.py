"""The receivables and deductions report for one currency and period: the figures (``ledger.py``) and the measures
over them (``formulas.py``), as docs/KPIS.md defines them. A reason, root cause or staff filter (``CaseFilters``)
narrows the case figures (deductions taken and the deduction rate, the decisions, valid share and resolution
times); the books (receivables, sales, open deductions, DSO, CEI, DDO), the cash and the promises are the
customer's whole books."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, Select, bindparam, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.payments.service import held_back_by_payment
from backend.domain.reports import formulas
from backend.domain.reports.case_filters import EVERY_CASE, CaseFilters
from backend.domain.reports.ledger import ZERO, bound_scope, end_of, scope_values
from backend.domain.reports.promises import promise_counts
from backend.domain.reports.resolution import DECIDED as DECIDED  # the cases' outcomes, as the reports group them
from backend.domain.reports.resolution import INVALID as INVALID
from backend.domain.reports.resolution import VALID, ReasonOutcomes, ResolutionGroup, case_scope, resolution
from backend.domain.reports.snapshots import NOTHING, activity_between, books_at
from backend.domain.resolution.models import CreditMemo


@dataclass(frozen=True)
class ReceivablesReport:
    currency: str
    start: date
    end: date
    days: int
    credit_sales: Decimal
    receivables_at_start: Decimal
    """At the end of the day before the period."""
    receivables: Decimal
    current_receivables: Decimal
    open_deductions: Decimal
    deductions_taken: Decimal
    deductions_taken_count: int
    decided_valid: Decimal
    decided_valid_count: int
    decided_invalid: Decimal
    decided_invalid_count: int
    written_off: Decimal
    written_off_count: int
    resolution_days: tuple[Decimal, Decimal] | None
    """Median and 90th percentile of the days the cases decided in the period took."""
    within_sla: Decimal | None
    """Of the cases decided in the period, the share decided within their reason's SLA days, 0–1."""
    resolution_by_reason: tuple[ResolutionGroup, ...]
    resolution_by_customer: tuple[ResolutionGroup, ...]
    """The customers with the most decided cases first (at most :data:`MAX_GROUPS`)."""
    resolution_by_staff: tuple[ResolutionGroup, ...]
    dso_simple: Decimal | None
    dso_count_back: Decimal | None
    best_possible_dso: Decimal | None
    average_days_delinquent: Decimal | None
    collection_effectiveness: Decimal | None
    days_deduction_outstanding: Decimal | None
    deduction_rate: Decimal | None
    valid_share: Decimal | None
    """Of the money decided in the period, the share found valid (in full or part)."""
    average_days_to_pay: Decimal | None
    """Cash received in the period: days from each invoice's issue to the payment, weighted by the cash."""
    invoicing_accuracy: Decimal | None
    """Invoices issued in the period with no case found valid and no credit memo, of all issued, 0–1."""
    decided_by_reason: tuple[ReasonOutcomes, ...]
    """Largest invalid value first."""
    payments_received: int
    short_payments: int
    """Of the payments received in the period, those that left a short pay (a deduction from their remittance)."""
    short_amount: Decimal
    short_payment_share: Decimal | None
    promises_settled: int
    """Promises to pay whose day came in the period (kept, partly kept or broken)."""
    promises_kept: int
    promises_kept_share: Decimal | None


async def receivables_report(
    session: AsyncSession,
    *,
    currency: str,
    start: date,
    end: date,
    account_id: uuid.UUID | None = None,
    cases: CaseFilters = EVERY_CASE,
) -> ReceivablesReport:
    """The report for ``currency`` over ``start``–``end`` (both included), for one customer or all, its case
    figures narrowed by ``cases``."""
    days = formulas.period_days(start, end)
    before = start - timedelta(days=1)
    books = await books_at(session, [before, end], currency=currency, account_id=account_id)
    at_end, beginning = books[end], books[before].receivables
    # the count-back looks back as far as the receivables reach: the period and the year before it
    daily = await activity_between(
        session, date(start.year - 1, start.month, 1), end, currency=currency, account_id=account_id
    )
    months: dict[date, Decimal] = {}
    for day, activity in daily.items():
        months[day.replace(day=1)] = months.get(day.replace(day=1), ZERO) + activity.sales
    in_period = sum((a for day, a in daily.items() if start <= day), NOTHING)
    credit_sales = in_period.sales
    receivables, current, open_deductions = at_end.receivables, at_end.current, at_end.open_deductions
    taken, taken_count = in_period.deductions_taken, in_period.deductions_taken_count
    if cases.narrowed:  # the recorded activity counts every case
        taken, taken_count = await _taken(session, currency, start, end, account_id, cases)
    decided = await resolution(
        session, currency=currency, start=start, end=end, account_id=account_id, filters=cases.conditions()
    )
    by_reason = decided.outcomes
    payments, short, short_amount = await _short_payments(session, currency, start, end, account_id)
    settled, kept = await promise_counts(session, currency, start, end, account_id)
    valid, valid_count = _total(r.valid for r in by_reason)
    invalid, invalid_count = _total(r.invalid for r in by_reason)
    written, written_count = _total(r.written_off for r in by_reason)
    count_back_months = [
        formulas.MonthSales(month, amount) for month, amount in sorted(months.items(), reverse=True) if month <= end
    ]
    return ReceivablesReport(
        currency=currency,
        start=start,
        end=end,
        days=days,
        credit_sales=credit_sales,
        receivables_at_start=beginning,
        receivables=receivables,
        current_receivables=current,
        open_deductions=open_deductions,
        deductions_taken=taken,
        deductions_taken_count=taken_count,
        decided_valid=valid,
        decided_valid_count=valid_count,
        decided_invalid=invalid,
        decided_invalid_count=invalid_count,
        written_off=written,
        written_off_count=written_count,
        resolution_days=decided.days,
        within_sla=decided.within_sla,
        resolution_by_reason=decided.by_reason,
        resolution_by_customer=decided.by_customer,
        resolution_by_staff=decided.by_staff,
        dso_simple=formulas.dso_simple(receivables, credit_sales, days),
        dso_count_back=formulas.dso_count_back(receivables, count_back_months),
        best_possible_dso=formulas.best_possible_dso(current, credit_sales, days),
        average_days_delinquent=formulas.average_days_delinquent(receivables, current, credit_sales, days),
        collection_effectiveness=formulas.collection_effectiveness_index(beginning, credit_sales, receivables, current),
        days_deduction_outstanding=formulas.days_deduction_outstanding(open_deductions, credit_sales, days),
        deduction_rate=formulas.share(taken, credit_sales),
        valid_share=formulas.share(valid, valid + invalid),
        average_days_to_pay=await average_days_to_pay(session, currency, start, end, account_id),
        invoicing_accuracy=await _invoicing_accuracy(
            session, currency, start, end, account_id, in_period.invoices_issued
        ),
        decided_by_reason=by_reason,
        payments_received=payments,
        short_payments=short,
        short_amount=short_amount,
        short_payment_share=formulas.share(Decimal(short), Decimal(payments)),
        promises_settled=settled,
        promises_kept=kept,
        promises_kept_share=formulas.share(Decimal(kept), Decimal(settled)),
    )


async def _taken(
    session: AsyncSession, currency: str, start: date, end: date, account_id: uuid.UUID | None, cases: CaseFilters
) -> tuple[Decimal, int]:
    """The cases opened from ``start`` to ``end`` that ``cases`` keeps: their money and count."""
    amount, count = (
        await session.execute(
            select(func.sum(Dispute.amount), func.count()).where(
                Dispute.created_at >= end_of(start - timedelta(days=1)),
                Dispute.created_at < end_of(end),
                *case_scope(currency, account_id),
                *cases.conditions(),
            )
        )
    ).one()
    return amount or ZERO, int(count)


def _total(pairs: Iterable[tuple[Decimal, int]]) -> tuple[Decimal, int]:
    amount, count = ZERO, 0
    for a, c in pairs:
        amount, count = amount + a, count + c
    return amount, count


@lru_cache(maxsize=2)
def _days_to_pay_statement(one_customer: bool) -> Select[date, date, Decimal]:
    """Cash received from ``start`` to ``end`` by issue and receipt day; built once per shape (each build left
    cyclic garbage)."""
    return (
        select(Invoice.issue_date, Payment.received_on, func.sum(PaymentAllocation.amount))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
        .where(
            Payment.received_on >= bindparam("start", type_=Date()),
            Payment.received_on <= bindparam("end", type_=Date()),
            *bound_scope(Invoice, one_customer),
        )
        .group_by(Invoice.issue_date, Payment.received_on)
    )


async def average_days_to_pay(
    session: AsyncSession, currency: str, start: date, end: date, account_id: uuid.UUID | None
) -> Decimal | None:
    """Cash received from ``start`` to ``end``: days from each invoice's issue to its payment, weighted by the
    cash; None when none was received."""
    rows = await session.execute(
        _days_to_pay_statement(account_id is not None),
        {"start": start, "end": end, **scope_values(currency, account_id)},
    )
    weighted, cash = ZERO, ZERO
    for issued, received, amount in rows:
        weighted += amount * (received - issued).days
        cash += amount
    return formulas.days_weighted(weighted, cash)


@lru_cache(maxsize=2)
def _wrong_invoices_statement(one_customer: bool) -> Select[Any]:
    """How many invoices issued from ``start`` to ``end`` have a case found valid or a credit memo."""
    wrong_ids = union(
        select(Dispute.invoice_id.label("id")).where(Dispute.status.in_(VALID)), select(CreditMemo.invoice_id)
    ).subquery()
    return (
        select(func.count())
        .select_from(wrong_ids)
        .join(Invoice, Invoice.id == wrong_ids.c.id)
        .where(
            Invoice.issue_date >= bindparam("start", type_=Date()),
            Invoice.issue_date <= bindparam("end", type_=Date()),
            *bound_scope(Invoice, one_customer),
        )
    )


async def _invoicing_accuracy(
    session: AsyncSession, currency: str, start: date, end: date, account_id: uuid.UUID | None, issued: int
) -> Decimal | None:
    """Of the ``issued`` invoices of the period, the share with no case found valid and no credit memo: the wrong
    ones counted from the cases and credit memos side (far fewer rows than the invoices)."""
    wrong = await session.scalar(
        _wrong_invoices_statement(account_id is not None),
        {"start": start, "end": end, **scope_values(currency, account_id)},
    )
    return formulas.share(Decimal(issued - int(wrong or 0)), Decimal(issued))


@dataclass(frozen=True)
class MonthPoint:
    """One calendar month's measures (read as of its last day, or today for the month running)."""

    month: date
    dso_simple: Decimal | None
    days_deduction_outstanding: Decimal | None
    collection_effectiveness: Decimal | None
    deduction_rate: Decimal | None


async def receivables_trend(
    session: AsyncSession, *, currency: str, months: int, today: date, account_id: uuid.UUID | None = None
) -> list[MonthPoint]:
    """The last ``months`` calendar months up to ``today``'s, oldest first: each month's DSO, DDO, CEI and deduction
    rate as its own report gives them, from only what they need (the books at each month's end and the one before
    the first, the months' sales and deductions taken): not the whole report twelve times."""
    first = today.replace(day=1)
    spans = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        start = date(year, month + 1, 1)
        spans.append((start, min(today, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1))))
    daily = await activity_between(session, spans[0][0], spans[-1][1], currency=currency, account_id=account_id)
    books = await books_at(
        session, [spans[0][0] - timedelta(days=1), *(end for _, end in spans)], currency=currency, account_id=account_id
    )
    points = []
    for start, end in spans:
        activity = sum((a for day, a in daily.items() if start <= day <= end), NOTHING)
        days = formulas.period_days(start, end)
        at_end = books[end]
        points.append(
            MonthPoint(
                start,
                formulas.dso_simple(at_end.receivables, activity.sales, days),
                formulas.days_deduction_outstanding(at_end.open_deductions, activity.sales, days),
                formulas.collection_effectiveness_index(
                    books[start - timedelta(days=1)].receivables, activity.sales, at_end.receivables, at_end.current
                ),
                formulas.share(activity.deductions_taken, activity.sales),
            )
        )
    return points


@lru_cache(maxsize=2)
def _short_payments_statement(one_customer: bool) -> Select[Any]:
    """Payments received from ``start`` to ``end``, those that left a short pay, and the money held."""
    held = held_back_by_payment()
    return (
        select(func.count(), func.count(held.c.payment_id), func.sum(held.c.amount))
        .select_from(Payment)
        .outerjoin(held, held.c.payment_id == Payment.id)
        .where(
            Payment.received_on >= bindparam("start", type_=Date()),
            Payment.received_on <= bindparam("end", type_=Date()),
            *bound_scope(Payment, one_customer),
        )
    )


async def _short_payments(
    session: AsyncSession, currency: str, start: date, end: date, account_id: uuid.UUID | None
) -> tuple[int, int, Decimal]:
    """Payments received in the period; of them, those whose remittance left a short pay, and the money held."""
    count, short, amount = (
        await session.execute(
            _short_payments_statement(account_id is not None),
            {"start": start, "end": end, **scope_values(currency, account_id)},
        )
    ).one()
    return int(count), int(short), amount or ZERO
