"""Three-way reconciliation: each order line's ordered, shipped, delivered and invoiced quantities and prices, the
discrepancies between them, and where each order stands.

Called (in the caller's transaction, never committing) whenever an order, a delivery, an invoice naming an order,
or a proof of delivery changes, and nightly for orders that are not closed. Set-based: a batch of orders costs the
same few statements whatever its size.

What a line's figures mean:

* **shipped**: the sum of its shipment lines; **delivered**: for shipments with a delivery date, the quantity the
  POD (or the feed, or staff) says arrived, else what was shipped; empty while no shipment has arrived.
* **invoiced**: the sum of the invoice lines that name it; **paid**: each of those lines' share of what its invoice
  received in cash, in proportion to the invoice's total (a credit memo is not money received: it shows as the
  claim or discrepancy it settled).

The discrepancies (one per subject and kind; see ``DiscrepancyKind``) and the money at stake:

* ``short_shipped``: invoiced more than delivered (or, before any delivery date, than shipped):
  (invoiced − delivered) × the invoiced price.
* ``price_above_order``: invoiced at a unit price above the order's net price: the invoiced amount less the
  invoiced quantity at the order's price.
* ``invoiced_before_delivery``: an invoice issued before the line's first shipment left (or with none yet): the
  invoiced amount.
* ``over_shipment``: shipped more than ordered: the surplus at the order's price.
* ``delivered_without_pod`` (per shipment): delivered more than ``POD_GRACE_DAYS`` ago and no proof of delivery
  linked: the shipment's value at the order's prices.

A discrepancy whose condition no longer holds is ``cleared``; one customer service resolved stays resolved. A line
reconciles when its delivery is known, what was invoiced is what arrived (or the difference was settled) and no
discrepancy on it is open; an order closes when every line reconciles and its invoices are settled.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, case, exists, func, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.bulk import bulk_insert, bulk_update
from backend.db.ids import new_id
from backend.db.lists import among
from backend.db.types import ExactDecimal
from backend.domain.accounts.models import User
from backend.domain.administration.models import RoutingRule
from backend.domain.audit.service import EventRecord, record_events
from backend.domain.automation.actor import acting_as_system
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES, DisputeStatus
from backend.domain.disputes.models import Dispute, DisputeLine
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email
from backend.domain.money import CENT
from backend.domain.orders.enums import CreditDecision, DiscrepancyKind, DiscrepancyStatus, OrderStatus
from backend.domain.orders.models import (
    NO_QUANTITY,
    ZERO,
    OrderDiscrepancy,
    OrderLine,
    SalesOrder,
    Shipment,
    ShipmentLine,
)
from backend.domain.resolution.models import CreditMemo

BATCH = 1000
POD_GRACE_DAYS = 3
"""Days a delivered shipment may wait for its proof of delivery before it is a discrepancy."""
KIND_WORDS = {
    DiscrepancyKind.SHORT_SHIPPED.value: "Short shipped, invoiced in full",
    DiscrepancyKind.PRICE_ABOVE_ORDER.value: "Invoiced above the order price",
    DiscrepancyKind.INVOICED_BEFORE_DELIVERY.value: "Invoiced before delivery",
    DiscrepancyKind.DELIVERED_WITHOUT_POD.value: "Delivered without proof of delivery",
    DiscrepancyKind.OVER_SHIPMENT.value: "Over-shipment",
}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def quantity_words(value: Decimal) -> str:
    """A quantity as people write it: 10, 2.5 (no trailing zeros)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def price_words(value: Decimal) -> str:
    """A unit price as people write it: cents always, a finer fraction only when there is one (10.00, 9.25,
    0.0125 — never the column's 10.0000)."""
    text = f"{value:f}"
    if "." not in text:
        return f"{text}.00"
    whole, fraction = text.split(".")
    return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"


LINE_COLUMNS = (
    OrderLine.id,
    OrderLine.order_id,
    OrderLine.line_number,
    OrderLine.sku,
    OrderLine.quantity,
    OrderLine.net_price,
    OrderLine.invoiced_quantity,
    OrderLine.invoiced_amount,
    OrderLine.paid_amount,
    OrderLine.reconciled,
)
"""What reconciliation reads of a line: its identity, what was ordered, and the figures it stored last time."""
ORDER_COLUMNS = (
    SalesOrder.id,
    SalesOrder.account_id,
    SalesOrder.currency,
    SalesOrder.credit_decision,
    SalesOrder.status,
    SalesOrder.unshipped_amount,
)


