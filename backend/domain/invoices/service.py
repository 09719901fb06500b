"""Reading invoices within the caller's scope: filters, status and keyset paging."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import BindParameter, ColumnElement, Select, String, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.db.lists import among, among_parameter
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.enums import InvoiceSort, InvoiceStatus
from backend.domain.invoices.errors import InvalidCursor
from backend.domain.invoices.models import Invoice, InvoiceLine

ZERO = Decimal("0.00")


def status_expression(today: date) -> ColumnElement[str]:
    """The invoice's status as SQL, so lists can filter on it.

    Closed without cash (credited or written off in full) is CREDITED; otherwise a
    zero balance is PAID. Past its due date with an undisputed part still open it is
    OVERDUE (disputed or not: the undisputed part is late, as the aging counts it);
    with an open dispute otherwise DISPUTED; else OPEN.
    """
    return case(
        (and_(Invoice.open_balance == ZERO, Invoice.paid_amount == ZERO), literal(InvoiceStatus.CREDITED.value)),
        (Invoice.open_balance == ZERO, literal(InvoiceStatus.PAID.value)),
        (
            and_(Invoice.due_date < today, Invoice.open_balance > Invoice.disputed_amount),
            literal(InvoiceStatus.OVERDUE.value),
        ),
        (Invoice.disputed_amount > ZERO, literal(InvoiceStatus.DISPUTED.value)),
        else_=literal(InvoiceStatus.OPEN.value),
    )


@dataclass(frozen=True)
class InvoiceFilter:
    statuses: Sequence[InvoiceStatus] = ()
    search: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    currency: str | None = None
    """Invoices in this currency (the reports' drill-down: a report is for one currency)."""
    account_id: uuid.UUID | None = None
    """One customer's invoices (the reports' drill-down for one customer); the scope still applies."""


# Sort -> (column, descending, how to read the column's value back from a cursor)
_SORTS: dict[InvoiceSort, tuple[InstrumentedAttribute[Any], bool, Callable[[str], Any]]] = {
    InvoiceSort.ISSUED_NEWEST: (Invoice.issue_date, True, date.fromisoformat),
    InvoiceSort.ISSUED_OLDEST: (Invoice.issue_date, False, date.fromisoformat),
    InvoiceSort.DUE_SOONEST: (Invoice.due_date, False, date.fromisoformat),
    InvoiceSort.AMOUNT_HIGHEST: (Invoice.total_amount, True, Decimal),
    InvoiceSort.BALANCE_HIGHEST: (Invoice.open_balance, True, Decimal),
}


def dispute_count_expression() -> ColumnElement[int]:
    """How many disputes and deductions the invoice has had, open or closed, as a column of the invoice's row."""
    return (
        select(func.count())
        .select_from(Dispute)
        .where(Dispute.invoice_id == Invoice.id)
        .correlate(Invoice)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class InvoiceRow:
    """An invoice with the status it has today and how many disputes it has had."""

    invoice: Invoice
    status: InvoiceStatus
    cursor: str
    dispute_count: int

    def days_overdue(self, today: date) -> int:
        if self.invoice.open_balance == ZERO or self.invoice.due_date >= today:
            return 0
        return (today - self.invoice.due_date).days


@dataclass(frozen=True)
class InvoiceTotals:
    """What the invoices under a filter add up to, in one currency."""

    currency: str
    count: int
    open_balance: Decimal
    overdue: Decimal
    """The undisputed part of past-due open balances (what the OVERDUE status and the aging count)."""
    disputed: Decimal


@dataclass(frozen=True)
class InvoicePage:
    rows: list[InvoiceRow]
    total_count: int
    has_next_page: bool
    has_previous_page: bool = False
    totals: tuple[InvoiceTotals, ...] = ()
    """Per currency, for the whole filter (not the page); never added across currencies."""


def encode_cursor(invoice: Invoice, sort: InvoiceSort) -> str:
    column = _SORTS[sort][0]
    value = getattr(invoice, column.key)
    raw = json.dumps([sort.value, str(value), invoice.number])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str, sort: InvoiceSort) -> tuple[object, str]:
    """The sort value and invoice number a cursor points after; it must have been made for the same sort."""
    try:
        made_for, value, number = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        if made_for != sort.value:
            raise ValueError("cursor of another sort order")
        return _SORTS[sort][2](value), str(number)
    except (ValueError, TypeError, UnicodeDecodeError, ArithmeticError) as error:
        raise InvalidCursor(cursor) from error


# The page reads the invoice's columns as a row, not as an ORM object (a row has the same attribute names).
_INVOICE_COLUMNS = tuple(getattr(Invoice, column.key) for column in Invoice.__table__.columns)


@dataclass(frozen=True)
class _Shape:
    """Which parts of a filter (and of paging) are set: the statements depend on this only and are built once per
    shape; the values are bound as parameters."""

    dialect: str
    statuses: bool
    search: bool
    issued_from: bool
    issued_to: bool
    amount_min: bool
    amount_max: bool
    sort: InvoiceSort
    after: bool
    currency: bool = False
    account: bool = False


def _conditions(shape: _Shape, status: ColumnElement[str]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if shape.statuses:
        conditions.append(among_parameter(shape.dialect, status, "statuses"))
    if shape.search:
        needle: BindParameter[str] = bindparam("needle")
        conditions.append(
            or_(func.lower(Invoice.number).like(needle), func.lower(func.coalesce(Invoice.po_number, "")).like(needle))
        )
    if shape.issued_from:
        conditions.append(Invoice.issue_date >= bindparam("issued_from", type_=Invoice.issue_date.type))
    if shape.issued_to:
        conditions.append(Invoice.issue_date <= bindparam("issued_to", type_=Invoice.issue_date.type))
    if shape.amount_min:
        conditions.append(Invoice.total_amount >= bindparam("amount_min", type_=Invoice.total_amount.type))
    if shape.amount_max:
        conditions.append(Invoice.total_amount <= bindparam("amount_max", type_=Invoice.total_amount.type))
    if shape.currency:
        conditions.append(Invoice.currency == bindparam("currency"))
    if shape.account:
        conditions.append(Invoice.account_id == bindparam("account_id", type_=Invoice.account_id.type))
    return conditions


def _status_today() -> ColumnElement[str]:
    return status_expression(bindparam("today", type_=Invoice.due_date.type))  # type: ignore[arg-type]


@lru_cache(maxsize=256)
def _totals_statement(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """Per currency under the filter: the count (their sum is the total count), open, overdue and disputed sums."""
    undisputed = Invoice.open_balance - Invoice.disputed_amount
    late = and_(Invoice.due_date < bindparam("today", type_=Invoice.due_date.type), undisputed > ZERO)
    return (
        select(
            Invoice.currency,
            func.count(),
            func.coalesce(func.sum(Invoice.open_balance), ZERO),
            func.coalesce(func.sum(case((late, undisputed), else_=ZERO)), ZERO),
            func.coalesce(func.sum(Invoice.disputed_amount), ZERO),
        )
        .where(*_conditions(shape, _status_today()))
        .group_by(Invoice.currency)
        .order_by(func.count().desc(), Invoice.currency)
    )


@lru_cache(maxsize=256)
def _page_statement(shape: _Shape) -> Select:  # type: ignore[type-arg]
    status = _status_today()
    column, descending, _ = _SORTS[shape.sort]
    conditions = _conditions(shape, status)
    if shape.after:
        value, number = bindparam("after_value", type_=column.type), bindparam("after_number", type_=String())
        if descending:
            conditions.append(or_(column < value, and_(column == value, Invoice.number < number)))
        else:
            conditions.append(or_(column > value, and_(column == value, Invoice.number > number)))
    order = (column.desc(), Invoice.number.desc()) if descending else (column.asc(), Invoice.number.asc())
    return (
        select(*_INVOICE_COLUMNS, status.label("status"), dispute_count_expression().label("dispute_count"))
        .where(*conditions)
        .order_by(*order)
        .limit(bindparam("limit"))
    )


async def list_invoices(
    session: AsyncSession,
    *,
    today: date,
    flt: InvoiceFilter,
    first: int,
    after: str | None,
    sort: InvoiceSort = InvoiceSort.ISSUED_NEWEST,
) -> InvoicePage:
    """One page of the invoices the session's principal may see, newest first.

    Two statements whatever the page size: the totals per currency (whose counts add up to the total count) and
    the page, each built once per filter shape. Scope comes from the session (a customer sees only their account).
    """
    shape = _Shape(
        dialect=session.get_bind().dialect.name,
        statuses=bool(flt.statuses),
        search=bool(flt.search),
        issued_from=bool(flt.issued_from),
        issued_to=bool(flt.issued_to),
        amount_min=flt.amount_min is not None,
        amount_max=flt.amount_max is not None,
        sort=sort,
        after=bool(after),
        currency=bool(flt.currency),
        account=flt.account_id is not None,
    )
    parameters: dict[str, Any] = {
        "today": today,
        "statuses": [s.value for s in flt.statuses],
        "needle": f"%{flt.search.strip().lower()}%" if flt.search else None,
        "issued_from": flt.issued_from,
        "issued_to": flt.issued_to,
        "amount_min": flt.amount_min,
        "amount_max": flt.amount_max,
        "currency": flt.currency,
        "account_id": flt.account_id,
        "limit": first + 1,
    }
    if after:
        parameters["after_value"], parameters["after_number"] = decode_cursor(after, sort)
    totals = tuple(
        InvoiceTotals(currency, count, open_balance, overdue, disputed)
        for currency, count, open_balance, overdue, disputed in (
            await session.execute(_totals_statement(shape), parameters)
        ).all()
    )
    count = sum(t.count for t in totals)
    result = (await session.execute(_page_statement(shape), parameters)).all()
    rows = []
    for row in result[:first]:
        invoice = cast(Invoice, row)  # the invoice's columns as a row: the same attribute names, no ORM object
        rows.append(
            InvoiceRow(
                invoice=invoice,
                status=InvoiceStatus(row.status),
                cursor=encode_cursor(invoice, sort),
                dispute_count=row.dispute_count,
            )
        )
    return InvoicePage(
        rows=rows,
        total_count=count,
        has_next_page=len(result) > first,
        has_previous_page=after is not None,
        totals=totals,
    )


async def get_invoice(session: AsyncSession, *, invoice_id: uuid.UUID, today: date) -> InvoiceRow | None:
    """The invoice if it exists within the session's scope, else None (never a hint that it exists elsewhere)."""
    status = status_expression(today)
    row = (
        await session.execute(
            select(Invoice, status.label("status"), dispute_count_expression()).where(Invoice.id == invoice_id)
        )
    ).one_or_none()
    if row is None:
        return None
    invoice, st, disputes = row
    return InvoiceRow(
        invoice=invoice,
        status=InvoiceStatus(st),
        cursor=encode_cursor(invoice, InvoiceSort.ISSUED_NEWEST),
        dispute_count=disputes,
    )


async def lines_by_invoice(session: AsyncSession, invoice_ids: Sequence[uuid.UUID]) -> list[list[InvoiceLine]]:
    """Lines for many invoices in one statement, in the order of ``invoice_ids``."""
    grouped: dict[uuid.UUID, list[InvoiceLine]] = {invoice_id: [] for invoice_id in invoice_ids}
    result = await session.execute(
        select(InvoiceLine).where(among(session, InvoiceLine.invoice_id, invoice_ids)).order_by(InvoiceLine.line_number)
    )
    for line in result.scalars():
        grouped[line.invoice_id].append(line)
    return [grouped[invoice_id] for invoice_id in invoice_ids]


async def invoices_by_id(session: AsyncSession, invoice_ids: Sequence[uuid.UUID]) -> list[Invoice | None]:
    """Invoices in the order asked, one statement; None where the scope hides one."""
    found = {
        invoice.id: invoice
        for invoice in (await session.execute(select(Invoice).where(among(session, Invoice.id, invoice_ids)))).scalars()
    }
    return [found.get(invoice_id) for invoice_id in invoice_ids]
