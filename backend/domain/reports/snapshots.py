"""The reports' daily snapshots: each day's books per customer and currency, and each day's invoicing and new cases,
recorded by the daily collections run for the day that ended — so a report reads a few thousand rows instead of
rebuilding a million invoices' books per click (docs/KPIS.md, "Snapshots").

Reading a day's books:

* a **recorded** day is read as recorded: what the books said that evening;
* a day up to :data:`CARRY_FORWARD_DAYS` after a recorded day (today, typically) is the recorded day's books
  **carried forward**: plus, for only the invoices that moved since (issued, recorded, paid, credited, written off,
  disputed or fallen due), their books on the day less their books as the snapshot saw them. Exact, and a few
  thousand invoices instead of all of them;
* any other day is rebuilt from the records (``ledger.balances_on``), as before snapshots existed.

A day's activity (invoices issued, cases opened) is read from the snapshot when recorded, else from the records.
One customer's activity is always read from its own records (an index range).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, Select, Text, bindparam, cast, delete, func, insert, literal, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.data_versions import GLOBAL_SCOPE, data_versions
from backend.db.lists import among, among_parameter
from backend.db.planner import planner_settings
from backend.db.sql_functions import utc_day
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.reports.ledger import (
    NO_BOOKS,
    ZERO,
    DayBalances,
    balances_on,
    balances_on_days,
    end_of,
    invoice_scope,
)
from backend.domain.reports.models import DailyActivity, DailyBalances, DailyTotals, SnapshotDay, SnapshotVersion
from backend.domain.reports.resolution import case_scope
from backend.domain.resolution.models import CreditMemo

CATCH_UP_DAYS = 31
"""The daily run records the days since the last recorded one, at most this many back (older gaps: the
``snapshot-reports`` command)."""
CARRY_FORWARD_DAYS = 7
"""How far after a recorded day its books are carried forward rather than rebuilt."""
MAX_MOVED = 100_000
"""More invoices moved than this since the recorded day: rebuilding is as quick."""
MAX_CHANGED = 3_000
"""More customers changed than this since the recorded day: rebuilding every customer is as quick."""
MAX_MOVED_SQLITE = 4_000
"""SQLite binds each invoice as its own parameter (four times in a statement, at most 32,766 in all)."""


@dataclass(frozen=True)
class Activity:
    """One day's invoicing and new cases in one currency."""

    sales: Decimal
    invoices_issued: int
    deductions_taken: Decimal
    deductions_taken_count: int

    def __add__(self, other: Activity) -> Activity:
        return Activity(
            self.sales + other.sales,
            self.invoices_issued + other.invoices_issued,
            self.deductions_taken + other.deductions_taken,
            self.deductions_taken_count + other.deductions_taken_count,
        )


NOTHING = Activity(ZERO, 0, ZERO, 0)


async def activity_from_records(
    session: AsyncSession,
    first: date,
    last: date,
    *,
    currency: str | None = None,
    account_id: uuid.UUID | None = None,
) -> dict[tuple[date, str], Activity]:
    """Each day's invoicing (by issue date) and new cases (by the UTC day opened) from ``first`` to ``last``, per
    currency: two grouped statements."""
    found: dict[tuple[date, str], Activity] = {}
    invoiced = await session.execute(
        select(Invoice.issue_date, Invoice.currency, func.sum(Invoice.total_amount), func.count())
        .where(Invoice.issue_date >= first, Invoice.issue_date <= last, *invoice_scope(currency, account_id))
        .group_by(Invoice.issue_date, Invoice.currency)
    )
    for day, code, sales, count in invoiced:
        found[(day, code)] = Activity(sales or ZERO, int(count), ZERO, 0)
    opened_on = utc_day(Dispute.created_at)
    opened = await session.execute(
        select(opened_on, Dispute.currency, func.sum(Dispute.amount), func.count())
        .where(
            Dispute.created_at >= end_of(first - timedelta(days=1)),
            Dispute.created_at < end_of(last),
            *case_scope(currency, account_id),
        )
        .group_by(opened_on, Dispute.currency)
    )
    for day, code, amount, count in opened:
        day = day if isinstance(day, date) else date.fromisoformat(day)
        found[(day, code)] = found.get((day, code), NOTHING) + Activity(ZERO, 0, amount or ZERO, int(count))
    return found


