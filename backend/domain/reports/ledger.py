"""What the books said on a given day, per customer and currency, rebuilt from dated movements (docs/KPIS.md).

An invoice counts from its issue date. What it still owed at the end of a day is its total less the cash
applied from payments received by then, the credit memos issued by then (and not reversed by then), and the
cases written off by then. Money the ERP reported as paid without a dated payment in Recoup counts as paid from
the day the invoice arrived in Recoup. Open deductions at the end of a day are the cases opened by then and not
decided by then. As of today this gives exactly the live balances (``tests/reports/test_ledger.py`` holds it to
that); for a past day it is what a snapshot taken that evening would have said.

Each function is one grouped statement (per account and currency), so the per-customer figures add up to the
totals by construction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Date, Select, String, Uuid, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.db.lists import among_parameter
from backend.db.types import UTCDateTime
from backend.domain.disputes.enums import DisputeStatus
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.resolution.models import CreditMemo

ZERO = Decimal("0.00")
Key = tuple[uuid.UUID, str]
"""(account, currency)."""
EVERY_CUSTOMER = uuid.UUID(int=0)
"""The account of books added up over every customer."""


@dataclass(frozen=True)
class DayBalances:
    """One customer's receivables in one currency at the end of a day."""

    receivables: Decimal
    current: Decimal
    """Of the receivables, what was not yet past due (due that day or later)."""
    open_deductions: Decimal

    def __add__(self, other: DayBalances) -> DayBalances:
        return DayBalances(
            self.receivables + other.receivables,
            self.current + other.current,
            self.open_deductions + other.open_deductions,
        )

    def __neg__(self) -> DayBalances:
        return DayBalances(-self.receivables, -self.current, -self.open_deductions)


NO_BOOKS = DayBalances(ZERO, ZERO, ZERO)
"""Nothing owed, nothing held back: where books are added up from."""


