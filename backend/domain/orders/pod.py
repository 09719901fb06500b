"""Proof of delivery for shipments: a POD in the archive is linked to its delivery by the numbers its text names (the
delivery number, else the order or PO number of an order with one shipment), as evidence is linked to invoices;
the quantities it records as received replace the shipped ones, and who signed for it is kept.

What the text must say for a quantity to be read, one line per product (case does not matter)::

    CF-1001  received 65 of 75          (or "delivered 65", "qty received: 65")
    Received by: J. Ruiz                 (or "Signed by", "Signature")

A line names the SKU and a received/delivered count; lines that name no SKU of the delivery are ignored, and a
SKU named twice keeps the first count. Staff may enter the quantities by hand where the text gives none.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.audit.service import record_event
from backend.domain.documents.enums import DocumentType
from backend.domain.documents.evidence_links import candidate_references
from backend.domain.documents.models import Document
from backend.domain.invoices.references import normalise_reference
from backend.domain.orders.enums import QuantitySource
from backend.domain.orders.models import OrderLine, SalesOrder, Shipment, ShipmentLine
from backend.domain.orders.reconciliation import reconcile

_RECEIVED = re.compile(
    r"(?:received|delivered|qty\s+received|quantity\s+received)\s*:?\s*(\d+(?:\.\d+)?)(?:\s+(?:\w+\s+)?of\s+\d+)?",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"(?:received|signed)\s+by\s*:?\s*([^\n\r]{2,80})|signature\s*:\s*([^\n\r]{2,80})", re.IGNORECASE)


def received_by(text: str) -> str:
    """Who signed for the goods, as the POD says ("Received by: J. Ruiz"); empty when it does not say."""
    match = _SIGNED.search(text)
    if not match:
        return ""
    return (match.group(1) or match.group(2) or "").strip()[:200]


def received_quantities(text: str, skus: list[str]) -> dict[str, Decimal]:
    """The received count per SKU the text records (see the module docstring)."""
    found: dict[str, Decimal] = {}
    for line in text.splitlines():
        upper = line.upper()
        for sku in skus:
            if sku in found or not re.search(rf"(?<![A-Z0-9]){re.escape(sku.upper())}(?![A-Z0-9])", upper):
                continue
            rest = line[upper.index(sku.upper()) + len(sku) :]
            match = _RECEIVED.search(rest)
            if match:
                found[sku] = Decimal(match.group(1))
    return found


async def shipment_named(session: AsyncSession, account_id: uuid.UUID, text: str) -> Shipment | None:
    """The one shipment of the account the text names (by delivery number, or the order or PO number of an order
    with one shipment); None when it names none or several."""
    candidates = candidate_references(text)
    if not candidates:
        return None
    rows = (
        await session.execute(
            select(Shipment, SalesOrder.number, SalesOrder.po_number)
            .join(SalesOrder, SalesOrder.id == Shipment.order_id)
            .where(Shipment.account_id == account_id)
        )
    ).all()
    by_delivery = [s for s, _, _ in rows if normalise_reference(s.number) in candidates]
    if len(by_delivery) == 1:
        return by_delivery[0]
    if by_delivery:
        return None
    per_order: dict[uuid.UUID, list[Shipment]] = {}
    for shipment, number, po_number in rows:
        if normalise_reference(number) in candidates or (po_number and normalise_reference(po_number) in candidates):
            per_order.setdefault(shipment.order_id, []).append(shipment)
    if len(per_order) == 1:
        (shipments,) = per_order.values()
        return shipments[0] if len(shipments) == 1 else None
    return None


async def link_pod(session: AsyncSession, document: Document, text: str, *, now: datetime) -> Shipment | None:
    """Link a proof of delivery to the shipment its text names and read what was received; reconcile the order.
    The caller commits. Returns the shipment, if one was linked."""
    if document.document_type != DocumentType.PROOF_OF_DELIVERY.value or document.is_internal:
        return None
    shipment = await shipment_named(session, document.account_id, f"{document.filename}\n{text}")
    if shipment is None:
        return None
    lines = (
        await session.execute(
            select(ShipmentLine, OrderLine.sku)
            .join(OrderLine, OrderLine.id == ShipmentLine.order_line_id)
            .where(ShipmentLine.shipment_id == shipment.id)
        )
    ).all()
    counts = received_quantities(text, [sku for _, sku in lines])
    before = {"pod_document_id": shipment.pod_document_id, "received_by": shipment.received_by}
    shipment.pod_document_id, shipment.updated_at = document.id, now
    shipment.received_by = received_by(text) or shipment.received_by
    if shipment.delivered_on is None:
        shipment.delivered_on = document.created_at.date()
    read: dict[str, str] = {}
    for line, sku in lines:
        if sku in counts and line.delivered_source != QuantitySource.STAFF.value:
            line.quantity_delivered, line.delivered_source = counts[sku], QuantitySource.POD.value
            read[sku] = f"{counts[sku]:f}"
    await record_event(
        session,
        action="delivery.pod_linked",
        entity_type="shipment",
        entity_id=shipment.id,
        account_id=shipment.account_id,
        occurred_at=now,
        before=before,
        after={"pod_document_id": document.id, "received_by": shipment.received_by, "received": read},
    )
    await session.flush()
    await reconcile(session, [shipment.order_id], now=now)
    return shipment
