"""Credit and collections: each account's position, holds and the rules that place them, promises to pay,
dunning levels and the letters sent, and the collector's contact log."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import Money, UTCDateTime
from backend.domain.accounts.enums import sql_in
from backend.domain.credit.enums import ContactKind, HoldRuleKind, PromiseStatus, RiskClass

ZERO = Decimal("0.00")


class CreditPosition(AccountScoped, Base):
    """One account's credit position in its own currency.

    ``open_amount`` and ``disputed_amount`` are the sums of the account's invoices in that currency, kept by
    database triggers on ``invoices`` in the same transaction as every change (migration 0020), whichever path
    moves the money (the ORM, cash application's set-based posting, a bulk COPY). The rest depends on the date
    as well and is written by :func:`backend.domain.credit.assessment.assess` whenever money moves and nightly.
    """

    __tablename__ = "credit_positions"
    __table_args__ = (
        Index("ix_credit_positions_priority", "priority"),
        Index("ix_credit_positions_collector_priority", "collector_id", "priority"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    open_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    disputed_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    orders_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    """Approved orders not shipped yet, in the account's currency (written by ``assess``): part of the exposure."""
    past_due_undisputed: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    """Open, undisputed money past its due date, as of ``assessed_on``."""
    oldest_past_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    """Due date of the oldest invoice with undisputed money past due."""
    promised_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    """Money under live promises to pay."""
    broken_promises: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """Promises broken in the last 365 days."""
    priority: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    """Worklist rank (higher first); its parts are explained by ``backend.domain.credit.worklist.priority``."""
    on_hold: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    collector_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    next_action_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    waived_hold_kinds: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    """Hold reasons a credit manager released while they still held (comma-separated kinds): not placed again
    until they clear."""
    assessed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class HoldRule(UUIDPrimaryKey, Base):
    """When an account goes on credit hold: one kind of reason with its parameter (data, not code)."""

    __tablename__ = "credit_hold_rules"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(HoldRuleKind)})", name="kind_known"),
        CheckConstraint("days IS NULL OR days >= 0", name="days_not_negative"),
    )

    kind: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """For ``past_due``: how many days past due the oldest undisputed item may be before the hold."""
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class CreditHold(UUIDPrimaryKey, AccountScoped, Base):
    """An account on credit hold: why, since when, and how it ended."""

    __tablename__ = "credit_holds"
    __table_args__ = (
        Index(
            "uq_credit_holds_one_active",
            "account_id",
            unique=True,
            postgresql_where=text("released_at IS NULL"),
            sqlite_where=text("released_at IS NULL"),
        ),
    )

    reasons: Mapped[str] = mapped_column(Text, nullable=False)
    """The reasons in words, one per line (what the account page and the queue show)."""
    kinds: Mapped[str] = mapped_column(String(100), nullable=False)
    """The rule kinds behind them, comma-separated."""
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    released_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    """None with ``released_at`` set: released automatically when its reasons cleared."""
    release_note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PromiseToPay(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A customer's word to pay an amount by a date, for named invoices."""

    __tablename__ = "promises_to_pay"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(f"status IN ({sql_in(PromiseStatus)})", name="status_known"),
        Index("ix_promises_to_pay_status_date", "status", "promised_on"),
    )

    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    promised_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=PromiseStatus.OPEN.value)
    received_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    made_by_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    made_in_portal: Mapped[bool] = mapped_column(Boolean, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PromiseItem(UUIDPrimaryKey, AccountScoped, Base):
    """One invoice under a promise; ``settled_before`` is what it had received (paid + credited) when promised."""

    __tablename__ = "promise_items"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        UniqueConstraint("promise_id", "invoice_id", name="uq_promise_items_promise_invoice"),
    )

    promise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("promises_to_pay.id"), nullable=False, index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    settled_before: Mapped[Decimal] = mapped_column(Money(), nullable=False)


class DunningLevel(UUIDPrimaryKey, Base):
    """One step of the reminder ladder: when it applies (days after the due date, negative before) and its words."""

    __tablename__ = "dunning_levels"
    __table_args__ = (CheckConstraint("position > 0", name="position_positive"),)

    position: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    days_after_due: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    """The e-mail's text; ``{account}``, ``{amount_due}``, ``{items}``, ``{under_review}`` and ``{portal}`` are
    filled in."""
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class DunningLetter(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A reminder sent to an account: its level, what was due and what was listed apart as under review."""

    __tablename__ = "dunning_letters"
    __table_args__ = (Index("ix_dunning_letters_account_created", "account_id", "created_at"),)

    number: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    level_position: Mapped[int] = mapped_column(Integer, nullable=False)
    level_name: Mapped[str] = mapped_column(String(100), nullable=False)
    sent_on: Mapped[date] = mapped_column(Date, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    amount_due: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    under_review_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    recipients: Mapped[str] = mapped_column(Text, nullable=False)
    sent_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    """None: the scheduled run."""


class DunningLetterItem(AccountScoped, Base):
    """One invoice on a letter: due now at the item's level, or listed apart as under review (disputed)."""

    __tablename__ = "dunning_letter_items"
    __table_args__ = (
        Index(
            "uq_dunning_letter_items_invoice_level",
            "invoice_id",
            "level_position",
            unique=True,
            postgresql_where=text("NOT under_review"),
            sqlite_where=text("NOT under_review"),
        ),
    )

    # Two indexes and no foreign keys: a run writes a row per invoice due a level (a million on the bench book),
    # and each index and key check is paid on every one (the two key checks were half the run's writing time).
    # Only the dunning run writes items, in the transaction that writes their letter, from invoices it has just
    # read; letters and invoices are never deleted. Items are read by letter (the primary key's first column)
    # and looked up by invoice through the partial unique index.
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    letter_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    under_review: Mapped[bool] = mapped_column(Boolean, primary_key=True, default=False)
    level_position: Mapped[int] = mapped_column(Integer, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    days_overdue: Mapped[int] = mapped_column(Integer, nullable=False)


class ContactEntry(UUIDPrimaryKey, AccountScoped, Base):
    """One line of an account's collections timeline: a call, e-mail or note by a collector, a letter sent, a
    promise made or settled, a customer's answer to a reminder."""

    __tablename__ = "contact_entries"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(ContactKind)})", name="kind_known"),
        Index("ix_contact_entries_account_at", "account_id", "at"),
    )

    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    outcome: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    letter_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("dunning_letters.id"), nullable=True)
    promise_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("promises_to_pay.id"), nullable=True)


RISK_CLASSES = tuple(r.value for r in RiskClass)
