"""What the collector's account view reads: open items with their dunning state, holds, the contact log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import User
from backend.domain.credit.models import ContactEntry, CreditHold, DunningLetterItem, PromiseToPay
from backend.domain.credit.promises import promised_on_invoices
from backend.domain.invoices.models import Invoice

LIMIT = 200


@dataclass(frozen=True)
class OpenItem:
    invoice: Invoice
    promised: Decimal
    last_level: int | None

    def days_overdue(self, today: date) -> int:
        return max(0, (today - self.invoice.due_date).days)


async def open_items(session: AsyncSession, account_id: uuid.UUID, today: date) -> list[OpenItem]:
    """The account's open invoices, oldest due first, with live promised money and the last reminder level."""
    last_level = (
        select(func.max(DunningLetterItem.level_position))
        .where(DunningLetterItem.invoice_id == Invoice.id, ~DunningLetterItem.under_review)
        .scalar_subquery()
    )
    rows = list(
        (
            await session.execute(
                select(Invoice, last_level)
                .where(Invoice.account_id == account_id, Invoice.open_balance > 0)
                .order_by(Invoice.due_date, Invoice.number)
                .limit(LIMIT)
            )
        ).all()
    )
    promised = await promised_on_invoices(session, [invoice.id for invoice, _ in rows], today)
    return [OpenItem(invoice, promised.get(invoice.id, Decimal("0.00")), level) for invoice, level in rows]


async def holds(session: AsyncSession, account_id: uuid.UUID) -> list[tuple[CreditHold, str | None]]:
    """The account's holds, newest first, with who released each (None: automatically or still on)."""
    rows = await session.execute(
        select(CreditHold, User.full_name)
        .outerjoin(User, User.id == CreditHold.released_by_id)
        .where(CreditHold.account_id == account_id)
        .order_by(CreditHold.placed_at.desc())
        .limit(50)
    )
    return [(hold, name) for hold, name in rows]


async def contacts(session: AsyncSession, account_id: uuid.UUID) -> list[tuple[ContactEntry, str | None]]:
    """The account's collections timeline, newest first, with who wrote each line."""
    rows = await session.execute(
        select(ContactEntry, User.full_name)
        .outerjoin(User, User.id == ContactEntry.by_user_id)
        .where(ContactEntry.account_id == account_id)
        .order_by(ContactEntry.at.desc(), ContactEntry.id)
        .limit(LIMIT)
    )
    return [(entry, name) for entry, name in rows]


async def promises(session: AsyncSession, account_id: uuid.UUID) -> list[PromiseToPay]:
    rows = await session.execute(
        select(PromiseToPay)
        .where(PromiseToPay.account_id == account_id)
        .order_by(PromiseToPay.created_at.desc())
        .limit(50)
    )
    return list(rows.scalars())


async def people(session: AsyncSession, account_id: uuid.UUID) -> list[User]:
    """The account's users, administrators first (a collector's contacts)."""
    rows = await session.execute(
        select(User)
        .where(User.account_id == account_id)
        .order_by((User.role == "customer_admin").desc(), User.is_active.desc(), User.full_name)
    )
    return list(rows.scalars())
