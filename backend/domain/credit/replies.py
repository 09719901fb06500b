"""A customer's answer to a reminder that needs a person: "we already paid this".

It goes on the account's timeline (the collector's worklist shows it) and to the account's collector by e-mail,
with the remittance reference cash application needs to find the payment.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.audit.service import record_event
from backend.domain.credit.enums import ContactKind
from backend.domain.credit.models import ContactEntry, CreditPosition, DunningLetter
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email
from backend.domain.money import checked_amount
from backend.domain.text import one_line

ALREADY_PAID = "Says it is paid"


async def report_paid(
    session: AsyncSession,
    *,
    principal: Principal,
    letter_id: uuid.UUID,
    reference: str,
    paid_on: date,
    amount: Decimal,
    note: str,
    today: date,
    now: datetime,
) -> ContactEntry:
    """Record that the customer says a reminder's money was paid (not committed)."""
    letter = (await session.execute(select(DunningLetter).where(DunningLetter.id == letter_id))).scalar_one_or_none()
    if letter is None or (not principal.is_staff and letter.account_id != principal.account_id):
        raise NotFound("Reminder not found.")
    ref = one_line(reference, field="reference", label="The remittance reference")
    if not ref or len(ref) > 64:
        raise InvalidInput("reference", "Enter the payment's reference as your bank shows it.", "reference_required")
    if paid_on > today:
        raise InvalidInput("paidOn", "The payment date can't be in the future.", "date_in_future")
    amount = checked_amount(amount, field="amount")
    text = note.strip()[:1000]
    entry = ContactEntry(
        account_id=letter.account_id,
        kind=ContactKind.CUSTOMER_REPLY.value,
        outcome=ALREADY_PAID,
        note=f"Reminder {letter.number}: {amount:,.2f} {letter.currency} paid on {paid_on.isoformat()}, "
        f"reference {ref}" + (f". {text}" if text else ""),
        at=now,
        by_user_id=principal.user_id,
        letter_id=letter.id,
    )
    session.add(entry)
    await session.flush()
    collector = (
        await session.execute(
            select(User.email)
            .join(CreditPosition, CreditPosition.collector_id == User.id)
            .where(CreditPosition.account_id == letter.account_id, User.is_active.is_(True))
        )
    ).scalar()
    name = (await session.execute(select(CustomerAccount.name).where(CustomerAccount.id == letter.account_id))).scalar()
    if collector:
        enqueue_email(
            session,
            to=collector,
            subject=f"Customer says reminder {letter.number} is paid",
            now=now,
            body=compose(
                "A customer answered a reminder: they say it is already paid. Find the payment in cash "
                "application and apply it, or tell them it has not arrived.\n\nAccount: {account}\n"
                "Reminder: {letter}\nAmount: {amount}\nPaid on: {paid_on}\nReference: {reference}\n\n{note_block}\n",
                account=name or "",
                letter=letter.number,
                amount=f"{amount:,.2f} {letter.currency}",
                paid_on=paid_on.isoformat(),
                reference=ref,
                note_block=text,
            ),
        )
    await record_event(
        session,
        action="dunning.reported_paid",
        entity_type="dunning_letter",
        entity_id=letter.id,
        actor_user_id=principal.user_id,
        account_id=letter.account_id,
        after={"amount": amount, "paidOn": paid_on.isoformat(), "reference": ref},
        occurred_at=now,
    )
    return entry


async def payment_claims(session: AsyncSession, *, since: datetime, limit: int = 100) -> list[tuple[ContactEntry, Any]]:
    """Customers' "already paid" answers since a moment, newest first, with their account (for cash application:
    a payment to find among the unmatched)."""
    rows = await session.execute(
        select(ContactEntry, CustomerAccount)
        .join(CustomerAccount, CustomerAccount.id == ContactEntry.account_id)
        .where(
            ContactEntry.kind == ContactKind.CUSTOMER_REPLY.value,
            ContactEntry.outcome == ALREADY_PAID,
            ContactEntry.at >= since,
        )
        .order_by(ContactEntry.at.desc())
        .limit(limit)
    )
    return [(entry, account) for entry, account in rows]