async def _mark(session: AsyncSession, days: list[date], **recorded_at: datetime) -> None:
    known = {d.day: d for d in (await session.execute(select(SnapshotDay).where(SnapshotDay.day.in_(days)))).scalars()}
    for day in days:
        row = known.get(day) or SnapshotDay(day=day)
        for name, at in recorded_at.items():
            setattr(row, name, at)
        session.add(row)
    await session.flush()


async def record_activity(session: AsyncSession, first: date, last: date, *, now: datetime) -> int:
    """Record every day's activity from ``first`` to ``last`` (again, if recorded before): one pass over the
    records, however many days. How many day-and-currency rows were written."""
    found = await activity_from_records(session, first, last)
    await session.execute(delete(DailyActivity).where(DailyActivity.day >= first, DailyActivity.day <= last))
    if found:
        await session.execute(
            insert(DailyActivity),
            [
                {
                    "day": day,
                    "currency": code,
                    "sales": a.sales,
                    "invoices_issued": a.invoices_issued,
                    "deductions_taken": a.deductions_taken,
                    "deductions_taken_count": a.deductions_taken_count,
                }
                for (day, code), a in found.items()
            ],
        )
    await _mark(session, [first + timedelta(days=n) for n in range((last - first).days + 1)], activity_at=now)
    return len(found)


async def record_balances(session: AsyncSession, day: date, *, now: datetime) -> int:
    """Record every customer's books at the end of ``day`` (again, if recorded before), rebuilt from the records.
    How many customer-and-currency rows were written (customers with nothing owed and nothing held are left out).

    First every customer's data version, then the books: whatever commits in between is in the books and changes
    the version, so a later carry-forward rebuilds that customer (too many rebuilt is only slower, never wrong)."""
    await session.execute(
        delete(SnapshotVersion).where(
            or_(SnapshotVersion.day == day, SnapshotVersion.day < day - timedelta(days=CARRY_FORWARD_DAYS + 1))
        )
    )
    await session.execute(
        insert(SnapshotVersion).from_select(
            ["day", "account_id", "version"],
            select(literal(day, Date), data_versions.c.scope_id, data_versions.c.version).where(
                data_versions.c.scope_id != GLOBAL_SCOPE
            ),
        )
    )
    books = await balances_on(session, day)
    rows = [
        {
            "day": day,
            "currency": code,
            "account_id": account,
            "receivables": b.receivables,
            "current": b.current,
            "open_deductions": b.open_deductions,
        }
        for (account, code), b in books.items()
        if b.receivables or b.current or b.open_deductions
    ]
    totals: dict[str, DayBalances] = {}
    for (_, code), b in books.items():
        totals[code] = totals.get(code, NO_BOOKS) + b
    await session.execute(delete(DailyBalances).where(DailyBalances.day == day))
    await session.execute(delete(DailyTotals).where(DailyTotals.day == day))
    if rows:
        await session.execute(insert(DailyBalances), rows)
    if totals:
        await session.execute(
            insert(DailyTotals),
            [
                {
                    "day": day,
                    "currency": code,
                    "receivables": t.receivables,
                    "current": t.current,
                    "open_deductions": t.open_deductions,
                }
                for code, t in totals.items()
            ],
        )
    await _mark(session, [day], balances_at=now)
    return len(rows)


async def days_to_record(session: AsyncSession, *, today: date) -> list[date]:
    """The days the daily run records: from the day after the last one recorded (at most :data:`CATCH_UP_DAYS`
    back) to yesterday; only yesterday on the first run."""
    yesterday = today - timedelta(days=1)
    last = await session.scalar(select(func.max(SnapshotDay.day)).where(SnapshotDay.balances_at.is_not(None)))
    first = max(last + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS)) if last else yesterday
    return [first + timedelta(days=n) for n in range((yesterday - first).days + 1)]


