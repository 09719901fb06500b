"""Reading payments (an account's, or every customer's for staff) and how each was applied."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.models import RemittanceLineRecord
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Application:
    invoice_id: uuid.UUID
    invoice_number: str
    amount: Decimal


@dataclass(frozen=True)
class PaymentFilter:
    """Which payments: one customer's, received in a span, in a currency, only the short ones (parts combine with
    AND; None or False: no limit)."""

    account_id: uuid.UUID | None = None
    received_from: date | None = None
    received_to: date | None = None
    currency: str | None = None
    short_only: bool = False
    """Payments whose remittance left a short pay (a deduction): the reports' short payments."""


@dataclass(frozen=True)
class ReceivedPayment:
    """A payment with its customer and the money its remittance held back under deductions."""

    payment: Payment
    account_number: str
    account_name: str
    held_back: Decimal


def held_back_by_payment() -> Any:
    """Per payment (a subquery: payment_id, amount), the money its remittance lines left as deductions (the cases
    they opened): what makes a payment a short payment in the reports."""
    return (
        select(RemittanceLineRecord.payment_id, func.sum(Dispute.amount).label("amount"))
        .join(Dispute, Dispute.id == RemittanceLineRecord.deduction_id)
        .group_by(RemittanceLineRecord.payment_id)
        .subquery()
    )


def _conditions(flt: PaymentFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if flt.account_id is not None:
        conditions.append(Payment.account_id == flt.account_id)
    if flt.received_from is not None:
        conditions.append(Payment.received_on >= flt.received_from)
    if flt.received_to is not None:
        conditions.append(Payment.received_on <= flt.received_to)
    if flt.currency is not None:
        conditions.append(Payment.currency == flt.currency)
    return conditions


async def list_payments(
    session: AsyncSession, *, account_id: uuid.UUID, first: int, offset: int
) -> tuple[list[Payment], int]:
    """A page of the account's payments, newest first, and how many there are."""
    where = _conditions(PaymentFilter(account_id=account_id))
    total = (await session.execute(select(func.count()).select_from(Payment).where(*where))).scalar_one()
    rows = await session.execute(
        select(Payment)
        .where(*where)
        .order_by(Payment.received_on.desc(), Payment.reference.desc())
        .offset(offset)
        .limit(first)
    )
    return list(rows.scalars()), total


async def received_payments(
    session: AsyncSession, *, flt: PaymentFilter, first: int, offset: int
) -> tuple[list[ReceivedPayment], int]:
    """A page of the payments ``flt`` keeps (staff: every customer's), newest first, each with its customer and
    the money its remittance held back, and how many there are. Two statements."""
    held = held_back_by_payment()
    where = _conditions(flt)
    if flt.short_only:
        where.append(held.c.payment_id.is_not(None))
    counted = select(func.count()).select_from(Payment)
    if flt.short_only:
        counted = counted.join(held, held.c.payment_id == Payment.id)
    total = (await session.execute(counted.where(*where))).scalar_one()
    rows = await session.execute(
        select(Payment, CustomerAccount.number, CustomerAccount.name, func.coalesce(held.c.amount, ZERO))
        .join(CustomerAccount, CustomerAccount.id == Payment.account_id)
        .outerjoin(held, held.c.payment_id == Payment.id)
        .where(*where)
        .order_by(Payment.received_on.desc(), Payment.reference.desc())
        .offset(offset)
        .limit(first)
    )
    return [ReceivedPayment(payment, number, name, amount) for payment, number, name, amount in rows.all()], total


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
