"""The machine's share of the work (issue 18): how much of cash application, deduction taking and case closing
happened without a person, per ISO week and per customer. Staff scope only.

Three rates, each a count of the work the machine did over a count of all that work:

* **cash lines auto-matched**: remittance lines applied on import (status ``applied``) over the lines that were
  customer payments (``applied``, ``exception``, or ``confirmed`` — an exception staff confirmed); errors,
  skipped and not-applied lines are no payment. Bucketed by the import's ``imported_at``, when the matching ran
  (a line's ``received_on`` is the bank's date, may be missing, and says nothing about when the work was done).
* **short pays classified with evidence**: deductions taken from remittances (origin ``remittance``) whose reason
  is not the unexplained one and that have a stored document on the case or its invoice (as the ``no_evidence``
  flag reads it; the case's ``has_evidence``, kept by the database, migration 0034) over every deduction taken from remittances; by the week the case was created. Evidence that
  arrives later counts for the week the deduction was taken.
* **closed by rule**: cases closed (accepted in full or in part, denied, written off) whose closing status change
  was made by the system actor (a resolution rule) over every case closed; by the week it was closed. A case a
  rule closed and a person reopened and closed again counts as closed by the person. Withdrawn cases are left
  out: the customer took them back, nobody decided them.

Weeks run Monday to Sunday in UTC. Counts never mix currencies with money: there is no amount here, so every
currency is counted. Each measure is one grouped statement, whatever the data size (six per request).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.lists import among
from backend.domain.accounts.models import CustomerAccount
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.cash.reasons import UNEXPLAINED
from backend.domain.disputes.enums import DisputeOrigin, DisputeStatus
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.reports import formulas

WEEKS = 12
TOP_CUSTOMERS = 20
PAYMENT_LINE_STATUSES = ("applied", "exception", "confirmed")
"""Lines that were a customer's payment: applied by the machine, left for staff, or confirmed by staff."""
AUTO_MATCHED = "applied"
CLOSED_STATUSES = tuple(
    s.value
    for s in (
        DisputeStatus.RESOLVED_VALID,
        DisputeStatus.RESOLVED_PARTIAL,
        DisputeStatus.RESOLVED_INVALID,
        DisputeStatus.WRITTEN_OFF,
    )
)


