"""The outbox: e-mails written in the same transaction as the change they report, sent afterwards."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text, Uuid
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
    attachment_kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """A PDF rendered when the e-mail is sent (``invoice``, ``dunning_letter``): the record is the truth, so the
    outbox keeps a reference, not the bytes."""
    attachment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