@dataclass(slots=True)
class LineFigures:
    """One order line's reconciled figures (shipped and delivered summed from its shipments; invoiced, paid and
    reconciled as the line row stores them): what reconciliation and the claim check read."""

    line: Any
    """The line's row (``LINE_COLUMNS``)."""
    shipped: Decimal = NO_QUANTITY
    delivered: Decimal | None = None
    invoiced: Decimal = NO_QUANTITY
    invoiced_amount: Decimal = ZERO
    highest_invoiced_price: Decimal | None = None
    paid: Decimal = ZERO
    settled_short: Decimal = ZERO
    """Money of a shortage on this line already credited or claimed: credit memos of settled discrepancies, and
    shortage or not-delivered disputes on its invoice lines that are open or were accepted."""
    settled_price: Decimal = ZERO
    """The same for a price above the order's (pricing disputes, price discrepancies settled by credit memo)."""
    first_shipped_on: date | None = None
    first_invoiced_on: date | None = None
    invoice_id: uuid.UUID | None = None

    @property
    def received_basis(self) -> Decimal | None:
        """What the customer got, as far as the records know: delivered, else shipped once anything shipped."""
        if self.delivered is not None:
            return self.delivered
        return self.shipped if self.first_shipped_on is not None else None

    @property
    def short_value(self) -> Decimal:
        """The invoiced value of what was billed and not received."""
        basis = self.received_basis
        if basis is None or self.invoiced <= basis:
            return ZERO
        return (self.invoiced - basis) * self.average_invoiced_price

    @property
    def short_remaining(self) -> Decimal:
        """The shortage's value no credit or claim covers yet."""
        return max(ZERO, _money(self.short_value - self.settled_short))

    @property
    def overcharge(self) -> Decimal:
        """What was invoiced above the order's price."""
        return max(ZERO, _money(self.invoiced_amount - self.invoiced * self.line.net_price))

    @property
    def overcharge_remaining(self) -> Decimal:
        return max(ZERO, _money(self.overcharge - self.settled_price))

    @property
    def average_invoiced_price(self) -> Decimal:
        if self.invoiced <= 0:
            return self.line.net_price
        return self.invoiced_amount / self.invoiced


@dataclass(frozen=True)
class Finding:
    order_id: uuid.UUID
    account_id: uuid.UUID
    subject_id: uuid.UUID
    kind: str
    amount: Decimal
    currency: str
    detail: str
    order_line_id: uuid.UUID | None = None
    shipment_id: uuid.UUID | None = None
    invoice_id: uuid.UUID | None = None


def shipment_sums(session: AsyncSession, order_ids: Sequence[uuid.UUID]) -> Subquery:
    """Per order line of the orders that shipped: shipped (the sum of its shipment lines), delivered (what arrived of
    the shipments with a delivery date; NULL while none arrived) and the day its first shipment left."""
    arrived = func.coalesce(ShipmentLine.quantity_delivered, ShipmentLine.quantity_shipped)
    return (
        select(
            ShipmentLine.order_line_id,
            func.sum(ShipmentLine.quantity_shipped).label("shipped"),
            func.sum(case((Shipment.delivered_on.is_not(None), arrived))).label("delivered"),
            func.min(Shipment.shipped_on).label("first_shipped_on"),
        )
        # Found from the orders' shipments (ix_shipments_order_id, then each shipment's lines by the unique index
        # that leads with the shipment): a shipment carries lines of its own order only. ~12 ms for 1,000 orders
        # of a delivery feed, against ~25 ms from each order line's shipment lines. (Once, with JIT compilation
        # and stale statistics, the planner scanned every shipment this way; connections run without JIT now.)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(among(session, Shipment.order_id, order_ids))
        .group_by(ShipmentLine.order_line_id)
        .subquery()
    )


