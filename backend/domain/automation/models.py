"""Automation's tables: the flags raised on a case, the rules that resolve cases, and promotions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, StaffOnlyWhenInternal, UUIDPrimaryKey
from backend.db.types import Money, UTCDateTime
from backend.domain.accounts.enums import sql_in
from backend.domain.automation.enums import FlagCode, RuleAction, RuleCondition


class CaseFlag(UUIDPrimaryKey, AccountScoped, StaffOnlyWhenInternal, Base):
    """A validation finding on a case, with the reason in words. Staff-only: always internal, so the tenant
    scope hides every row from customers."""

    __tablename__ = "case_flags"
    __table_args__ = (
        UniqueConstraint("dispute_id", "code", name="uq_case_flags_dispute_code"),
        CheckConstraint(f"code IN ({sql_in(FlagCode)})", name="code_known"),
        CheckConstraint("is_internal", name="always_internal"),
        Index("ix_case_flags_code_dispute", "code", "dispute_id"),  # the queue's "has flag X" filter
    )

    dispute_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=False)
    code: Mapped[str] = mapped_column(String(32), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ResolutionRule(UUIDPrimaryKey, CreatedAt, Base):
    """Resolve a new case without a person: the first active rule (lowest priority) whose conditions all match acts."""

    __tablename__ = "resolution_rules"
    __table_args__ = (
        UniqueConstraint("priority", name="uq_resolution_rules_priority"),
        CheckConstraint(f"action IN ({sql_in(RuleAction)})", name="action_known"),
        CheckConstraint(f"condition IS NULL OR condition IN ({sql_in(RuleCondition)})", name="condition_known"),
        CheckConstraint("action <> 'write_off' OR max_amount IS NOT NULL", name="write_off_has_tolerance"),
        CheckConstraint("max_amount IS NULL OR max_amount > 0", name="tolerance_positive"),
    )

    priority: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), nullable=True)
    reason_code: Mapped[str | None] = mapped_column(String(32), ForeignKey("reason_codes.code"), nullable=True)
    max_amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    """The tolerance: cases up to this amount (required for write-offs)."""
    condition: Mapped[str | None] = mapped_column(String(32), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Promotion(UUIDPrimaryKey, CreatedAt, Base):
    """A trade promotion a customer (or every customer) may claim deductions under, for invoices in its period."""

    __tablename__ = "promotions"
    __table_args__ = (
        UniqueConstraint("code", name="uq_promotions_code"),
        CheckConstraint("starts_on <= ends_on", name="period_ordered"),
    )

    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), nullable=True)
    code: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
