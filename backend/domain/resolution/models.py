"""What resolving a case leaves behind: credit memos, write-off limits, numbering and idempotency keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey
from backend.db.ids import new_id
from backend.db.types import Money, UTCDateTime


class CreditMemo(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A numbered credit against an invoice, issued when a claim is found valid in full or in part."""

    __tablename__ = "credit_memos"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    number: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False, index=True)
    dispute_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=True, index=True)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    """Set when staff reverse a credit memo a resolution rule issued (the credit went back through the ledger)."""


class WriteOffLimit(Base):
    """The largest case a role may write off; no row (or a null limit) for a role means unlimited only for admin."""

    __tablename__ = "write_off_limits"

    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    max_amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)


class NumberSequence(Base):
    """Gap-free document numbers (credit memos), taken under a row lock."""

    __tablename__ = "number_sequences"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer, nullable=False)


class IdempotencyKey(Base):
    """A money action's key: the same key and input replays the result; other input is refused."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    operation: Mapped[str] = mapped_column(String(32), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    dispute_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
