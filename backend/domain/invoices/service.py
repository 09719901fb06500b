"""Reading invoices within the caller's scope: filters, status and keyset paging."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.db.lists import among
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.enums import InvoiceSort, InvoiceStatus
from backend.domain.invoices.errors import InvalidCursor
from backend.domain.invoices.models import Invoice, InvoiceLine

ZERO = Decimal("0.00")


def status_expression(today: date) -> ColumnElement[str]:
    """The invoice's status as SQL, so lists can filter on it.

    Closed without cash (credited or written off in full) is CREDITED; otherwise a
    zero balance is PAID. An open balance with an open dispute is DISPUTED, past its
    due date OVERDUE, else OPEN.
    """
    return case(
        (and_(Invoice.open_balance == ZERO, Invoice.paid_amount == ZERO), literal(InvoiceStatus.CREDITED.value)),
        (Invoice.open_balance == ZERO, literal(InvoiceStatus.PAID.value)),
        (Invoice.disputed_amount > ZERO, literal(InvoiceStatus.DISPUTED.value)),
        (Invoice.due_date < today, literal(InvoiceStatus.OVERDUE.value)),
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
class InvoicePage:
    rows: list[InvoiceRow]
    total_count: int
    has_next_page: bool
    has_previous_page: bool = False


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


def _filtered(statement: Select, flt: InvoiceFilter, status: ColumnElement[str]) -> Select:
    if flt.statuses:
        statement = statement.where(status.in_([s.value for s in flt.statuses]))
    if flt.search:
        needle = f"%{flt.search.strip().lower()}%"
        statement = statement.where(
            or_(func.lower(Invoice.number).like(needle), func.lower(func.coalesce(Invoice.po_number, "")).like(needle))
        )
    if flt.issued_from:
        statement = statement.where(Invoice.issue_date >= flt.issued_from)
    if flt.issued_to:
        statement = statement.where(Invoice.issue_date <= flt.issued_to)
    if flt.amount_min is not None:
        statement = statement.where(Invoice.total_amount >= flt.amount_min)
    if flt.amount_max is not None:
        statement = statement.where(Invoice.total_amount <= flt.amount_max)
    return statement


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

    Two statements whatever the page size: the count and the page. Scope comes from
    the session (a customer sees only their account).
    """
    status = status_expression(today)
    count = (await session.execute(_filtered(select(func.count()).select_from(Invoice), flt, status))).scalar_one()
    statement = _filtered(select(Invoice, status.label("status"), dispute_count_expression()), flt, status)
    column, descending, _ = _SORTS[sort]
    if after:
        value, number = decode_cursor(after, sort)
        if descending:
            statement = statement.where(or_(column < value, and_(column == value, Invoice.number < number)))
        else:
            statement = statement.where(or_(column > value, and_(column == value, Invoice.number > number)))
    order = (column.desc(), Invoice.number.desc()) if descending else (column.asc(), Invoice.number.asc())
    result = (await session.execute(statement.order_by(*order).limit(first + 1))).all()
    rows = [
        InvoiceRow(invoice=inv, status=InvoiceStatus(st), cursor=encode_cursor(inv, sort), dispute_count=disputes)
        for inv, st, disputes in result[:first]
    ]
    return InvoicePage(
        rows=rows, total_count=count, has_next_page=len(result) > first, has_previous_page=after is not None
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
