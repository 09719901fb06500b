"""Finding documents within the caller's scope (uploads are ``uploads.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.documents.enums import DocumentStatus
from backend.domain.documents.models import Document, DocumentLinkSuggestion


async def stored_document(session: AsyncSession, document_id: uuid.UUID) -> Document | None:
    """A stored document within the session's scope (internal ones hidden from customers), or None."""
    return (
        await session.execute(
            select(Document).where(Document.id == document_id, Document.status == DocumentStatus.STORED.value)
        )
    ).scalar_one_or_none()


async def documents_by(session: AsyncSession, column: str, ids: Sequence[uuid.UUID]) -> list[list[Document]]:
    """Current stored documents for many disputes or invoices (``column`` is dispute_id or invoice_id), oldest first."""
    key = getattr(Document, column)
    grouped: dict[uuid.UUID, list[Document]] = {i: [] for i in ids}
    rows = await session.execute(
        select(Document)
        .where(key.in_(list(ids)), Document.status == DocumentStatus.STORED.value, Document.is_current.is_(True))
        .order_by(Document.created_at)
    )
    for document in rows.scalars():
        grouped[getattr(document, column)].append(document)
    return [grouped[i] for i in ids]


async def suggested_for_invoices(
    session: AsyncSession, invoice_ids: Sequence[uuid.UUID]
) -> list[list[tuple[Document, DocumentLinkSuggestion]]]:
    """For each invoice, the stored documents whose text names it but which are not linked to it."""
    grouped: dict[uuid.UUID, list[tuple[Document, DocumentLinkSuggestion]]] = {i: [] for i in invoice_ids}
    rows = await session.execute(
        select(Document, DocumentLinkSuggestion)
        .join(DocumentLinkSuggestion, DocumentLinkSuggestion.document_id == Document.id)
        .where(
            DocumentLinkSuggestion.invoice_id.in_(list(invoice_ids)),
            Document.status == DocumentStatus.STORED.value,
            Document.is_current.is_(True),
        )
        .order_by(Document.created_at)
    )
    for document, suggestion in rows:
        grouped[suggestion.invoice_id].append((document, suggestion))
    return [grouped[i] for i in invoice_ids]