async def books_on(
    session: AsyncSession, day: date, *, currency: str, account_id: uuid.UUID | None = None
) -> DayBalances:
    """Every customer's books at the end of ``day`` in ``currency`` added up (or one customer's): recorded, carried
    forward from a recorded day, or rebuilt — see the module's docstring."""
    return (await books_at(session, [day], currency=currency, account_id=account_id))[day]


async def books_at(
    session: AsyncSession, days: Sequence[date], *, currency: str, account_id: uuid.UUID | None = None
) -> dict[date, DayBalances]:
    """:func:`books_on` for several days (a trend's month ends): the recorded ones in one statement."""
    recorded_days: dict[date, datetime] = {
        day: taken_at
        for day, taken_at in await session.execute(
            select(SnapshotDay.day, SnapshotDay.balances_at).where(
                SnapshotDay.balances_at.is_not(None),
                SnapshotDay.day <= max(days),
                SnapshotDay.day >= min(days) - timedelta(days=CARRY_FORWARD_DAYS),
            )
        )
        if taken_at is not None
    }
    base: dict[date, date] = {}
    for day in days:
        earlier = [d for d in recorded_days if day - timedelta(days=CARRY_FORWARD_DAYS) <= d <= day]
        if earlier:
            base[day] = max(earlier)
    recorded = await _recorded_books(session, sorted(set(base.values())), currency, account_id)
    books: dict[date, DayBalances] = {}
    for day in days:
        since = base.get(day)
        if since is None:
            books[day] = total(
                await balances_on(session, day, currency=currency, account_id=account_id, per_customer=False)
            )
        elif since == day:
            books[day] = recorded[since]
        else:
            books[day] = await _carried_forward(session, recorded[since], since, day, currency, account_id)
    return books


async def _carried_forward(
    session: AsyncSession,
    books: DayBalances,
    since: date,
    day: date,
    currency: str,
    account_id: uuid.UUID | None,
) -> DayBalances:
    """The books recorded for ``since`` carried forward to ``day``: the customers whose data changed since the
    recording are rebuilt whole (their recorded rows taken out); of the others, only the invoices that moved by
    date can differ, and they did not change since, so their books then and now are rebuilt and the difference
    added."""
    changed = await _changed_since(session, since, account_id)
    postgres = session.get_bind().dialect.name == "postgresql"
    if len(changed) > MAX_CHANGED:
        return total(await balances_on(session, day, currency=currency, account_id=account_id, per_customer=False))
    moved = await moved_invoices(session, since, day, changed)
    if len(moved) > (MAX_MOVED if postgres else MAX_MOVED_SQLITE):
        return total(await balances_on(session, day, currency=currency, account_id=account_id, per_customer=False))
    parts = [books]
    # A few thousand invoices' movements are found through their invoice_id indexes: planned for this many ids (a
    # generic plan, after five runs, does not know how many) and knowing index probes are cheap (at the default
    # page cost the planner scans every case instead). Without parallel workers: each of them built the same hash of
    # the customers' cases again (300 changed customers: 61 ms, 52 ms alone, a third of the CPU).
    async with planner_settings(
        session, random_page_cost="1.1", plan_cache_mode="force_custom_plan", max_parallel_workers_per_gather="0"
    ):
        parts += await _changes(session, since, day, currency, account_id, changed, moved)
    return sum(parts, NO_BOOKS)


async def _changes(
    session: AsyncSession,
    since: date,
    day: date,
    currency: str,
    account_id: uuid.UUID | None,
    changed: list[uuid.UUID],
    moved: list[uuid.UUID],
) -> list[DayBalances]:
    """What to add to the recorded books: the changed customers' recorded rows taken out and rebuilt, and the
    moved invoices' books now less then."""
    parts = []
    if changed:
        recorded = await _recorded_rows(session, since, currency, changed)
        parts.append(-recorded)
        parts.append(total(await balances_on(session, day, currency=currency, accounts=changed, per_customer=False)))
    if moved:
        now, then = [
            total(books)
            for books in await balances_on_days(
                session,
                [day, since],
                currency=currency,
                account_id=account_id,
                invoices=moved,
                but_accounts=changed,
                per_customer=False,
            )
        ]
        parts += [now, -then]
    return parts


