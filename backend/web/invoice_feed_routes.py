"""The ERP invoice feed over HTTP: staff upload it in the console; the machine API reuses the same pieces."""

from __future__ import annotations

from typing import IO, Any

from litestar import Request, Response, post
from litestar.datastructures import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.types import utc_now
from backend.domain.invoice_feed.service import FeedActor, FeedConflict, import_invoice_feed
from backend.web.identity import acting_user
from backend.web.problems import problem
from backend.web.request_files import is_true

FEED_MAX_BYTES = 50 * 1024 * 1024
FEED_ROLES = frozenset({"admin", "ar_clerk"})
FEED_TOO_LARGE = "Invoice feeds are limited to 50 MB; split the file."


async def uploaded_file(request: Request[Any, Any, Any]) -> tuple[IO[bytes], str] | Response[Any]:
    """The multipart ``file`` field's content and name, or the problem to answer."""
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return problem(400, "invalid_request", "Choose an invoice feed CSV file to import.")
    upload.file.seek(0, 2)
    if upload.file.tell() > FEED_MAX_BYTES:
        return problem(413, "too_large", FEED_TOO_LARGE)
    upload.file.seek(0)
    return upload.file, upload.filename or "invoices.csv"


async def feed_response(
    request: Request[Any, Any, Any], db: AsyncSession, stream: IO[bytes], actor: FeedActor, accept_valid: bool
) -> Response[Any]:
    """Run the feed and answer its report: 200 when applied (all or the good part), 422 when nothing was.
    New invoices are e-mailed to their accounts' billing contacts with the portal's link."""
    portal_url = f"{request.app.state.settings.public_url}/portal"
    try:
        report = await import_invoice_feed(
            db, stream=stream, actor=actor, now=utc_now(), accept_valid=accept_valid, portal_url=portal_url
        )
    except FeedConflict as error:
        return problem(409, error.code, error.message)
    return Response(report.as_dict(), status_code=422 if report.status == "rejected" else 200)


@post("/api/imports/invoices", status_code=200, request_max_body_size=FEED_MAX_BYTES + 64 * 1024)
async def import_invoice_feed_file(request: Request[Any, Any, Any], db: AsyncSession) -> Response[Any]:
    """Multipart ``file``: an invoice feed CSV (docs/IMPORTS.md); form field ``accept_valid=true`` applies the good
    invoices of a file with bad rows. Admins and AR clerks."""
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if user.role not in FEED_ROLES:
        return problem(403, "forbidden", "Only admins and AR clerks import invoices.")
    received = await uploaded_file(request)
    if isinstance(received, Response):
        return received
    stream, filename = received
    form = await request.form()
    actor = FeedActor(user_id=user.id, filename=filename)
    return await feed_response(request, db, stream, actor, is_true(form.get("accept_valid")))
