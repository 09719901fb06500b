"""The deductions report for one currency and period (docs/KPIS.md, "Deductions"): how much invalid deduction money
came back, what was written off by reason and by whom (a rule or a person), the open deductions by age at the
period's end, new against decided deductions week by week (month by month for a long period), the accounts on
credit hold at the period's end, and the machine's share of the work in the period.

Every figure is one grouped statement (the automation rates three, one each, shared with the dashboard), so the
page costs eight statements whatever the data size, and the per-customer figures add up to the totals: each case,
hold and line belongs to exactly one customer. The reason, root cause and staff filters narrow the case-based
figures only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, bindparam, case, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.credit.models import CreditHold
from backend.domain.dashboard.automation import NONE, Rate, Span, bucket_index, closed_by_rule, rates_by_bucket
from backend.domain.dashboard.service import AGE_BUCKETS
from backend.domain.disputes.enums import DisputeStatus
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.reports import formulas
from backend.domain.reports.case_filters import EVERY_CASE, CaseFilters
from backend.domain.reports.ledger import ZERO, end_of, scope
from backend.domain.reports.receivables import DECIDED, INVALID

WEEKLY_UP_TO_DAYS = 92
"""New against decided deductions go week by week for a period up to a calendar quarter, else month by month."""


@dataclass(frozen=True)
class DeductionFilters:
    """Whose figures: one currency, one customer when given, and the cases ``cases`` keeps (one reason, root cause
    or staff member), which narrow the case-based figures only (not the accounts on hold, nor the payment lines)."""

    currency: str
    account_id: uuid.UUID | None = None
    cases: CaseFilters = EVERY_CASE


@dataclass(frozen=True)
class Money:
    """An amount of money in ``count`` cases (or accounts)."""

    amount: Decimal
    count: int


NOTHING = Money(ZERO, 0)
MOMENT = Dispute.created_at.type
DAY = Date()
"""The types of the statements' bound values (one object each: they are part of the cached statements' keys)."""


def _bound_filters(by_customer: bool) -> DeductionFilters:
    """Filters of no case condition whose currency (and customer) are bound at execution (``currency``,
    ``account``), for the statements built once per shape (each built per request left reference cycles)."""
    return DeductionFilters(
        currency=bindparam("currency", type_=Dispute.currency.type),  # type: ignore[arg-type]
        account_id=bindparam("account", type_=Dispute.account_id.type) if by_customer else None,  # type: ignore[arg-type]
    )


def _shaped(filters: DeductionFilters, build: Any, *shape: Any, **values: Any) -> tuple[Any, dict[str, Any]]:
    """The statement ``build(filters, **values)`` and its parameters: when no case condition narrows the filters,
    the one built for this shape (``_bound_*``, cached) with the values bound at execution; else built now."""
    if filters.cases.narrowed:
        return build(filters, **values), {}
    bound = {"currency": filters.currency} | ({"account": filters.account_id} if filters.account_id else {})
    return _bound_statement(build, filters.account_id is not None, *shape), bound | _flat(values)


def _flat(values: dict[str, Any]) -> dict[str, Any]:
    """Values as bound parameters: a list's items as ``name0``, ``name1``…"""
    flat: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, list):
            flat |= {f"{name}{n}": item for n, item in enumerate(value)}
        else:
            flat[name] = value
    return flat


@lru_cache(maxsize=64)
def _bound_statement(build: Any, by_customer: bool, *shape: tuple[str, Any, int | None]) -> Any:
    """``build`` over bound filters and, for each (name, type, length) of ``shape``, a bound parameter (a list of
    ``length`` of them when a length is given)."""
    values = {
        name: bindparam(name, type_=kind)
        if length is None
        else [bindparam(f"{name}{n}", type_=kind) for n in range(length)]
        for name, kind, length in shape
    }
    return build(_bound_filters(by_customer), **values)


@dataclass(frozen=True)
class Recovery:
    invalid: Money
    """The cases decided invalid in the period."""
    recovered: Decimal
    """Of their money, what was paid after the decision, by the period's end (docs/KPIS.md)."""
    rate: Decimal | None
    """recovered ÷ invalid, 0–1; None when no case was decided invalid."""


@dataclass(frozen=True)
class WrittenOff:
    """One reason's cases written off in the period, by a resolution rule and by a person."""

    reason_code: str
    label: str
    by_rule: Money
    by_person: Money