async def _changed_since(session: AsyncSession, since: date, account_id: uuid.UUID | None) -> list[uuid.UUID]:
    """The customers whose data version is not the one read when ``since`` was recorded (new ones included)."""
    recorded = (
        select(SnapshotVersion.account_id, SnapshotVersion.version).where(SnapshotVersion.day == since).subquery()
    )
    statement = (
        select(data_versions.c.scope_id)
        .outerjoin(recorded, recorded.c.account_id == data_versions.c.scope_id)
        .where(
            data_versions.c.scope_id != GLOBAL_SCOPE,
            or_(recorded.c.version.is_(None), recorded.c.version != data_versions.c.version),
        )
    )
    if account_id is not None:
        statement = statement.where(data_versions.c.scope_id == account_id)
    return list((await session.execute(statement)).scalars())


async def _recorded_rows(session: AsyncSession, day: date, currency: str, accounts: list[uuid.UUID]) -> DayBalances:
    """The recorded books of ``accounts`` on ``day``, added up."""
    receivables, current, held = (
        await session.execute(
            select(
                func.sum(DailyBalances.receivables),
                func.sum(DailyBalances.current),
                func.sum(DailyBalances.open_deductions),
            ).where(
                DailyBalances.day == day,
                DailyBalances.currency == currency,
                among(session, DailyBalances.account_id, accounts),
            )
        )
    ).one()
    return DayBalances(receivables or ZERO, current or ZERO, held or ZERO)


async def _recorded_books(
    session: AsyncSession, days: list[date], currency: str, account_id: uuid.UUID | None
) -> dict[date, DayBalances]:
    """The recorded books of ``days`` added up over the customers (or one customer's), in one statement."""
    if not days:
        return {}
    if account_id is None:
        rows = await session.execute(
            select(DailyTotals.day, DailyTotals.receivables, DailyTotals.current, DailyTotals.open_deductions).where(
                DailyTotals.day.in_(days), DailyTotals.currency == currency
            )
        )
    else:
        rows = await session.execute(
            select(
                DailyBalances.day, DailyBalances.receivables, DailyBalances.current, DailyBalances.open_deductions
            ).where(
                DailyBalances.day.in_(days),
                DailyBalances.currency == currency,
                DailyBalances.account_id == account_id,
            )
        )
    found = {day: DayBalances(r or ZERO, c or ZERO, h or ZERO) for day, r, c, h in rows}
    return {day: found.get(day, NO_BOOKS) for day in days}


async def moved_invoices(
    session: AsyncSession, since: date, day: date, but_accounts: Sequence[uuid.UUID] = ()
) -> list[Any]:
    """The ids of :func:`_moved_since`'s invoices. On PostgreSQL as text (one array read as one string, then split):
    a few thousand rows of ids held by every report under way were most of what the collector walked at 32
    connections (an id as text is not an object it tracks; the driver takes it for a uuid as it is)."""
    dialect = session.get_bind().dialect.name
    statement, values = _moved_since(dialect, since, day, but_accounts)
    if dialect != "postgresql":
        return list((await session.execute(statement, values)).scalars())
    listed = await session.scalar(statement, values)
    return listed[1:-1].split(",") if listed else []


