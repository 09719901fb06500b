"""The two-phase upload: a pending row, then the bytes, then a confirmation that checks them.

1. ``start_upload`` commits a pending row with a server-made key and says where the bytes go:
   a presigned POST straight to S3, or the server's own streaming route for the local store.
2. The bytes arrive (``receive_upload`` for the local store).
3. ``confirm_upload`` reads the object back, checks size, type by magic bytes and PDFs in the
   sandbox, hashes it, links it to an identical earlier object of the account, locks it, and
   marks the row stored — or rejects it and removes row and object. Confirming twice is harmless;
   an archive outage leaves the row pending and a retry succeeds.

Pending uploads never confirmed are removed by ``remove_expired_uploads``. All store calls
run in a thread: boto3 blocks.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, NoReturn, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.rate import check_rate
from backend.domain.audit.service import record_event
from backend.domain.automation.service import after_documents_moved
from backend.domain.disputes.models import Dispute
from backend.domain.disputes.transitions import resume_if_waiting_on_customer
from backend.domain.documents.enums import DocumentStatus, DocumentType, ExtractionStatus
from backend.domain.documents.errors import DocumentRejected, StorageUnavailable, UploadIncomplete
from backend.domain.documents.models import Document
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.invoices.models import Invoice
from backend.domain.search.index import remove_from_index
from documents.file_types import ACCEPTED_TYPES
from documents.pdf_sandbox import PdfSandbox
from documents.storage import (
    DocumentStore,
    DocumentStoreError,
    ObjectExists,
    ObjectMissing,
    ObjectTooLarge,
    StoredObject,
    UploadTicket,
    new_key,
)
from documents.validation import UploadRejected, check_size, human_size, validate_file

MAX_FILENAME = 200
UPLOADS_PER_10_MINUTES = 100
TICKET_LIFETIME = timedelta(minutes=15)


def clean_filename(name: str) -> str:
    """The user's file name as harmless metadata: no path, no control characters, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>').strip()
    return (cleaned or "document")[:MAX_FILENAME]


@dataclass(frozen=True)
class UploadRequest:
    """What the uploader says about the file before sending it (checked again against the bytes)."""

    filename: str
    content_type: str
    size_bytes: int
    dispute_id: uuid.UUID | None = None
    invoice_id: uuid.UUID | None = None
    supersedes_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None
    """Staff only, for a document of a customer with no invoice or case yet (a customer's is their own account)."""
    document_type: str = DocumentType.OTHER.value
    internal: bool = False


@dataclass(frozen=True)
class StartedUpload:
    document: Document
    ticket: UploadTicket | None
    """A direct upload to the store, or None: PUT the bytes to the server's content route."""
    expires_at: datetime


@dataclass(frozen=True)
class UploadPolicy:
    max_bytes: int
    pending_lifetime: timedelta
    retention: timedelta | None = None
    """Object Lock retention of confirmed objects, where the store has it."""


class ExtractionQueue(Protocol):
    """Where a confirmed document is announced for text extraction and indexing (``backend/jobs``)."""

    async def extraction_due(self, document_id: uuid.UUID) -> None: ...


@dataclass(frozen=True)
class Archive:
    """Everything an upload needs besides the database: the store, the PDF sandbox, the rules, the job queue."""

    store: DocumentStore
    sandbox: PdfSandbox
    policy: UploadPolicy
    queue: ExtractionQueue


