"""Applying the ERP's order feed and delivery feed (docs/IMPORTS.md), each file in one transaction.

Orders are found by number. A new order is checked against its account's credit (``authorization``) and
written set-based (COPY on PostgreSQL). The same revision again changes nothing; a higher revision updates what
changed (header, lines matched by line number) and its audit event keeps what it was before; a lower one, or the
same revision with other content, is a row error. Deliveries are found by their number: new ones are added, a
known one takes its new dates and quantities (e.g. the delivery date once the goods arrived).

All or nothing by default: one bad row and nothing is applied, the report names every bad row with its line
number. With ``accept_valid`` the orders (deliveries) without a bad row are applied.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.db.bulk import bulk_insert_tuples, collector_paused, interleaved
from backend.db.ids import new_id
from backend.db.lists import among
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.service import EventList, EventRecord, append_events
from backend.domain.credit.assessment import assess
from backend.domain.errors import DomainError
from backend.domain.invoice_feed.layout import FeedUnreadable, RowError, RowErrors, in_batches
from backend.domain.invoice_feed.service import record_feed_imported
from backend.domain.orders.authorization import exposures
from backend.domain.orders.enums import CreditDecision, OrderStatus, QuantitySource
from backend.domain.orders.layouts import (
    DELIVERY_HEADER,
    ORDER_HEADER,
    DeliveryRow,
    OrderRow,
    read_deliveries,
    read_orders,
)
from backend.domain.orders.models import NO_QUANTITY, ZERO, OrderLine, SalesOrder, Shipment, ShipmentLine
from backend.domain.orders.reconciliation import reconcile


class ImportConflict(DomainError):
    code = "conflict"


@dataclass(frozen=True)
class ImportActor:
    """Who imports: a staff user (console) or an API client (machine API)."""

    user_id: uuid.UUID | None = None
    client_id: str | None = None
    filename: str = "orders.csv"


@dataclass
class ImportReport:
    status: str
    """``applied``, ``partial`` (accept_valid: the good ones) or ``rejected`` (nothing applied)."""
    kind: str
    """``orders`` or ``deliveries``."""
    rows: int = 0
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    held: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            self.kind: self.records,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "held": self.held,
            "rejected": len(self.rejected),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            **self.counts(),
            "errors": [{"row": e.row, "number": e.invoice_number, "message": e.message} for e in self.errors],
            "rejected_numbers": self.rejected,
        }


def _read(
    stream: IO[bytes], reader: Any, key: str, header: Sequence[str]
) -> tuple[dict[str, list[Any]], RowErrors, int]:
    """Read and check every row; group them by ``key``; the fields in ``header`` must agree within a group and a
    line may appear once per group."""
    errors, rows = RowErrors(), 0
    groups: dict[str, list[Any]] = {}
    for item in reader(stream):
        rows += 1
        if isinstance(item, RowError):
            errors.add(item.row, item.invoice_number, item.message)
        else:
            groups.setdefault(getattr(item, key), []).append(item)
    line_of = attrgetter("line_number" if key == "order_number" else "order_line_number")
    header_of = attrgetter(*header)
    for number, group in groups.items():
        first, seen = group[0], set()
        agreed = header_of(first)
        for row in group:
            if header_of(row) != agreed:
                name = next(name for name in header if getattr(row, name) != getattr(first, name))
                errors.add(
                    row.row,
                    number,
                    f"{name} {getattr(row, name)!s} disagrees with row {first.row} of {number} "
                    f"({getattr(first, name)!s}).",
                )
            line = line_of(row)
            if line in seen:
                errors.add(row.row, number, f"Line {line} appears twice in {number}.")
            seen.add(line)
    return groups, errors, rows


def _rejected(report: ImportReport, errors: RowErrors, groups: dict[str, Any]) -> bool:
    """Fill the report's errors; True when a row is bad."""
    report.errors = sorted(errors.errors, key=lambda e: e.row)
    report.rejected = sorted(errors.bad)
    report.records = len(set(groups) | errors.bad)
    return bool(errors.errors)


def _line_values(row: OrderRow) -> tuple[object, ...]:
    return (row.sku, row.description, row.quantity, row.unit_price, row.discount_percent)


