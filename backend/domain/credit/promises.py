"""Promises to pay: made by a collector for the customer or by the customer in the portal; settled by assessment.

A promise names invoices and an amount that their open, undisputed (and not already promised) money covers,
and a day that is neither past nor more than 180 days ahead. Until that day its invoices are out of dunning;
assessment marks it kept as the money arrives, or broken or partly kept once the day has passed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.audit.service import record_event
from backend.domain.credit.assessment import assess
from backend.domain.credit.enums import ContactKind, PromiseStatus
from backend.domain.credit.models import ContactEntry, PromiseItem, PromiseToPay
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.invoices.models import Invoice
from backend.domain.money import checked_amount
from backend.domain.text import one_line

ZERO = Decimal("0.00")
FURTHEST = timedelta(days=180)


async def promised_on_invoices(
    session: AsyncSession, invoice_ids: Sequence[uuid.UUID], today: date
) -> dict[uuid.UUID, Decimal]:
    """Money under live promises per invoice (open promises whose day has not passed)."""
    rows = await session.execute(
        select(PromiseItem.invoice_id, func.sum(PromiseItem.amount))
        .join(PromiseToPay, PromiseToPay.id == PromiseItem.promise_id)
        .where(
            PromiseItem.invoice_id.in_(list(invoice_ids)),
            PromiseToPay.status == PromiseStatus.OPEN.value,
            PromiseToPay.promised_on >= today,
        )
        .group_by(PromiseItem.invoice_id)
    )
    return {invoice_id: amount or ZERO for invoice_id, amount in rows}


async def make_promise(
    session: AsyncSession,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    invoice_ids: Sequence[uuid.UUID],
    amount: Decimal,
    promised_on: date,
    note: str,
    today: date,
    now: datetime,
) -> PromiseToPay:
    """Record a promise (not committed). A customer promises only for their own account's invoices."""
    if not principal.is_staff and principal.account_id != account_id:
        raise NotFound("Account not found.")
    amount = checked_amount(amount, field="amount")
    if promised_on < today:
        raise InvalidInput("promisedOn", "The promised date can't be in the past.", "date_in_past")
    if promised_on > today + FURTHEST:
        raise InvalidInput("promisedOn", "Promise a date within the next 180 days.", "date_too_far")
    text = one_line(note, field="note", label="The note") if note else ""
    if len(text) > 500:
        raise InvalidInput("note", "Keep the note under 500 characters.", "note_too_long")
    wanted = list(dict.fromkeys(invoice_ids))[:200]
    if not wanted:
        raise InvalidInput("invoiceIds", "Choose the invoices the payment is for.", "invoices_required")
    invoices = list(
        (
            await session.execute(
                select(Invoice)
                .where(Invoice.id.in_(wanted), Invoice.account_id == account_id)
                .order_by(Invoice.due_date, Invoice.number)
                .with_for_update()
            )
        ).scalars()
    )
    if len(invoices) != len(wanted):
        raise NotFound("Invoice not found.")
    promised = await promised_on_invoices(session, wanted, today)
    room = {i.id: max(ZERO, i.open_balance - i.disputed_amount - promised.get(i.id, ZERO)) for i in invoices}
    available = sum(room.values(), ZERO)
    if amount > available:
        raise InvalidInput(
            "amount",
            f"The promise is more than these invoices' open, undisputed amount not already promised "
            f"({available:,.2f} {invoices[0].currency}).",
            "amount_exceeds_open",
        )
    currencies = {i.currency for i in invoices}
    if len(currencies) > 1:
        raise InvalidInput("invoiceIds", "Promise invoices of one currency at a time.", "mixed_currencies")
    promise = PromiseToPay(
        account_id=account_id,
        amount=amount,
        currency=invoices[0].currency,
        promised_on=promised_on,
        status=PromiseStatus.OPEN.value,
        received_amount=ZERO,
        made_by_id=principal.user_id,
        made_in_portal=not principal.is_staff,
        note=text,
        created_at=now,
    )
    session.add(promise)
    await session.flush()
    left = amount
    for invoice in invoices:  # oldest due first
        share = min(left, room[invoice.id])
        if share <= 0:
            continue
        left -= share
        session.add(
            PromiseItem(
                account_id=account_id,
                promise_id=promise.id,
                invoice_id=invoice.id,
                amount=share,
                settled_before=invoice.paid_amount + invoice.credited_amount + invoice.written_off_amount,
            )
        )
    session.add(
        ContactEntry(
            account_id=account_id,
            kind=ContactKind.PROMISE.value,
            outcome="Promise made" + (" in the portal" if not principal.is_staff else ""),
            note=f"{amount:,.2f} {promise.currency} by {promised_on.isoformat()}" + (f": {text}" if text else ""),
            at=now,
            by_user_id=principal.user_id,
            promise_id=promise.id,
        )
    )
    await record_event(
        session,
        action="promise.made",
        entity_type="promise_to_pay",
        entity_id=promise.id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        after={
            "amount": amount,
            "currency": promise.currency,
            "promisedOn": promised_on.isoformat(),
            "invoices": ", ".join(i.number for i in invoices),
        },
        occurred_at=now,
    )
    await assess(session, [account_id], today=today, now=now)
    return promise


async def cancel_promise(
    session: AsyncSession, *, principal: Principal, promise_id: uuid.UUID, today: date, now: datetime
) -> PromiseToPay:
    """Staff withdraw an open promise (the customer took it back): its invoices are in dunning again."""
    promise = (
        await session.execute(select(PromiseToPay).where(PromiseToPay.id == promise_id).with_for_update())
    ).scalar_one_or_none()
    if promise is None or not principal.is_staff:
        raise NotFound("Promise not found.")
    if promise.status != PromiseStatus.OPEN.value:
        raise InvalidInput("promiseId", "Only an open promise can be cancelled.", "promise_not_open")
    promise.status, promise.settled_at = PromiseStatus.CANCELLED.value, now
    await record_event(
        session,
        action="promise.cancelled",
        entity_type="promise_to_pay",
        entity_id=promise.id,
        actor_user_id=principal.user_id,
        account_id=promise.account_id,
        before={"status": PromiseStatus.OPEN.value},
        after={"status": PromiseStatus.CANCELLED.value},
        occurred_at=now,
    )
    await assess(session, [promise.account_id], today=today, now=now)
    return promise