async def _target(
    session: AsyncSession, principal: Principal, request: UploadRequest
) -> tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None, Document | None]:
    """Account, invoice, dispute and the superseded document of an upload, all within the caller's scope."""
    previous = None
    dispute_id, invoice_id = request.dispute_id, request.invoice_id
    if request.supersedes_id is not None:
        previous = (
            await session.execute(
                select(Document).where(
                    Document.id == request.supersedes_id,
                    Document.status == DocumentStatus.STORED.value,
                    Document.is_current.is_(True),
                )
            )
        ).scalar_one_or_none()
        if previous is None:
            raise NotFound("The document to replace was not found, or a newer version exists.")
        return previous.account_id, previous.invoice_id, previous.dispute_id, previous
    if dispute_id is not None and invoice_id is not None:
        raise NotFound("Attach the file to one dispute or one invoice.")
    if dispute_id is None and invoice_id is None:
        # No context: the account's archive; the text's invoice numbers link it later (evidence_links).
        account_id = principal.account_id if not principal.is_staff else request.account_id
        if account_id is None or await session.get(CustomerAccount, account_id) is None:
            raise NotFound("Choose the customer the document belongs to.")
        return account_id, None, None, None
    if dispute_id is not None:
        dispute = (await session.execute(select(Dispute).where(Dispute.id == dispute_id))).scalar_one_or_none()
        if dispute is None:
            raise NotFound("Dispute not found.")
        return dispute.account_id, dispute.invoice_id, dispute.id, None
    invoice = (await session.execute(select(Invoice).where(Invoice.id == invoice_id))).scalar_one_or_none()
    if invoice is None:
        raise NotFound("Invoice not found.")
    return invoice.account_id, invoice.id, None, None


async def start_upload(
    session: AsyncSession,
    store: DocumentStore,
    *,
    principal: Principal,
    request: UploadRequest,
    policy: UploadPolicy,
    now: datetime,
) -> StartedUpload:
    """Commit a pending document row and say where its bytes go. Commits."""
    await check_rate(
        session,
        user_id=principal.user_id,
        action="document.upload_started",
        limit=UPLOADS_PER_10_MINUTES,
        window=timedelta(minutes=10),
        now=now,
        what="started an upload",
    )
    account_id, invoice_id, dispute_id, previous = await _target(session, principal, request)
    try:
        check_size(request.size_bytes, policy.max_bytes)
    except UploadRejected as error:
        raise DocumentRejected(error.code, error.message) from error
    if request.content_type not in ACCEPTED_TYPES:
        raise DocumentRejected("unsupported_type", "Only PDF, JPEG, PNG and TIFF files can be attached.")
    if request.document_type not in {t.value for t in DocumentType}:
        raise InvalidInput("documentType", "Choose what kind of document this is.", "document_type_invalid")
    if request.internal and not principal.is_staff:
        raise InvalidInput("internal", "Only staff keep internal documents.", "internal_not_allowed")
    key = new_key(str(account_id))
    expires_at = now + policy.pending_lifetime
    document = Document(
        account_id=account_id,
        invoice_id=invoice_id,
        dispute_id=dispute_id,
        storage_key=key,
        filename=clean_filename(request.filename),
        content_type=request.content_type,
        document_type=request.document_type,
        size_bytes=request.size_bytes,
        status=DocumentStatus.PENDING.value,
        uploaded_by_id=principal.user_id,
        upload_expires_at=expires_at,
        is_internal=request.internal or bool(previous and previous.is_internal),
        supersedes_id=previous.id if previous else None,
        version_number=previous.version_number + 1 if previous else 1,
        is_current=True,
        extraction_status=ExtractionStatus.PENDING.value,
        created_at=now,
    )
    session.add(document)
    await session.flush()
    try:
        ticket = await asyncio.to_thread(
            store.upload_ticket,
            key,
            content_type=request.content_type,
            max_bytes=policy.max_bytes,
            expires_in=int(TICKET_LIFETIME.total_seconds()),
        )
    except DocumentStoreError as error:
        await session.rollback()
        raise StorageUnavailable() from error
    await record_event(
        session,
        action="document.upload_started",
        entity_type="document",
        entity_id=document.id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        occurred_at=now,
        after={"filename": document.filename, "size": request.size_bytes, "dispute_id": dispute_id},
    )
    await session.commit()
    return StartedUpload(document=document, ticket=ticket, expires_at=expires_at)


