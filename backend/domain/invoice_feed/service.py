"""Applying an ERP invoice feed: customers and invoices upserted by their numbers, in one transaction.

* Customers are found by number; an unknown one is created, a changed name is updated.
* Invoices are found by number: a new one is created (open balance = total), an identical
  one is left alone, a different one is updated (header fields, lines matched by line
  number; the total only while it still covers paid + credited + written off + disputed).
* All or nothing by default: any bad row and nothing is applied, the report names every
  bad row. With ``accept_valid`` the invoices without a bad row are applied and the report
  names the rows and invoices that were not.
* The same file twice changes nothing the second time, and writes no audit event.
* Existing rows are read in batches (``READ_BATCH`` numbers per query, ``in_batches``), never one query per row.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.db.bulk import collector_paused
from backend.db.ids import new_id
from backend.domain.accounts.models import CustomerAccount, Organisation
from backend.domain.audit.service import record_event
from backend.domain.credit.assessment import assess
from backend.domain.disputes.models import DisputeLine
from backend.domain.errors import DomainError
from backend.domain.invoice_feed.layout import (
    HEADER_FIELDS,
    FeedRow,
    FeedUnreadable,
    RowError,
    RowErrors,
    in_batches,
    read_feed,
)
from backend.domain.invoices import ledger
from backend.domain.invoices.delivery import deliver_invoices
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.orders.models import OrderLine, SalesOrder
from backend.domain.orders.reconciliation import reconcile

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FeedActor:
    """Who imports: a staff user (console) or an API client (machine API, no user)."""

    user_id: uuid.UUID | None = None
    client_id: str | None = None
    filename: str = "invoices.csv"


@dataclass
class FeedReport:
    status: str
    """``applied`` (every invoice), ``partial`` (accept_valid: the good ones) or ``rejected`` (nothing applied)."""
    rows: int = 0
    invoices: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    customers_created: int = 0
    customers_updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected_invoices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.customers_created or self.customers_updated)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "invoices": self.invoices,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "customers_created": self.customers_created,
            "customers_updated": self.customers_updated,
            "rejected": len(self.rejected_invoices),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            **self.counts(),
            "errors": [{"row": e.row, "invoice_number": e.invoice_number, "message": e.message} for e in self.errors],
            "rejected_invoices": self.rejected_invoices,
        }


class FeedConflict(DomainError):
    code = "conflict"


@dataclass
class _Plan:
    rows: list[FeedRow]
    existing: Invoice | None = None
    lines: dict[int, InvoiceLine] = field(default_factory=dict)

    @property
    def first(self) -> FeedRow:
        return self.rows[0]

    @property
    def total(self) -> Decimal:
        return sum((r.line_amount for r in self.rows), ZERO)


async def record_feed_imported(
    session: AsyncSession,
    feed: str,
    user_id: uuid.UUID | None,
    client_id: str | None,
    filename: str,
    status: str,
    counts: dict[str, int],
    now: datetime,
) -> None:
    """The audit event of an applied feed file (``<feed>.imported``): who sent it, its name, status and counts."""
    await record_event(
        session,
        action=f"{feed}.imported",
        entity_type=feed,
        entity_id=new_id(),
        actor_user_id=user_id,
        occurred_at=now,
        after={"filename": filename[:255], "api_client_id": client_id, "status": status} | counts,
    )


def _header_of(invoice: Invoice) -> tuple[object, ...]:
    return (
        invoice.currency,
        invoice.issue_date,
        invoice.due_date,
        invoice.po_number,
        invoice.delivery_number,
        invoice.cash_discount_percent,
        invoice.cash_discount_due_on,
    )


def _header_of_row(row: FeedRow) -> tuple[object, ...]:
    return (
        row.currency,
        row.issue_date,
        row.due_date,
        row.po_number,
        row.delivery_number,
        row.cash_discount_percent,
        row.cash_discount_due_on,
    )


@dataclass
class _OrderRef:
    """An order the feed names: its id, account and line ids by line number."""

    id: uuid.UUID
    account_id: uuid.UUID
    lines: dict[int, uuid.UUID] = field(default_factory=dict)


def _line_of_row(row: FeedRow, orders: dict[str, _OrderRef]) -> tuple[object, ...]:
    order = orders.get(row.order_number) if row.order_number else None
    line_id = order.lines.get(row.order_line_number) if order and row.order_line_number else None
    return (row.sku, row.description, row.quantity, row.unit_price, row.line_amount, line_id)


def _line_of(line: InvoiceLine) -> tuple[object, ...]:
    return (line.sku, line.description, line.quantity, line.unit_price, line.amount, line.order_line_id)


async def _orders_named(
    session: AsyncSession, groups: dict[str, list[FeedRow]], customers: dict[str, CustomerAccount], errors: RowErrors
) -> dict[str, _OrderRef]:
    """The orders the feed's rows name, checked: the order exists, is the invoice's customer's, has the line."""
    numbers = sorted({r.order_number for rows in groups.values() for r in rows if r.order_number})
    orders: dict[str, _OrderRef] = {}
    for batch in in_batches(numbers):
        found = await session.execute(
            select(SalesOrder.number, SalesOrder.id, SalesOrder.account_id, OrderLine.line_number, OrderLine.id)
            .join(OrderLine, OrderLine.order_id == SalesOrder.id)
            .where(SalesOrder.number.in_(batch))
        )
        for number, order_id, account_id, line_number, line_id in found:
            orders.setdefault(number, _OrderRef(order_id, account_id)).lines[line_number] = line_id
    for invoice_number, rows in groups.items():
        named = {r.order_number for r in rows if r.order_number}
        if len(named) > 1:
            errors.add(rows[0].row, invoice_number, f"Invoice {invoice_number} names more than one order.")
        for row in rows:
            if not row.order_number:
                continue
            order = orders.get(row.order_number)
            account = customers.get(row.customer_number)
            if order is None:
                errors.add(row.row, invoice_number, f"Order {row.order_number} is not known; send the order first.")
            elif account is not None and order.account_id != account.id:
                errors.add(row.row, invoice_number, f"Order {row.order_number} belongs to another customer.")
            elif row.order_line_number is not None and row.order_line_number not in order.lines:
                errors.add(row.row, invoice_number, f"Order {row.order_number} has no line {row.order_line_number}.")
    return orders