def _order_values(row: OrderRow, account: Any) -> tuple[object, ...]:
    return (account.id, row.ship_to, row.po_number, row.order_date, row.requested_date, row.currency)


def _snapshot(order: SalesOrder, lines: dict[int, OrderLine]) -> dict[str, Any]:
    return {
        "revision": order.revision,
        "po_number": order.po_number,
        "ship_to": order.ship_to,
        "requested_date": order.requested_date,
        "total": order.total_amount,
        "lines": {
            str(n): f"{line.sku} {line.quantity:f} × {line.unit_price:f} −{line.discount_percent:f}%"
            for n, line in sorted(lines.items())
        },
    }


async def import_orders(
    session: AsyncSession, *, stream: IO[bytes], actor: ImportActor, now: datetime, accept_valid: bool = False
) -> ImportReport:
    """Read the order feed from ``stream`` and apply it (module docstring). Commits when anything was applied."""
    with collector_paused():
        return await _import_orders(session, stream, actor, now, accept_valid)


async def _import_orders(
    session: AsyncSession, stream: IO[bytes], actor: ImportActor, now: datetime, accept_valid: bool
) -> ImportReport:
    try:
        groups, errors, rows = await asyncio.to_thread(_read, stream, read_orders, "order_number", ORDER_HEADER)
    except FeedUnreadable as error:
        return ImportReport(status="rejected", kind="orders", errors=[RowError(error.row, "", error.message)])
    report = ImportReport(status="applied", kind="orders", rows=rows)
    accounts: dict[str, Any] = {}  # rows (id, number): a feed names thousands of customers
    for batch in in_batches(sorted({g[0].customer_number for g in groups.values()})):
        named = select(CustomerAccount.id, CustomerAccount.number).where(CustomerAccount.number.in_(batch))
        for account in await session.execute(named):
            accounts[account.number] = account
    existing: dict[str, SalesOrder] = {}
    for batch in in_batches(sorted(groups)):
        for order in (
            await session.execute(select(SalesOrder).where(SalesOrder.number.in_(batch)).with_for_update())
        ).scalars():
            existing[order.number] = order
    old_lines: dict[uuid.UUID, dict[int, OrderLine]] = {o.id: {} for o in existing.values()}
    for id_batch in in_batches(list(old_lines)):
        for line in (await session.execute(select(OrderLine).where(OrderLine.order_id.in_(id_batch)))).scalars():
            old_lines[line.order_id][line.line_number] = line
    shipped_lines: set[uuid.UUID] = set()  # a revision may not drop a line that shipped
    for id_batch in in_batches([line.id for known in old_lines.values() for line in known.values()]):
        shipped_lines.update(
            (
                await session.execute(
                    select(ShipmentLine.order_line_id).where(ShipmentLine.order_line_id.in_(id_batch)).distinct()
                )
            ).scalars()
        )

    new: list[tuple[str, list[OrderRow], Any]] = []
    revised: list[tuple[SalesOrder, list[OrderRow]]] = []
    for number, group in groups.items():
        first = group[0]
        found_account = accounts.get(first.customer_number)
        if found_account is None:
            errors.add(
                first.row,
                number,
                f"Customer {first.customer_number} is not known; send its invoices or create the account first.",
            )
            continue
        account = found_account
        if number in errors.bad:
            continue
        known_order = existing.get(number)
        if known_order is None:
            new.append((number, group, account))
            continue
        order = known_order
        lines = old_lines[order.id]
        same = (
            (order.account_id, order.ship_to, order.po_number, order.order_date, order.requested_date, order.currency)
            == _order_values(first, account)
            and set(lines) == {r.line_number for r in group}
            and all(
                (
                    lines[r.line_number].sku,
                    lines[r.line_number].description,
                    lines[r.line_number].quantity,
                    lines[r.line_number].unit_price,
                    lines[r.line_number].discount_percent,
                )
                == _line_values(r)
                for r in group
            )
        )
        if first.revision < order.revision:
            errors.add(
                first.row,
                number,
                f"Order {number} revision {first.revision} is older than the revision "
                f"already imported ({order.revision}); nothing was changed.",
            )
        elif first.revision == order.revision and not same:
            errors.add(
                first.row,
                number,
                f"Order {number} revision {first.revision} was imported before with other "
                "content; send the change as a new revision.",
            )
        elif order.account_id != account.id:
            errors.add(first.row, number, f"Order {number} belongs to another customer, not {first.customer_number}.")
        elif first.revision == order.revision:
            report.unchanged += 1
        else:
            gone = [lines[n] for n in set(lines) - {r.line_number for r in group}]
            busy = [line.line_number for line in gone if line.id in shipped_lines or line.invoiced_quantity > 0]
            if busy:
                errors.add(
                    first.row,
                    number,
                    f"Order {number}: line {busy[0]} was shipped or invoiced; keep it in the new revision.",
                )
            else:
                revised.append((order, group))
    if _rejected(report, errors, groups) and (not accept_valid or not (new or revised)):
        report.status = "rejected"
        await session.rollback()
        return report
    if errors.errors:
        report.status = "partial"
    if not new and not revised:
        await session.rollback()
        return report
    try:
        events, approved = await _create_orders(session, new, report, now)
        touched = await _revise_orders(session, revised, old_lines, report, now, actor, events)
        await reconcile(session, touched, now=now, events=events)
        # A held order is in no exposure: only accounts with an approved new order, or a revised one, moved.
        await assess(
            session,
            sorted(approved | {o.account_id for o, _ in revised}),
            today=now.date(),
            now=now,
            invoices_moved=False,
        )
        # Last, so the audit chain's head is locked only for the end of the transaction (after the positions).
        await append_events(session, events)
        await record_feed_imported(
            session, "order_feed", actor.user_id, actor.client_id, actor.filename, report.status, report.counts(), now
        )
        await session.commit()
    except (IntegrityError, StaleDataError) as error:
        await session.rollback()
        raise ImportConflict(
            "Someone changed these orders while the file was being applied; nothing was changed. Import the file again."
        ) from error
    return report


