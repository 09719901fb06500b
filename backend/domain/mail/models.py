"""The outbox: e-mails written in the same transaction as the change they report, sent afterwards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import UTCDateTime


class OutboxEmail(UUIDPrimaryKey, CreatedAt, Base):
    """One e-mail to send. ``sent_at`` is set once it left; its id is the Message-ID, so a resend is recognisable."""

    __tablename__ = "outbox_emails"

    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
