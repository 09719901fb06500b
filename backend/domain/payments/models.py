"""Money received from customers, and how it is applied to invoices."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import Money


class Payment(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A receipt (cheque, wire, ACH) from a customer."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("unapplied_amount >= 0 AND unapplied_amount <= amount", name="unapplied_within_amount"),
        Index("ix_payments_received_on", "received_on"),
        # a remittance import asks, for every payment of its file, whether it was imported before (migration 0039)
        Index("ix_payments_account_reference", "account_id", "reference"),
    )

    reference: Mapped[str] = mapped_column(String(64), nullable=False)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    method: Mapped[str] = mapped_column(String(16), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    unapplied_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)


class PaymentAllocation(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """Part of a payment applied to one invoice."""

    __tablename__ = "payment_allocations"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payment_allocations_created_at", "created_at"),
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payments.id"), nullable=False, index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
