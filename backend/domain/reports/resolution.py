"""How the cases decided in a period were decided and how fast: the outcomes per reason, and the median and 90th
percentile of the days each took with the share within its reason's SLA — overall and per reason, customer and
staff member — counted, ranked and grouped in the database (two statements, however many cases), as
docs/KPIS.md defines them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.planner import planner_settings
from backend.db.sql_functions import elapsed_ms
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.disputes.enums import DisputeStatus
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.reports import formulas
from backend.domain.reports.ledger import ZERO, end_of, scope

VALID = (DisputeStatus.RESOLVED_VALID.value, DisputeStatus.RESOLVED_PARTIAL.value)
INVALID = (DisputeStatus.RESOLVED_INVALID.value,)
DECIDED = (*VALID, *INVALID, DisputeStatus.WRITTEN_OFF.value)
MAX_GROUPS = 50
"""The customers with the most decided cases shown."""
MS_A_DAY = Decimal(86_400_000)
KINDS = ("all", "reason", "customer", "staff")
"""The groupings, numbered in the statement (a number sorts in less memory than a word)."""
NOBODY = "Nobody assigned"


@dataclass(frozen=True)
class ReasonOutcomes:
    """The cases of one reason decided in the period: (value, count) found valid, invalid and written off."""

    reason_code: str
    valid: tuple[Decimal, int]
    invalid: tuple[Decimal, int]
    written_off: tuple[Decimal, int]


@dataclass(frozen=True)
class ResolutionGroup:
    """The cases of one reason, customer or staff member decided in the period: how fast, and how many within their
    reason's SLA."""

    key: str
    label: str
    decided: int
    median_days: Decimal
    p90_days: Decimal
    within_sla: Decimal | None
    """Share (0–1) decided within the reason's SLA days."""


@dataclass(frozen=True)
class Resolution:
    decided: int
    days: tuple[Decimal, Decimal] | None
    """Median and 90th percentile of the days the cases took; None when none was decided."""
    within_sla: Decimal | None
    by_reason: tuple[ResolutionGroup, ...]
    by_customer: tuple[ResolutionGroup, ...]
    """The :data:`MAX_GROUPS` customers with the most decided cases."""
    by_staff: tuple[ResolutionGroup, ...]
    outcomes: tuple[ReasonOutcomes, ...]
    """Largest invalid value first."""


def decided_in(
    currency: str, start: date, end: date, account_id: uuid.UUID | None, filters: Sequence[ColumnElement[bool]] = ()
) -> list[ColumnElement[bool]]:
    """The cases decided from ``start`` to ``end`` on invoices of ``currency`` (and one customer), narrowed by
    ``filters``."""
    return [
        Dispute.status.in_(DECIDED),
        Dispute.resolved_at >= end_of(start - timedelta(days=1)),
        Dispute.resolved_at < end_of(end),
        *case_scope(currency, account_id),
        *filters,
    ]


