"""Invoice delivery: a new invoice is e-mailed to the account's billing contacts with its PDF attached.

Through the outbox, in the transaction that posts the invoice: nothing is sent for an invoice that did not
commit, and nothing committed is lost. The PDF is rendered when the e-mail leaves (the outbox keeps a reference,
not the bytes). Who receives invoices is the account administrator's choice; until they choose, the account's
administrators do.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.bulk import bulk_insert
from backend.db.ids import new_id
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.invoices.models import Invoice, InvoiceDelivery
from backend.domain.mail.compose import compose, line
from backend.domain.mail.models import OutboxEmail


async def billing_contacts(
    session: AsyncSession, account_ids: Sequence[uuid.UUID], *, reminders: bool = False
) -> dict[uuid.UUID, list[str]]:
    """Each account's recipients of invoices (or of reminders): whom its administrator chose, else its
    administrators."""
    flag = User.receives_reminders if reminders else User.receives_invoices
    rows = await session.execute(
        select(User.account_id, User.email, flag, User.role)
        .where(User.account_id.in_(list(account_ids)), User.is_active.is_(True))
        .order_by(User.account_id, User.email)
    )
    chosen: dict[uuid.UUID, list[str]] = defaultdict(list)
    admins: dict[uuid.UUID, list[str]] = defaultdict(list)
    for account_id, email, receives, role in rows:
        if account_id is None:
            continue
        if receives:
            chosen[account_id].append(email)
        if role == "customer_admin":
            admins[account_id].append(email)
    return {a: chosen.get(a) or admins.get(a, []) for a in account_ids}


async def deliver_invoices(
    session: AsyncSession, invoices: Sequence[Invoice], *, portal_url: str, now: datetime
) -> int:
    """Queue each new invoice's e-mail (PDF attached) to its account's billing contacts; records the delivery
    (an empty recipient list says nobody was set up to receive it). Returns how many e-mails were queued."""
    if not invoices:
        return 0
    account_ids = list({i.account_id for i in invoices})
    contacts = await billing_contacts(session, account_ids)
    names = dict(
        (
            await session.execute(
                select(CustomerAccount.id, CustomerAccount.name).where(CustomerAccount.id.in_(account_ids))
            )
        ).all()
    )
    deliveries, mails = [], []
    for invoice in invoices:
        recipients = contacts.get(invoice.account_id, [])
        deliveries.append(
            {
                "id": new_id(),
                "account_id": invoice.account_id,
                "invoice_id": invoice.id,
                "queued_at": now,
                "recipients": ", ".join(recipients)[:2000],
            }
        )
        body = compose(
            "A new invoice from us is attached as a PDF.\n\nCustomer: {account}\nInvoice: {number}\n"
            "Amount: {amount}\nDue date: {due}\n\nSee it, your statement and your payments in the customer portal:\n"
            "{link}\n",
            account=names.get(invoice.account_id, ""),
            number=invoice.number,
            amount=f"{invoice.total_amount:,.2f} {invoice.currency}",
            due=invoice.due_date.isoformat(),
            link=f"{portal_url}/invoices/{invoice.id}",
        )
        for address in recipients:
            mails.append(
                {
                    "id": new_id(), "created_at": now, "recipient": address,
                    "subject": line(f"Invoice {invoice.number}"), "body": body, "sent_at": None, "attempts": 0,
                    "last_error": None, "attachment_kind": "invoice", "attachment_id": invoice.id,
                }
            )  # fmt: skip
    await bulk_insert(session, InvoiceDelivery, deliveries)
    await bulk_insert(session, OutboxEmail, mails)
    return len(mails)


async def deliveries_by_invoice(session: AsyncSession, invoice_ids: Sequence[uuid.UUID]) -> list[list[InvoiceDelivery]]:
    rows = await session.execute(
        select(InvoiceDelivery)
        .where(InvoiceDelivery.invoice_id.in_(list(invoice_ids)))
        .order_by(InvoiceDelivery.queued_at)
    )
    grouped: dict[uuid.UUID, list[InvoiceDelivery]] = defaultdict(list)
    for delivery in rows.scalars():
        grouped[delivery.invoice_id].append(delivery)
    return [grouped.get(i, []) for i in invoice_ids]
