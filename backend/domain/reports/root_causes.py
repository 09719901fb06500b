"""Root cause beside reason: what really went wrong in the cases decided in a period, and its trend (docs/KPIS.md).

A reason is what the customer claimed; a root cause (``RootCause``) is what the person deciding the case found
really went wrong. Cases decided without one — before root causes existed, or by a resolution rule — are the
"not recorded" row (``root_cause`` None), never left out, so the rows add up to the report's decided cases.

One grouped statement, whatever the book's size: the decided cases from the earlier of the period's start and the
trend's per month of the trend, in-the-period or not, root cause, reason and outcome (the root-cause rows and the
months are those groups summed). It reads the cases by ``ix_disputes_resolved_at`` and their invoices by primary
key (for the currency), with the same scope and outcomes as the receivables report (``resolution.py``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.disputes.models import Dispute
from backend.domain.reports.case_filters import EVERY_CASE, CaseFilters
from backend.domain.reports.ledger import ZERO, end_of
from backend.domain.reports.resolution import DECIDED, INVALID, VALID, ReasonOutcomes, case_scope

TREND_MONTHS = 12
NONE = (ZERO, 0)
OUTCOMES = ("valid", "invalid", "written_off")


@dataclass(frozen=True)
class RootCauseOutcomes:
    """The cases of one root cause decided in the period: (value, count) found valid (in full or part), invalid and
    written off, and the same per reason."""

    root_cause: str | None
    """A ``RootCause`` value; None: not recorded."""
    valid: tuple[Decimal, int]
    invalid: tuple[Decimal, int]
    written_off: tuple[Decimal, int]
    by_reason: tuple[ReasonOutcomes, ...]
    """Largest decided value first."""

    @property
    def decided(self) -> tuple[Decimal, int]:
        return _sum((self.valid, self.invalid, self.written_off))


@dataclass(frozen=True)
class RootCauseMonth:
    """One calendar month of the trend: the value and count of cases decided in it, per root cause (None: not
    recorded); a root cause with no case that month is absent."""

    month: date
    """The month's first day."""
    by_root_cause: dict[str | None, tuple[Decimal, int]]


@dataclass(frozen=True)
class RootCauseReport:
    currency: str
    start: date
    end: date
    rows: tuple[RootCauseOutcomes, ...]
    """The largest decided value first; "not recorded" last."""
    trend: tuple[RootCauseMonth, ...]
    """The twelve calendar months to the period's end, oldest first (the last one up to the period's end)."""


def _sum(pairs: tuple[tuple[Decimal, int], ...] | list[tuple[Decimal, int]]) -> tuple[Decimal, int]:
    return sum((a for a, _ in pairs), ZERO), sum(c for _, c in pairs)


def _outcome() -> ColumnElement[str]:
    return case((Dispute.status.in_(VALID), "valid"), (Dispute.status.in_(INVALID), "invalid"), else_="written_off")


async def root_cause_report(
    session: AsyncSession,
    *,
    currency: str,
    start: date,
    end: date,
    account_id: uuid.UUID | None = None,
    cases: CaseFilters = EVERY_CASE,
) -> RootCauseReport:
    """The cases of ``currency`` decided from ``start`` to ``end`` (both included), for one customer or all and those
    ``cases`` keeps, per root cause × reason × outcome, and per root cause in each of the twelve months to ``end``.

    One grouped statement reads the decided cases once for both figures: each group says whether it lies in the
    period and in which month of the trend (UTC bounds bound as parameters, like the period's, so both databases
    group alike whatever their session's time zone)."""
    firsts = _months(end)
    bounds = [end_of(first - timedelta(days=1)) for first in firsts]
    period_from = end_of(start - timedelta(days=1))
    month = case(
        *((Dispute.resolved_at < bound, index - 1) for index, bound in enumerate(bounds, 0)), else_=len(bounds) - 1
    )
    in_period = case((Dispute.resolved_at >= period_from, 1), else_=0)
    outcome = case((Dispute.status.in_(VALID), "valid"), (Dispute.status.in_(INVALID), "invalid"), else_="written_off")
    keys = (month, in_period, Dispute.root_cause, Dispute.reason_code, outcome)
    rows = await session.execute(
        select(*keys, func.sum(Dispute.amount), func.count())
        .where(
            Dispute.status.in_(DECIDED),
            Dispute.resolved_at >= min(period_from, bounds[0]),
            Dispute.resolved_at < end_of(end),
            *case_scope(currency, account_id),
            *cases.conditions(),
        )
        .group_by(*keys)
    )
    found: dict[str | None, dict[str, dict[str, tuple[Decimal, int]]]] = {}
    points: list[dict[str | None, tuple[Decimal, int]]] = [{} for _ in firsts]
    for index, period, cause, reason, kind, amount, count in rows:
        figure = (amount or ZERO, int(count))
        if period:
            outcomes = found.setdefault(cause, {}).setdefault(reason, {})
            outcomes[kind] = _sum([outcomes.get(kind, NONE), figure])
        if index >= 0:
            points[index][cause] = _sum([points[index].get(cause, NONE), figure])
    return RootCauseReport(
        currency=currency,
        start=start,
        end=end,
        rows=tuple(sorted((_row(cause, reasons) for cause, reasons in found.items()), key=_order)),
        trend=tuple(RootCauseMonth(first, by_cause) for first, by_cause in zip(firsts, points, strict=True)),
    )


def _row(cause: str | None, reasons: dict[str, dict[str, tuple[Decimal, int]]]) -> RootCauseOutcomes:
    by_reason = [ReasonOutcomes(reason, *(o.get(kind, NONE) for kind in OUTCOMES)) for reason, o in reasons.items()]
    by_reason.sort(key=lambda r: (-_sum([r.valid, r.invalid, r.written_off])[0], r.reason_code))
    valid, invalid, written_off = (_sum([getattr(r, kind) for r in by_reason]) for kind in OUTCOMES)
    return RootCauseOutcomes(cause, valid, invalid, written_off, tuple(by_reason))


def _order(row: RootCauseOutcomes) -> tuple[bool, Decimal, str]:
    return row.root_cause is None, -row.decided[0], row.root_cause or ""


def _months(end: date) -> list[date]:
    """The first days of the twelve calendar months to ``end``'s, oldest first."""
    firsts = []
    for back in range(TREND_MONTHS - 1, -1, -1):
        year, month = divmod(end.year * 12 + end.month - 1 - back, 12)
        firsts.append(date(year, month + 1, 1))
    return firsts
