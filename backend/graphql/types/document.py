"""A stored document and its short-lived download link."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum

import strawberry

from backend.db.types import utc_now
from backend.domain.documents.enums import DocumentType as DomainDocumentType
from backend.domain.documents.enums import ExtractionStatus
from backend.domain.documents.links import download_url
from backend.domain.documents.models import Document as DocumentModel
from backend.graphql.context import Info
from backend.graphql.executor import reads_only_context

DocumentType = strawberry.enum(DomainDocumentType, name="DocumentType")


@strawberry.enum(description="Whether the document's text is in the search index yet.")
class DocumentReadStatus(Enum):
    INDEXING = "indexing"
    READY = "ready"
    COULD_NOT_READ = "could_not_read"


_READ_STATUS = {
    ExtractionStatus.PENDING.value: DocumentReadStatus.INDEXING,
    ExtractionStatus.RUNNING.value: DocumentReadStatus.INDEXING,
    ExtractionStatus.DONE.value: DocumentReadStatus.READY,
    ExtractionStatus.FAILED.value: DocumentReadStatus.COULD_NOT_READ,
}


@strawberry.type(description="A file kept in the archive: proof of delivery, photos, agreements.")
class Document:
    id: strawberry.ID
    filename: str
    content_type: str
    size_bytes: int
    created_at: datetime
    document_type: DocumentType  # type: ignore[valid-type]
    version_number: int = strawberry.field(description="1 for the first upload; a re-upload of it counts up.")
    page_count: int | None
    read_status: DocumentReadStatus
    is_internal: bool = strawberry.field(description="Staff only; never shown to the customer.")
    account_id: strawberry.ID
    invoice_id: strawberry.ID | None
    dispute_id: strawberry.ID | None
    document_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_model(cls, document: DocumentModel) -> Document:
        return cls(
            id=strawberry.ID(str(document.id)),
            filename=document.filename,
            content_type=document.content_type,
            size_bytes=document.size_bytes,
            created_at=document.created_at,
            document_type=DomainDocumentType(document.document_type),
            version_number=document.version_number,
            page_count=document.page_count,
            read_status=_READ_STATUS.get(document.extraction_status, DocumentReadStatus.INDEXING),
            is_internal=document.is_internal,
            account_id=strawberry.ID(str(document.account_id)),
            invoice_id=strawberry.ID(str(document.invoice_id)) if document.invoice_id else None,
            dispute_id=strawberry.ID(str(document.dispute_id)) if document.dispute_id else None,
            document_id=document.id,
        )

    @strawberry.field(description="A link that downloads the file for you for the next five minutes.")
    @reads_only_context
    def download_url(self, info: Info) -> str:
        user = info.context.user
        assert user is not None  # documents are only reachable through signed-in fields
        return download_url(info.context.link_secret, self.document_id, user.id, utc_now())
