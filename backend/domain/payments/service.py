"""Reading an account's payments and how each was applied."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation


@dataclass(frozen=True)
class Application:
    invoice_id: uuid.UUID
    invoice_number: str
    amount: Decimal


async def list_payments(
    session: AsyncSession, *, account_id: uuid.UUID, first: int, offset: int
) -> tuple[list[Payment], int]:
    """A page of the account's payments, newest first, and how many there are."""
    where = Payment.account_id == account_id
    total = (await session.execute(select(func.count()).select_from(Payment).where(where))).scalar_one()
    rows = await session.execute(
        select(Payment)
        .where(where)
        .order_by(Payment.received_on.desc(), Payment.reference.desc())
        .offset(offset)
        .limit(first)
    )
    return list(rows.scalars()), total


async def applications_by_payment(session: AsyncSession, payment_ids: Sequence[uuid.UUID]) -> list[list[Application]]:
    """Where each payment went, for many payments in one statement."""
    grouped: dict[uuid.UUID, list[Application]] = {i: [] for i in payment_ids}
    rows = await session.execute(
        select(PaymentAllocation.payment_id, Invoice.id, Invoice.number, PaymentAllocation.amount)
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
        .where(PaymentAllocation.payment_id.in_(list(payment_ids)))
        .order_by(Invoice.number)
    )
    for payment_id, invoice_id, number, amount in rows.all():
        grouped[payment_id].append(Application(invoice_id=invoice_id, invoice_number=number, amount=amount))
    return [grouped[i] for i in payment_ids]