async def line_figures(session: AsyncSession, order_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, LineFigures]:
    """Every line of the orders with its shipped, delivered, invoiced, paid and already-settled figures, in five
    statements; the shipments are summed per line in SQL (a delivery feed's 100,000 lines come back as 100,000
    rows, not twice as many)."""
    shipped = shipment_sums(session, order_ids)
    figures = {
        line.id: LineFigures(
            line,
            shipped=line.shipped if line.shipped is not None else NO_QUANTITY,
            delivered=line.delivered,
            first_shipped_on=line.first_shipped_on,
        )
        for line in await session.execute(
            select(*LINE_COLUMNS, shipped.c.shipped, shipped.c.delivered, shipped.c.first_shipped_on)
            .outerjoin(shipped, shipped.c.order_line_id == OrderLine.id)
            .where(among(session, OrderLine.order_id, order_ids))
            .order_by(OrderLine.line_number)
        )
    }
    if not figures:
        return figures
    invoiced_rows = await session.execute(
        select(
            InvoiceLine.order_line_id,
            InvoiceLine.quantity,
            InvoiceLine.amount,
            InvoiceLine.unit_price,
            Invoice.id,
            Invoice.issue_date,
            Invoice.total_amount,
            Invoice.paid_amount,  # money received: a credit memo is not (it shows as the claim it settled)
        )
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        # By the lines' own index: most orders of a delivery feed have no invoice yet.
        .where(among(session, InvoiceLine.order_line_id, list(figures)))
    )
    for billed_line_id, quantity, amount, price, invoice_id, issued, total, received in invoiced_rows:
        billed = figures.get(billed_line_id) if billed_line_id is not None else None
        if billed is None:
            continue
        f = billed
        f.invoiced += quantity
        f.invoiced_amount += amount
        f.highest_invoiced_price = max(f.highest_invoiced_price or price, price)
        f.first_invoiced_on = min(f.first_invoiced_on or issued, issued)
        f.invoice_id = f.invoice_id or invoice_id
        f.paid += _money(amount * received / total) if total else ZERO
    await _settled(session, figures)
    return figures


SHORT_REASONS = ("SHORTAGE", "NOT_DELIVERED")
PRICE_REASONS = ("PRICING",)
STANDING_CLAIMS = tuple(
    sorted(
        {s.value for s in OPEN_DISPUTE_STATUSES}
        | {DisputeStatus.RESOLVED_VALID.value, DisputeStatus.RESOLVED_PARTIAL.value}
    )
)
"""Claims that cover money: open ones (the customer is asking for it) and accepted ones (it was credited)."""


async def _settled(session: AsyncSession, figures: dict[uuid.UUID, LineFigures]) -> None:
    """Add to each line what credits and standing claims already cover of a shortage or an overcharge. Read as the
    system actor (settled discrepancies are staff-only rows), for lines the caller could already see."""
    async with acting_as_system(session):
        await _add_settled(session, figures)


async def _add_settled(session: AsyncSession, figures: dict[uuid.UUID, LineFigures]) -> None:
    line_ids = list(figures)
    memos = await session.execute(
        select(OrderDiscrepancy.order_line_id, OrderDiscrepancy.kind, CreditMemo.amount)
        .join(CreditMemo, CreditMemo.id == OrderDiscrepancy.credit_memo_id)
        .where(
            among(session, OrderDiscrepancy.order_id, {f.line.order_id for f in figures.values()}),
            OrderDiscrepancy.order_line_id.is_not(None),
            CreditMemo.reversed_at.is_(None),
        )
    )
    for line_id, kind, amount in memos:
        if line_id is None:
            continue
        f = figures[line_id]
        if kind == DiscrepancyKind.SHORT_SHIPPED.value:
            f.settled_short += amount
        elif kind == DiscrepancyKind.PRICE_ABOVE_ORDER.value:
            f.settled_price += amount
    credited = (
        select(func.coalesce(func.sum(CreditMemo.amount), 0))
        .where(CreditMemo.dispute_id == Dispute.id, CreditMemo.reversed_at.is_(None))
        .scalar_subquery()
    )
    claims = (
        select(
            InvoiceLine.order_line_id, Dispute.reason_code, Dispute.status, Dispute.amount, DisputeLine.amount, credited
        )
        .join(Dispute, Dispute.id == DisputeLine.dispute_id)
        .join(InvoiceLine, InvoiceLine.id == DisputeLine.invoice_line_id)
    )
    claims = claims.where(
        among(session, InvoiceLine.order_line_id, line_ids),
        Dispute.status.in_(STANDING_CLAIMS),
        Dispute.reason_code.in_(SHORT_REASONS + PRICE_REASONS),
    )
    for line_id, reason, status, claimed, line_amount, memo_total in await session.execute(claims):
        covered = line_amount
        if status == DisputeStatus.RESOLVED_PARTIAL.value and claimed:
            covered = _money(line_amount * Decimal(memo_total) / claimed)  # the line's share of what was granted
        if line_id is None:
            continue
        f = figures[line_id]
        if reason in SHORT_REASONS:
            f.settled_short += covered
        else:
            f.settled_price += covered