@dataclass(frozen=True)
class Rate:
    """``done`` of ``total`` pieces of work were the machine's."""

    done: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        """``done / total`` in percent to one decimal (half up); None when there was nothing to do."""
        if self.total == 0:
            return None
        return (Decimal(self.done) * 100 / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def share(self) -> Decimal | None:
        """``done / total`` as a ratio 0–1 (the reports' shares, docs/KPIS.md); None when there was nothing to do."""
        return formulas.share(Decimal(self.done), Decimal(self.total))


NONE = Rate(0, 0)


@dataclass(frozen=True)
class WeekRates:
    week_start: date
    """The Monday the ISO week starts on (UTC)."""
    lines_auto_matched: Rate
    short_pays_classified: Rate
    closed_by_rule: Rate

    @property
    def week(self) -> str:
        """The ISO week, "2026-W07"."""
        year, number, _ = self.week_start.isocalendar()
        return f"{year:04d}-W{number:02d}"


@dataclass(frozen=True)
class CustomerRates:
    account_id: uuid.UUID
    number: str
    name: str
    lines_auto_matched: Rate
    short_pays_classified: Rate
    closed_by_rule: Rate


@dataclass(frozen=True)
class Automation:
    since: date
    """The Monday of the oldest week counted."""
    weeks: list[WeekRates]
    """The last ``WEEKS`` ISO weeks, the current one last; a week with no work has zero counts."""
    customers: list[CustomerRates]
    """Over all the weeks, the customers with the most payment lines first (at most ``TOP_CUSTOMERS``)."""


def week_starts(now: datetime, weeks: int = WEEKS) -> list[datetime]:
    """The UTC Mondays 00:00 of the last ``weeks`` ISO weeks, oldest first; the last is the week of ``now``."""
    today = now.astimezone(UTC).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(), tzinfo=UTC)
    return [monday - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


def bucket_index(column: Any, starts: list[datetime]) -> ColumnElement[int]:
    """The position (0 = oldest) of the bucket ``column`` falls in, for rows already kept to the span ``starts``
    (oldest first) begin; the first start is not read (everything before the second is bucket 0).

    A CASE over the bucket boundaries, computed here in UTC, reads the same on SQLite and PostgreSQL (their week
    functions differ, and SQLite's ``%W`` is not the ISO week). The reports use it for weeks, months and ages."""
    if len(starts) < 2:
        return literal(0)
    return case(*[(column >= start, n) for n, start in reversed(list(enumerate(starts))) if n > 0], else_=0)


@dataclass(frozen=True)
class Span:
    """The work counted: buckets from each of ``starts`` (oldest first, UTC), the last ending before ``until``; the
    cases of one currency (their invoice's) and customer when given, and those ``cases`` keeps (a report's reason,
    root cause or staff member). Payment lines carry no currency, reason or assignee: they are narrowed by the
    customer only."""

    starts: tuple[datetime, ...]
    until: datetime
    currency: str | None = None
    account_id: uuid.UUID | None = None
    cases: tuple[ColumnElement[bool], ...] = ()


@dataclass(frozen=True)
class BucketRates:
    """{bucket index: rate} of each measure; a bucket with no work is missing."""

    lines_auto_matched: dict[int, Rate]
    short_pays_classified: dict[int, Rate]
    closed_by_rule: dict[int, Rate]


def _in_span(column: Any, span: Span) -> ColumnElement[bool]:
    return and_(column >= span.starts[0], column < span.until)


def closed_by_rule() -> ColumnElement[bool]:
    """The case's closing status change was made by the system actor (a resolution rule), not by a person."""
    # The change that closed the case is the one made at its resolved_at, to its status (move_to writes both).
    return exists().where(
        DisputeStatusChange.dispute_id == Dispute.id,
        DisputeStatusChange.to_status == Dispute.status,
        DisputeStatusChange.changed_at == Dispute.resolved_at,
        DisputeStatusChange.actor_user_id == SYSTEM_USER_ID,
    )


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _payment_lines(span: Span, *columns: Any) -> Any:
    """``columns`` of the payment lines whose import ran in the span (the lines joined to their import)."""
    statement = (
        select(*columns)
        .select_from(RemittanceLineRecord)
        .join(RemittanceImport, RemittanceImport.id == RemittanceLineRecord.import_id)
        .where(RemittanceLineRecord.status.in_(PAYMENT_LINE_STATUSES), _in_span(RemittanceImport.imported_at, span))
    )
    if span.account_id is not None:
        statement = statement.where(RemittanceLineRecord.account_id == span.account_id)
    return statement


def _cases(span: Span, condition: ColumnElement[bool]) -> Any:
    """A statement over the cases ``condition`` keeps, narrowed as the span says."""
    statement = select().select_from(Dispute).where(condition)
    if span.currency is not None:
        statement = statement.where(Dispute.currency == span.currency)  # the invoice's, copied (migration 0031)
    if span.account_id is not None:
        statement = statement.where(Dispute.account_id == span.account_id)
    return statement.where(*span.cases)


def _deductions(span: Span) -> Any:
    return _cases(span, and_(Dispute.origin == DisputeOrigin.REMITTANCE.value, _in_span(Dispute.created_at, span)))


def _closures(span: Span) -> Any:
    return _cases(span, and_(Dispute.status.in_(CLOSED_STATUSES), _in_span(Dispute.resolved_at, span)))


def _per_bucket(column: Any, done: ColumnElement[bool], base: Any, span: Span) -> Any:
    """(bucket index, rows, rows done) of the rows ``base`` selects from, bucketed by ``column``.

    Grouped in an outer statement over the bucketed rows: PostgreSQL would not take a GROUP BY on a CASE whose
    boundaries are bound parameters as the same expression as the selected one."""
    bucketed = base.add_columns(bucket_index(column, list(span.starts)).label("bucket"), _flag(done).label("done"))
    inner = bucketed.subquery()
    return select(inner.c.bucket, func.count(), func.coalesce(func.sum(inner.c.done), 0)).group_by(inner.c.bucket)


def _classified() -> ColumnElement[bool]:
    return and_(Dispute.reason_code != UNEXPLAINED, Dispute.has_evidence)


def _rates_statements(span: Span) -> tuple[Any, Any, Any]:
    auto = RemittanceLineRecord.status == AUTO_MATCHED
    return (
        _per_bucket(RemittanceImport.imported_at, auto, _payment_lines(span), span),
        _per_bucket(Dispute.created_at, _classified(), _deductions(span), span),
        _per_bucket(Dispute.resolved_at, closed_by_rule(), _closures(span), span),
    )


@lru_cache(maxsize=32)
def _bound_rates_statements(buckets: int, by_currency: bool, by_customer: bool) -> tuple[Any, Any, Any]:
    """:func:`_rates_statements` of a span of ``buckets`` buckets and no case conditions, its values bound at
    execution (``start0``…, ``until``, ``currency``, ``account``): built once per shape (each build left ~300 objects
    in reference cycles)."""
    moment = RemittanceImport.imported_at.type
    bound = Span(
        tuple(bindparam(f"start{n}", type_=moment) for n in range(buckets)),  # type: ignore[misc]
        bindparam("until", type_=moment),  # type: ignore[arg-type]
        bindparam("currency", type_=Dispute.currency.type) if by_currency else None,  # type: ignore[arg-type]
        bindparam("account", type_=Dispute.account_id.type) if by_customer else None,  # type: ignore[arg-type]
    )
    return _rates_statements(bound)


async def rates_by_bucket(session: AsyncSession, span: Span) -> BucketRates:
    """The three automation rates of each bucket of ``span`` (the dashboard's weeks, a report's period as one
    bucket), as the module's docstring defines them. Three grouped statements whatever the data size."""
    values: dict[str, Any] = {}
    if span.cases:
        statements = _rates_statements(span)
    else:
        statements = _bound_rates_statements(len(span.starts), span.currency is not None, span.account_id is not None)
        values = {f"start{n}": start for n, start in enumerate(span.starts)}
        values["until"] = span.until
        if span.currency is not None:
            values["currency"] = span.currency
        if span.account_id is not None:
            values["account"] = span.account_id
    lines, short_pays, closures = [
        {int(bucket): Rate(int(done), int(total)) for bucket, total, done in await session.execute(statement, values)}
        for statement in statements
    ]
    return BucketRates(lines_auto_matched=lines, short_pays_classified=short_pays, closed_by_rule=closures)


async def _per_account(
    session: AsyncSession, statement: Any, account: Any, done: ColumnElement[bool], accounts: list[uuid.UUID]
) -> dict[uuid.UUID, Rate]:
    if not accounts:
        return {}
    rows = await session.execute(
        statement.add_columns(account, func.count(), func.coalesce(func.sum(_flag(done)), 0))
        .where(among(session, account, accounts))
        .group_by(account)
    )
    return {account_id: Rate(int(d), int(total)) for account_id, total, d in rows}


async def automation(session: AsyncSession, *, now: datetime) -> Automation:
    """The three automation rates for each of the last ``WEEKS`` ISO weeks (the one of ``now`` last, weeks without
    work as zero counts) and, over those weeks, for the ``TOP_CUSTOMERS`` customers with the most payment lines
    (most first, then by customer number). Six statements whatever the data size."""
    starts = week_starts(now)
    span = Span(tuple(starts), starts[-1] + timedelta(weeks=1))
    rates = await rates_by_bucket(session, span)
    weeks = [
        WeekRates(
            week_start=start.date(),
            lines_auto_matched=rates.lines_auto_matched.get(n, NONE),
            short_pays_classified=rates.short_pays_classified.get(n, NONE),
            closed_by_rule=rates.closed_by_rule.get(n, NONE),
        )
        for n, start in enumerate(starts)
    ]

    top = (
        await session.execute(
            _payment_lines(
                span,
                CustomerAccount.id,
                CustomerAccount.number,
                CustomerAccount.name,
                func.count(),
                func.coalesce(func.sum(_flag(RemittanceLineRecord.status == AUTO_MATCHED)), 0),
            )
            .join(CustomerAccount, CustomerAccount.id == RemittanceLineRecord.account_id)
            .group_by(CustomerAccount.id, CustomerAccount.number, CustomerAccount.name)
            .order_by(func.count().desc(), CustomerAccount.number)
            .limit(TOP_CUSTOMERS)
        )
    ).all()
    accounts = [row[0] for row in top]
    deductions = await _per_account(session, _deductions(span), Dispute.account_id, _classified(), accounts)
    closures = await _per_account(session, _closures(span), Dispute.account_id, closed_by_rule(), accounts)
    customers = [
        CustomerRates(
            account_id=account_id,
            number=number,
            name=name,
            lines_auto_matched=Rate(int(done), int(total)),
            short_pays_classified=deductions.get(account_id, NONE),
            closed_by_rule=closures.get(account_id, NONE),
        )
        for account_id, number, name, total, done in top
    ]
    return Automation(since=starts[0].date(), weeks=weeks, customers=customers)
