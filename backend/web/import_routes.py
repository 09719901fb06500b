"""Remittance file import for staff: upload a file, the import runs as a job; follow it in the console (GraphQL)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.datastructures import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.types import utc_now
from backend.domain.auth.service import principal_for
from backend.domain.cash.column_mappings import ColumnMappingRequired
from backend.domain.cash.service import (
    MAX_IMPORT_BYTES,
    ImportRejected,
    ImportStoreUnavailable,
    Submission,
    Submitter,
    submit_import,
)
from backend.web.identity import acting_user
from backend.web.problems import problem
from backend.web.request_files import file_chunks, is_true


def mapping_required(error: ColumnMappingRequired) -> Response[Any]:
    """422 ``column_mapping_required`` with what the console shows to ask which column is which."""
    layout = error.layout
    return Response(
        {
            "code": error.code,
            "message": error.message,
            "customer": error.customer_number,
            "header": list(layout.header),
            "samples": [list(row) for row in layout.samples],
            "header_row": layout.header_row,
        },
        status_code=422,
    )


def submission_answer(submission: Submission) -> Response[Any]:
    job = submission.job
    return Response(
        {"id": str(job.id), "status": job.status, "format": job.file_format, "duplicate": submission.duplicate},
        status_code=200 if submission.duplicate else 202,
    )


@post("/api/imports/remittances", status_code=202, request_max_body_size=MAX_IMPORT_BYTES + 64 * 1024)
async def import_remittance_file(request: Request[Any, Any, Any], db: AsyncSession) -> Response[Any]:
    """Multipart ``file`` (a bank, EDI or lockbox format, or a customer's own CSV/XLSX advice; ``format`` to say
    which, else detected), ``customer`` (the customer number, for an advice) and ``accept_valid`` (``true`` applies
    the good payments of a file with bad lines). 202 with the queued import's id; 200 with the earlier import when
    the same file was already imported; 422 when the file cannot be taken, or (``column_mapping_required``) with
    the advice's header and a few rows when that customer's columns are not mapped yet."""
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    principal = principal_for(user)
    if not principal.is_staff:
        return problem(403, "forbidden", "Only staff import remittances.")
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return problem(400, "invalid_request", "Choose a remittance file to import.")
    chosen = str(form.get("format") or "").strip() or None
    customer = str(form.get("customer") or "").strip() or None
    accept_valid = is_true(form.get("accept_valid"))
    background = request.app.state.background
    try:
        submission = await submit_import(
            db,
            background.archive.store,
            submitter=Submitter(user_id=principal.user_id),
            filename=upload.filename or "remittance",
            chunks=file_chunks(upload.file),
            file_format=chosen,
            accept_valid=accept_valid,
            now=utc_now(),
            customer=customer,
        )
    except ColumnMappingRequired as error:
        return mapping_required(error)
    except ImportRejected as error:
        return problem(422, error.code, error.message)
    except ImportStoreUnavailable as error:
        return problem(503, error.code, error.message, headers={"retry-after": "5"})
    if not submission.duplicate:
        await background.import_due(submission.job.id)
    return submission_answer(submission)