def _line_findings(order: Any, f: LineFigures) -> list[Finding]:
    line, found = f.line, []

    def finding(kind: DiscrepancyKind, amount: Decimal, detail: str) -> None:
        found.append(
            Finding(
                order.id,
                order.account_id,
                line.id,
                kind.value,
                max(ZERO, _money(amount)),
                order.currency,
                f"Line {line.line_number} ({line.sku}): {detail}",
                order_line_id=line.id,
                invoice_id=f.invoice_id,
            )
        )

    basis = f.received_basis
    # Money a credit or a customer's claim already covers is no longer at stake: settling it again would credit the
    # same goods twice.
    if basis is not None and f.short_remaining > 0:
        what = "delivered" if f.delivered is not None else "shipped"
        finding(
            DiscrepancyKind.SHORT_SHIPPED,
            f.short_remaining,
            f"{quantity_words(basis)} {what}, {quantity_words(f.invoiced)} invoiced.",
        )
    if f.highest_invoiced_price is not None and f.highest_invoiced_price > line.net_price and f.overcharge_remaining:
        finding(
            DiscrepancyKind.PRICE_ABOVE_ORDER,
            f.overcharge_remaining,
            f"invoiced at {price_words(f.highest_invoiced_price)}, the order's price is {price_words(line.net_price)}.",
        )
    if f.first_invoiced_on is not None and (f.first_shipped_on is None or f.first_invoiced_on < f.first_shipped_on):
        shipped = f"shipped {f.first_shipped_on.isoformat()}" if f.first_shipped_on else "not shipped yet"
        finding(
            DiscrepancyKind.INVOICED_BEFORE_DELIVERY,
            f.invoiced_amount,
            f"invoiced {f.first_invoiced_on.isoformat()}, {shipped}.",
        )
    if f.shipped > line.quantity:
        finding(
            DiscrepancyKind.OVER_SHIPMENT,
            (f.shipped - line.quantity) * line.net_price,
            f"{quantity_words(f.shipped)} shipped, {quantity_words(line.quantity)} ordered.",
        )
    return found


async def _shipment_findings(session: AsyncSession, orders: dict[uuid.UUID, Any], today: date) -> list[Finding]:
    # The value is summed here, not in SQL: on SQLite quantities and prices are scaled integers (ExactDecimal), and
    # their product in SQL would carry both scales.
    rows = await session.execute(
        select(
            Shipment.id,
            Shipment.order_id,
            Shipment.number,
            Shipment.delivered_on,
            ShipmentLine.quantity_shipped,
            OrderLine.net_price,
        )
        .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
        .join(OrderLine, OrderLine.id == ShipmentLine.order_line_id)
        .where(
            among(session, Shipment.order_id, list(orders)),
            Shipment.delivered_on.is_not(None),
            Shipment.delivered_on < today - timedelta(days=POD_GRACE_DAYS),
            Shipment.pod_document_id.is_(None),
        )
    )
    shipments: dict[uuid.UUID, tuple[uuid.UUID, str, date | None, Decimal]] = {}
    for shipment_id, order_id, number, delivered_on, quantity, price in rows:
        _, _, _, value = shipments.get(shipment_id, (order_id, number, delivered_on, ZERO))
        shipments[shipment_id] = (order_id, number, delivered_on, value + quantity * price)
    found = []
    for shipment_id, (order_id, number, delivered_on, value) in shipments.items():
        order = orders[order_id]
        found.append(
            Finding(
                order_id,
                order.account_id,
                shipment_id,
                DiscrepancyKind.DELIVERED_WITHOUT_POD.value,
                _money(value),
                order.currency,
                f"Delivery {number} arrived {delivered_on}; no proof of delivery is linked.",
                shipment_id=shipment_id,
            )
        )
    return found


def status_of(credit_decision: str, progress: Progress) -> str:
    """Where an order stands (see ``OrderStatus``)."""
    if credit_decision == CreditDecision.REJECTED.value:
        return OrderStatus.REJECTED.value
    if credit_decision == CreditDecision.HELD.value:
        return OrderStatus.ON_HOLD.value
    if progress.invoices_settled and progress.all_reconciled:
        return OrderStatus.CLOSED.value
    if progress.invoices_settled:
        return OrderStatus.PAID.value
    if progress.invoiced:
        return OrderStatus.INVOICED.value
    if progress.delivered:
        return OrderStatus.DELIVERED.value
    if progress.shipped:
        return OrderStatus.SHIPPED.value
    return OrderStatus.APPROVED.value


