"""A stored document and its short-lived download link."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from backend.db.types import utc_now
from backend.domain.documents.links import download_url
from backend.domain.documents.models import Document as DocumentModel
from backend.graphql.context import Info


@strawberry.type(description="A file kept in the archive: proof of delivery, photos, agreements.")
class Document:
    id: strawberry.ID
    filename: str
    content_type: str
    size_bytes: int
    created_at: datetime
    document_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_model(cls, document: DocumentModel) -> Document:
        return cls(
            id=strawberry.ID(str(document.id)),
            filename=document.filename,
            content_type=document.content_type,
            size_bytes=document.size_bytes,
            created_at=document.created_at,
            document_id=document.id,
        )

    @strawberry.field(description="A link that downloads the file for you for the next five minutes.")
    def download_url(self, info: Info) -> str:
        user = info.context.user
        assert user is not None  # documents are only reachable through signed-in fields
        return download_url(info.context.link_secret, self.document_id, user.id, utc_now())
