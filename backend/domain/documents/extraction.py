"""Text extraction and indexing of stored documents, off the request path and durable.

The document row is the job's state: PENDING (due at ``extraction_next_at``), RUNNING (held by
a worker until ``extraction_lease_until``), DONE or FAILED. A worker claims a row with one
conditional UPDATE, so two workers never run the same document; a worker killed mid-job loses
its claim when the lease runs out and the next worker takes the row up again. Failures retry
with exponential back-off; after the last attempt the document shows "could not read" and is
still found by its metadata. Both job runners (``backend/jobs``) call :func:`run_extraction`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.documents.enums import DocumentStatus, ExtractionStatus
from backend.domain.documents.evidence_links import link_evidence
from backend.domain.documents.models import Document, DocumentText
from backend.domain.documents.uploads import Archive
from backend.domain.invoices.models import Invoice
from backend.domain.orders.pod import link_pod
from backend.domain.search.index import index_document
from documents.pdf_sandbox import PdfRejected
from documents.storage import DocumentStoreError

RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)


@dataclass(frozen=True)
class ExtractionOutcome:
    status: str
    """done, failed, retry, or skipped (not due, or another worker holds it)."""
    retry_at: datetime | None = None


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … up to an hour: the wait after the ``attempts``-th failure."""
    return min(RETRY_CAP, RETRY_BASE * (2 ** max(0, attempts - 1)))


def _due(now: datetime) -> object:
    return and_(
        Document.status == DocumentStatus.STORED.value,
        or_(
            and_(
                Document.extraction_status == ExtractionStatus.PENDING.value,
                or_(Document.extraction_next_at.is_(None), Document.extraction_next_at <= now),
            ),
            and_(
                Document.extraction_status == ExtractionStatus.RUNNING.value,
                Document.extraction_lease_until < now,
            ),
        ),
    )


async def due_documents(session: AsyncSession, *, now: datetime, limit: int) -> list[uuid.UUID]:
    """Documents whose extraction is due now, or whose worker's lease ran out (system session)."""
    rows = await session.execute(
        select(Document.id).where(_due(now)).order_by(Document.extraction_next_at).limit(limit)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


async def _claim(session: AsyncSession, document_id: uuid.UUID, *, now: datetime, lease: timedelta) -> bool:
    claimed = await session.execute(
        update(Document)
        .where(Document.id == document_id, _due(now))  # type: ignore[arg-type]
        .values(
            extraction_status=ExtractionStatus.RUNNING.value,
            extraction_lease_until=now + lease,
            extraction_attempts=Document.extraction_attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


async def metadata_text(session: AsyncSession, document: Document) -> str:
    """What the index knows about a document besides its text: name, kind, customer, numbers, case, uploader, date."""
    account = await session.get(CustomerAccount, document.account_id)
    invoice = await session.get(Invoice, document.invoice_id) if document.invoice_id else None
    uploader = await session.get(User, document.uploaded_by_id) if document.uploaded_by_id else None
    parts = [
        document.filename,
        document.document_type.replace("_", " "),
        account.name if account else "",
        account.number if account else "",
        invoice.number if invoice else "",
        (invoice.po_number or "") if invoice else "",
        (invoice.delivery_number or "") if invoice else "",
        f"dispute {document.dispute_id}" if document.dispute_id else "",
        uploader.full_name if uploader else "",
        document.created_at.date().isoformat(),
    ]
    return " ".join(part for part in parts if part)


SPOOL_PREFIX = "recoup-extract-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@cache
def _spool_directory(pid: int) -> Path:
    """This process's folder for the copies it reads (``recoup-extract-<pid>`` in the temporary directory).

    A worker killed mid-extraction cannot delete its copy; a folder per process can be swept by the next one:
    the folders of processes that no longer exist are removed when a process makes its own (a pid that was
    reused keeps its folder until then).
    """
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{SPOOL_PREFIX}*"):
        owner = stale.name.removeprefix(SPOOL_PREFIX)
        if stale.is_dir() and owner.isdigit() and int(owner) != pid and not _alive(int(owner)):
            shutil.rmtree(stale, ignore_errors=True)
    own = base / f"{SPOOL_PREFIX}{pid}"
    own.mkdir(mode=0o700, exist_ok=True)
    return own


async def _read_text(archive: Archive, document: Document) -> tuple[str, int | None]:
    if document.content_type != "application/pdf":
        return "", None
    spool_dir = await asyncio.to_thread(_spool_directory, os.getpid())
    with tempfile.NamedTemporaryFile(dir=spool_dir) as spool:
        await asyncio.to_thread(
            archive.store.fetch, document.storage_key, spool, max_bytes=archive.policy.max_bytes + 1
        )
        spool.flush()
        reading = await archive.sandbox.extract(Path(spool.name))
    return reading.text, reading.pages


async def _index(session: AsyncSession, document: Document, body: str, now: datetime) -> None:
    metadata = await metadata_text(session, document)
    text_row = await session.get(DocumentText, document.id)
    if text_row is None:
        text_row = DocumentText(
            document_id=document.id, account_id=document.account_id, is_internal=document.is_internal, extracted_at=now
        )
        session.add(text_row)
    text_row.body, text_row.metadata_text, text_row.extracted_at = body, metadata, now
    await index_document(
        session,
        document_id=document.id,
        account_id=document.account_id,
        is_internal=document.is_internal,
        metadata=metadata,
        body=body,
    )


async def run_extraction(
    sessions: async_sessionmaker[AsyncSession],
    archive: Archive,
    document_id: uuid.UUID,
    *,
    now: datetime,
    lease: timedelta,
    max_attempts: int,
) -> ExtractionOutcome:
    """Claim one document, read its text in the sandbox, index it and link the invoices it names."""
    async with system_session(sessions) as session:
        if not await _claim(session, document_id, now=now, lease=lease):
            return ExtractionOutcome("skipped")
        document = (await session.execute(select(Document).where(Document.id == document_id))).scalar_one()
        attempts = document.extraction_attempts
        try:
            body, pages = await _read_text(archive, document)
        except (PdfRejected, DocumentStoreError, OSError) as error:
            permanent = isinstance(error, PdfRejected) and error.reason != "too_slow"
            if permanent or attempts >= max_attempts:
                await _index(session, document, "", now)  # still found by its metadata
                document.extraction_status = ExtractionStatus.FAILED.value
                document.extraction_error = _reason(error)
                document.extraction_lease_until = None
                await session.commit()
                return ExtractionOutcome("failed")
            retry_at = now + backoff(attempts)
            document.extraction_status = ExtractionStatus.PENDING.value
            document.extraction_next_at, document.extraction_lease_until = retry_at, None
            document.extraction_error = _reason(error)
            await session.commit()
            return ExtractionOutcome("retry", retry_at)
        await _index(session, document, body, now)
        await link_evidence(session, document, body, now=now)
        await link_pod(session, document, body, now=now)
        if pages is not None:
            document.page_count = pages
        document.extraction_status = ExtractionStatus.DONE.value
        document.extraction_lease_until, document.extraction_error = None, None
        await session.commit()
        return ExtractionOutcome("done")


def _reason(error: Exception) -> str:
    if isinstance(error, PdfRejected):
        return error.message[:300]
    return "The archive could not be read; will try again."[:300]
