"""Evidence and records kept in the archive; the bytes live in the document store."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, StaffOnlyWhenInternal, UUIDPrimaryKey
from backend.db.types import UTCDateTime
from backend.domain.accounts.enums import sql_in
from backend.domain.documents.enums import DocumentStatus, DocumentType, ExtractionStatus


class Document(UUIDPrimaryKey, CreatedAt, AccountScoped, StaffOnlyWhenInternal, Base):
    """One stored file. ``storage_key`` is made by the server, never the user's file name.

    Identical content within an account is stored once: a second upload of the same bytes
    points at the first one's object. A re-upload of a document is a new row that
    ``supersedes`` the earlier one; both stay in the archive.
    """

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(DocumentStatus)})", name="status_known"),
        CheckConstraint(f"extraction_status IN ({sql_in(ExtractionStatus)})", name="extraction_status_known"),
        CheckConstraint(f"document_type IN ({sql_in(DocumentType)})", name="document_type_known"),
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
        CheckConstraint("version_number >= 1", name="version_positive"),
        Index("ix_documents_account_sha256", "account_id", "sha256"),
        Index("ix_documents_extraction_due", "extraction_status", "extraction_next_at"),
        Index("ix_documents_pending_expiry", "status", "upload_expires_at"),
        Index("ix_documents_created_at", "created_at"),  # search ranks the newest matches: walked newest first
    )

    invoice_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=True, index=True)
    dispute_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("disputes.id"), nullable=True, index=True)
    storage_key: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    """Store key: ``<account id>/<uuid>``. Identical files share one object, so not unique."""
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    document_type: Mapped[str] = mapped_column(String(32), nullable=False, default=DocumentType.OTHER.value)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    storage_version_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    upload_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    """A pending upload not confirmed by then is removed, row and object."""
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("documents.id"), nullable=True)
    version_number: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    """False once a newer version of the document is confirmed."""
    extraction_status: Mapped[str] = mapped_column(String(16), nullable=False, default=ExtractionStatus.PENDING.value)
    extraction_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    extraction_next_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extraction_lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    """While RUNNING: a worker holds the job until then; a worker killed mid-job loses it at that time."""
    extraction_error: Mapped[str | None] = mapped_column(String(300), nullable=True)


class DocumentText(AccountScoped, StaffOnlyWhenInternal, Base):
    """The text extracted from a document (PDFs), kept for snippets and re-indexing."""

    __tablename__ = "document_texts"

    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("documents.id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    metadata_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    """File name, kind, customer, invoice, PO and delivery numbers, case, uploader and date, as indexed."""
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class DocumentLinkSuggestion(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """An invoice a document's text names, offered to staff when the link is not certain."""

    __tablename__ = "document_link_suggestions"
    __table_args__ = (Index("uq_document_link_suggestions_pair", "document_id", "invoice_id", unique=True),)

    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("documents.id"), nullable=False, index=True)
    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False)
    matched_by: Mapped[str] = mapped_column(String(32), nullable=False)
    """invoice_number, po_number or delivery_number."""
    matched_text: Mapped[str] = mapped_column(String(64), nullable=False)
