"""Storing evidence against a dispute or an invoice, and finding documents within the caller's scope."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.audit.rate import check_rate
from backend.domain.audit.service import record_event
from backend.domain.disputes.models import Dispute
from backend.domain.disputes.transitions import resume_if_waiting_on_customer
from backend.domain.documents.enums import DocumentStatus
from backend.domain.documents.errors import DocumentRejected, StorageUnavailable
from backend.domain.documents.models import Document
from backend.domain.errors import NotFound
from backend.domain.invoices.models import Invoice
from documents.storage import DocumentStore, DocumentStoreError, content_key
from documents.validation import UploadRejected, validate_upload

MAX_FILENAME = 200
UPLOADS_PER_10_MINUTES = 100


def clean_filename(name: str) -> str:
    """The user's file name as harmless metadata: no path, no control characters, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>').strip()
    return (cleaned or "document")[:MAX_FILENAME]


async def attach_document(
    session: AsyncSession,
    store: DocumentStore,
    *,
    principal: Principal,
    dispute_id: uuid.UUID | None,
    invoice_id: uuid.UUID | None,
    filename: str,
    data: bytes,
    max_bytes: int,
    now: datetime,
) -> Document:
    """Validate and store a file against a dispute or invoice the caller may see.

    Two phases so row and object stay consistent: a pending row is committed, the
    bytes are written to the store (keyed by content hash under the account), then
    the row is marked stored with its SHA-256 and version and the audit event is
    written. A rejected file leaves nothing; a store failure removes the pending row.
    """
    await check_rate(
        session,
        user_id=principal.user_id,
        action="document.stored",
        limit=UPLOADS_PER_10_MINUTES,
        window=timedelta(minutes=10),
        now=now,
        what="uploaded a file",
    )
    answered: Dispute | None = None
    if (dispute_id is None) == (invoice_id is None):
        raise NotFound("Attach the file to one dispute or one invoice.")
    if dispute_id is not None:
        target = (await session.execute(select(Dispute).where(Dispute.id == dispute_id))).scalar_one_or_none()
        if target is None:
            raise NotFound("Dispute not found.")
        account_id, invoice_of_target = target.account_id, target.invoice_id
        answered = target
    else:
        invoice = (await session.execute(select(Invoice).where(Invoice.id == invoice_id))).scalar_one_or_none()
        if invoice is None:
            raise NotFound("Invoice not found.")
        account_id, invoice_of_target = invoice.account_id, invoice.id
    try:
        accepted = validate_upload(data, max_bytes=max_bytes)
    except UploadRejected as error:
        raise DocumentRejected(error.code, error.message) from error

    key, _ = content_key(str(account_id), data)
    document = Document(
        account_id=account_id,
        invoice_id=invoice_of_target,
        dispute_id=dispute_id,
        storage_key=key,
        filename=clean_filename(filename),
        content_type=accepted.content_type,
        size_bytes=accepted.size,
        status=DocumentStatus.PENDING.value,
        uploaded_by_id=principal.user_id,
        created_at=now,
    )
    session.add(document)
    await session.commit()
    try:
        stored = store.put(str(account_id), data)
    except DocumentStoreError as error:
        await session.delete(document)
        await session.commit()
        raise StorageUnavailable() from error
    if answered is not None:
        await resume_if_waiting_on_customer(session, answered, principal=principal, now=now)
    document.sha256 = stored.sha256
    document.storage_version_id = stored.version_id
    document.status = DocumentStatus.STORED.value
    await record_event(
        session,
        action="document.stored",
        entity_type="document",
        entity_id=document.id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        occurred_at=now,
        after={
            "dispute_id": dispute_id,
            "invoice_id": invoice_of_target,
            "sha256": stored.sha256,
            "content_type": accepted.content_type,
            "size": accepted.size,
        },
    )
    await session.commit()
    return document


async def stored_document(session: AsyncSession, document_id: uuid.UUID) -> Document | None:
    """A stored document within the session's scope, or None."""
    return (
        await session.execute(
            select(Document).where(Document.id == document_id, Document.status == DocumentStatus.STORED.value)
        )
    ).scalar_one_or_none()


async def documents_by(session: AsyncSession, column: str, ids: Sequence[uuid.UUID]) -> list[list[Document]]:
    """Stored documents for many disputes or invoices (``column`` is dispute_id or invoice_id), oldest first."""
    key = getattr(Document, column)
    grouped: dict[uuid.UUID, list[Document]] = {i: [] for i in ids}
    rows = await session.execute(
        select(Document)
        .where(key.in_(list(ids)), Document.status == DocumentStatus.STORED.value)
        .order_by(Document.created_at)
    )
    for document in rows.scalars():
        grouped[getattr(document, column)].append(document)
    return [grouped[i] for i in ids]
