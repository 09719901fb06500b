"""Inbound mail for staff over plain HTTP: hand in a saved message (.eml), and download a message's original."""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Stream
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.types import utc_now
from backend.domain.auth.service import principal_for
from backend.domain.inbound_mail.messages import MAX_MESSAGE_BYTES
from backend.domain.inbound_mail.models import InboundMessage
from backend.domain.inbound_mail.service import receive
from backend.web.identity import acting_user
from backend.web.problems import problem
from backend.web.request_files import CHUNK
from documents.disposition import attachment
from documents.storage import DocumentStoreError

DIRECT_LINK_SECONDS = 60


async def _staff(request: Request[Any, Any, Any], db: AsyncSession) -> Response[Any] | None:
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if not principal_for(user).is_staff:
        return problem(403, "forbidden", "Only staff read inbound mail.")
    return None


@post("/api/inbound-mail", status_code=202, request_max_body_size=MAX_MESSAGE_BYTES + 64 * 1024)
async def hand_in_message(request: Request[Any, Any, Any], db: AsyncSession) -> Response[Any]:
    """Multipart ``file``: an e-mail saved as .eml (a customer's mail that reached a person, not the mailbox). It
    is kept and read like the mailbox's: 202 with its id, 200 with the earlier one when it was seen before."""
    refused = await _staff(request, db)
    if refused is not None:
        return refused
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return problem(400, "invalid_request", "Choose a message saved as .eml.")
    with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as spool:
        digest, size = hashlib.sha256(), 0
        upload.file.seek(0)
        while chunk := upload.file.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            spool.write(chunk)
        if size == 0:
            return problem(422, "empty_file", "The file is empty.")
        spool.seek(0)
        head = spool.read(256 * 1024)
        spool.seek(0)
        background = request.app.state.background
        try:
            received = await receive(
                db,
                background.archive.store,
                head=head,
                sha256=digest.hexdigest(),
                size=size,
                chunks=iter(lambda: spool.read(CHUNK), b""),
                source="upload",
                now=utc_now(),
            )
        except DocumentStoreError:
            return problem(
                503,
                "storage_unavailable",
                "The archive is not reachable right now; send it again shortly.",
                headers={"retry-after": "5"},
            )
    if not received.duplicate:
        await background.inbound_mail_due()
    return Response(
        {"id": str(received.message_id), "duplicate": received.duplicate},
        status_code=200 if received.duplicate else 202,
    )


@get("/api/inbound-mail/{message_id:uuid}/original")
async def download_original(request: Request[Any, Any, Any], db: AsyncSession, message_id: uuid.UUID) -> Response[Any]:
    """The message as it arrived (``message/rfc822``), for staff."""
    refused = await _staff(request, db)
    if refused is not None:
        return refused
    message = await db.get(InboundMessage, message_id)
    if message is None or message.object_key is None:
        return problem(404, "not_found", "That message has no original in the archive.")
    store = request.app.state.background.archive.store
    name = f"message-{message.id}.eml"
    try:
        direct = store.download_url(
            message.object_key, None, filename=name, content_type="message/rfc822", expires_in=DIRECT_LINK_SECONDS
        )
        if direct is not None:
            return Redirect(direct, status_code=302)
        handle = store.open(message.object_key, None)
    except DocumentStoreError:
        return problem(503, "storage_unavailable", "The archive is not reachable right now. Try again shortly.")

    def body() -> Any:
        with handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    return Stream(
        body(),
        media_type="message/rfc822",
        headers={"content-disposition": attachment(name), "content-security-policy": "default-src 'none'; sandbox"},
    )