async def _owners(session: AsyncSession, account_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Who gets an account's discrepancies: the assignee of the first active routing rule for the account (else
    the first rule for every account without a reason or amount condition); none when no rule says."""
    rules = (
        await session.execute(
            select(RoutingRule.account_id, RoutingRule.assignee_id, RoutingRule.reason_code)
            .where(RoutingRule.active.is_(True))
            .order_by(RoutingRule.priority)
        )
    ).all()
    owners: dict[uuid.UUID, uuid.UUID] = {}
    fallback = next((r.assignee_id for r in rules if r.account_id is None and r.reason_code is None), None)
    for account_id in account_ids:
        owner = next((r.assignee_id for r in rules if r.account_id == account_id), fallback)
        if owner is not None:
            owners[account_id] = owner
    return owners


async def _store_findings(
    session: AsyncSession, order_ids: list[uuid.UUID], findings: list[Finding], now: datetime, portal_url: str
) -> None:
    """Insert new findings (set-based), refresh open ones, reopen cleared ones, clear those gone; the owners hear
    of what is new."""
    existing = {
        (d.subject_id, d.kind): d
        for d in (
            await session.execute(select(OrderDiscrepancy).where(among(session, OrderDiscrepancy.order_id, order_ids)))
        ).scalars()
    }
    found_keys = set()
    new: list[tuple[Finding, uuid.UUID | None]] = []
    rows: list[dict[str, Any]] = []
    owners = await _owners(session, {f.account_id for f in findings}) if findings else {}
    for f in findings:
        key = (f.subject_id, f.kind)
        found_keys.add(key)
        current = existing.get(key)
        owner = owners.get(f.account_id)
        if current is None:
            rows.append(
                {
                    "id": new_id(), "account_id": f.account_id, "is_internal": True, "order_id": f.order_id,
                    "order_line_id": f.order_line_id, "shipment_id": f.shipment_id, "invoice_id": f.invoice_id,
                    "subject_id": f.subject_id, "kind": f.kind, "amount": f.amount, "currency": f.currency,
                    "detail": f.detail, "status": DiscrepancyStatus.OPEN.value, "owner_id": owner, "found_at": now,
                    "resolution": None, "resolution_note": "", "credit_memo_id": None, "resolved_at": None,
                    "resolved_by_id": None, "version": 1,
                }
            )  # fmt: skip
            new.append((f, owner))
        elif current.status == DiscrepancyStatus.CLEARED.value:
            current.status, current.found_at, current.resolved_at = DiscrepancyStatus.OPEN.value, now, None
            current.amount, current.detail, current.invoice_id = f.amount, f.detail, f.invoice_id
            current.resolution_note = ""
            new.append((f, current.owner_id))
        elif current.status == DiscrepancyStatus.OPEN.value and (current.amount, current.detail) != (
            f.amount,
            f.detail,
        ):
            current.amount, current.detail, current.invoice_id = f.amount, f.detail, f.invoice_id
    for key, d in existing.items():
        if key not in found_keys and d.status == DiscrepancyStatus.OPEN.value:
            d.status, d.resolved_at = DiscrepancyStatus.CLEARED.value, now
            d.resolution_note = "Cleared: the records no longer disagree."
    await session.flush()
    await bulk_insert(session, OrderDiscrepancy, rows)
    await _notify_owners(session, new, now, portal_url)


async def _notify_owners(
    session: AsyncSession, new: list[tuple[Finding, uuid.UUID | None]], now: datetime, portal_url: str
) -> None:
    """One e-mail per owner listing the discrepancies newly found for them."""
    by_owner: dict[uuid.UUID, list[Finding]] = defaultdict(list)
    for finding, owner_id in new:
        if owner_id is not None:
            by_owner[owner_id].append(finding)
    if not by_owner:
        return
    emails = dict(
        (
            await session.execute(
                select(User.id, User.email).where(User.id.in_(list(by_owner)), User.is_active.is_(True))
            )
        ).all()
    )
    console = portal_url.removesuffix("/portal") + "/console/discrepancies" if portal_url else "/console/discrepancies"
    for owner_id, items in by_owner.items():
        if owner_id not in emails:
            continue
        listing = "\n".join(f"- {KIND_WORDS[d.kind]}: {d.detail} ({d.amount:,.2f} {d.currency})" for d in items[:50])
        more = f"\n…and {len(items) - 50} more." if len(items) > 50 else ""
        enqueue_email(
            session,
            to=emails[owner_id],
            subject=f"{len(items)} order discrepanc{'y' if len(items) == 1 else 'ies'} to settle",
            now=now,
            body=compose(
                "These orders disagree with their deliveries or invoices. Settle them before the customer deducts "
                "them:\n\n{listing}{more}\n\n{link}\n",
                listing=listing,
                more=more,
                link=console,
            ),
        )


async def reconcile(
    session: AsyncSession,
    order_ids: Sequence[uuid.UUID],
    *,
    now: datetime,
    portal_url: str = "",
    events: list[EventRecord] | None = None,
) -> None:
    """Bring the orders' line figures, discrepancies and status up to date (see the module docstring). The status
    changes' audit events go to ``events`` when given (a feed appends them with its own, in one bulk insert), else
    to the transaction's (``record_events``)."""
    ordered = sorted(set(order_ids))
    changes: list[EventRecord] = []
    # As the system actor: a customer's filing reconciles the order too, and discrepancies are staff-only rows.
    async with acting_as_system(session):
        for start in range(0, len(ordered), BATCH):
            changes += await _reconcile_batch(session, ordered[start : start + BATCH], now=now, portal_url=portal_url)
    if events is None:
        await record_events(session, changes)
    else:
        events += changes