def end_of(day: date) -> datetime:
    """The first instant after ``day`` (UTC): a movement dated before it happened by the end of the day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def scope(
    record: type[Invoice] | type[Dispute], currency: str | None, account_id: uuid.UUID | None
) -> list[ColumnElement[bool]]:
    """The invoices (or cases) of one currency and one customer (either may be None: all), from the record's own
    ``currency`` and ``account_id`` columns."""
    conditions: list[ColumnElement[bool]] = []
    if currency is not None:
        conditions.append(record.currency == currency)
    if account_id is not None:
        conditions.append(record.account_id == account_id)
    return conditions


def bound_scope(record: type[Invoice] | type[Payment] | type[Dispute], one_customer: bool) -> list[ColumnElement[bool]]:
    """:func:`scope` of one currency (and one customer) for a statement built once: the values bound at execution as
    ``currency`` and ``account`` (:func:`scope_values`)."""
    conditions: list[ColumnElement[bool]] = [record.currency == bindparam("currency", type_=record.currency.type)]
    if one_customer:
        conditions.append(record.account_id == bindparam("account", type_=record.account_id.type))
    return conditions


def scope_values(currency: str, account_id: uuid.UUID | None) -> dict[str, Any]:
    """The values of a :func:`bound_scope`."""
    return {"currency": currency} if account_id is None else {"currency": currency, "account": account_id}


def invoice_scope(currency: str | None, account_id: uuid.UUID | None) -> list[ColumnElement[bool]]:
    """The invoices of one currency and one customer (either may be None: all)."""
    return scope(Invoice, currency, account_id)


async def balances_on(
    session: AsyncSession,
    day: date,
    *,
    currency: str | None = None,
    account_id: uuid.UUID | None = None,
    invoices: Sequence[uuid.UUID] | None = None,
    accounts: Sequence[uuid.UUID] | None = None,
    but_accounts: Sequence[uuid.UUID] = (),
    per_customer: bool = True,
) -> dict[Key, DayBalances]:
    """Every customer's receivables, current part and open deductions at the end of ``day`` — of the ``invoices``
    alone when given (looked up by id: a few thousand of a million), of the customers ``accounts`` alone when given,
    never of ``but_accounts``. Not ``per_customer``: every customer added up, under :data:`EVERY_CUSTOMER`."""
    (found,) = await balances_on_days(
        session,
        [day],
        currency=currency,
        account_id=account_id,
        invoices=invoices,
        accounts=accounts,
        but_accounts=but_accounts,
        per_customer=per_customer,
    )
    return found


async def balances_on_days(
    session: AsyncSession,
    days: Sequence[date],
    *,
    currency: str | None = None,
    account_id: uuid.UUID | None = None,
    invoices: Sequence[uuid.UUID] | None = None,
    accounts: Sequence[uuid.UUID] | None = None,
    but_accounts: Sequence[uuid.UUID] = (),
    per_customer: bool = True,
) -> list[dict[Key, DayBalances]]:
    """:func:`balances_on` for each of ``days``, in one statement: every movement is read once and counted for
    each day it had happened by (the carry-forward's "then and now" of the invoices that moved)."""
    shape = _Shape(
        session.get_bind().dialect.name,
        len(days),
        currency is not None,
        account_id is not None,
        invoices is not None,
        accounts is not None,
        bool(but_accounts),
        per_customer,
    )
    values: dict[str, Any] = {"last_day": max(days), "last_end": end_of(max(days))}
    for n, day in enumerate(days):
        values[f"day{n}"], values[f"end{n}"] = day, end_of(day)
    for name, value in (("currency", currency), ("account", account_id)):
        if value is not None:
            values[name] = value
    for name, ids in (("invoices", invoices), ("accounts", accounts), ("but_accounts", but_accounts or None)):
        if ids is not None:  # the shape has the list exactly when it is given (none to leave out: no condition)
            values[name] = list(ids)
    rows = await session.execute(_books_statement(shape), values)
    found: list[dict[Key, DayBalances]] = [{} for _ in days]
    for account, code, *per_day in rows:
        for n in range(len(days)):
            count, receivables, current, deductions = per_day[4 * n : 4 * n + 4]
            if count:
                found[n][(account, code)] = DayBalances(_money(receivables), _money(current), _money(deductions))
    return found


class _Shape(NamedTuple):
    """What a books statement's text depends on (the values are bound when it runs)."""

    dialect: str
    days: int
    currency: bool
    account: bool
    invoices: bool
    accounts: bool
    but_accounts: bool
    per_customer: bool


@lru_cache(maxsize=64)
def _books_statement(shape: _Shape) -> Select[Any]:
    """The books of ``shape.days`` days in one statement, built once per shape: its values are parameters (``dayN``,
    ``endN``, ``last_day``, ``last_end``, ``currency``, ``account``, the lists ``invoices``, ``accounts`` and
    ``but_accounts``). A statement's clauses refer to each other, so one built per request was garbage only the
    cyclic collector frees (~700 objects a report; at 32 connections it lengthened the workers' collections)."""
    days = [bindparam(f"day{n}", type_=Date) for n in range(shape.days)]
    ends = [bindparam(f"end{n}", type_=UTCDateTime) for n in range(shape.days)]
    last_day, last_end = bindparam("last_day", type_=Date), bindparam("last_end", type_=UTCDateTime)

    def of_invoices(
        column: InstrumentedAttribute[uuid.UUID], account: InstrumentedAttribute[uuid.UUID]
    ) -> list[ColumnElement[bool]]:
        """A movement table's rows of the invoices asked for: by invoice id, or by the customers' own column (the
        planner cannot carry the join into a grouped subquery: without it, one customer's books summed every
        allocation, credit memo and case of the book first, ~200 ms on a million invoices)."""
        conditions = [among_parameter(shape.dialect, column, "invoices")] if shape.invoices else []
        if shape.accounts:
            conditions.append(among_parameter(shape.dialect, account, "accounts"))
        if shape.account:
            conditions.append(account == bindparam("account", type_=Uuid))
        return conditions

    cash = (
        select(
            PaymentAllocation.invoice_id,
            *(
                func.sum(case((Payment.received_on <= day, PaymentAllocation.amount), else_=ZERO)).label(f"paid{n}")
                for n, day in enumerate(days)
            ),
            func.sum(PaymentAllocation.amount).label("allocated"),
        )
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(*of_invoices(PaymentAllocation.invoice_id, PaymentAllocation.account_id))
        .group_by(PaymentAllocation.invoice_id)
        .subquery()
    )
    credited = (
        select(
            CreditMemo.invoice_id,
            *(
                func.sum(
                    case(
                        (
                            and_(
                                CreditMemo.issued_at < end,
                                or_(CreditMemo.reversed_at.is_(None), CreditMemo.reversed_at >= end),
                            ),
                            CreditMemo.amount,
                        ),
                        else_=ZERO,
                    )
                ).label(f"credited{n}")
                for n, end in enumerate(ends)
            ),
        )
        .where(CreditMemo.issued_at < last_end, *of_invoices(CreditMemo.invoice_id, CreditMemo.account_id))
        .group_by(CreditMemo.invoice_id)
        .subquery()
    )

    def written_off(end: Any) -> ColumnElement[bool]:
        return and_(
            Dispute.created_at < end, Dispute.status == DisputeStatus.WRITTEN_OFF.value, Dispute.resolved_at < end
        )

    def still_open(end: Any) -> ColumnElement[bool]:
        return and_(Dispute.created_at < end, or_(Dispute.resolved_at.is_(None), Dispute.resolved_at >= end))

    cases = (
        select(
            Dispute.invoice_id,
            *(
                column
                for n, end in enumerate(ends)
                for column in (
                    func.sum(case((written_off(end), Dispute.amount), else_=ZERO)).label(f"written{n}"),
                    func.sum(case((still_open(end), Dispute.amount), else_=ZERO)).label(f"held{n}"),
                )
            ),
        )
        .where(Dispute.created_at < last_end, *of_invoices(Dispute.invoice_id, Dispute.account_id))
        .group_by(Dispute.invoice_id)
        .subquery()
    )
    undated = Invoice.paid_amount - func.coalesce(cash.c.allocated, ZERO)
    figures = []
    for n, (day, end) in enumerate(zip(days, ends, strict=True)):
        issued = Invoice.issue_date <= day
        owed = (
            Invoice.total_amount
            - func.coalesce(cash.c[f"paid{n}"], ZERO)
            - func.coalesce(credited.c[f"credited{n}"], ZERO)
            - func.coalesce(cases.c[f"written{n}"], ZERO)
            - case((and_(Invoice.created_at < end, undated > 0), undated), else_=ZERO)
        )
        figures += [
            func.count(case((issued, 1))),
            func.sum(case((issued, owed), else_=ZERO)),
            func.sum(case((and_(issued, Invoice.due_date >= day), owed), else_=ZERO)),
            func.sum(case((issued, func.coalesce(cases.c[f"held{n}"], ZERO)), else_=ZERO)),
        ]
    customer = Invoice.account_id if shape.per_customer else literal(EVERY_CUSTOMER, Uuid)
    customers: list[ColumnElement[bool]] = []
    if shape.currency:
        customers.append(Invoice.currency == bindparam("currency", type_=String))
    if shape.account:
        customers.append(Invoice.account_id == bindparam("account", type_=Uuid))
    if shape.invoices:
        customers.append(among_parameter(shape.dialect, Invoice.id, "invoices"))
    if shape.accounts:
        customers.append(among_parameter(shape.dialect, Invoice.account_id, "accounts"))
    if shape.but_accounts:
        customers.append(~among_parameter(shape.dialect, Invoice.account_id, "but_accounts"))
    return (
        select(customer, Invoice.currency, *figures)
        .outerjoin(cash, cash.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.c.invoice_id == Invoice.id)
        .outerjoin(cases, cases.c.invoice_id == Invoice.id)
        .where(Invoice.issue_date <= last_day, *customers)
        .group_by(*([Invoice.account_id] if shape.per_customer else []), Invoice.currency)
    )
