"""The conversation on a dispute between the customer and staff."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, ForeignKey, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey


class Message(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A message on a dispute. ``is_internal`` notes are for staff only and never reach the customer."""

    __tablename__ = "messages"

    dispute_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=False, index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    is_internal: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
