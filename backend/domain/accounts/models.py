"""The seller, its customer accounts and the people who sign in."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountRoot, Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import Money
from backend.domain.accounts.enums import UserRole, sql_in
from backend.domain.credit.enums import RiskClass


class Organisation(UUIDPrimaryKey, CreatedAt, Base):
    """The seller that runs Recoup."""

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    base_currency: Mapped[str] = mapped_column(String(3), nullable=False)


class CustomerAccount(AccountRoot, CreatedAt, Base):
    """A customer of the seller: who is invoiced, on what terms."""

    __tablename__ = "customer_accounts"
    __table_args__ = (
        CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),
        CheckConstraint("payment_terms_days >= 0", name="payment_terms_not_negative"),
        CheckConstraint(f"risk_class IN ({sql_in(RiskClass)})", name="risk_class_known"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisations.id"), nullable=False)
    number: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    payment_terms_days: Mapped[int] = mapped_column(Integer, nullable=False)
    credit_limit: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    """In ``currency``: exposure in that currency is measured against it."""
    risk_class: Mapped[str] = mapped_column(String(16), nullable=False, default=RiskClass.MEDIUM.value)
    credit_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    dunning_paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    """No reminders up to and including this day."""
    dunning_pause_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


class User(UUIDPrimaryKey, CreatedAt, Base):
    """Someone who signs in: a customer's user (one account) or a staff member (no account)."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({sql_in(UserRole)})", name="role_known"),
        CheckConstraint(
            "(role IN ('customer_admin', 'customer_user')) = (account_id IS NOT NULL)",
            name="customers_have_exactly_one_account",
        ),
    )

    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("customer_accounts.id"), nullable=True, index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    receives_invoices: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    """A customer's user who is e-mailed new invoices (chosen by the account's administrator)."""
    receives_reminders: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    """A customer's user who is e-mailed payment reminders."""