ORDER_INSERT = (
    "id", "created_at", "account_id", "number", "revision", "po_number", "ship_to", "order_date", "requested_date",
    "currency", "total_amount", "unshipped_amount", "credit_decision", "hold_reasons", "decided_by_id", "decided_at",
    "decision_note", "status", "status_since", "closed_at", "updated_at", "version",
)  # fmt: skip
LINE_INSERT = (
    "id", "account_id", "order_id", "line_number", "sku", "description", "quantity", "unit_price", "discount_percent",
    "net_price", "amount",
)  # fmt: skip
"""What a new order line is given; its invoiced, paid and reconciled figures start at the database's defaults (zero,
false: migration 0038), so the COPY does not encode four constants per line."""


async def _create_orders(
    session: AsyncSession, new: list[tuple[str, list[OrderRow], Any]], report: ImportReport, now: datetime
) -> tuple[EventList, set[uuid.UUID]]:
    """Insert the new orders and their lines; the events that say so (the caller appends them last) and the
    accounts with an approved one. The rows go to the database as tuples of what the feed's reader checked
    (``bulk_insert_tuples``)."""
    if not new:
        return EventList(), set()
    approved: set[uuid.UUID] = set()
    credit = await exposures(session, sorted({a.id for _, _, a in new}))
    order_rows: list[tuple[Any, ...]] = []
    created: list[tuple[uuid.UUID, uuid.UUID, list[OrderRow]]] = []
    events = EventList()
    for number, group, account in sorted(new, key=lambda n: (n[1][0].order_date, n[0])):
        first = group[0]
        order_id = new_id()
        total = sum((r.amount for r in group), ZERO)
        decision, reasons = credit[account.id].decide(first.currency, total)
        status = OrderStatus.APPROVED.value if decision == CreditDecision.APPROVED.value else OrderStatus.ON_HOLD.value
        report.created += 1
        report.held += decision == CreditDecision.HELD.value
        if decision == CreditDecision.APPROVED.value:
            approved.add(account.id)
        order_rows.append(
            (order_id, now, account.id, number, first.revision, first.po_number, first.ship_to, first.order_date,
             first.requested_date, first.currency, total, total, decision, reasons, None, now, "", status, now, None,
             now, 1)
        )  # fmt: skip
        created.append((order_id, account.id, group))
        events.append(
            EventRecord(
                action="order.received",
                entity_type="sales_order",
                entity_id=order_id,
                account_id=account.id,
                occurred_at=now,
                after={"number": number, "revision": first.revision, "total": total, "decision": decision}
                | ({"hold_reasons": reasons} if reasons else {}),
            )
        )
    await bulk_insert_tuples(session, SalesOrder, ORDER_INSERT, order_rows)
    lines = (
        (new_id(), account_id, order_id, r.line_number, r.sku, r.description, r.quantity, r.unit_price,
         r.discount_percent, r.net_price, r.amount)
        for order_id, account_id, group in created
        for r in group
    )  # fmt: skip
    # The server stores lines slower than they are made: the orders' events get ready meanwhile (about 1 per order).
    await bulk_insert_tuples(session, OrderLine, LINE_INSERT, interleaved(lines, events.steps(), LINES_PER_EVENT))
    return events, approved


