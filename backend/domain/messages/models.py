"""The conversation on a dispute between the customer and staff."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, StaffOnlyWhenInternal, UUIDPrimaryKey


class Message(UUIDPrimaryKey, CreatedAt, AccountScoped, StaffOnlyWhenInternal, Base):
    """A message on a dispute. ``is_internal`` notes are for staff only and never reach the customer."""

    __tablename__ = "messages"

    dispute_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=False, index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