async def _reconcile_batch(
    session: AsyncSession, batch: list[uuid.UUID], *, now: datetime, portal_url: str
) -> list[EventRecord]:
    """Reconcile one batch of orders; the events of their status changes."""
    await session.flush()  # what the caller changed through the ORM, before the set-based reads and writes
    orders = {
        o.id: o
        for o in await session.execute(
            select(*ORDER_COLUMNS).where(among(session, SalesOrder.id, batch)).order_by(SalesOrder.id)
        )
    }
    if not orders:
        return []
    quiet = await _quiet_orders(session, list(orders), now.date())
    changes = _OrderChanges(now)
    over = {order_id: orders[order_id] for order_id, q in quiet.items() if q.over_shipped}
    if over:
        await _store_over_shipments(session, over, now=now, portal_url=portal_url)
    for order_id, progress in quiet.items():
        order = orders.pop(order_id)
        changes.note(order, status_of(order.credit_decision, progress.progress), progress.unshipped)
    if wrong := [order_id for order_id, q in quiet.items() if q.flags_wrong]:
        await _store_quiet_lines(session, wrong)
    if orders:
        await _reconcile_lines(session, orders, changes, now=now, portal_url=portal_url)
    await changes.store(session)
    return changes.events


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an order's lines got: what its status follows from (``status_of``)."""

    shipped: bool
    """A line shipped something."""
    delivered: bool
    """A line's delivery is known."""
    invoiced: bool
    """A line was invoiced."""
    all_reconciled: bool
    invoices_settled: bool | None
    """None when no invoice names the order."""


@dataclass(frozen=True, slots=True)
class _Quiet:
    progress: Progress
    unshipped: Decimal
    flags_wrong: bool
    """A line's ``reconciled`` flag is not what it should be (``_reconciles_quietly``)."""
    over_shipped: bool
    """A line shipped more than was ordered: an over-shipment, the one finding a quiet order can have."""


def _reconciles_quietly(sums: Subquery) -> ColumnElement[bool]:
    """A quiet order's line reconciles exactly when its delivery is known, nothing of it arrived (nothing was
    invoiced either: 0 = 0) and it did not ship more than was ordered (an over-shipment is an open discrepancy);
    a line that never shipped has no row in ``sums`` and does not."""
    return and_(sums.c.delivered.is_not(None), sums.c.delivered == 0, sums.c.shipped <= OrderLine.quantity)


async def _store_over_shipments(
    session: AsyncSession, orders: dict[uuid.UUID, Any], *, now: datetime, portal_url: str
) -> None:
    """The over-shipped lines of quiet orders become discrepancies, found by ``_line_findings`` itself (nothing was
    invoiced on them, so over-shipment is all it can find)."""
    sums = shipment_sums(session, list(orders))
    over = await session.execute(
        select(*LINE_COLUMNS, sums.c.shipped, sums.c.delivered)
        .join(sums, sums.c.order_line_id == OrderLine.id)
        .where(sums.c.shipped > OrderLine.quantity)
    )
    findings = [
        finding
        for line in over
        for finding in _line_findings(
            orders[line.order_id], LineFigures(line, shipped=line.shipped, delivered=line.delivered)
        )
    ]
    await _store_findings(session, list(orders), findings, now, portal_url)