async def _revise_orders(
    session: AsyncSession,
    revised: list[tuple[SalesOrder, list[OrderRow]]],
    old_lines: dict[uuid.UUID, dict[int, OrderLine]],
    report: ImportReport,
    now: datetime,
    actor: ImportActor,
    events: list[EventRecord],
) -> list[uuid.UUID]:
    """Apply the new revisions; their events go to ``events``. The orders changed."""
    for order, group in revised:
        first, lines = group[0], old_lines[order.id]
        before = _snapshot(order, lines)
        order.revision, order.ship_to, order.po_number = first.revision, first.ship_to, first.po_number
        order.order_date, order.requested_date = first.order_date, first.requested_date
        order.total_amount, order.updated_at = sum((r.amount for r in group), ZERO), now
        wanted = {r.line_number: r for r in group}
        for number, line in list(lines.items()):
            if number not in wanted:
                await session.delete(line)
                del lines[number]
        for number, r in wanted.items():
            known_line = lines.get(number)
            if known_line is None:
                known_line = OrderLine(
                    account_id=order.account_id,
                    order_id=order.id,
                    line_number=number,
                    invoiced_quantity=NO_QUANTITY,
                    invoiced_amount=ZERO,
                    paid_amount=ZERO,
                    reconciled=False,
                )
                session.add(known_line)
                lines[number] = known_line
            line = known_line
            line.sku, line.description, line.quantity = r.sku, r.description, r.quantity
            line.unit_price, line.discount_percent, line.net_price, line.amount = (
                r.unit_price,
                r.discount_percent,
                r.net_price,
                r.amount,
            )
        report.updated += 1
        events.append(
            EventRecord(
                action="order.revised",
                entity_type="sales_order",
                entity_id=order.id,
                account_id=order.account_id,
                actor_user_id=actor.user_id,
                occurred_at=now,
                before=before,
                after=_snapshot(order, lines),
            )
        )
    await session.flush()
    return [order.id for order, _ in revised]


LINES_PER_EVENT = 4
"""How many lines a COPY sends between two events made ready (an order or a delivery has five or so)."""
ORDERS_PER_READ = 5000
"""Orders a delivery feed reads at once, with their lines (about 25,000 rows)."""
SHIPMENT_INSERT = (
    "id", "created_at", "account_id", "number", "order_id", "carrier", "tracking_number", "shipped_on", "delivered_on",
    "pod_document_id", "received_by", "updated_at",
)  # fmt: skip
SHIPMENT_LINE_INSERT = (
    "id", "account_id", "shipment_id", "order_line_id", "quantity_shipped", "quantity_delivered", "delivered_source",
)  # fmt: skip


def _delivery_values(row: DeliveryRow) -> tuple[object, ...]:
    return (row.carrier, row.tracking_number, row.shipped_on, row.delivered_on)


async def import_deliveries(
    session: AsyncSession,
    *,
    stream: IO[bytes],
    actor: ImportActor,
    now: datetime,
    accept_valid: bool = False,
    portal_url: str = "",
) -> ImportReport:
    """Read the delivery feed from ``stream`` and apply it (module docstring). Commits when anything was applied."""
    with collector_paused():
        return await _import_deliveries(session, stream, actor, now, accept_valid, portal_url)


