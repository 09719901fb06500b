"""Reading orders: the order list (portal and console), one order with its lines, shipments and invoices, and
customer service's discrepancy worklist. Each page is a constant number of statements; counts and sums are in SQL.
Reads run in the caller's scope (a customer sees only their account's orders)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.audit.models import AuditEvent
from backend.domain.documents.models import Document
from backend.domain.invoices.models import Invoice
from backend.domain.orders.enums import DiscrepancyStatus
from backend.domain.orders.models import OrderDiscrepancy, OrderLine, SalesOrder, Shipment, ShipmentLine
from backend.domain.orders.reconciliation import shipment_sums


@dataclass
class ShipmentView:
    shipment: Shipment
    pod_filename: str | None
    lines: list[tuple[int, str, Decimal, Decimal | None, str | None]]
    """(order line number, SKU, shipped, delivered, where the delivered quantity came from)."""


@dataclass
class OrderView:
    order: SalesOrder
    account_name: str
    lines: list[OrderLine]
    shipments: list[ShipmentView]
    invoices: list[Invoice]
    shipped: dict[uuid.UUID, tuple[Decimal, Decimal | None]] = field(default_factory=dict)
    """Per line: shipped and delivered, its shipments' sums (``shipment_sums``; none shipped: no entry)."""
    history: list[AuditEvent] = field(default_factory=list)
    discrepancies: list[OrderDiscrepancy] = field(default_factory=list)


def _order_filter(query: Select, status: str | None, search: str | None) -> Select:  # type: ignore[type-arg]
    if status:
        query = query.where(SalesOrder.status == status)
    if search and search.strip():
        # Any part of the order or PO number, in any case ("5001" and "so-50" find SO-5001), as the invoice search
        # does. (A normalised key would drop the number's dashes and never match the stored number.)
        text = search.strip().lower()
        query = query.where(
            or_(
                func.lower(SalesOrder.number).contains(text, autoescape=True),
                func.lower(func.coalesce(SalesOrder.po_number, "")).contains(text, autoescape=True),
            )
        )
    return query


async def list_orders(
    session: AsyncSession, *, status: str | None, search: str | None, first: int, offset: int
) -> tuple[list[tuple[SalesOrder, str]], int]:
    """A page of orders, newest first, with the account's name, and how many match."""
    page = _order_filter(
        select(SalesOrder, CustomerAccount.name).join(CustomerAccount, CustomerAccount.id == SalesOrder.account_id),
        status,
        search,
    )
    rows = await session.execute(
        page.order_by(SalesOrder.order_date.desc(), SalesOrder.number.desc()).limit(first).offset(offset)
    )
    total = (await session.execute(_order_filter(select(func.count(SalesOrder.id)), status, search))).scalar_one()
    return [(order, name) for order, name in rows], total


async def order_view(session: AsyncSession, order_id: uuid.UUID, *, staff: bool) -> OrderView | None:
    """One order with everything its page shows (history and discrepancies for staff only)."""
    found = (
        await session.execute(
            select(SalesOrder, CustomerAccount.name)
            .join(CustomerAccount, CustomerAccount.id == SalesOrder.account_id)
            .where(SalesOrder.id == order_id)
        )
    ).first()
    if found is None:
        return None
    order, account_name = found
    lines = list(
        (
            await session.execute(
                select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.line_number)
            )
        ).scalars()
    )
    shipment_rows = (
        await session.execute(
            select(Shipment, Document.filename)
            .outerjoin(Document, Document.id == Shipment.pod_document_id)
            .where(Shipment.order_id == order.id)
            .order_by(Shipment.shipped_on, Shipment.number)
        )
    ).all()
    numbers = {line.id: (line.line_number, line.sku) for line in lines}
    shipment_lines: dict[uuid.UUID, list[tuple[int, str, Decimal, Decimal | None, str | None]]] = {}
    for sl in (
        await session.execute(
            select(ShipmentLine).where(ShipmentLine.shipment_id.in_([s.id for s, _ in shipment_rows]))
        )
    ).scalars():
        number, sku = numbers.get(sl.order_line_id, (0, ""))
        delivered = sl.quantity_delivered
        shipment_lines.setdefault(sl.shipment_id, []).append(
            (number, sku, sl.quantity_shipped, delivered, sl.delivered_source)
        )
    shipments = [ShipmentView(s, filename, sorted(shipment_lines.get(s.id, []))) for s, filename in shipment_rows]
    invoices = list(
        (
            await session.execute(
                select(Invoice).where(Invoice.order_id == order.id).order_by(Invoice.issue_date, Invoice.number)
            )
        ).scalars()
    )
    sums = shipment_sums(session, [order.id])
    shipped = {r.order_line_id: (r.shipped, r.delivered) for r in await session.execute(select(sums))}
    view = OrderView(order, account_name, lines, shipments, invoices, shipped)
    if staff:
        view.history = list(
            (
                await session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.entity_id.in_([str(order.id)] + [str(s.id) for s, _ in shipment_rows]))
                    .order_by(AuditEvent.sequence)
                    .limit(200)
                )
            ).scalars()
        )
        view.discrepancies = list(
            (
                await session.execute(
                    select(OrderDiscrepancy)
                    .where(OrderDiscrepancy.order_id == order.id)
                    .order_by(OrderDiscrepancy.found_at)
                )
            ).scalars()
        )
    return view


