"""Reason codes and the disputes/deductions raised against invoices."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import ExactDecimal, Money, UTCDateTime
from backend.domain.accounts.enums import sql_in
from backend.domain.disputes.enums import DisputeOrigin, DisputeStatus, ReasonCategory, RootCause


class ReasonCode(Base):
    """Why a customer pays short; the configured set (DOMAIN.md), editable as data."""

    __tablename__ = "reason_codes"
    __table_args__ = (
        CheckConstraint(f"category IN ({sql_in(ReasonCategory)})", name="category_known"),
        CheckConstraint("sla_days > 0", name="sla_positive"),
    )

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(100), nullable=False)
    category: Mapped[str] = mapped_column(String(16), nullable=False)
    sla_days: Mapped[int] = mapped_column(Integer, nullable=False)
    requires_description: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Dispute(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A claim that an invoice is wrong in part or whole: a portal dispute or a short-pay deduction."""

    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(f"status IN ({sql_in(DisputeStatus)})", name="status_known"),
        CheckConstraint(f"origin IN ({sql_in(DisputeOrigin)})", name="origin_known"),
        CheckConstraint(f"root_cause IS NULL OR root_cause IN ({sql_in(RootCause)})", name="root_cause_known"),
        UniqueConstraint("account_id", "idempotency_key", name="uq_disputes_account_idempotency"),
        # The work queue: counts per status under a reason and amount filter read this index alone; its sorts
        # walk the next two newest-first or soonest-due and stop at the page.
        Index("ix_disputes_reason_status_amount", "reason_code", "status", "amount"),
        Index("ix_disputes_created_at_id", "created_at", "id"),
        Index("ix_disputes_due_on_id", "due_on", "id"),
        Index("uq_disputes_reference", "reference", unique=True),
        # The reports read the cases decided in a period (migration 0029).
        Index("ix_disputes_resolved_at", "resolved_at"),
        # ... and the cases open now by age, from this index alone on PostgreSQL (migration 0035).
        Index(
            "ix_disputes_open_by_age",
            "currency",
            "created_at",
            postgresql_include=["amount"],
            postgresql_where=text("resolved_at IS NULL"),
            sqlite_where=text("resolved_at IS NULL"),
        ),
        # ... and the cases decided in a period in one currency, with what the resolution timing reads, from this
        # index alone on PostgreSQL (migration 0041).
        Index(
            "ix_disputes_decided_by_currency",
            "currency",
            "resolved_at",
            postgresql_include=["status", "created_at", "reason_code", "account_id", "assignee_id", "amount"],
            postgresql_where=text("resolved_at IS NOT NULL"),
            sqlite_where=text("resolved_at IS NOT NULL"),
        ),
    )

    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False, index=True)
    reason_code: Mapped[str] = mapped_column(String(32), ForeignKey("reason_codes.code"), nullable=False)
    origin: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True, index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    idempotency_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    reference: Mapped[str | None] = mapped_column(String(24), nullable=True, server_default=FetchedValue())
    """``D-2026-000123``: given by the database on insert, whatever inserts the row (migration 0019); None only
    between an insert on SQLite and its refresh."""
    records_check: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """What the order, delivery and invoice records said of the claim when it was filed (``supported``,
    ``contradicted``, ``unverified``; ``backend.domain.orders.claim_check``); None when no line was claimed."""
    records_detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    """The comparison in words, as the customer saw it when filing."""
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True, server_default=FetchedValue())
    """The invoice's currency, given by the database on insert (migration 0031) so the reports count cases per
    currency without reading each case's invoice; None only between an insert on SQLite and its refresh."""
    has_evidence: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())
    """A stored document is on the case or on its invoice (as the ``no_evidence`` flag reads it), kept by the
    database whichever path stores, moves or deletes a document (migration 0034), for the reports' "short pays
    classified with evidence". Never set here: the ORM only reads it."""
    root_cause: Mapped[str | None] = mapped_column(String(24), nullable=True)
    """What really went wrong (``RootCause``), chosen when the case was decided; None when not recorded (cases
    decided before migration 0029, and those a rule decided without one). Staff only: never in a portal answer."""

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class DisputeLine(UUIDPrimaryKey, AccountScoped, Base):
    """One invoice line a dispute is about, with the part of the claim that falls on it."""

    __tablename__ = "dispute_lines"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
        UniqueConstraint("dispute_id", "invoice_line_id", name="uq_dispute_lines_dispute_line"),
    )

    dispute_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=False, index=True)
    invoice_line_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoice_lines.id"), nullable=False)
    quantity: Mapped[Decimal | None] = mapped_column(ExactDecimal(3), nullable=True)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)


class DisputeStatusChange(UUIDPrimaryKey, AccountScoped, Base):
    """One step of a dispute's timeline as the customer sees it (the audit log keeps the full record)."""

    __tablename__ = "dispute_status_changes"
    __table_args__ = (CheckConstraint(f"to_status IN ({sql_in(DisputeStatus)})", name="to_status_known"),)

    dispute_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=False, index=True)
    from_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    to_status: Mapped[str] = mapped_column(String(32), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