def _moved_since(
    dialect: str, since: date, day: date, but_accounts: Sequence[uuid.UUID] = ()
) -> tuple[Select[Any], dict[str, Any]]:
    """The invoices whose books at the end of ``day`` can differ from those at the end of ``since`` by date alone:
    issued, fallen due or paid (by the payment's date) in between, come into Recoup since with money the ERP
    reported paid (it counts from then), or with a credit memo issued or reversed, or a case opened or decided, since
    ``since`` ended.

    An invoice that came in since with nothing reported paid is not one of them, even when issued before: its books
    then and now are the same (a feed of back-dated invoices is not a reason to carry 20,000 invoices forward). It
    is in the recorded books if it came in before they were recorded; if after, its customer's data version moved
    and the customer is rebuilt whole (:func:`_changed_since`).

    Not of ``but_accounts``, the customers rebuilt whole anyway (a day's new cases are mostly theirs: 3,306 moved
    invoices, 300 changed customers after the bench's filing step).

    The statement and its values: the statement is built once per shape (each build left ~140 objects in reference
    cycles for the collector)."""
    values: dict[str, Any] = {"since": since, "day": day, "after": end_of(since)}
    if but_accounts:
        values["but_accounts"] = list(but_accounts)
    return _moved_statement(dialect, bool(but_accounts)), values


