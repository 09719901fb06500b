"""The collections figures a CFO reads (issue 16 feeds them; the reports issue puts them on the dashboard):
promises kept, collected against promised, reminders per level, accounts on hold, and undisputed past-due money
by age. Each is one aggregate statement; money is per currency, never added across currencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.credit.enums import PromiseStatus
from backend.domain.credit.models import CreditPosition, DunningLetter, PromiseToPay
from backend.domain.invoices.models import Invoice

AGE_BUCKETS = ((1, 30, "1-30 days"), (31, 60, "31-60 days"), (61, 90, "61-90 days"), (91, None, "over 90 days"))
SETTLED = (PromiseStatus.KEPT.value, PromiseStatus.PARTLY_KEPT.value, PromiseStatus.BROKEN.value)


@dataclass(frozen=True)
class PromiseFigures:
    currency: str
    kept: int
    partly_kept: int
    broken: int
    promised: Decimal
    collected: Decimal


@dataclass(frozen=True)
class CollectionsKpis:
    since: date
    promises: list[PromiseFigures]
    letters_per_level: list[tuple[int, str, int]]
    accounts_on_hold: int
    past_due_by_age: list[tuple[str, str, Decimal]]
    """(currency, age bucket, undisputed past-due amount)."""


async def collections_kpis(session: AsyncSession, *, today: date, now: datetime, days: int) -> CollectionsKpis:
    since = today - timedelta(days=days)
    since_at = now - timedelta(days=days)
    promises = await session.execute(
        select(
            PromiseToPay.currency,
            func.sum(case((PromiseToPay.status == PromiseStatus.KEPT.value, 1), else_=0)),
            func.sum(case((PromiseToPay.status == PromiseStatus.PARTLY_KEPT.value, 1), else_=0)),
            func.sum(case((PromiseToPay.status == PromiseStatus.BROKEN.value, 1), else_=0)),
            func.sum(PromiseToPay.amount),
            func.sum(PromiseToPay.received_amount),
        )
        .where(PromiseToPay.status.in_(SETTLED), PromiseToPay.settled_at >= since_at)
        .group_by(PromiseToPay.currency)
        .order_by(PromiseToPay.currency)
    )
    letters = await session.execute(
        select(DunningLetter.level_position, DunningLetter.level_name, func.count())
        .where(DunningLetter.sent_on >= since)
        .group_by(DunningLetter.level_position, DunningLetter.level_name)
        .order_by(DunningLetter.level_position)
    )
    on_hold = (
        await session.execute(select(func.count()).select_from(CreditPosition).where(CreditPosition.on_hold.is_(True)))
    ).scalar_one()
    age = case(
        *(
            (Invoice.due_date >= today - timedelta(days=high), label)
            for low, high, label in AGE_BUCKETS
            if high is not None
        ),
        else_=AGE_BUCKETS[-1][2],
    )
    undisputed = Invoice.open_balance - Invoice.disputed_amount
    ages = await session.execute(
        select(Invoice.currency, age, func.sum(undisputed))
        .where(Invoice.open_balance > Invoice.disputed_amount, Invoice.due_date < today)
        .group_by(Invoice.currency, age)
    )
    order = {label: n for n, (_, _, label) in enumerate(AGE_BUCKETS)}
    by_age = sorted(((c, a, amount) for c, a, amount in ages), key=lambda r: (r[0], order[r[1]]))
    return CollectionsKpis(
        since=since,
        promises=[
            PromiseFigures(c, int(k or 0), int(p or 0), int(b or 0), amount or Decimal("0.00"), got or Decimal("0.00"))
            for c, k, p, b, amount, got in promises
        ],
        letters_per_level=[(position, name, count) for position, name, count in letters],
        accounts_on_hold=int(on_hold),
        past_due_by_age=by_age,
    )
