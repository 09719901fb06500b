"""Uploading evidence and downloading documents: file streams do not belong in GraphQL."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.status_codes import HTTP_201_CREATED

from backend.db.engine import principal_session
from backend.db.types import utc_now
from backend.domain.audit.rate import TooManyRequests
from backend.domain.auth.service import principal_for
from backend.domain.documents.errors import DocumentRejected, StorageUnavailable
from backend.domain.documents.links import link_is_valid
from backend.domain.documents.service import attach_document, stored_document
from backend.domain.errors import NotFound
from backend.settings import Settings
from backend.web.identity import current_user
from backend.web.problems import problem
from documents.storage import DocumentStoreError
from documents.validation import human_size

# Multipart framing on top of the file itself.
_MULTIPART_OVERHEAD = 64 * 1024
_REJECTION_STATUS = {"too_large": 413, "unsupported_type": 415, "empty_file": 400, "unreadable_pdf": 422}


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


async def upload_size_guard(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """Refuse an oversized upload from its Content-Length before reading a byte of it."""
    settings: Settings = request.app.state.settings
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > settings.upload_max_bytes + _MULTIPART_OVERHEAD:
        return problem(413, "too_large", f"The file is larger than {human_size(settings.upload_max_bytes)}.")
    return None


@post("/api/documents", status_code=HTTP_201_CREATED, before_request=upload_size_guard, request_max_body_size=None)
async def upload_document(request: Request[Any, Any, Any]) -> Response[Any]:
    """Store one file against a dispute or invoice of the signed-in user's scope (multipart: file + disputeId|invoiceId)."""
    settings: Settings = request.app.state.settings
    user = await current_user(request)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if not request.content_type[0].startswith("multipart/form-data"):
        return problem(400, "invalid_request", "Send the file as multipart/form-data.")
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return problem(400, "invalid_request", "Choose a file to upload.")
    data = await upload.read(settings.upload_max_bytes + 1)
    async with principal_session(request.app.state.sessionmaker, principal_for(user)) as db:
        try:
            document = await attach_document(
                db,
                request.app.state.document_store,
                principal=principal_for(user),
                dispute_id=_uuid_or_none(form.get("disputeId")),
                invoice_id=_uuid_or_none(form.get("invoiceId")),
                filename=upload.filename or "document",
                data=data,
                max_bytes=settings.upload_max_bytes,
                now=utc_now(),
            )
        except DocumentRejected as error:
            return problem(_REJECTION_STATUS.get(error.code, 400), error.code, error.message)
        except NotFound as error:
            return problem(404, "not_found", error.message)
        except StorageUnavailable as error:
            return problem(503, "storage_unavailable", error.message)
        except TooManyRequests as error:
            return problem(429, error.code, error.message)
    return Response(
        {
            "id": str(document.id),
            "filename": document.filename,
            "contentType": document.content_type,
            "sizeBytes": document.size_bytes,
        },
        status_code=HTTP_201_CREATED,
    )


def _attachment(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@get("/api/documents/{document_id:uuid}/download")
async def download_document(
    request: Request[Any, Any, Any], document_id: uuid.UUID, expires: int, sig: str
) -> Response[Any]:
    """The file, for the user the link was signed for, while it is valid and still in their scope."""
    settings: Settings = request.app.state.settings
    user = await current_user(request)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if not link_is_valid(settings.secret_key, document_id, user.id, expires, sig, utc_now()):
        return problem(404, "not_found", "This link has expired or is not yours. Open the document again.")
    async with principal_session(request.app.state.sessionmaker, principal_for(user)) as db:
        document = await stored_document(db, document_id)
    if document is None:
        return problem(404, "not_found", "Document not found.")
    try:
        data = request.app.state.document_store.get(document.storage_key)
    except DocumentStoreError:
        return problem(
            503, "storage_unavailable", "The document archive is not reachable right now. Try again shortly."
        )
    return Response(
        data,
        media_type=document.content_type,
        headers={
            "content-disposition": _attachment(document.filename),
            "content-security-policy": "default-src 'none'; sandbox",
        },
    )