async def _quiet_orders(session: AsyncSession, order_ids: list[uuid.UUID], today: date) -> dict[uuid.UUID, _Quiet]:
    """The orders of ``order_ids`` on which reconciliation can find nothing but an over-shipment, with their
    progress and unshipped value, in one statement: no invoice names them or their lines, no discrepancy was ever
    found on them, no line holds invoiced or paid figures, and no delivery of theirs is past the POD grace without
    one. Most of a delivery feed's orders are quiet: on a line nothing was invoiced on, ``_line_findings`` can find
    only an over-shipment (``_store_over_shipments``), and the line reconciles exactly when nothing of it was
    delivered and it is not over-shipped (``_reconciles_quietly``)."""
    line = OrderLine
    sums = shipment_sums(session, order_ids)
    shipped = func.coalesce(sums.c.shipped, NO_QUANTITY)
    unshipped = func.sum(case((line.quantity > shipped, (line.quantity - shipped) * line.net_price), else_=0))
    loud_line = or_(
        line.invoiced_quantity != 0,
        line.invoiced_amount != 0,
        line.paid_amount != 0,
        exists().where(InvoiceLine.order_line_id == line.id),
    )
    rows = await session.execute(
        select(
            line.order_id,
            func.max(case((shipped > 0, 1), else_=0)).label("shipped"),
            func.max(case((sums.c.delivered.is_not(None), 1), else_=0)).label("delivered"),
            # quantity × price carries both scales: 7 places (on SQLite, a scaled integer of them).
            type_coerce(unshipped, ExactDecimal(7)).label("unshipped"),
            func.max(case((loud_line, 1), else_=0)).label("loud"),
            func.max(case((line.reconciled != _reconciles_quietly(sums), 1), else_=0)).label("flags_wrong"),
            func.max(case((shipped > line.quantity, 1), else_=0)).label("over_shipped"),
        )
        .outerjoin(sums, sums.c.order_line_id == line.id)
        .where(
            among(session, line.order_id, order_ids),
            # Each side narrowed to the batch too: on its own, the planner merged the batch's lines with the whole
            # index of invoices by order (a million entries, ~30 ms of each batch's ~50).
            ~exists().where(Invoice.order_id == line.order_id, among(session, Invoice.order_id, order_ids)),
            ~exists().where(
                OrderDiscrepancy.order_id == line.order_id, among(session, OrderDiscrepancy.order_id, order_ids)
            ),
        )
        .group_by(line.order_id)
    )
    # Apart, by the shipments' order index: as an anti-join the planner scanned every shipment.
    late = set(
        (
            await session.execute(
                select(Shipment.order_id).where(
                    among(session, Shipment.order_id, order_ids),
                    Shipment.delivered_on < today - timedelta(days=POD_GRACE_DAYS),
                    Shipment.pod_document_id.is_(None),
                )
            )
        ).scalars()
    )
    return {
        r.order_id: _Quiet(
            Progress(bool(r.shipped), bool(r.delivered), invoiced=False, all_reconciled=False, invoices_settled=None),
            _money(r.unshipped if r.unshipped is not None else ZERO),
            bool(r.flags_wrong),
            bool(r.over_shipped),
        )
        for r in rows
        if not r.loud and r.order_id not in late
    }


async def _store_quiet_lines(session: AsyncSession, order_ids: list[uuid.UUID]) -> None:
    """A quiet order's line reconciles when nothing of it was delivered (see ``_quiet_orders``): set where the flag
    differs (nearly never), and only for a line that shipped."""
    sums = shipment_sums(session, order_ids)
    reconciles = _reconciles_quietly(sums)
    await session.execute(
        update(OrderLine)
        .where(OrderLine.id == sums.c.order_line_id, OrderLine.reconciled != reconciles)
        .values(reconciled=reconciles)
        .execution_options(synchronize_session=False)
    )
    # A line that no longer ships at all (its delivery corrected) reconciles no more.
    await session.execute(
        update(OrderLine)
        .where(
            among(session, OrderLine.order_id, order_ids),
            OrderLine.reconciled.is_(True),
            OrderLine.id.not_in(select(shipment_sums(session, order_ids).c.order_line_id)),
        )
        .values(reconciled=False)
        .execution_options(synchronize_session=False)
    )