@lru_cache(maxsize=8)
def _moved_statement(dialect: str, leaving_out: bool) -> Select[Any]:
    """:func:`_moved_since`'s statement, its values bound as ``since``, ``day``, ``after`` (the instant ``since``
    ended) and ``but_accounts``; on PostgreSQL the ids aggregated into one text."""
    since, day = bindparam("since", type_=Date()), bindparam("day", type_=Date())
    after = bindparam("after", type_=Invoice.created_at.type)
    moved = union(
        select(Invoice.id, Invoice.account_id).where(Invoice.issue_date > since, Invoice.issue_date <= day),
        select(Invoice.id, Invoice.account_id).where(Invoice.due_date >= since, Invoice.due_date < day),
        select(Invoice.id, Invoice.account_id).where(Invoice.created_at >= after, Invoice.paid_amount > 0),
        select(PaymentAllocation.invoice_id, PaymentAllocation.account_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(Payment.received_on > since, Payment.received_on <= day),
        select(CreditMemo.invoice_id, CreditMemo.account_id).where(
            or_(CreditMemo.issued_at >= after, CreditMemo.reversed_at >= after)
        ),
        select(Dispute.invoice_id, Dispute.account_id).where(
            or_(Dispute.created_at >= after, Dispute.resolved_at >= after)
        ),
    ).subquery()
    # UNION keeps each (invoice, customer) once, and an invoice's movements carry its customer: each invoice once
    invoice, account = moved.c[0], moved.c[1]
    ids = select(invoice).where(~among_parameter(dialect, account, "but_accounts")) if leaving_out else select(invoice)
    if dialect == "postgresql":  # as one text: '{id,id,…}', or NULL when none moved (see moved_invoices)
        return select(cast(func.array_agg(ids.subquery().c[0]), Text))
    return ids


async def activity_between(
    session: AsyncSession, first: date, last: date, *, currency: str, account_id: uuid.UUID | None = None
) -> dict[date, Activity]:
    """Each day's activity in ``currency`` from ``first`` to ``last`` (days with none left out): recorded days from
    the snapshot, the others (and one customer's) from the records."""
    if account_id is not None:
        return _one_currency(
            await activity_from_records(session, first, last, currency=currency, account_id=account_id), currency
        )
    covered = set(
        (
            await session.execute(
                select(SnapshotDay.day).where(
                    SnapshotDay.activity_at.is_not(None), SnapshotDay.day >= first, SnapshotDay.day <= last
                )
            )
        ).scalars()
    )
    found: dict[date, Activity] = {}
    rows = await session.execute(
        select(
            DailyActivity.day,
            DailyActivity.sales,
            DailyActivity.invoices_issued,
            DailyActivity.deductions_taken,
            DailyActivity.deductions_taken_count,
        ).where(DailyActivity.currency == currency, DailyActivity.day >= first, DailyActivity.day <= last)
    )
    for day, sales, issued, taken, taken_count in rows:
        found[day] = Activity(sales, issued, taken, taken_count)
    for run_first, run_last in _runs_not_in(first, last, covered):
        found.update(
            _one_currency(await activity_from_records(session, run_first, run_last, currency=currency), currency)
        )
    return found


def _one_currency(found: dict[tuple[date, str], Activity], currency: str) -> dict[date, Activity]:
    return {day: a for (day, code), a in found.items() if code == currency}


def _runs_not_in(first: date, last: date, covered: set[date]) -> list[tuple[date, date]]:
    """The stretches of days from ``first`` to ``last`` that are not in ``covered``, as (first, last) pairs."""
    runs: list[tuple[date, date]] = []
    day = first
    while day <= last:
        if day in covered:
            day += timedelta(days=1)
            continue
        start = day
        while day <= last and day not in covered:
            day += timedelta(days=1)
        runs.append((start, day - timedelta(days=1)))
    return runs


def total(books: Mapping[Any, DayBalances]) -> DayBalances:
    """The customers' books added up."""
    return sum(books.values(), NO_BOOKS)


async def take_daily_snapshots(session: AsyncSession, *, today: date, now: datetime) -> int:
    """The daily run's part: record the days that ended since the last one recorded (:func:`days_to_record`), and
    the last week's activity again.
    Idempotent: a second run on a day records nothing new. How many days were recorded."""
    days = await days_to_record(session, today=today)
    if days:  # and the last week's again: an ERP feed keys in yesterday's invoices this morning
        await record_activity(session, min(days[0], today - timedelta(days=CARRY_FORWARD_DAYS)), days[-1], now=now)
    for day in days:
        await record_balances(session, day, now=now)
    return len(days)


async def report_currencies(session: AsyncSession) -> list[str]:
    """The currencies invoices are in, the most invoiced first: counted from the recorded activity, the latest
    recorded books (every currency anything is owed in), and the invoices issued after the last recorded day or
    come into Recoup since it was recorded (from every invoice when nothing is recorded yet)."""
    last, recorded_at = (
        await session.execute(
            select(SnapshotDay.day, SnapshotDay.activity_at)
            .where(SnapshotDay.activity_at.is_not(None))
            .order_by(SnapshotDay.day.desc())
            .limit(1)
        )
    ).first() or (None, None)
    counts: dict[str, int] = {}
    if last is not None and recorded_at is not None:
        recorded = await session.execute(
            select(DailyActivity.currency, func.sum(DailyActivity.invoices_issued)).group_by(DailyActivity.currency)
        )
        counts.update({code: int(n or 0) for code, n in recorded})
        latest_books = select(func.max(DailyTotals.day)).scalar_subquery()
        for code in (
            await session.execute(select(DailyTotals.currency).where(DailyTotals.day == latest_books))
        ).scalars():
            counts.setdefault(code, 0)
    since = [] if last is None else [or_(Invoice.issue_date > last, Invoice.created_at >= recorded_at)]
    for code, n in await session.execute(
        select(Invoice.currency, func.count()).where(*since).group_by(Invoice.currency)
    ):
        counts[code] = counts.get(code, 0) + int(n)
    return sorted(counts, key=lambda code: (-counts[code], code))


async def customer_books_on(
    session: AsyncSession, day: date, *, currency: str, account_id: uuid.UUID | None = None
) -> tuple[bool, dict[uuid.UUID, DayBalances]]:
    """Each customer's books in ``currency`` at the end of ``day`` (one customer's when given), with no customer
    that owed nothing and held nothing back: a recorded day as recorded (True), any other rebuilt (False) — what the
    reports' totals for that day add up from (a carried-forward day equals its rebuild)."""
    recorded = await session.scalar(
        select(SnapshotDay.day).where(SnapshotDay.day == day, SnapshotDay.balances_at.is_not(None))
    )
    if recorded is not None:
        statement = select(
            DailyBalances.account_id, DailyBalances.receivables, DailyBalances.current, DailyBalances.open_deductions
        ).where(DailyBalances.day == day, DailyBalances.currency == currency)
        if account_id is not None:
            statement = statement.where(DailyBalances.account_id == account_id)
        found = {account: DayBalances(r, c, o) for account, r, c, o in await session.execute(statement)}
    else:
        rebuilt = await balances_on(session, day, currency=currency, account_id=account_id)
        found = {account: books for (account, _), books in rebuilt.items()}
    kept = {account: books for account, books in found.items() if books != NO_BOOKS}
    return recorded is not None, kept