def _order_id_of(row: FeedRow, orders: dict[str, _OrderRef]) -> uuid.UUID | None:
    order = orders.get(row.order_number) if row.order_number else None
    return order.id if order else None


def _is_unchanged(plan: _Plan, orders: dict[str, _OrderRef]) -> bool:
    assert plan.existing is not None
    if _header_of(plan.existing) != _header_of_row(plan.first) or plan.existing.total_amount != plan.total:
        return False
    if plan.existing.order_id != _order_id_of(plan.first, orders):
        return False
    if set(plan.lines) != {r.line_number for r in plan.rows}:
        return False
    return all(_line_of(plan.lines[r.line_number]) == _line_of_row(r, orders) for r in plan.rows)


def _check_groups(groups: dict[str, list[FeedRow]], errors: RowErrors) -> None:
    """Header fields agree within each invoice, line numbers are unique, one name per customer."""
    names: dict[str, FeedRow] = {}
    for number, rows in groups.items():
        first = rows[0]
        seen: set[int] = set()
        for row in rows:
            for name in HEADER_FIELDS:
                if getattr(row, name) != getattr(first, name):
                    errors.add(
                        row.row,
                        number,
                        f"{name} {getattr(row, name)!s} disagrees with row {first.row} of the same invoice "
                        f"({getattr(first, name)!s}).",
                    )
                    break
            if row.line_number in seen:
                errors.add(row.row, number, f"Line {row.line_number} appears twice on invoice {number}.")
            seen.add(row.line_number)
        if sum((r.line_amount for r in rows), ZERO) <= 0:
            errors.add(first.row, number, f"Invoice {number} adds up to zero; an invoice's total must be positive.")
        earlier = names.setdefault(first.customer_number, first)
        if earlier.customer_name != first.customer_name:
            errors.add(
                first.row,
                number,
                f"Customer {first.customer_number} is named {first.customer_name!r} here but "
                f"{earlier.customer_name!r} on row {earlier.row}.",
            )


async def _load(session: AsyncSession, plans: dict[str, _Plan]) -> dict[str, CustomerAccount]:
    """Existing customers and invoices (with lines) of the file, a batch of numbers per query."""
    customer_numbers = sorted({p.first.customer_number for p in plans.values()})
    customers: dict[str, CustomerAccount] = {}
    for batch in in_batches(customer_numbers):
        for account in (
            await session.execute(select(CustomerAccount).where(CustomerAccount.number.in_(batch)))
        ).scalars():
            customers[account.number] = account
    by_id: dict[uuid.UUID, _Plan] = {}
    for batch in in_batches(sorted(plans)):
        for invoice in (
            await session.execute(select(Invoice).where(Invoice.number.in_(batch)).with_for_update())
        ).scalars():
            plans[invoice.number].existing = invoice
            by_id[invoice.id] = plans[invoice.number]
    for id_batch in in_batches(list(by_id)):
        for line in (await session.execute(select(InvoiceLine).where(InvoiceLine.invoice_id.in_(id_batch)))).scalars():
            by_id[line.invoice_id].lines[line.line_number] = line
    return customers


