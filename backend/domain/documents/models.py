"""Evidence and records kept in the archive; the bytes live in the document store."""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey
from backend.domain.accounts.enums import sql_in
from backend.domain.documents.enums import DocumentStatus


class Document(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """One stored file. ``storage_key`` is generated, never the user's file name."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(DocumentStatus)})", name="status_known"),
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
    )

    invoice_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=True, index=True)
    dispute_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=True, index=True)
    storage_key: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    """Store key: ``<account id>/<sha256>``. Identical files share one object, so not unique."""
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    storage_version_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