async def _import_deliveries(
    session: AsyncSession, stream: IO[bytes], actor: ImportActor, now: datetime, accept_valid: bool, portal_url: str
) -> ImportReport:
    try:
        groups, errors, rows = await asyncio.to_thread(
            _read, stream, read_deliveries, "delivery_number", DELIVERY_HEADER
        )
    except FeedUnreadable as error:
        return ImportReport(status="rejected", kind="deliveries", errors=[RowError(error.row, "", error.message)])
    report = ImportReport(status="applied", kind="deliveries", rows=rows)
    # Rows, not ORM objects: a full feed names tens of thousands of orders, and nothing here changes them.
    # The named orders with their lines, in one statement per 5,000 orders.
    orders: dict[str, Any] = {}
    lines: dict[tuple[uuid.UUID, int], uuid.UUID] = {}
    numbers = sorted({g[0].order_number for g in groups.values()})
    for start in range(0, len(numbers), ORDERS_PER_READ):
        named = (
            select(
                SalesOrder.id,
                SalesOrder.number,
                SalesOrder.account_id,
                SalesOrder.credit_decision,
                OrderLine.line_number,
                OrderLine.id.label("line_id"),
            )
            .outerjoin(OrderLine, OrderLine.order_id == SalesOrder.id)
            .where(among(session, SalesOrder.number, numbers[start : start + ORDERS_PER_READ]))
        )
        for found in await session.execute(named):
            orders[found.number] = found
            if found.line_id is not None:
                lines[(found.id, found.line_number)] = found.line_id
    shipments: dict[str, Shipment] = {}
    for batch in in_batches(sorted(groups)):
        for shipment in (
            await session.execute(select(Shipment).where(Shipment.number.in_(batch)).with_for_update())
        ).scalars():
            shipments[shipment.number] = shipment
    shipment_lines: dict[uuid.UUID, dict[uuid.UUID, ShipmentLine]] = {s.id: {} for s in shipments.values()}
    for id_batch in in_batches(list(shipment_lines)):
        for sl in (await session.execute(select(ShipmentLine).where(ShipmentLine.shipment_id.in_(id_batch)))).scalars():
            shipment_lines[sl.shipment_id][sl.order_line_id] = sl

    plans: list[tuple[str, list[DeliveryRow], Any]] = []
    for number, group in groups.items():
        first = group[0]
        found_order = orders.get(first.order_number)
        if found_order is None:
            errors.add(first.row, number, f"Order {first.order_number} is not known; send the order first.")
            continue
        order = found_order
        if order.credit_decision != CreditDecision.APPROVED.value:
            errors.add(
                first.row,
                number,
                f"Order {first.order_number} is not approved (it is "
                f"{order.credit_decision}); a held or rejected order cannot ship.",
            )
            continue
        for row in group:
            if (order.id, row.order_line_number) not in lines:
                errors.add(row.row, number, f"Order {first.order_number} has no line {row.order_line_number}.")
        known = shipments.get(number)
        if known is not None and known.order_id != order.id:
            errors.add(first.row, number, f"Delivery {number} belongs to another order, not {first.order_number}.")
        if number not in errors.bad:
            plans.append((number, group, order))
    if _rejected(report, errors, groups) and (not accept_valid or not plans):
        report.status = "rejected"
        await session.rollback()
        return report
    if errors.errors:
        report.status = "partial"
    touched: set[uuid.UUID] = set()
    new_shipments: list[tuple[Any, ...]] = []
    new_lines: list[tuple[uuid.UUID, Any, list[DeliveryRow]]] = []
    events = EventList()
    for number, group, order in plans:
        first = group[0]
        known_shipment = shipments.get(number)
        if known_shipment is None:
            shipment_id = new_id()
            new_shipments.append(
                (shipment_id, now, order.account_id, number, order.id, first.carrier, first.tracking_number,
                 first.shipped_on, first.delivered_on, None, "", now)
            )  # fmt: skip
            new_lines.append((shipment_id, order, group))
            report.created += 1
            touched.add(order.id)
            events.append(
                EventRecord(
                    action="delivery.recorded",
                    entity_type="shipment",
                    entity_id=shipment_id,
                    account_id=order.account_id,
                    occurred_at=now,
                    after={
                        "number": number,
                        "order": order.number,
                        "shipped_on": first.shipped_on,
                        "delivered_on": first.delivered_on,
                    },
                )
            )
            continue
        shipment = known_shipment
        current = shipment_lines[shipment.id]
        changed = _delivery_values(first) != (
            shipment.carrier,
            shipment.tracking_number,
            shipment.shipped_on,
            shipment.delivered_on,
        ) or set(current) != {lines[(order.id, r.order_line_number)] for r in group}
        for row in group:
            was = current.get(lines[(order.id, row.order_line_number)])
            if (
                was is None
                or was.quantity_shipped != row.quantity_shipped
                or (row.quantity_delivered is not None and was.quantity_delivered != row.quantity_delivered)
            ):
                changed = True
        if not changed:
            report.unchanged += 1
            continue
        before = {
            "shipped_on": shipment.shipped_on,
            "delivered_on": shipment.delivered_on,
            "carrier": shipment.carrier,
            "tracking_number": shipment.tracking_number,
        }
        shipment.carrier, shipment.tracking_number = first.carrier, first.tracking_number
        shipment.shipped_on, shipment.delivered_on, shipment.updated_at = first.shipped_on, first.delivered_on, now
        wanted = {lines[(order.id, r.order_line_number)]: r for r in group}
        for line_id, sl in current.items():
            if line_id not in wanted:
                await session.delete(sl)
        for line_id, row in wanted.items():
            target = current.get(line_id)
            if target is None:
                target = ShipmentLine(account_id=order.account_id, shipment_id=shipment.id, order_line_id=line_id)
                session.add(target)
            sl = target
            sl.quantity_shipped = row.quantity_shipped
            if row.quantity_delivered is not None:  # a feed never erases what a POD or staff recorded
                sl.quantity_delivered, sl.delivered_source = row.quantity_delivered, QuantitySource.FEED.value
        report.updated += 1
        touched.add(order.id)
        events.append(
            EventRecord(
                action="delivery.updated",
                entity_type="shipment",
                entity_id=shipment.id,
                account_id=order.account_id,
                occurred_at=now,
                before=before,
                after={
                    "shipped_on": first.shipped_on,
                    "delivered_on": first.delivered_on,
                    "carrier": first.carrier,
                    "tracking_number": first.tracking_number,
                },
            )
        )
    if not touched:
        await session.rollback()
        return report
    try:
        await bulk_insert_tuples(session, Shipment, SHIPMENT_INSERT, new_shipments)
        feed = QuantitySource.FEED.value
        shipment_lines_made = (
            (new_id(), order.account_id, shipment_id, lines[(order.id, row.order_line_number)],
             row.quantity_shipped, row.quantity_delivered, feed if row.quantity_delivered is not None else None)
            for shipment_id, order, group in new_lines
            for row in group
        )  # fmt: skip
        # The deliveries' events get ready while the server stores the lines (see _create_orders).
        await bulk_insert_tuples(
            session,
            ShipmentLine,
            SHIPMENT_LINE_INSERT,
            interleaved(shipment_lines_made, events.steps(), LINES_PER_EVENT),
        )
        await session.flush()
        await reconcile(session, sorted(touched), now=now, portal_url=portal_url, events=events)
        await assess(
            session, sorted({o.account_id for _, _, o in plans}), today=now.date(), now=now, invoices_moved=False
        )
        # Last, so the audit chain's head is locked only for the end of the transaction (after the positions).
        await append_events(session, events)
        await record_feed_imported(
            session,
            "delivery_feed",
            actor.user_id,
            actor.client_id,
            actor.filename,
            report.status,
            report.counts(),
            now,
        )
        await session.commit()
    except (IntegrityError, StaleDataError) as error:
        await session.rollback()
        raise ImportConflict(
            "Someone changed these deliveries while the file was being applied; nothing was "
            "changed. Import the file again."
        ) from error
    return report