async def _disputed_lines(session: AsyncSession, line_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for batch in in_batches(line_ids):
        found |= set(
            (
                await session.execute(
                    select(DisputeLine.invoice_line_id).where(DisputeLine.invoice_line_id.in_(batch)).distinct()
                )
            ).scalars()
        )
    return found


async def _plan_changes(
    session: AsyncSession,
    plans: dict[str, _Plan],
    customers: dict[str, CustomerAccount],
    errors: RowErrors,
    orders: dict[str, _OrderRef],
) -> list[_Plan]:
    """The invoices that change (new or different); marks unchanged ones and refuses impossible updates."""
    changes: list[_Plan] = []
    removed: dict[uuid.UUID, _Plan] = {}
    for number, plan in plans.items():
        if number in errors.bad:
            continue
        existing = plan.existing
        if existing is None:
            changes.append(plan)
            continue
        account = customers.get(plan.first.customer_number)
        if account is None or existing.account_id != account.id:
            errors.add(
                plan.first.row,
                number,
                f"Invoice {number} belongs to another customer, not {plan.first.customer_number}.",
            )
            continue
        if _is_unchanged(plan, orders):
            continue
        held = existing.paid_amount + existing.credited_amount + existing.written_off_amount + existing.disputed_amount
        if plan.total != existing.total_amount and plan.total < held:
            errors.add(
                plan.first.row,
                number,
                f"Invoice {number}: the new total {plan.total} is below what is already paid, credited, written off "
                f"and disputed ({held}); the invoice was not changed.",
            )
            continue
        wanted = {r.line_number for r in plan.rows}
        for line_number, line in plan.lines.items():
            if line_number not in wanted:
                removed[line.id] = plan
        changes.append(plan)
    disputed = await _disputed_lines(session, list(removed))
    refused = {id(removed[line_id]) for line_id in disputed}
    for plan in changes:
        if id(plan) in refused:
            errors.add(
                plan.first.row,
                plan.first.invoice_number,
                f"Invoice {plan.first.invoice_number}: a line left out of the file is under dispute; keep it in the feed.",
            )
    return [p for p in changes if id(p) not in refused]


def _new_line(invoice_id: uuid.UUID, account_id: uuid.UUID, row: FeedRow, orders: dict[str, _OrderRef]) -> InvoiceLine:
    return InvoiceLine(
        order_line_id=_line_of_row(row, orders)[-1],
        account_id=account_id,
        invoice_id=invoice_id,
        line_number=row.line_number,
        sku=row.sku,
        description=row.description,
        quantity=row.quantity,
        unit_price=row.unit_price,
        amount=row.line_amount,
    )


async def _apply(
    session: AsyncSession,
    changes: list[_Plan],
    good: list[_Plan],
    customers: dict[str, CustomerAccount],
    report: FeedReport,
    now: datetime,
    orders: dict[str, _OrderRef],
) -> list[Invoice]:
    """Write the changes; returns the invoices that are new (to be delivered)."""
    created: list[Invoice] = []
    for plan in good:  # a new name is taken from any good invoice, changed or not
        known = customers.get(plan.first.customer_number)
        if known is not None and known.name != plan.first.customer_name:
            known.name = plan.first.customer_name
            report.customers_updated += 1
    organisation_id = None
    for plan in changes:
        first = plan.first
        account = customers.get(first.customer_number)
        if account is None:
            if organisation_id is None:
                organisation_id = (await session.execute(select(Organisation.id).limit(1))).scalar_one()
            account = CustomerAccount(
                id=new_id(),
                organisation_id=organisation_id,
                number=first.customer_number,
                name=first.customer_name,
                currency=first.currency,
                payment_terms_days=(first.due_date - first.issue_date).days,
                credit_limit=ZERO,
                created_at=now,
            )
            session.add(account)
            customers[first.customer_number] = account
            report.customers_created += 1
        invoice = plan.existing
        if invoice is None:
            invoice = Invoice(
                id=new_id(),
                account_id=account.id,
                number=first.invoice_number,
                total_amount=plan.total,
                open_balance=plan.total,
                created_at=now,
            )
            session.add(invoice)
            created.append(invoice)
            report.created += 1
        else:
            if invoice.total_amount != plan.total:
                ledger.retotal(invoice, plan.total)
            report.updated += 1
        (
            invoice.currency,
            invoice.issue_date,
            invoice.due_date,
            invoice.po_number,
            invoice.delivery_number,
            invoice.cash_discount_percent,
            invoice.cash_discount_due_on,
        ) = _header_of_row(first)  # type: ignore[assignment]
        invoice.order_id = _order_id_of(first, orders)
        wanted = {r.line_number: r for r in plan.rows}
        for line_number, old in plan.lines.items():
            if line_number not in wanted:
                await session.delete(old)
        for line_number, row in wanted.items():
            current = plan.lines.get(line_number)
            if current is None:
                session.add(_new_line(invoice.id, account.id, row, orders))
            elif _line_of(current) != _line_of_row(row, orders):
                current.sku, current.description = row.sku, row.description
                current.quantity, current.unit_price, current.amount = row.quantity, row.unit_price, row.line_amount
                current.order_line_id = _line_of_row(row, orders)[-1]  # type: ignore[assignment]
    return created


def _read_and_check(stream: IO[bytes]) -> tuple[dict[str, list[FeedRow]], RowErrors, int]:
    errors = RowErrors()
    groups: dict[str, list[FeedRow]] = {}
    rows = 0
    for item in read_feed(stream):
        rows += 1
        if isinstance(item, RowError):
            errors.add(item.row, item.invoice_number, item.message)
        else:
            groups.setdefault(item.invoice_number, []).append(item)
    _check_groups(groups, errors)
    return groups, errors, rows


async def import_invoice_feed(
    session: AsyncSession,
    *,
    stream: IO[bytes],
    actor: FeedActor,
    now: datetime,
    accept_valid: bool = False,
    portal_url: str = "",
) -> FeedReport:
    """Read the feed from ``stream`` and apply it (see the module docstring). Commits when anything was applied.

    Raises :class:`FeedConflict` when someone changed one of the invoices while the file was applied.
    """
    with collector_paused():
        return await _import_invoice_feed(session, stream, actor, now, accept_valid, portal_url)


async def _import_invoice_feed(
    session: AsyncSession, stream: IO[bytes], actor: FeedActor, now: datetime, accept_valid: bool, portal_url: str
) -> FeedReport:
    try:
        # Reading and checking rows is CPU work on a file: off the event loop, so other requests go on.
        groups, errors, rows = await asyncio.to_thread(_read_and_check, stream)
    except FeedUnreadable as error:
        return FeedReport(status="rejected", errors=[RowError(error.row, "", error.message)])
    plans = {number: _Plan(rows=group) for number, group in groups.items()}
    customers = await _load(session, plans)
    orders = await _orders_named(session, groups, customers, errors)
    changes = await _plan_changes(session, plans, customers, errors, orders)

    numbers = set(groups) | errors.bad
    report = FeedReport(status="applied", rows=rows, invoices=len(numbers))
    report.errors = sorted(errors.errors, key=lambda e: e.row)
    report.rejected_invoices = sorted(errors.bad)
    if errors.errors and (not accept_valid or (not changes and not (set(groups) - errors.bad))):
        report.status = "rejected"
        await session.rollback()
        return report
    if errors.errors:
        report.status = "partial"
    report.unchanged = len(set(groups) - errors.bad) - len(changes)
    try:
        good = [plan for number, plan in plans.items() if number not in errors.bad]
        created = await _apply(session, changes, good, customers, report, now, orders)
        if not report.changed:
            await session.rollback()
            return report
        await session.flush()
        await deliver_invoices(session, created, portal_url=portal_url, now=now)
        billed = {o for plan in changes if (o := _order_id_of(plan.first, orders)) is not None}
        billed |= {plan.existing.order_id for plan in changes if plan.existing and plan.existing.order_id}
        await reconcile(session, sorted(billed), now=now, portal_url=portal_url)
        touched = {customers[plan.first.customer_number].id for plan in changes}
        await assess(session, list(touched), today=now.date(), now=now)
        await record_feed_imported(
            session, "invoice_feed", actor.user_id, actor.client_id, actor.filename, report.status, report.counts(), now
        )
        await session.commit()
    except (IntegrityError, StaleDataError) as error:
        await session.rollback()
        raise FeedConflict(
            "Someone changed these invoices while the file was being applied; nothing was changed. "
            "Import the file again."
        ) from error
    return report
