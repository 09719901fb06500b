"""The promises to pay a report counts (docs/KPIS.md, "Promises kept"): those whose day came in the period — kept,
partly kept or broken, by when they were settled — in one currency, for one customer or all. The report counts
them; the console lists them (the figure's drill-down), from the same conditions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.credit.enums import PromiseStatus
from backend.domain.credit.models import PromiseToPay
from backend.domain.reports.ledger import end_of

SETTLED = (PromiseStatus.KEPT.value, PromiseStatus.PARTLY_KEPT.value, PromiseStatus.BROKEN.value)
MAX_LISTED = 200
"""The settled promises listed at most, the latest settled first (the count is always whole)."""


def settled_in(currency: str, start: date, end: date, account_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    """The promises of ``currency`` (and one customer) settled from ``start`` to ``end``, both included."""
    conditions = [
        PromiseToPay.currency == currency,
        PromiseToPay.status.in_(SETTLED),
        PromiseToPay.settled_at >= end_of(start - timedelta(days=1)),
        PromiseToPay.settled_at < end_of(end),
    ]
    if account_id is not None:
        conditions.append(PromiseToPay.account_id == account_id)
    return conditions


async def promise_counts(
    session: AsyncSession, currency: str, start: date, end: date, account_id: uuid.UUID | None
) -> tuple[int, int]:
    """How many promises were settled in the period, and of them how many kept. One statement."""
    settled, kept = (
        await session.execute(
            select(func.count(), func.count().filter(PromiseToPay.status == PromiseStatus.KEPT.value)).where(
                *settled_in(currency, start, end, account_id)
            )
        )
    ).one()
    return int(settled), int(kept)


@dataclass(frozen=True)
class SettledPromise:
    id: uuid.UUID
    account_id: uuid.UUID
    customer_number: str
    customer_name: str
    amount: Decimal
    currency: str
    promised_on: date
    status: str
    received_amount: Decimal
    settled_at: datetime


async def settled_promises(
    session: AsyncSession,
    currency: str,
    start: date,
    end: date,
    account_id: uuid.UUID | None,
    *,
    kept_only: bool = False,
) -> tuple[int, list[SettledPromise]]:
    """The promises :func:`promise_counts` counts (only the kept ones when ``kept_only``): how many, and the latest
    settled :data:`MAX_LISTED` of them with their customer. Two statements."""
    conditions = settled_in(currency, start, end, account_id)
    if kept_only:
        conditions.append(PromiseToPay.status == PromiseStatus.KEPT.value)
    count = int(await session.scalar(select(func.count()).select_from(PromiseToPay).where(*conditions)) or 0)
    rows = await session.execute(
        select(PromiseToPay, CustomerAccount.number, CustomerAccount.name)
        .join(CustomerAccount, CustomerAccount.id == PromiseToPay.account_id)
        .where(*conditions)
        .order_by(PromiseToPay.settled_at.desc(), PromiseToPay.id)
        .limit(MAX_LISTED)
    )
    listed = [
        SettledPromise(p.id, p.account_id, number, name, p.amount, p.currency, p.promised_on, p.status,
                       p.received_amount, p.settled_at)
        for p, number, name in rows
        if p.settled_at is not None  # always: the conditions ask for a settled day
    ]  # fmt: skip
    return count, listed