async def _pending_of(session: AsyncSession, principal: Principal, document_id: uuid.UUID) -> Document:
    document = (await session.execute(select(Document).where(Document.id == document_id))).scalar_one_or_none()
    # Only the uploader (or staff) may send or confirm the bytes of a pending upload.
    if document is None or (document.uploaded_by_id != principal.user_id and not principal.is_staff):
        raise NotFound("Upload not found.")
    return document


def _blocking_chunks(loop: asyncio.AbstractEventLoop, chunks: AsyncIterator[bytes]) -> Iterator[bytes]:
    """Feed an async byte stream to a blocking writer running in a thread."""

    async def next_chunk() -> bytes | None:
        try:
            return await anext(chunks)
        except StopAsyncIteration:
            return None

    while (chunk := asyncio.run_coroutine_threadsafe(next_chunk(), loop).result()) is not None:
        yield chunk


async def receive_upload(
    session: AsyncSession,
    store: DocumentStore,
    *,
    principal: Principal,
    document_id: uuid.UUID,
    chunks: AsyncIterator[bytes],
    policy: UploadPolicy,
    now: datetime,
) -> None:
    """Stream the bytes of a pending upload into the store (local store: chunk by chunk, memory stays flat)."""
    document = await _pending_of(session, principal, document_id)
    if document.status != DocumentStatus.PENDING.value or (
        document.upload_expires_at is not None and document.upload_expires_at <= now
    ):
        raise NotFound("This upload is finished or has expired. Start it again.")
    key, loop = document.storage_key, asyncio.get_running_loop()
    await session.commit()  # no transaction stays open while the bytes arrive
    try:
        await asyncio.to_thread(store.write, key, _blocking_chunks(loop, chunks), max_bytes=policy.max_bytes)
    except ObjectTooLarge as error:
        raise DocumentRejected("too_large", f"The file is larger than {human_size(policy.max_bytes)}.") from error
    except ObjectExists as error:
        raise DocumentRejected("already_received", "This upload already has its file. Confirm it.") from error
    except DocumentStoreError as error:
        raise StorageUnavailable() from error


async def _discard(store: DocumentStore, key: str) -> None:
    try:
        await asyncio.to_thread(store.discard_unconfirmed, key)
    except DocumentStoreError as error:
        raise StorageUnavailable() from error


async def _reject(session: AsyncSession, store: DocumentStore, document: Document, error: UploadRejected) -> NoReturn:
    """A refused file leaves nothing: its object and its row go."""
    await _discard(store, document.storage_key)
    await session.execute(delete(Document).where(Document.id == document.id))
    await session.commit()
    raise DocumentRejected(error.code, error.message)


