"""Inbound mail: every message read from the mailbox (kept and read once), and the senders known as a customer's."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, UUIDPrimaryKey
from backend.db.types import UTCDateTime
from backend.domain.accounts.enums import sql_in
from backend.domain.inbound_mail.enums import MessageStatus, ReviewReason, SenderKind


class InboundMessage(UUIDPrimaryKey, Base):
    """One e-mail as it arrived: the original in the archive (``object_key``), what became of each attachment, and
    whether a person must look. Read once: its SHA-256 is unique, and a Message-ID seen before is a duplicate.

    Not account-scoped (an unknown sender belongs to no account); only staff fields read it.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (
        Index("ix_inbound_messages_status_received", "status", "received_at"),
        Index("ix_inbound_messages_received_at", "received_at"),
        CheckConstraint(f"status IN ({sql_in(MessageStatus)})", name="status_known"),
        CheckConstraint(f"reason = '' OR reason IN ({sql_in(ReviewReason)})", name="reason_known"),
    )

    sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    message_id: Mapped[str] = mapped_column(String(255), nullable=False, default="", index=True)
    """The Message-ID header (``""`` when it has none)."""
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    """``imap``, ``folder`` (the drop folder) or ``upload`` (a person in the console)."""
    sender: Mapped[str] = mapped_column(String(320), nullable=False, default="")
    """The From address, lower case."""
    subject: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    account_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("customer_accounts.id"), nullable=True, index=True
    )
    """The customer the sender is known as (or staff assigned); None for an unknown sender."""
    object_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """The original .eml in the archive (None only for a message too large to fetch, left in the mailbox)."""
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=MessageStatus.RECEIVED.value)
    reason: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    """Why it waits for a person, in words."""
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    """[{filename, content_type, size, kind, outcome, note, document_id, advice_ids}] — what became of each."""
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    """What staff wrote when they assigned the sender or dismissed the message."""


class InboundMailSender(UUIDPrimaryKey, AccountScoped, Base):
    """An address or a whole domain whose mail is a customer's: an admin adds a domain; staff assigning an unknown
    sender from the review list add the address. (A customer's users' own addresses are known without a row.)"""

    __tablename__ = "inbound_mail_senders"
    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(SenderKind)})", name="kind_known"),)

    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[str] = mapped_column(String(320), nullable=False, unique=True)
    """The address or the domain, lower case."""
    added_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