class _OrderChanges:
    """The status and unshipped value each order of a batch should have, written together; the events of the
    status changes."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.events: list[EventRecord] = []
        self.moved: list[dict[str, Any]] = []
        self.unshipped: list[dict[str, Any]] = []

    def note(self, order: Any, status: str, unshipped: Decimal) -> None:
        if status != order.status:
            self.events.append(
                EventRecord(
                    action="order.status_changed",
                    entity_type="sales_order",
                    entity_id=order.id,
                    account_id=order.account_id,
                    before={"status": order.status},
                    after={"status": status},
                    occurred_at=self.now,
                )
            )
            closed = self.now if status == OrderStatus.CLOSED.value else None
            self.moved.append({"id": order.id, "status": status, "status_since": self.now, "closed_at": closed,
                               "unshipped_amount": unshipped})  # fmt: skip
        elif unshipped != order.unshipped_amount:
            self.unshipped.append({"id": order.id, "unshipped_amount": unshipped})

    async def store(self, session: AsyncSession) -> None:
        # Native values: statuses, aware times and money already at cents (``_money``).
        await bulk_update(session, SalesOrder, self.moved, native=True)
        await bulk_update(session, SalesOrder, self.unshipped, native=True)


async def _reconcile_lines(
    session: AsyncSession, orders: dict[uuid.UUID, Any], changes: _OrderChanges, *, now: datetime, portal_url: str
) -> None:
    """Reconcile orders line by line: their figures, findings, discrepancies, and status (into ``changes``)."""
    figures = await line_figures(session, list(orders))
    findings = [finding for f in figures.values() for finding in _line_findings(orders[f.line.order_id], f)]
    findings += await _shipment_findings(session, orders, now.date())
    await _store_findings(session, list(orders), findings, now, portal_url)
    standing = await session.execute(
        select(
            OrderDiscrepancy.subject_id,
            OrderDiscrepancy.order_id,
            OrderDiscrepancy.shipment_id,
            OrderDiscrepancy.status,
            OrderDiscrepancy.kind,
        ).where(
            among(session, OrderDiscrepancy.order_id, list(orders)),
            OrderDiscrepancy.status != DiscrepancyStatus.CLEARED.value,
        )
    )
    open_subjects: set[uuid.UUID] = set()
    shipment_open: set[uuid.UUID] = set()
    settled_short: set[uuid.UUID] = set()
    for subject_id, order_id, shipment_id, status, kind in standing:
        if status == DiscrepancyStatus.OPEN.value:
            open_subjects.add(subject_id)
            if shipment_id is not None:
                shipment_open.add(order_id)
        elif kind == DiscrepancyKind.SHORT_SHIPPED.value:
            settled_short.add(subject_id)
    unsettled = func.sum(case((Invoice.open_balance > 0, 1), else_=0))
    settled = {
        order_id: not left
        for order_id, left in await session.execute(
            select(Invoice.order_id, unsettled)
            .where(among(session, Invoice.order_id, list(orders)))
            .group_by(Invoice.order_id)
        )
    }
    by_order: dict[uuid.UUID, list[LineFigures]] = defaultdict(list)
    reconciled: set[uuid.UUID] = set()
    line_updates: list[tuple[uuid.UUID, tuple[Any, ...]]] = []
    changed_figures: set[str] = set()
    for f in figures.values():
        line = f.line
        if (
            f.delivered is not None
            and (
                f.invoiced == f.delivered
                or (f.invoiced > f.delivered and (line.id in settled_short or f.short_remaining == 0))
            )
            and line.id not in open_subjects
            and line.order_id not in shipment_open
        ):
            reconciled.add(line.id)
        now_figures = (f.invoiced, f.invoiced_amount, f.paid, line.id in reconciled)
        stored = (line.invoiced_quantity, line.invoiced_amount, line.paid_amount, line.reconciled)
        if now_figures != stored:
            line_updates.append((line.id, now_figures))
            if len(changed_figures) < len(LINE_FIGURES):
                changed_figures.update(
                    n for n, now_value, was in zip(LINE_FIGURES, now_figures, stored, strict=True) if now_value != was
                )
        by_order[line.order_id].append(f)
    # Only the figures that changed somewhere in the batch.
    if line_updates:
        await bulk_update(
            session,
            OrderLine,
            [{"id": line_id} | {n: v for n, v in zip(LINE_FIGURES, now_figures, strict=True) if n in changed_figures}
             for line_id, now_figures in line_updates],
            native=True,
        )  # fmt: skip
    for order_id, order in orders.items():
        lines = by_order.get(order_id, [])
        unshipped = _money(sum((max(NO_QUANTITY, f.line.quantity - f.shipped) * f.line.net_price for f in lines), ZERO))
        progress = Progress(
            shipped=any(f.shipped > 0 for f in lines),
            delivered=any(f.delivered is not None for f in lines),
            invoiced=any(f.invoiced > 0 for f in lines),
            all_reconciled=bool(lines) and all(f.line.id in reconciled for f in lines),
            invoices_settled=settled.get(order_id),
        )
        changes.note(order, status_of(order.credit_decision, progress), unshipped)


LINE_FIGURES = (
    "invoiced_quantity",
    "invoiced_amount",
    "paid_amount",
    "reconciled",
)


async def reconcile_open_orders(session: AsyncSession, *, now: datetime, portal_url: str = "") -> int:
    """The nightly pass: every order not closed or rejected reconciled again (a delivery's proof of delivery is
    now overdue; an invoice was paid), committing per batch; how many orders."""
    order_ids = list(
        (
            await session.execute(
                select(SalesOrder.id)
                .where(SalesOrder.status.not_in([OrderStatus.CLOSED.value, OrderStatus.REJECTED.value]))
                .order_by(SalesOrder.id)
            )
        ).scalars()
    )
    for start in range(0, len(order_ids), BATCH):
        await reconcile(session, order_ids[start : start + BATCH], now=now, portal_url=portal_url)
        await session.commit()
    return len(order_ids)