@dataclass(frozen=True)
class AgeBucket:
    """Deductions open at the end of the period, opened ``opened_from``–``opened_to`` (both included; None: any time
    before): ``key`` days old then, the dashboard's buckets."""

    key: str
    opened_from: date | None
    opened_to: date
    open: Money


@dataclass(frozen=True)
class Flow:
    """Deductions opened and decided from ``start`` to ``end`` (both included: a week or a month, cut to the
    period)."""

    start: date
    end: date
    opened: Money
    decided: Money


@dataclass(frozen=True)
class DeductionReport:
    currency: str
    start: date
    end: date
    recovery: Recovery
    written_off: tuple[WrittenOff, ...]
    """Per reason, the most money first."""
    open_by_age: tuple[AgeBucket, ...]
    """Youngest first, every bucket even when empty."""
    flow_unit: str
    """``week`` or ``month``."""
    flow: tuple[Flow, ...]
    """Every week or month of the period, oldest first."""
    accounts_on_hold: int
    """Accounts in the currency on credit hold at the end of the period, from the hold history."""
    lines_auto_matched: Rate
    short_pays_classified: Rate
    closed_by_rule: Rate


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _cases(filters: DeductionFilters, *conditions: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    """The conditions keeping the cases the filters and ``conditions`` describe (the currency is the case's own
    copy of its invoice's, migration 0031: no invoice read)."""
    return [*conditions, *scope(Dispute, filters.currency, filters.account_id), *filters.cases.conditions()]


def _decided_between(since: datetime, until: datetime, statuses: tuple[str, ...]) -> list[ColumnElement[bool]]:
    return [Dispute.status.in_(statuses), Dispute.resolved_at >= since, Dispute.resolved_at < until]


async def deduction_report(
    session: AsyncSession, *, filters: DeductionFilters, start: date, end: date
) -> DeductionReport:
    """The deductions report for ``start``–``end`` (both included), as of the end of ``end``."""
    since, until = end_of(start - timedelta(days=1)), end_of(end)
    unit, spans = flow_spans(start, end)
    rates = await rates_by_bucket(
        session,
        Span((since,), until, filters.currency, filters.account_id, tuple(filters.cases.conditions())),
    )
    return DeductionReport(
        currency=filters.currency,
        start=start,
        end=end,
        recovery=await recovery(session, filters, since, end),
        written_off=await written_off(session, filters, since, until),
        open_by_age=await open_by_age(session, filters, end),
        flow_unit=unit,
        flow=await flow(session, filters, spans),
        accounts_on_hold=await accounts_on_hold(session, filters, end),
        lines_auto_matched=rates.lines_auto_matched.get(0, NONE),
        short_pays_classified=rates.short_pays_classified.get(0, NONE),
        closed_by_rule=rates.closed_by_rule.get(0, NONE),
    )


def _recovery_statement(filters: DeductionFilters, since: Any, until: Any, end: Any) -> Any:
    denied = (
        select(
            Dispute.invoice_id,
            func.sum(Dispute.amount).label("amount"),
            func.count().label("cases"),
            func.min(Dispute.resolved_at).label("decided"),
        )
        .where(*_cases(filters, *_decided_between(since, until, INVALID)))
        .group_by(Dispute.invoice_id)
        .subquery()
    )
    paid = (
        select(denied.c.invoice_id, func.sum(PaymentAllocation.amount).label("amount"))
        .join(PaymentAllocation, PaymentAllocation.invoice_id == denied.c.invoice_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(PaymentAllocation.created_at >= denied.c.decided, Payment.received_on <= end)
        .group_by(denied.c.invoice_id)
        .subquery()
    )
    cash = func.coalesce(paid.c.amount, ZERO)
    return select(
        func.sum(denied.c.amount),
        func.sum(denied.c.cases),
        func.sum(case((cash > denied.c.amount, denied.c.amount), else_=cash)),
    ).outerjoin(paid, paid.c.invoice_id == denied.c.invoice_id)


async def recovery(session: AsyncSession, filters: DeductionFilters, since: datetime, end: date) -> Recovery:
    """The cases decided invalid from ``since`` to the end of ``end``, and how much of their money came back: per
    invoice, the cash applied to it after its first such decision from payments received by ``end``, up to the
    money decided invalid on it (a payment pays the denied money first). One statement."""
    statement, values = _shaped(
        filters,
        _recovery_statement,
        ("since", MOMENT, None),
        ("until", MOMENT, None),
        ("end", DAY, None),
        since=since,
        until=end_of(end),
        end=end,
    )
    amount, count, recovered = (await session.execute(statement, values)).one()
    invalid = Money(amount or ZERO, int(count or 0))
    back = recovered or ZERO
    return Recovery(invalid, back, formulas.share(back, invalid.amount))


def _written_off_statement(filters: DeductionFilters, since: Any, until: Any) -> Any:
    rows = (
        select(
            Dispute.reason_code,
            ReasonCode.label,
            Dispute.amount,
            case((closed_by_rule(), 1), else_=0).label("by_rule"),
        )
        .join(ReasonCode, ReasonCode.code == Dispute.reason_code)
        .where(*_cases(filters, *_decided_between(since, until, (DisputeStatus.WRITTEN_OFF.value,))))
        .subquery()
    )
    return select(rows.c.reason_code, rows.c.label, rows.c.by_rule, func.count(), func.sum(rows.c.amount)).group_by(
        rows.c.reason_code, rows.c.label, rows.c.by_rule
    )


async def written_off(
    session: AsyncSession, filters: DeductionFilters, since: datetime, until: datetime
) -> tuple[WrittenOff, ...]:
    """The cases written off from ``since`` to before ``until`` per reason, by a rule (the system actor made the
    closing change) or by a person; the most money first. One statement."""
    statement, values = _shaped(
        filters, _written_off_statement, ("since", MOMENT, None), ("until", MOMENT, None), since=since, until=until
    )
    found: dict[tuple[str, str], dict[int, Money]] = {}
    for code, label, by_rule, count, amount in await session.execute(statement, values):
        found.setdefault((code, label), {})[int(by_rule)] = Money(amount, int(count))
    reasons = [
        WrittenOff(code, label, split.get(1, NOTHING), split.get(0, NOTHING)) for (code, label), split in found.items()
    ]
    return tuple(sorted(reasons, key=lambda r: (-(r.by_rule.amount + r.by_person.amount), r.reason_code)))


def age_spans(end: date) -> list[tuple[str, date | None, date]]:
    """The dashboard's age buckets at the end of ``end``: (key, first and last day opened), youngest first. A case
    opened on ``end`` is 0 days old."""
    return [(key, end - timedelta(days=high) if high is not None else None, end - timedelta(days=low))
            for key, low, high in AGE_BUCKETS]  # fmt: skip


def _open_by_age_statement(filters: DeductionFilters, until: Any, starts: list[Any]) -> Any:
    opened = Dispute.created_at < until
    cases = union_all(
        select(Dispute.amount, Dispute.created_at).where(*_cases(filters, opened, Dispute.resolved_at.is_(None))),
        select(Dispute.amount, Dispute.created_at).where(*_cases(filters, opened, Dispute.resolved_at >= until)),
    ).subquery()
    return _bucketed(select(cases.c.amount, bucket_index(cases.c.created_at, starts).label("bucket")))


async def open_by_age(session: AsyncSession, filters: DeductionFilters, end: date) -> tuple[AgeBucket, ...]:
    """The deductions open at the end of ``end`` (opened by then, not decided or withdrawn by then), by age. One
    statement over two disjoint parts: the cases open now (the open cases' own index, ``ix_disputes_open_by_age``)
    and those decided or withdrawn since (``ix_disputes_resolved_at``) — an OR of the two would read the table."""
    since_ever = datetime.min.replace(tzinfo=UTC)
    spans = age_spans(end)
    oldest_first = list(reversed(spans))
    # the oldest bucket's start is never read (bucket_index: everything before the second start is bucket 0)
    starts = [_midnight(first) if first is not None else since_ever for _, first, _ in oldest_first]
    statement, values = _shaped(
        filters,
        _open_by_age_statement,
        ("until", MOMENT, None),
        ("starts", MOMENT, len(starts)),
        until=end_of(end),
        starts=starts,
    )
    found = await _money_by_bucket(session, statement, values)
    by_key = {key: found.get(n, NOTHING) for n, (key, _, _) in enumerate(oldest_first)}
    return tuple(AgeBucket(key, first, last, by_key[key]) for key, first, last in spans)


def _bucketed(statement: Any) -> Any:
    """(bucket, count, money) of ``statement``'s rows (columns ``amount`` and ``bucket``), grouped in an outer
    statement (see ``backend.domain.dashboard.automation._per_bucket``)."""
    rows = statement.subquery()
    return select(rows.c.bucket, func.count(), func.sum(rows.c.amount)).group_by(rows.c.bucket)


async def _money_by_bucket(session: AsyncSession, statement: Any, values: dict[str, Any]) -> dict[int, Money]:
    return {
        int(bucket): Money(amount, int(count)) for bucket, count, amount in await session.execute(statement, values)
    }


def flow_spans(start: date, end: date) -> tuple[str, list[tuple[date, date]]]:
    """The weeks (Monday to Sunday) of a period up to ``WEEKLY_UP_TO_DAYS`` days, else its calendar months, cut to
    the period: ("week" or "month", [(first day, last day)])."""
    weekly = formulas.period_days(start, end) <= WEEKLY_UP_TO_DAYS
    spans = []
    first = start
    while first <= end:
        if weekly:
            following = first + timedelta(days=7 - first.weekday())
        else:
            following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        spans.append((first, min(end, following - timedelta(days=1))))
        first = following
    return ("week" if weekly else "month"), spans


def _flow_statement(filters: DeductionFilters, since: Any, until: Any, starts: list[Any]) -> Any:
    opened_in = and_(Dispute.created_at >= since, Dispute.created_at < until)
    decided_in = and_(*_decided_between(since, until, DECIDED))
    tagged = (
        select(
            case((opened_in, bucket_index(Dispute.created_at, starts)), else_=-1).label("opened"),
            case((decided_in, bucket_index(Dispute.resolved_at, starts)), else_=-1).label("decided"),
            Dispute.amount,
        )
        .where(*_cases(filters, or_(opened_in, decided_in)))
        .subquery()
    )
    return select(tagged.c.opened, tagged.c.decided, func.count(), func.sum(tagged.c.amount)).group_by(
        tagged.c.opened, tagged.c.decided
    )


async def flow(session: AsyncSession, filters: DeductionFilters, spans: list[tuple[date, date]]) -> tuple[Flow, ...]:
    """Per span, the deductions opened in it and those decided in it (found valid, in part or invalid, or written
    off; a withdrawn case is not decided). One statement over the cases opened or decided in the period, each
    tagged with the span it was opened in and the one it was decided in (-1: not in the period), so the invoices
    are read once for both."""
    starts = [_midnight(first) for first, _ in spans]
    statement, values = _shaped(
        filters,
        _flow_statement,
        ("since", MOMENT, None),
        ("until", MOMENT, None),
        ("starts", MOMENT, len(starts)),
        since=starts[0],
        until=end_of(spans[-1][1]),
        starts=starts,
    )
    opened: dict[int, Money] = {}
    decided: dict[int, Money] = {}
    for opened_span, decided_span, count, amount in await session.execute(statement, values):
        for found, span in ((opened, int(opened_span)), (decided, int(decided_span))):
            if span >= 0:
                before = found.get(span, NOTHING)
                found[span] = Money(before.amount + amount, before.count + int(count))
    return tuple(
        Flow(first, last, opened.get(n, NOTHING), decided.get(n, NOTHING)) for n, (first, last) in enumerate(spans)
    )


def _on_hold_statement(filters: DeductionFilters, until: Any) -> Any:
    conditions = [
        CustomerAccount.currency == filters.currency,
        CreditHold.placed_at < until,
        or_(CreditHold.released_at.is_(None), CreditHold.released_at >= until),
    ]
    if filters.account_id is not None:
        conditions.append(CreditHold.account_id == filters.account_id)
    return (
        select(func.count(func.distinct(CreditHold.account_id)))
        .join(CustomerAccount, CustomerAccount.id == CreditHold.account_id)
        .where(*conditions)
    )


async def accounts_on_hold(session: AsyncSession, filters: DeductionFilters, end: date) -> int:
    """Accounts in the filters' currency (and customer) on credit hold at the end of ``end``: a hold placed by then
    and not released by then. One statement."""
    statement, values = _shaped(filters, _on_hold_statement, ("until", MOMENT, None), until=end_of(end))
    found = await session.scalar(statement, values)
    return int(found or 0)
