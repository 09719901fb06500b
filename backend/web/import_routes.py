"""Remittance file import for staff: upload a lockbox CSV, get the per-line report back."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.datastructures import UploadFile

from backend.db.engine import principal_session
from backend.db.types import utc_now
from backend.domain.auth.service import principal_for
from backend.domain.cash.service import ImportRejected, import_lockbox
from backend.web.identity import current_user
from backend.web.problems import problem

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@post("/api/imports/lockbox", status_code=200, request_max_body_size=MAX_IMPORT_BYTES + 64 * 1024)
async def import_lockbox_file(request: Request[Any, Any, Any]) -> Response[Any]:
    """Multipart ``file``: a lockbox CSV (docs/IMPORTS.md). 200 with the report when applied or a duplicate,
    422 with the per-line report when any line is wrong (then nothing was changed)."""
    user = await current_user(request)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    principal = principal_for(user)
    if not principal.is_staff:
        return problem(403, "forbidden", "Only staff import remittances.")
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return problem(400, "invalid_request", "Choose a lockbox CSV file to import.")
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        return problem(413, "too_large", "Import files are limited to 20 MB; split the file.")
    async with principal_session(request.app.state.sessionmaker, principal) as db:
        try:
            report = await import_lockbox(
                db, principal=principal, filename=upload.filename or "lockbox.csv", data=data, now=utc_now()
            )
        except ImportRejected as error:
            return problem(422, error.code, error.message)
    return Response(report.as_dict(), status_code=422 if report.status == "rejected" else 200)
