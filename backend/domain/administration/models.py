"""Configuration staff maintain in the console: routing rules, external reason codes, saved queue views."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import Money, UTCDateTime


class RoutingRule(UUIDPrimaryKey, CreatedAt, Base):
    """Who gets a new case: the first active rule (lowest priority number) whose conditions all match."""

    __tablename__ = "routing_rules"
    __table_args__ = (
        CheckConstraint("min_amount IS NULL OR max_amount IS NULL OR min_amount <= max_amount", name="band_ordered"),
    )

    priority: Mapped[int] = mapped_column(Integer, nullable=False)
    reason_code: Mapped[str | None] = mapped_column(String(32), ForeignKey("reason_codes.code"), nullable=True)
    account_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), nullable=True)
    min_amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    max_amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    assignee_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class ExternalReasonCode(Base):
    """An ANSI X12 (426) or UN/EDIFACT (4465) adjustment code and the internal reason it means (data, not code)."""

    __tablename__ = "external_reason_codes"
    __table_args__ = (UniqueConstraint("scheme", "code", name="uq_external_reason_codes_scheme_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme: Mapped[str] = mapped_column(String(16), nullable=False)
    code: Mapped[str] = mapped_column(String(16), nullable=False)
    reason_code: Mapped[str] = mapped_column(String(32), ForeignKey("reason_codes.code"), nullable=False)


class SavedView(UUIDPrimaryKey, Base):
    """A staff member's named work-queue filter."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_views_user_name"),)

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    filter: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
