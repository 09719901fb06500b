"""Customer service settles discrepancies (a correcting credit memo, a rebill, or a note) and records delivered
quantities a POD's text did not give. Each change is audited and the order reconciled in the same transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.audit.service import record_event
from backend.domain.credit.assessment import assess
from backend.domain.credit.profile import NotPermitted
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.money import checked_amount, checked_quantity
from backend.domain.orders.enums import DiscrepancyResolution, DiscrepancyStatus, QuantitySource
from backend.domain.orders.models import OrderDiscrepancy, OrderLine, Shipment, ShipmentLine
from backend.domain.orders.reconciliation import reconcile
from backend.domain.resolution.models import CreditMemo
from backend.domain.resolution.service import next_credit_memo_number

CUSTOMER_SERVICE = frozenset({"ar_clerk", "credit_manager", "admin"})
MAX_NOTE = 2000


def require_customer_service(principal: Principal) -> None:
    if principal.role not in CUSTOMER_SERVICE:
        raise NotPermitted("Only AR clerks, credit managers and admins settle order discrepancies.")


def _note(note: str, *, required: bool) -> str:
    note = note.strip()
    if required and not note:
        raise InvalidInput("note", "Say what was done, in a note: it goes on the order's history.")
    if len(note) > MAX_NOTE:
        raise InvalidInput("note", f"Keep the note under {MAX_NOTE:,} characters.")
    return note


async def resolve_discrepancy(
    session: AsyncSession,
    principal: Principal,
    *,
    discrepancy_id: uuid.UUID,
    version: int,
    resolution: str,
    note: str,
    amount: Decimal | None,
    now: datetime,
) -> tuple[OrderDiscrepancy, CreditMemo | None]:
    """Settle an open discrepancy; a credit memo credits ``amount`` (default: the money at stake) on its invoice.
    Commits."""
    require_customer_service(principal)
    if resolution not in {r.value for r in DiscrepancyResolution}:
        raise InvalidInput("resolution", "Choose a credit memo, a rebill or a note.")
    text = _note(note, required=resolution != DiscrepancyResolution.CREDIT_MEMO.value)
    found = (
        await session.execute(select(OrderDiscrepancy).where(OrderDiscrepancy.id == discrepancy_id).with_for_update())
    ).scalar_one_or_none()
    if found is None:
        raise NotFound("That discrepancy does not exist.")
    if found.version != version:
        raise Conflict("Someone changed this discrepancy since you opened it; reload it.")
    if found.status != DiscrepancyStatus.OPEN.value:
        raise Conflict("This discrepancy is not open any more; reload it.")
    memo: CreditMemo | None = None
    if resolution == DiscrepancyResolution.CREDIT_MEMO.value:
        if found.invoice_id is None:
            raise InvalidInput("resolution", "Nothing was invoiced for this discrepancy: settle it with a note.")
        credit = checked_amount(amount if amount is not None else found.amount, field="amount")
        if credit > found.amount:
            raise InvalidInput("amount", f"Credit at most the {found.amount:,.2f} {found.currency} at stake.")
        invoice = (
            await session.execute(select(Invoice).where(Invoice.id == found.invoice_id).with_for_update())
        ).scalar_one()
        if credit > invoice.open_balance - invoice.disputed_amount:
            raise InvalidInput(
                "amount",
                f"Invoice {invoice.number} has {invoice.open_balance - invoice.disputed_amount:,.2f} "
                f"{invoice.currency} open and not in dispute; credit at most that.",
            )
        ledger.credit(invoice, credit)
        memo = CreditMemo(
            account_id=found.account_id,
            number=await next_credit_memo_number(session),
            invoice_id=invoice.id,
            dispute_id=None,
            amount=credit,
            reason=(text or f"Order discrepancy: {found.detail}")[:2000],
            issued_at=now,
            issued_by_id=principal.user_id,
            created_at=now,
        )
        session.add(memo)
        await session.flush()
        found.credit_memo_id = memo.id
        text = text or f"Credit memo {memo.number} for {credit:,.2f} {found.currency}."
    found.status, found.resolution, found.resolution_note = DiscrepancyStatus.RESOLVED.value, resolution, text
    found.resolved_at, found.resolved_by_id = now, principal.user_id
    await record_event(
        session,
        action="discrepancy.resolved",
        entity_type="sales_order",
        entity_id=found.order_id,
        actor_user_id=principal.user_id,
        account_id=found.account_id,
        occurred_at=now,
        before={"status": DiscrepancyStatus.OPEN.value, "kind": found.kind, "amount": found.amount},
        after={"status": found.status, "resolution": resolution, "note": text}
        | ({"credit_memo": memo.number, "credited": memo.amount} if memo else {}),
    )
    await session.flush()
    await reconcile(session, [found.order_id], now=now)
    await assess(session, [found.account_id], today=now.date(), now=now)
    await session.commit()
    return found, memo


async def record_delivered_quantity(
    session: AsyncSession,
    principal: Principal,
    *,
    shipment_id: uuid.UUID,
    line_number: int,
    quantity: Decimal,
    note: str,
    now: datetime,
) -> Shipment:
    """Staff enter what arrived of one order line on a shipment (the POD said it in a way the text did not give).
    Commits."""
    require_customer_service(principal)
    if quantity != 0:  # nothing arrived is a quantity too
        quantity = checked_quantity(quantity, field="quantity", label="The delivered quantity")
    text = _note(note, required=True)
    shipment = (
        await session.execute(select(Shipment).where(Shipment.id == shipment_id).with_for_update())
    ).scalar_one_or_none()
    if shipment is None:
        raise NotFound("That delivery does not exist.")
    row = (
        await session.execute(
            select(ShipmentLine)
            .join(OrderLine, OrderLine.id == ShipmentLine.order_line_id)
            .where(ShipmentLine.shipment_id == shipment.id, OrderLine.line_number == line_number)
        )
    ).scalar_one_or_none()
    if row is None:
        raise InvalidInput("lineNumber", f"Delivery {shipment.number} carries no order line {line_number}.")
    if quantity > row.quantity_shipped:
        raise InvalidInput(
            "quantity", f"More than the {row.quantity_shipped:f} shipped; record an over-delivery in the delivery feed."
        )
    before = {"line": line_number, "delivered": row.quantity_delivered, "source": row.delivered_source}
    row.quantity_delivered, row.delivered_source = quantity, QuantitySource.STAFF.value
    if shipment.delivered_on is None:
        shipment.delivered_on = now.date()
    shipment.updated_at = now
    await record_event(
        session,
        action="delivery.quantity_recorded",
        entity_type="shipment",
        entity_id=shipment.id,
        actor_user_id=principal.user_id,
        account_id=shipment.account_id,
        occurred_at=now,
        before=before,
        after={"line": line_number, "delivered": quantity, "source": QuantitySource.STAFF.value, "note": text},
    )
    await session.flush()
    await reconcile(session, [shipment.order_id], now=now)
    await assess(session, [shipment.account_id], today=now.date(), now=now)
    await session.commit()
    return shipment
