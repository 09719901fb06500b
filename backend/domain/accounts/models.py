"""The seller, its customer accounts and the people who sign in."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountRoot, Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import Money
from backend.domain.accounts.enums import UserRole, sql_in


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
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisations.id"), nullable=False)
    number: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    payment_terms_days: Mapped[int] = mapped_column(Integer, nullable=False)
    credit_limit: Mapped[Decimal] = mapped_column(Money(), nullable=False)


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