@dataclass
class DiscrepancyRow:
    discrepancy: OrderDiscrepancy
    order_number: str
    account_name: str
    owner_name: str | None
    line_number: int | None
    invoice_number: str | None
    order_age_days: int


@dataclass
class DiscrepancyPage:
    rows: list[DiscrepancyRow]
    total: int
    totals: list[tuple[str, Decimal, int]]
    """(currency, money at stake, count) of every discrepancy the filter matches."""


def _discrepancy_filter(
    query: Select,
    status: str | None,
    kind: str | None,
    owner_id: uuid.UUID | None,  # type: ignore[type-arg]
) -> Select:  # type: ignore[type-arg]
    if status:
        query = query.where(OrderDiscrepancy.status == status)
    if kind:
        query = query.where(OrderDiscrepancy.kind == kind)
    if owner_id:
        query = query.where(OrderDiscrepancy.owner_id == owner_id)
    return query


async def discrepancy_page(
    session: AsyncSession,
    *,
    status: str | None = DiscrepancyStatus.OPEN.value,
    kind: str | None = None,
    owner_id: uuid.UUID | None = None,
    first: int,
    offset: int,
    now: datetime,
) -> DiscrepancyPage:
    """Customer service's worklist: oldest first, with the order, account, owner, line and invoice."""
    page = _discrepancy_filter(
        select(
            OrderDiscrepancy,
            SalesOrder.number,
            SalesOrder.order_date,
            CustomerAccount.name,
            User.full_name,
            OrderLine.line_number,
            Invoice.number,
        )
        .join(SalesOrder, SalesOrder.id == OrderDiscrepancy.order_id)
        .join(CustomerAccount, CustomerAccount.id == OrderDiscrepancy.account_id)
        .outerjoin(User, User.id == OrderDiscrepancy.owner_id)
        .outerjoin(OrderLine, OrderLine.id == OrderDiscrepancy.order_line_id)
        .outerjoin(Invoice, Invoice.id == OrderDiscrepancy.invoice_id),
        status,
        kind,
        owner_id,
    )
    rows = await session.execute(
        page.order_by(OrderDiscrepancy.found_at, OrderDiscrepancy.id).limit(first).offset(offset)
    )
    today = now.date()
    found = [
        DiscrepancyRow(d, number, account, owner, line, invoice, (today - order_date).days)
        for d, number, order_date, account, owner, line, invoice in rows
    ]
    sums = await session.execute(
        _discrepancy_filter(
            select(OrderDiscrepancy.currency, func.sum(OrderDiscrepancy.amount), func.count()),
            status,
            kind,
            owner_id,
        ).group_by(OrderDiscrepancy.currency)
    )
    totals = sorted((currency, amount or Decimal("0.00"), count) for currency, amount, count in sums)
    return DiscrepancyPage(found, sum(c for _, _, c in totals), totals)
