"""Remittance imports, every line they carried, and the cash-application settings staff edit."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
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
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, UUIDPrimaryKey
from backend.db.types import ExactDecimal, Money, UTCDateTime
from backend.domain.inbound_mail import models as inbound_mail_models  # noqa: F401  (an advice names its message)

ZERO = Decimal("0.00")


class RemittanceImport(UUIDPrimaryKey, Base):
    """One file submitted for import: where it is stored, how far the job got, and what it did.

    Status: ``queued`` → ``reading`` → ``applying`` → ``applied`` (every line taken), ``partially_applied``
    (the good lines taken at the user's choice, the rest reported), ``rejected`` (nothing changed: the file
    or some lines are wrong), ``duplicate`` (the same file was already applied) or ``failed`` (the job
    could not finish; nothing changed).
    """

    __tablename__ = "remittance_imports"
    __table_args__ = (Index("ix_remittance_imports_imported_at", "imported_at"),)

    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    file_format: Mapped[str] = mapped_column(String(16), nullable=False, default="lockbox_csv")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    accept_valid: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    object_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    byte_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    bytes_read: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    line_count: Mapped[int] = mapped_column(Integer, nullable=False)
    applied_lines: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    exception_lines: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_lines: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped_lines: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    payments: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    deductions: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    applied_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    """Why the whole file was rejected or the job failed ("" otherwise)."""
    report: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    imported_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    imported_by_client: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """The machine client (OAuth2 client id) that submitted it, when not a person."""
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    automation_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    """When the new deductions went through flags and rules (they run after the import commits)."""
    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), nullable=True)
    """The customer a clerk chose for a file that names none (a customer's own advice)."""
    column_map: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    """How an advice's columns are read (``formats.advice.ColumnMap``), copied from the saved mapping at submit."""


class RemittanceLineRecord(UUIDPrimaryKey, Base):
    """One line of an import and what became of it: applied, an exception for staff, an error, or skipped.

    Not account-scoped: imports are staff-only (the console alone reads these), and a line
    whose customer is unknown belongs to no account.
    """

    __tablename__ = "remittance_lines"
    __table_args__ = (
        Index("ix_remittance_lines_import_line", "import_id", "line"),
        Index("ix_remittance_lines_status_received", "status", "received_on"),
    )

    import_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("remittance_imports.id"), nullable=False)
    line: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    payment_reference: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    customer_number: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    invoice_reference: Mapped[str] = mapped_column(String(140), nullable=False, default="")
    paid_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    adjustment_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    adjustment_scheme: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    adjustment_code: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    adjustment_text: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("customer_accounts.id"), nullable=True, index=True
    )
    payment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("payments.id"), nullable=True, index=True)
    rule: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    confidence: Mapped[Decimal] = mapped_column(ExactDecimal(2), nullable=False, default=ZERO)
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    applied_to: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    """[{invoice_id, number, amount}] — the allocations this line made."""
    suggestions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    """Ranked candidates for an exception: [{invoice_ids, numbers, rule, confidence}]."""
    deduction_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=True)
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CashApplicationSettings(Base):
    """The one row of cash-application settings (data, edited by an admin, read on every import)."""

    __tablename__ = "cash_application_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    auto_apply_threshold: Mapped[Decimal] = mapped_column(ExactDecimal(2), nullable=False)
    """Matches with at least this confidence are applied; the rest wait in the exceptions queue."""
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class MatchPattern(UUIDPrimaryKey, AccountScoped, Base):
    """How one customer writes invoice references, learned from a line staff confirmed (``cash.learning``): the
    invoice's number (or PO number) is the run of ``groups`` groups of letters and digits of the reference that
    ends ``from_end`` groups before its end (1: the last group). Staff-only; an admin removes one."""

    __tablename__ = "cash_match_patterns"
    __table_args__ = (
        UniqueConstraint("account_id", "target", "from_end", "groups", name="uq_cash_match_patterns_shape"),
        CheckConstraint("target IN ('number', 'po')", name="target_known"),
        CheckConstraint("from_end >= 1 AND groups >= 1", name="span_positive"),
    )

    target: Mapped[str] = mapped_column(String(8), nullable=False)
    """``number``: the invoice number; ``po``: the PO number."""
    from_end: Mapped[int] = mapped_column(Integer, nullable=False)
    groups: Mapped[int] = mapped_column(Integer, nullable=False)
    example_reference: Mapped[str] = mapped_column(String(140), nullable=False)
    example_invoice: Mapped[str] = mapped_column(String(64), nullable=False)
    confirmed: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    """Confirmations by staff that agreed with the pattern (the one it was learned from included)."""
    contradicted: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """Confirmations by staff of another invoice than the one the pattern read."""
    applied: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """Lines the pattern applied without a person."""
    learned_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    learned_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class RemittanceColumnMapping(UUIDPrimaryKey, AccountScoped, Base):
    """Which column of a customer's own remittance advice is which, saved per customer and header (a customer with
    two layouts keeps two): the first file of a layout asks a clerk, the next ones import directly. Staff-only."""

    __tablename__ = "remittance_column_mappings"
    __table_args__ = (UniqueConstraint("account_id", "header_key", name="uq_remittance_column_mappings_layout"),)

    header_key: Mapped[str] = mapped_column(String(64), nullable=False)
    """SHA-256 of the header's names, case and spacing ignored (``formats.sheets.header_key``)."""
    header: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    """The column titles as the file wrote them (blank for a merged or untitled column)."""
    columns: Mapped[dict[str, int]] = mapped_column(JSON, nullable=False)
    """role (``formats.advice.ROLES``) → 0-based column."""
    saved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class RemittanceAdvice(UUIDPrimaryKey, AccountScoped, Base):
    """What a customer said a payment covers, before the cash arrives (an e-mailed PDF, CSV or XLSX advice): its
    lines wait until a bank or lockbox import brings that customer's payment of the advice's total (or with its
    payment reference); then the payment is matched by these lines instead of its own (``cash.advices``).

    Status: ``waiting`` → ``used`` (by the import that applied the payment), or ``dismissed`` by staff. Staff-only.
    """

    __tablename__ = "remittance_advices"
    __table_args__ = (
        Index("ix_remittance_advices_waiting", "account_id", "status", "total"),
        CheckConstraint("status IN ('waiting', 'used', 'dismissed')", name="status_known"),
        CheckConstraint("total > 0", name="total_positive"),
    )

    inbound_message_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("inbound_messages.id"), nullable=True, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    payment_reference: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    """The cheque or transfer reference the advice names, ``""`` when it names none."""
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    total: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    """The sum of its lines' paid amounts: the payment it waits for."""
    currency: Mapped[str] = mapped_column(String(3), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="waiting")
    import_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("remittance_imports.id"), nullable=True)
    """The import whose payment it matched."""
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class RemittanceAdviceLine(UUIDPrimaryKey, Base):
    """One invoice an advice says its payment covers (the fields of a ``RemittanceLine`` a payment lacks)."""

    __tablename__ = "remittance_advice_lines"
    __table_args__ = (Index("ix_remittance_advice_lines_advice_line", "advice_id", "line"),)

    advice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("remittance_advices.id"), nullable=False)
    line: Mapped[int] = mapped_column(Integer, nullable=False)
    """Where it was in the attachment: its row, or its line of the PDF's text."""
    invoice_reference: Mapped[str] = mapped_column(String(140), nullable=False, default="")
    paid_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    adjustment_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    adjustment_scheme: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    adjustment_code: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    adjustment_text: Mapped[str] = mapped_column(String(500), nullable=False, default="")