async def confirm_upload(
    session: AsyncSession,
    store: DocumentStore,
    sandbox: PdfSandbox,
    *,
    principal: Principal,
    document_id: uuid.UUID,
    policy: UploadPolicy,
    now: datetime,
) -> Document:
    """Check the bytes that arrived and keep them, or refuse them (see module docstring). Commits."""
    document = await _pending_of(session, principal, document_id)
    if document.status == DocumentStatus.STORED.value:
        return document
    if document.upload_expires_at is not None and document.upload_expires_at <= now:
        raise NotFound("This upload has expired. Upload the file again.")
    with tempfile.NamedTemporaryFile(prefix="recoup-confirm-") as spool:
        try:
            fetched = await asyncio.to_thread(_fetch, store, document.storage_key, spool, policy.max_bytes + 1)
        except ObjectMissing as error:
            raise UploadIncomplete() from error
        except ObjectTooLarge:
            await _reject(session, store, document, UploadRejected("too_large", _too_large(policy)))
        except DocumentStoreError as error:
            raise StorageUnavailable() from error
        try:
            accepted = await validate_file(
                Path(spool.name), size=fetched.size, max_bytes=policy.max_bytes, sandbox=sandbox
            )
        except UploadRejected as error:
            await _reject(session, store, document, error)
    # Claim the confirmation: of two confirmations racing, one keeps the file; the other answers with it.
    claimed = await session.execute(
        update(Document)
        .where(Document.id == document.id, Document.status == DocumentStatus.PENDING.value)
        .values(status=DocumentStatus.STORED.value)
        .execution_options(synchronize_session=False)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        confirmed_id = document.id
        await session.rollback()
        return (await session.execute(select(Document).where(Document.id == confirmed_id))).scalar_one()
    twin = (
        await session.execute(
            select(Document)
            .where(
                Document.account_id == document.account_id,
                Document.sha256 == fetched.sha256,
                Document.status == DocumentStatus.STORED.value,
                Document.id != document.id,
            )
            .limit(1)
        )
    ).scalar_one_or_none()
    if twin is not None:
        # Identical content is stored once per account: link to it, drop the copy just uploaded.
        await _discard(store, document.storage_key)
        document.storage_key, document.storage_version_id = twin.storage_key, twin.storage_version_id
    else:
        document.storage_version_id = fetched.version_id
        if policy.retention is not None:
            try:
                await asyncio.to_thread(store.retain, document.storage_key, fetched.version_id, now + policy.retention)
            except DocumentStoreError as error:
                raise StorageUnavailable() from error
    document.sha256, document.size_bytes = fetched.sha256, accepted.size
    document.content_type, document.page_count = accepted.content_type, accepted.pages
    document.status, document.upload_expires_at = DocumentStatus.STORED.value, None
    document.extraction_status, document.extraction_next_at = ExtractionStatus.PENDING.value, now
    if document.supersedes_id is not None:
        previous = await session.get(Document, document.supersedes_id)
        if previous is not None:
            previous.is_current = False  # kept in the archive, no longer searched
            await remove_from_index(session, previous.id)
    if document.dispute_id is not None:
        dispute = (await session.execute(select(Dispute).where(Dispute.id == document.dispute_id))).scalar_one()
        await resume_if_waiting_on_customer(session, dispute, principal=principal, now=now)
    # New evidence on a case or invoice: no_evidence clears, rules look again (the text comes after extraction).
    await after_documents_moved(session, invoice_ids=[document.invoice_id], dispute_ids=[document.dispute_id], now=now)
    await record_event(
        session,
        action="document.stored",
        entity_type="document",
        entity_id=document.id,
        actor_user_id=principal.user_id,
        account_id=document.account_id,
        occurred_at=now,
        after={
            "dispute_id": document.dispute_id,
            "invoice_id": document.invoice_id,
            "sha256": fetched.sha256,
            "content_type": accepted.content_type,
            "size": accepted.size,
            "version": document.version_number,
            "deduplicated": twin is not None,
        },
    )
    await session.commit()
    return document


def _too_large(policy: UploadPolicy) -> str:
    return f"The file is larger than {human_size(policy.max_bytes)}."


def _fetch(store: DocumentStore, key: str, into: IO[bytes], max_bytes: int) -> StoredObject:
    return store.fetch(key, into, max_bytes=max_bytes)


async def remove_expired_uploads(
    session: AsyncSession, store: DocumentStore, *, now: datetime, limit: int = 100
) -> int:
    """Remove pending uploads past their time, object first, then row (system session). Commits; the count."""
    expired = (
        (
            await session.execute(
                select(Document)
                .where(Document.status == DocumentStatus.PENDING.value, Document.upload_expires_at < now)
                .order_by(Document.upload_expires_at)
                .limit(limit)
            )
        )
        .scalars()
        .all()
    )
    removed = 0
    for document in expired:
        try:
            await asyncio.to_thread(store.discard_unconfirmed, document.storage_key)
        except DocumentStoreError:
            continue  # the row stays, so the next sweep tries again: never an object without its row
        await session.execute(
            delete(Document).where(Document.id == document.id, Document.status == DocumentStatus.PENDING.value)
        )
        await session.commit()
        removed += 1
    return removed
