"""A claim checked against the records before it is filed: for a shortage, not-delivered or pricing claim on an
invoice line, what the order, its deliveries (with the proof of delivery) and its invoices say, and how the claim
compares.

* **Shortage / not delivered** (a quantity claim): the records' shortfall is what was invoiced for the order line
  less what was delivered (by the POD, the feed or staff). A claim up to the shortfall is ``supported``; a claim
  when the records show everything delivered, or more than the shortfall, is ``contradicted`` (the customer is
  asked for their receiving report, and may still file); without a delivery record it is ``unverified``.
* **Pricing**: the overcharge is the invoiced price above the order's net price, times the quantity. A claim up to
  the overcharge is ``supported``; a claim on a line invoiced at (or below) the order's price is ``contradicted``.

A claim is ``supported`` when every line checked supports it, ``contradicted`` when one contradicts it, else
``unverified``; lines of an invoice with no order, and other reasons, are not checked (no verdict).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.documents.models import Document
from backend.domain.invoices.models import InvoiceLine
from backend.domain.orders.models import NO_QUANTITY, OrderLine, SalesOrder, Shipment, ShipmentLine
from backend.domain.orders.reconciliation import (
    PRICE_REASONS,
    SHORT_REASONS,
    line_figures,
    price_words,
    quantity_words,
)

QUANTITY_REASONS = frozenset(SHORT_REASONS)
CHECKED_REASONS = QUANTITY_REASONS | frozenset(PRICE_REASONS)
SUPPORTED, CONTRADICTED, UNVERIFIED = "supported", "contradicted", "unverified"


@dataclass(frozen=True)
class LineToCheck:
    invoice_line_id: uuid.UUID
    quantity: Decimal | None
    amount: Decimal


@dataclass
class LineCheck:
    """What the records say for one claimed line, and the verdict on the claim."""

    invoice_line_id: uuid.UUID
    line_number: int
    sku: str
    order_number: str
    ordered: Decimal
    shipped: Decimal
    delivered: Decimal | None
    invoiced: Decimal
    order_price: Decimal
    invoiced_price: Decimal
    verdict: str
    message: str
    pod_document_id: uuid.UUID | None = None
    pod_filename: str = ""
    received_by: str = ""


@dataclass
class ClaimCheck:
    verdict: str | None
    lines: list[LineCheck] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "\n".join(f"Line {c.line_number}: {c.message}" for c in self.lines)


def _quantity_verdict(
    claimed: Decimal, shortfall: Decimal, covered: Decimal, delivered: Decimal, invoiced: Decimal, signer: str,
    has_pod: bool,
) -> tuple[str, str]:  # fmt: skip
    """``shortfall``: invoiced less delivered; ``covered``: how much of it credits and standing claims cover."""
    source = "The proof of delivery shows" if has_pod else "Our delivery records show"
    seen = f"{source} {quantity_words(delivered)} of {quantity_words(invoiced)} delivered"
    signed = f", signed by {signer}" if signer else ""
    if shortfall <= 0:
        return CONTRADICTED, f"{seen}{signed}: attach your receiving report if you count otherwise."
    if covered > 0:
        left = max(NO_QUANTITY, shortfall - covered)
        if left <= 0:
            return CONTRADICTED, (
                f"{seen}: the {quantity_words(shortfall)} short were already credited or are claimed in another dispute."
            )
        if claimed <= left:
            return SUPPORTED, (
                f"{seen}: {quantity_words(shortfall)} short, {quantity_words(covered)} already credited or claimed; "
                f"your claim of {quantity_words(claimed)} matches."
            )
        return CONTRADICTED, (
            f"{seen}: {quantity_words(left)} short and not yet credited or claimed, your claim of "
            f"{quantity_words(claimed)} is more; attach your receiving report."
        )
    if claimed <= shortfall:
        return SUPPORTED, f"{seen}: your claim of {quantity_words(claimed)} matches."
    return (
        CONTRADICTED,
        f"{seen}: {quantity_words(shortfall)} short, your claim of {quantity_words(claimed)} is more; attach your receiving report.",
    )


async def check_claim(session: AsyncSession, reason_code: str, claims: list[LineToCheck]) -> ClaimCheck:
    """Check claimed invoice lines against the records (module docstring). Reads within the caller's scope.
    What credits and other standing claims already cover is not there to claim again (a filing checks before its
    own dispute is written, so its claim is never counted as another's)."""
    if reason_code not in CHECKED_REASONS or not claims:
        return ClaimCheck(verdict=None)
    rows = (
        await session.execute(
            select(InvoiceLine, OrderLine.order_id, SalesOrder.number)
            .join(OrderLine, OrderLine.id == InvoiceLine.order_line_id)
            .join(SalesOrder, SalesOrder.id == OrderLine.order_id)
            .where(InvoiceLine.id.in_([c.invoice_line_id for c in claims]))
        )
    ).all()
    if not rows:
        return ClaimCheck(verdict=None)
    billed = {line.id: (line, order_id, number) for line, order_id, number in rows}
    figures = await line_figures(session, sorted({order_id for _, order_id, _ in rows}))
    pods = {
        line_id: (doc_id, filename, signer)
        for line_id, doc_id, filename, signer in await session.execute(
            select(ShipmentLine.order_line_id, Document.id, Document.filename, Shipment.received_by)
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .join(Document, Document.id == Shipment.pod_document_id)
            .where(ShipmentLine.order_line_id.in_([line.order_line_id for line, _, _ in rows]))
        )
    }
    checks: list[LineCheck] = []
    for claim in claims:
        found = billed.get(claim.invoice_line_id)
        if found is None:
            continue
        line, _, order_number = found
        assert line.order_line_id is not None
        f = figures[line.order_line_id]
        pod = pods.get(line.order_line_id)
        claimed_qty = claim.quantity
        if claimed_qty is None and line.unit_price > 0:
            claimed_qty = (claim.amount / line.unit_price).quantize(Decimal("0.001"))
        if reason_code in QUANTITY_REASONS:
            delivered = f.received_basis if f.delivered is not None else None
            if delivered is None:
                verdict, message = (
                    UNVERIFIED,
                    "We have no delivery record for this line yet; attach your receiving report.",
                )
            else:
                price = f.average_invoiced_price
                covered = (f.settled_short / price).quantize(Decimal("0.001")) if price > 0 else NO_QUANTITY
                verdict, message = _quantity_verdict(
                    claimed_qty or NO_QUANTITY,
                    f.invoiced - delivered,
                    covered,
                    delivered,
                    f.invoiced,
                    pod[2] if pod else "",
                    pod is not None,
                )
        else:
            overcharge = f.overcharge_remaining
            if f.overcharge > 0 and overcharge <= 0:
                verdict = CONTRADICTED
                message = (
                    f"Order {order_number} priced this at {price_words(f.line.net_price)}, the invoice at {price_words(line.unit_price)}: "
                    "the difference was already credited or is claimed in another dispute."
                )
            elif overcharge <= 0:
                verdict = CONTRADICTED
                message = (
                    f"Order {order_number} priced this at {price_words(f.line.net_price)}, as invoiced: attach your price "
                    "agreement if you agreed otherwise."
                )
            elif claim.amount <= overcharge:
                verdict = SUPPORTED
                message = (
                    f"Order {order_number} priced this at {price_words(f.line.net_price)}, the invoice at {price_words(line.unit_price)}: "
                    f"your claim of {claim.amount:f} matches (up to {overcharge:f})."
                )
            else:
                verdict = CONTRADICTED
                message = (
                    f"Order {order_number} priced this at {price_words(f.line.net_price)}, the invoice at {price_words(line.unit_price)}: "
                    f"{overcharge:f} over, your claim of {claim.amount:f} is more; attach your price agreement."
                )
        checks.append(
            LineCheck(
                invoice_line_id=line.id,
                line_number=line.line_number,
                sku=line.sku,
                order_number=order_number,
                ordered=f.line.quantity,
                shipped=f.shipped,
                delivered=f.delivered,
                invoiced=f.invoiced,
                order_price=f.line.net_price,
                invoiced_price=line.unit_price,
                verdict=verdict,
                message=message,
                pod_document_id=pod[0] if pod else None,
                pod_filename=pod[1] if pod else "",
                received_by=pod[2] if pod else "",
            )
        )
    verdicts = {c.verdict for c in checks}
    if not checks:
        return ClaimCheck(verdict=None)
    overall = CONTRADICTED if CONTRADICTED in verdicts else SUPPORTED if verdicts == {SUPPORTED} else UNVERIFIED
    return ClaimCheck(verdict=overall, lines=checks)
