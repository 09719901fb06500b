"""The bytes of documents, which do not belong in GraphQL: receiving an upload's file, and downloads.

Starting and confirming an upload are GraphQL mutations (``backend/archive``). With the S3
store the browser sends the bytes straight to S3 (presigned POST); with the local store it
PUTs them here, and they are streamed to disk in chunks.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from litestar import Request, Response, get, put
from litestar.response import Redirect, Stream
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.types import utc_now
from backend.domain.auth.service import principal_for
from backend.domain.documents.errors import DocumentRejected, StorageUnavailable
from backend.domain.documents.links import link_is_valid
from backend.domain.documents.service import stored_document
from backend.domain.documents.uploads import receive_upload
from backend.domain.errors import NotFound
from backend.settings import Settings
from backend.web.identity import acting_user
from backend.web.problems import problem
from documents.disposition import attachment
from documents.storage import CHUNK, DocumentStoreError
from documents.validation import human_size

_REJECTION_STATUS = {"too_large": 413, "already_received": 409}
DIRECT_LINK_SECONDS = 60


async def upload_size_guard(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """Refuse an oversized upload from its Content-Length before reading a byte of it."""
    settings: Settings = request.app.state.settings
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > settings.upload_max_bytes:
        return problem(413, "too_large", f"The file is larger than {human_size(settings.upload_max_bytes)}.")
    return None


@put(
    "/api/documents/{document_id:uuid}/content",
    status_code=200,
    before_request=upload_size_guard,
    request_max_body_size=None,
)
async def receive_document_content(
    request: Request[Any, Any, Any], db: AsyncSession, document_id: uuid.UUID
) -> Response[None]:
    """The file of a pending upload, as the raw request body (local store only); then confirm it."""
    settings: Settings = request.app.state.settings
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if settings.document_store != "local":
        return problem(409, "direct_upload", "Send the file to the upload address you were given.")

    async def chunks() -> AsyncIterator[bytes]:
        async for chunk in request.stream():
            yield chunk

    archive = request.app.state.background.archive
    try:
        await receive_upload(
            db,
            archive.store,
            principal=principal_for(user),
            document_id=document_id,
            chunks=chunks(),
            policy=archive.policy,
            now=utc_now(),
        )
    except DocumentRejected as error:
        return problem(_REJECTION_STATUS.get(error.code, 400), error.code, error.message)
    except NotFound as error:
        return problem(404, "not_found", error.message)
    except StorageUnavailable as error:
        return problem(503, "storage_unavailable", error.message)
    return Response(None, status_code=204)


@get("/api/documents/{document_id:uuid}/download")
async def download_document(
    request: Request[Any, Any, Any], db: AsyncSession, document_id: uuid.UUID, expires: int, sig: str
) -> Response[Any]:
    """The file, for the user the link was signed for, while it is valid and still in their scope.

    From S3: a redirect to a one-minute presigned link for the exact version that was checked.
    From the local store: streamed in chunks.
    """
    settings: Settings = request.app.state.settings
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if not link_is_valid(settings.secret_key, document_id, user.id, expires, sig, utc_now()):
        return problem(404, "not_found", "This link has expired or is not yours. Open the document again.")
    document = await stored_document(db, document_id)
    if document is None:
        return problem(404, "not_found", "Document not found.")
    store = request.app.state.background.archive.store
    unavailable = problem(
        503, "storage_unavailable", "The document archive is not reachable right now. Try again shortly."
    )
    try:
        direct = store.download_url(
            document.storage_key,
            document.storage_version_id,
            filename=document.filename,
            content_type=document.content_type,
            expires_in=DIRECT_LINK_SECONDS,
        )
        if direct is not None:
            return Redirect(direct, status_code=302)
        handle = store.open(document.storage_key, document.storage_version_id)
    except DocumentStoreError:
        return unavailable

    def body() -> Any:
        with handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    return Stream(
        body(),
        media_type=document.content_type,
        headers={
            "content-disposition": attachment(document.filename),
            "content-security-policy": "default-src 'none'; sandbox",
            "content-length": str(document.size_bytes),
        },
    )