def case_scope(currency: str | None, account_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    """The cases on invoices of one currency and one customer (either may be None: all), from the case's own
    columns (migration 0031): no invoice read."""
    return scope(Dispute, currency, account_id)


async def resolution(
    session: AsyncSession,
    *,
    currency: str,
    start: date,
    end: date,
    account_id: uuid.UUID | None = None,
    filters: Sequence[ColumnElement[bool]] = (),
) -> Resolution:
    dialect = session.get_bind().dialect.name
    if filters:
        statement, values = _timing_statement(dialect, decided_in(currency, start, end, account_id, filters)), {}
    else:  # the report as first shown: one statement per shape, built once (each build left cyclic garbage)
        statement = _unfiltered_timing(dialect, account_id is not None)
        values = {"currency": currency, "decided_from": end_of(start - timedelta(days=1)), "decided_until": end_of(end)}
        if account_id is not None:
            values["account"] = account_id
    groups, outcomes = await _timing(session, statement, values)
    overall = groups.pop(("all", ""), None)
    return Resolution(
        decided=overall.decided if overall else 0,
        days=(overall.median_days, overall.p90_days) if overall else None,
        within_sla=overall.within_sla if overall else None,
        by_reason=_ranked(groups, "reason"),
        by_customer=_ranked(groups, "customer")[:MAX_GROUPS],
        by_staff=_ranked(groups, "staff"),
        outcomes=outcomes,
    )


def _ranked(groups: dict[tuple[str, str], ResolutionGroup], kind: str) -> tuple[ResolutionGroup, ...]:
    found = [g for (k, _), g in groups.items() if k == kind]
    return tuple(sorted(found, key=lambda g: (-g.decided, g.label)))


def _timing_statement(dialect: str, scope: list[ColumnElement[bool]]) -> Any:
    decided = _decided(scope)
    return _by_grouping_sets(decided) if dialect == "postgresql" else _by_ranks(decided)


@lru_cache(maxsize=8)
def _unfiltered_timing(dialect: str, one_customer: bool) -> Any:
    """:func:`_timing_statement` of every decided case of a period, a currency and perhaps one customer, their values
    bound at execution (``currency``, ``decided_from``, ``decided_until``, ``account``)."""
    scope = [
        Dispute.status.in_(DECIDED),
        Dispute.resolved_at >= bindparam("decided_from", type_=Dispute.resolved_at.type),
        Dispute.resolved_at < bindparam("decided_until", type_=Dispute.resolved_at.type),
        Dispute.currency == bindparam("currency", type_=Dispute.currency.type),
    ]
    if one_customer:
        scope.append(Dispute.account_id == bindparam("account", type_=Dispute.account_id.type))
    return _timing_statement(dialect, scope)


async def _timing(
    session: AsyncSession, statement: Any, values: dict[str, Any]
) -> tuple[dict[tuple[str, str], ResolutionGroup], tuple[ReasonOutcomes, ...]]:
    """One statement: each case's days (in whole milliseconds), whether within SLA and its outcome, counted under
    its reason, customer and staff member (and once for all): the middle (nearest rank; the mean of the middle two
    for an even count) and the 90th-percentile (nearest rank) milliseconds, the money and count of each outcome;
    only the :data:`MAX_GROUPS` customers with the most (ties by number) are counted. Then the groups' names, from
    their own tables.

    PostgreSQL groups once by grouping sets with ordered-set aggregates (``percentile_disc``); SQLite, which has
    neither, ranks each case within its groups by window functions. Both give the same figures
    (``tests/reports/test_resolution.py`` runs on both); the grouping sets take half the time on a quarter of the
    bench book (~40 against ~90 ms)."""
    # a quarter's cases sort in memory (the default 4 MB spills them to disk), planned for the period asked (not a
    # generic plan)
    async with planner_settings(session, work_mem="32MB", plan_cache_mode="force_custom_plan"):
        rows = (await session.execute(statement, values)).all()
    named = [(KINDS[number], key, figures) for number, key, *figures in rows]
    names = await _names(session, {(kind, key) for kind, key, _ in named})
    groups = {
        (kind, key): _group(_staff_key(key) if kind == "staff" else key, names.get((kind, key), ""), *figures[:5])
        for kind, key, figures in named
    }
    outcomes = [
        ReasonOutcomes(
            key, *((amount or ZERO, int(count)) for amount, count in zip(figures[5::2], figures[6::2], strict=True))
        )
        for kind, key, figures in named
        if kind == "reason"
    ]
    return groups, tuple(sorted(outcomes, key=lambda r: (-r.invalid[0], -r.written_off[0], r.reason_code)))


def _decided(scope: list[ColumnElement[bool]]) -> Any:
    """The decided cases: milliseconds taken, within SLA (1/0), reason, customer number, staff id, money, outcome
    (1 valid, 2 invalid, 3 written off)."""
    took = elapsed_ms(Dispute.created_at, Dispute.resolved_at)
    return (
        select(
            took.label("ms"),
            case((took <= cast(ReasonCode.sla_days, BigInteger) * 86_400_000, 1), else_=0).label("within"),
            Dispute.reason_code.label("reason"),
            CustomerAccount.number.label("customer"),
            cast(Dispute.assignee_id, String).label("staff"),
            Dispute.amount.label("amount"),
            case((Dispute.status.in_(VALID), 1), (Dispute.status.in_(INVALID), 2), else_=3).label("outcome"),
        )
        .join(ReasonCode, ReasonCode.code == Dispute.reason_code)
        .join(CustomerAccount, CustomerAccount.id == Dispute.account_id)
        .where(*scope)
        .cte("decided")
    )


def _top_customers(decided: Any) -> Any:
    c = decided.c
    return select(c.customer).group_by(c.customer).order_by(func.count().desc(), c.customer).limit(MAX_GROUPS)


def _outcome_sums(outcome: Any, amount: Any) -> list[Any]:
    """The money and count of each outcome (valid, invalid, written off)."""
    return [
        aggregate
        for number in (1, 2, 3)
        for aggregate in (func.sum(case((outcome == number, amount))), func.count(case((outcome == number, 1))))
    ]


def _by_grouping_sets(decided: Any) -> Any:
    """Rows (kind, key, n, within, middle sum, middle count, p90, outcome sums) grouped by sets on PostgreSQL. The
    median is the mean of the lower and upper middles (``percentile_disc(0.5)`` ascending and descending: the same
    case for an odd count), whole milliseconds, no floating point."""
    c = decided.c
    cases = select(
        c.ms,
        c.within,
        c.amount,
        c.outcome,
        c.reason,
        case((c.customer.in_(_top_customers(decided)), c.customer)).label("customer"),
        func.coalesce(c.staff, "").label("staff"),
    ).subquery("cases")
    s = cases.c
    # 1 where the column is not in the row's grouping set: () 7, (reason) 3, (customer) 5, (staff) 6
    unused = func.grouping(s.reason, s.customer, s.staff)
    half: ColumnElement[Any] = literal_column("0.5")
    ninety: ColumnElement[Any] = literal_column("0.9")
    return (
        select(
            case((unused == 7, 0), (unused == 3, 1), (unused == 5, 2), else_=3),
            func.coalesce(s.reason, s.customer, s.staff, ""),
            func.count(),
            func.sum(s.within),
            func.percentile_disc(half).within_group(s.ms) + func.percentile_disc(half).within_group(s.ms.desc()),
            literal(2),
            func.percentile_disc(ninety).within_group(s.ms),
            *_outcome_sums(s.outcome, s.amount),
        )
        .group_by(text("GROUPING SETS ((), (cases.reason), (cases.customer), (cases.staff))"))
        # customers not shown fall in one unnamed group; the empty set () is a row even when no case was decided
        .having(or_(unused != 5, s.customer.is_not(None)), func.count() > 0)
    )


def _by_ranks(decided: Any) -> Any:
    """The same rows by window functions: each case repeated under its reason, customer and staff member (and once
    for all), ranked within each group; the middle and the 90th-percentile ranks picked out."""
    c = decided.c
    keyed = union_all(
        select(literal(0).label("kind"), literal("").label("key"), c.ms, c.within, c.amount, c.outcome),
        select(literal(1), c.reason, c.ms, c.within, c.amount, c.outcome),
        # only the customers shown: the most decided cases first, ties by number
        select(literal(2), c.customer, c.ms, c.within, c.amount, c.outcome).where(
            c.customer.in_(_top_customers(decided))
        ),
        select(literal(3), func.coalesce(c.staff, ""), c.ms, c.within, c.amount, c.outcome),
    ).subquery()
    k = keyed.c
    ranked = select(
        k.kind,
        k.key,
        k.ms,
        k.within,
        k.amount,
        k.outcome,
        func.row_number().over(partition_by=(k.kind, k.key), order_by=k.ms).label("place"),
        func.count().over(partition_by=(k.kind, k.key)).label("n"),
    ).subquery()
    r = ranked.c
    middle = case((r.place.in_([(r.n + 1) // 2, r.n // 2 + 1]), r.ms))
    return select(
        r.kind,
        r.key,
        r.n,
        func.sum(r.within),
        func.sum(middle),
        func.count(middle),
        func.max(case((r.place == (9 * r.n + 9) // 10, r.ms))),
        *_outcome_sums(r.outcome, r.amount),
    ).group_by(r.kind, r.key, r.n)


def _staff_key(key: str) -> str:
    return str(uuid.UUID(key)) if key else ""


async def _names(session: AsyncSession, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The reasons', customers' and staff members' names (three small statements)."""
    wanted: dict[str, list[str]] = {}
    for kind, key in keys:
        wanted.setdefault(kind, []).append(key)
    names: dict[tuple[str, str], str] = {("staff", ""): NOBODY}
    if wanted.get("reason"):
        found = await session.execute(
            select(ReasonCode.code, ReasonCode.label).where(ReasonCode.code.in_(wanted["reason"]))
        )
        names.update({("reason", code): label for code, label in found})
    if wanted.get("customer"):
        found = await session.execute(
            select(CustomerAccount.number, CustomerAccount.name).where(CustomerAccount.number.in_(wanted["customer"]))
        )
        names.update({("customer", number): name for number, name in found})
    staff = {key: uuid.UUID(key) for key in wanted.get("staff", []) if key}
    if staff:
        users = await session.execute(select(User.id, User.full_name).where(User.id.in_(staff.values())))
        by_id: dict[uuid.UUID, str] = {user_id: name for user_id, name in users}
        names.update({("staff", key): by_id.get(user_id, "") for key, user_id in staff.items()})
    return names


def _group(key: str, label: str, n: Any, within: Any, middle_sum: Any, middle_count: Any, p90: Any) -> ResolutionGroup:
    """A group's row: the middle rank(s)' milliseconds summed and counted, and the 90th-percentile rank's."""
    median = Decimal(int(middle_sum)) / int(middle_count) / MS_A_DAY
    return ResolutionGroup(
        key,
        label,
        int(n),
        formulas.round_days(median),
        formulas.round_days(Decimal(int(p90)) / MS_A_DAY),
        formulas.share(Decimal(int(within)), Decimal(int(n))),
    )
