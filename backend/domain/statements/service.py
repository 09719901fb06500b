"""An account's statement for a period and its aging, computed from the ledger rows.

Credits come from the credit memos (partial approvals included); write-offs are
dated by the resolution that made them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.disputes.enums import DisputeOrigin, DisputeStatus
from backend.domain.disputes.models import Dispute
from backend.domain.errors import InvalidInput
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment, PaymentAllocation
from backend.domain.resolution.models import CreditMemo

ZERO = Decimal("0.00")
MAX_PERIOD_DAYS = 3 * 366


class EntryKind(StrEnum):
    INVOICE = "invoice"
    PAYMENT = "payment"
    CREDIT = "credit"
    WRITE_OFF = "write_off"
    DEDUCTION = "deduction"


@dataclass(frozen=True)
class StatementEntry:
    on: date
    kind: EntryKind
    reference: str
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    """Running balance after this entry; deductions are shown for information and do not move it."""
    amount: Decimal
    """The movement's own amount (for a deduction: the amount the customer kept back)."""


@dataclass(frozen=True)
class Statement:
    account_id: uuid.UUID
    period_from: date
    period_to: date
    opening_balance: Decimal
    entries: list[StatementEntry]
    closing_balance: Decimal


@dataclass(frozen=True)
class Aging:
    """The undisputed open balances by days past due, and what is held in dispute (never counted as past due)."""

    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    in_dispute: Decimal

    @property
    def total(self) -> Decimal:
        return self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.over_90 + self.in_dispute


@dataclass(frozen=True)
class _Movement:
    on: date
    kind: EntryKind
    reference: str
    description: str
    amount: Decimal


async def _movements(session: AsyncSession, account_id: uuid.UUID, until: date) -> list[_Movement]:
    """Every ledger movement of the account up to and including ``until``, in date order."""
    moves: list[_Movement] = []
    invoices = await session.execute(
        select(Invoice.issue_date, Invoice.number, Invoice.po_number, Invoice.total_amount).where(
            Invoice.account_id == account_id, Invoice.issue_date <= until
        )
    )
    for issued, number, po, total in invoices.all():
        moves.append(_Movement(issued, EntryKind.INVOICE, number, f"Invoice, PO {po}" if po else "Invoice", total))
    payments = await session.execute(
        select(Payment.received_on, Payment.reference, Invoice.number, PaymentAllocation.amount)
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
        .where(Payment.account_id == account_id, Payment.received_on <= until)
    )
    for received, reference, number, amount in payments.all():
        moves.append(_Movement(received, EntryKind.PAYMENT, reference, f"Payment applied to {number}", amount))
    disputes = await session.execute(
        select(
            Dispute.created_at,
            Dispute.resolved_at,
            Dispute.status,
            Dispute.origin,
            Dispute.reason_code,
            Dispute.amount,
            Dispute.reference,
            Invoice.number,
        )
        .join(Invoice, Invoice.id == Dispute.invoice_id)
        .where(Dispute.account_id == account_id)
    )
    # Lines that come from a dispute carry its reference, so two on one invoice can be told apart.
    for created, resolved, status, origin, reason, amount, ref, number in disputes.all():
        if origin == DisputeOrigin.REMITTANCE.value and created.date() <= until:
            text = f"Deduction taken on {number} ({reason})"
            moves.append(_Movement(created.date(), EntryKind.DEDUCTION, ref or number, text, amount))
        if resolved is not None and resolved.date() <= until and status == DisputeStatus.WRITTEN_OFF.value:
            moves.append(
                _Movement(resolved.date(), EntryKind.WRITE_OFF, ref or number, f"Written off on {number}", amount)
            )
    memos = await session.execute(
        select(CreditMemo.issued_at, CreditMemo.number, CreditMemo.amount, Invoice.number)
        .join(Invoice, Invoice.id == CreditMemo.invoice_id)
        # A credit reversed by staff (one a rule issued) is gone from the ledger, as a reversed write-off is.
        .where(CreditMemo.account_id == account_id, CreditMemo.reversed_at.is_(None))
    )
    for issued, memo_number, memo_amount, number in memos.all():
        if issued.date() <= until:
            moves.append(
                _Movement(issued.date(), EntryKind.CREDIT, memo_number, f"Credit memo on {number}", memo_amount)
            )
    order = {
        EntryKind.INVOICE: 0,
        EntryKind.PAYMENT: 1,
        EntryKind.DEDUCTION: 2,
        EntryKind.CREDIT: 3,
        EntryKind.WRITE_OFF: 4,
    }
    moves.sort(key=lambda m: (m.on, order[m.kind], m.reference))
    return moves


def _effect(move: _Movement) -> Decimal:
    if move.kind == EntryKind.INVOICE:
        return move.amount
    if move.kind == EntryKind.DEDUCTION:
        return ZERO
    return -move.amount


async def account_statement(
    session: AsyncSession, *, account_id: uuid.UUID, period_from: date, period_to: date
) -> Statement:
    """Opening balance, every movement in the period with a running balance, closing balance.

    The closing balance of a statement that runs to today equals the sum of the
    account's open invoice balances. The session's scope decides whether the
    account is visible: a customer's statement of another account is empty.
    """
    if period_from > period_to:
        raise InvalidInput("from", "The start date must be on or before the end date.", "period_reversed")
    if (period_to - period_from).days > MAX_PERIOD_DAYS:
        raise InvalidInput("from", "Choose a period of at most three years.", "period_too_long")
    opening = ZERO
    entries: list[StatementEntry] = []
    balance = ZERO
    for move in await _movements(session, account_id, period_to):
        if move.on < period_from:
            opening += _effect(move)
            balance = opening
            continue
        balance += _effect(move)
        debit = move.amount if move.kind == EntryKind.INVOICE else ZERO
        credit = move.amount if move.kind in {EntryKind.PAYMENT, EntryKind.CREDIT, EntryKind.WRITE_OFF} else ZERO
        entries.append(
            StatementEntry(move.on, move.kind, move.reference, move.description, debit, credit, balance, move.amount)
        )
    return Statement(account_id, period_from, period_to, opening, entries, balance)


async def account_aging(session: AsyncSession, *, account_id: uuid.UUID, today: date) -> Aging:
    """Undisputed open balances by days past due (not yet due, 1–30, 31–60, 61–90, over 90) and the amount held in
    dispute, which is never past due: an invoice partly disputed is overdue for its undisputed part only, as the
    invoice list's OVERDUE says (``invoices.service.status_expression``). One statement."""
    undisputed = Invoice.open_balance - Invoice.disputed_amount

    def bucket(min_days: int | None, max_days: int | None) -> ColumnElement[Decimal]:
        conditions = [undisputed > ZERO]
        if min_days is not None:
            conditions.append(Invoice.due_date <= today - timedelta(days=min_days))
        if max_days is not None:
            conditions.append(Invoice.due_date >= today - timedelta(days=max_days))
        return func.coalesce(func.sum(case((and_(*conditions), undisputed), else_=ZERO)), ZERO)

    in_dispute = func.coalesce(func.sum(Invoice.disputed_amount), ZERO)
    row = (
        await session.execute(
            select(bucket(None, 0), bucket(1, 30), bucket(31, 60), bucket(61, 90), bucket(91, None), in_dispute).where(
                Invoice.account_id == account_id
            )
        )
    ).one()
    return Aging(*row)
