"""The numbers the deductions team watches (DOMAIN.md): open value by reason, age and customer,
resolution time, valid/invalid rate, and the monthly trend. Staff scope only.

Amounts are never added across currencies: the dashboard is for one currency at a time (a case's currency is
its invoice's), by default the one with the most cases; ``currencies_in_use`` lists the others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import extract, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES, DisputeStatus
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.invoices.models import Invoice

ZERO = Decimal("0.00")
OPEN = [s.value for s in OPEN_DISPUTE_STATUSES]
AGE_BUCKETS = [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None)]


@dataclass(frozen=True)
class Slice:
    key: str
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class Month:
    month: str
    opened_count: int
    opened_amount: Decimal
    resolved_count: int
    resolved_amount: Decimal


@dataclass(frozen=True)
class Dashboard:
    currency: str
    open_count: int
    open_amount: Decimal
    by_reason: list[Slice]
    by_age: list[Slice]
    by_customer: list[Slice]
    average_resolution_days: Decimal | None
    valid_rate: Decimal | None
    invalid_rate: Decimal | None
    trend: list[Month]


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


async def currencies_in_use(session: AsyncSession) -> list[str]:
    """The currencies cases are in, the one with the most cases first."""
    rows = await session.execute(
        select(Invoice.currency)
        .join_from(Dispute, Invoice, Invoice.id == Dispute.invoice_id)
        .group_by(Invoice.currency)
        .order_by(func.count().desc(), Invoice.currency)
    )
    return list(rows.scalars())


def _in_currency(statement: Any, currency: str) -> Any:
    """``statement`` (over disputes) kept to the cases whose invoice is in ``currency``."""
    return statement.join_from(Dispute, Invoice, Invoice.id == Dispute.invoice_id).where(Invoice.currency == currency)


async def dashboard(session: AsyncSession, *, now: datetime, currency: str, months: int = 12) -> Dashboard:
    """Everything on the first dashboard for one currency; a handful of grouped statements whatever the data size."""
    open_filter = Dispute.status.in_(OPEN)
    total_count, total_amount = (
        await session.execute(
            _in_currency(select(func.count(), func.coalesce(func.sum(Dispute.amount), ZERO)), currency).where(
                open_filter
            )
        )
    ).one()

    by_reason = [
        Slice(code, label, count, amount)
        for code, label, count, amount in (
            await session.execute(
                _in_currency(
                    select(Dispute.reason_code, ReasonCode.label, func.count(), func.sum(Dispute.amount)), currency
                )
                .join(ReasonCode, ReasonCode.code == Dispute.reason_code)
                .where(open_filter)
                .group_by(Dispute.reason_code, ReasonCode.label)
                .order_by(func.sum(Dispute.amount).desc())
            )
        ).all()
    ]

    by_age = []
    for key, low, high in AGE_BUCKETS:
        conditions = [open_filter, Dispute.created_at <= now - timedelta(days=low)]
        if high is not None:
            conditions.append(Dispute.created_at > now - timedelta(days=high + 1))
        count, amount = (
            await session.execute(
                _in_currency(select(func.count(), func.coalesce(func.sum(Dispute.amount), ZERO)), currency).where(
                    *conditions
                )
            )
        ).one()
        by_age.append(Slice(key, f"{key} days", count, amount))

    by_customer = [
        Slice(str(account_id), name, count, amount)
        for account_id, name, count, amount in (
            await session.execute(
                _in_currency(
                    select(CustomerAccount.id, CustomerAccount.name, func.count(), func.sum(Dispute.amount)), currency
                )
                .join(CustomerAccount, CustomerAccount.id == Dispute.account_id)
                .where(open_filter)
                .group_by(CustomerAccount.id, CustomerAccount.name)
                .order_by(func.sum(Dispute.amount).desc())
                .limit(10)
            )
        ).all()
    ]

    since = now - timedelta(days=31 * months)
    resolved = (
        await session.execute(
            _in_currency(
                select(Dispute.created_at, Dispute.resolved_at, Dispute.status, Dispute.amount), currency
            ).where(
                Dispute.resolved_at.is_not(None),
                Dispute.resolved_at >= since,
                Dispute.status != DisputeStatus.WITHDRAWN.value,
            )
        )
    ).all()
    seconds = [
        int((resolved_at - opened_at).total_seconds())
        for opened_at, resolved_at, _, _ in resolved
        if resolved_at is not None
    ]
    average = (
        (Decimal(sum(seconds)) / len(seconds) / 86400).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if seconds
        else None
    )
    decided = sum((a for _, _, s, a in resolved if s != DisputeStatus.WRITTEN_OFF.value), ZERO)
    valid = sum(
        (
            a
            for _, _, s, a in resolved
            if s in {DisputeStatus.RESOLVED_VALID.value, DisputeStatus.RESOLVED_PARTIAL.value}
        ),
        ZERO,
    )
    invalid = sum((a for _, _, s, a in resolved if s == DisputeStatus.RESOLVED_INVALID.value), ZERO)

    year, month = extract("year", Dispute.created_at), extract("month", Dispute.created_at)
    opened = {
        (int(y), int(m)): (count, amount)
        for y, m, count, amount in (
            await session.execute(
                _in_currency(select(year, month, func.count(), func.sum(Dispute.amount)), currency)
                .where(Dispute.created_at >= since)
                .group_by(year, month)
            )
        ).all()
    }
    ryear, rmonth = extract("year", Dispute.resolved_at), extract("month", Dispute.resolved_at)
    closed = {
        (int(y), int(m)): (count, amount)
        for y, m, count, amount in (
            await session.execute(
                _in_currency(select(ryear, rmonth, func.count(), func.sum(Dispute.amount)), currency)
                .where(Dispute.resolved_at >= since, Dispute.resolved_at.is_not(None))
                .group_by(ryear, rmonth)
            )
        ).all()
    }
    trend = []
    cursor = date(now.year, now.month, 1)
    for _ in range(months):
        month_key = (cursor.year, cursor.month)
        o, c = opened.get(month_key, (0, ZERO)), closed.get(month_key, (0, ZERO))
        trend.append(Month(f"{cursor.year:04d}-{cursor.month:02d}", o[0], o[1] or ZERO, c[0], c[1] or ZERO))
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    trend.reverse()

    return Dashboard(
        currency=currency,
        open_count=total_count,
        open_amount=total_amount,
        by_reason=by_reason,
        by_age=by_age,
        by_customer=by_customer,
        average_resolution_days=average,
        valid_rate=_percent(valid, decided),
        invalid_rate=_percent(invalid, decided),
        trend=trend,
    )
