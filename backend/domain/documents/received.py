"""Files that arrive without an uploader (an e-mailed claim or backup document), kept as an upload is kept.

The same checks as a confirmed upload (``uploads.confirm_upload``): type by magic bytes, a PDF parsed in the
sandbox (encrypted or with active content refused), a SHA-256, one object per account for identical content. The
document is stored on its account with no invoice or case; extraction then reads its text, indexes it and links it
by the invoice, PO and delivery numbers it names (``evidence_links``) — the same path as an upload without context.
Nothing commits here: the caller's transaction keeps the row, or rolls it back and discards :attr:`Kept.new_key`.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.audit.service import record_event
from backend.domain.documents.enums import DocumentStatus, DocumentType, ExtractionStatus
from backend.domain.documents.errors import DocumentRejected
from backend.domain.documents.models import Document
from backend.domain.documents.uploads import Archive, clean_filename
from documents.storage import new_key
from documents.validation import AcceptedFile, UploadRejected, validate_file

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kept:
    document: Document
    new_key: str | None
    """The object written for it (None when an identical file of the account was reused)."""


async def check_received_file(archive: Archive, path: Path) -> AcceptedFile:
    """The upload checks (size, type, PDF in the sandbox); raises :class:`DocumentRejected`."""
    try:
        size = await asyncio.to_thread(os.path.getsize, path)
        return await validate_file(path, size=size, max_bytes=archive.policy.max_bytes, sandbox=archive.sandbox)
    except UploadRejected as error:
        raise DocumentRejected(error.code, error.message) from error


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


async def keep_received_file(
    session: AsyncSession,
    archive: Archive,
    *,
    account_id: uuid.UUID,
    filename: str,
    path: Path,
    accepted: AcceptedFile | None = None,
    document_type: str = DocumentType.CORRESPONDENCE.value,
    note: str = "",
    now: datetime,
) -> Kept:
    """Store ``path`` as a document of ``account_id`` (module docstring). Raises :class:`DocumentRejected`; the
    archive's own errors (``DocumentStoreError``) pass through. The caller commits, then announces extraction."""
    accepted = accepted or await check_received_file(archive, path)
    sha256 = await asyncio.to_thread(_sha256, path)
    twin = (
        await session.execute(
            select(Document)
            .where(
                Document.account_id == account_id,
                Document.sha256 == sha256,
                Document.status == DocumentStatus.STORED.value,
            )
            .limit(1)
        )
    ).scalar_one_or_none()
    written = None
    if twin is not None:
        key, version = twin.storage_key, twin.storage_version_id
    else:
        written = key = new_key(str(account_id))
        stored = await asyncio.to_thread(
            archive.store.write,
            key,
            _chunks(path),
            max_bytes=archive.policy.max_bytes,
        )
        version = stored.version_id
        if archive.policy.retention is not None:
            await asyncio.to_thread(archive.store.retain, key, version, now + archive.policy.retention)
    document = Document(
        account_id=account_id,
        storage_key=key,
        storage_version_id=version,
        filename=clean_filename(filename),
        content_type=accepted.content_type,
        document_type=document_type,
        size_bytes=accepted.size,
        sha256=sha256,
        status=DocumentStatus.STORED.value,
        uploaded_by_id=None,
        page_count=accepted.pages,
        is_internal=False,
        version_number=1,
        is_current=True,
        extraction_status=ExtractionStatus.PENDING.value,
        extraction_next_at=now,
        created_at=now,
    )
    session.add(document)
    await session.flush()
    await record_event(
        session,
        action="document.stored",
        entity_type="document",
        entity_id=document.id,
        actor_user_id=None,
        account_id=account_id,
        occurred_at=now,
        after={
            "sha256": sha256,
            "content_type": accepted.content_type,
            "size": accepted.size,
            "deduplicated": twin is not None,
            "received": note,
        },
    )
    return Kept(document=document, new_key=written)
