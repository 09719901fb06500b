"""The machine API: programs with an OAuth2 access token (``backend/web/machine_auth.py``), never cookies."""

from __future__ import annotations

from typing import IO, Any

from litestar import Request, Response, post

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.cash.column_mappings import ColumnMappingRequired
from backend.domain.cash.service import (
    MAX_IMPORT_BYTES,
    ImportRejected,
    ImportStoreUnavailable,
    Submitter,
    submit_import,
)
from backend.domain.invoice_feed.service import FeedActor
from backend.web.import_routes import mapping_required, submission_answer
from backend.web.invoice_feed_routes import FEED_MAX_BYTES, FEED_TOO_LARGE, feed_response, uploaded_file
from backend.web.machine_auth import machine_client
from backend.web.problems import problem
from backend.web.request_files import file_chunks, is_true, spooled_body


async def machine_file(request: Request[Any, Any, Any], default_name: str) -> tuple[IO[bytes], str] | Response[Any]:
    """A feed file posted by a program: the ``text/csv`` body or the multipart ``file``, with its name."""
    if request.content_type[0] == "multipart/form-data":
        return await uploaded_file(request)
    body = await spooled_body(request, max_bytes=FEED_MAX_BYTES, too_large=FEED_TOO_LARGE)
    if isinstance(body, Response):
        return body
    return body, default_name


@post(
    "/api/machine/invoices",
    exclude_from_csrf=True,
    status_code=200,
    request_max_body_size=FEED_MAX_BYTES + 64 * 1024,
)
async def machine_invoice_feed(request: Request[Any, Any, Any], accept_valid: str | None = None) -> Response[Any]:
    """An invoice feed CSV (docs/IMPORTS.md) as the ``text/csv`` body or multipart ``file``; scope
    ``invoices:import``; ``?accept_valid=true`` applies the good invoices. The same report as the console's."""
    client = await machine_client(request, "invoices:import")
    if isinstance(client, Response):
        return client
    received = await machine_file(request, "invoices.csv")
    if isinstance(received, Response):
        return received
    stream, filename = received
    actor = FeedActor(user_id=None, client_id=client.client_id, filename=filename)
    try:
        async with system_session(request.app.state.sessionmaker) as db:
            return await feed_response(request, db, stream, actor, is_true(accept_valid))
    finally:
        stream.close()


@post(
    "/api/machine/remittances",
    exclude_from_csrf=True,
    status_code=202,
    request_max_body_size=MAX_IMPORT_BYTES + 64 * 1024,
)
async def machine_remittance(
    request: Request[Any, Any, Any],
    format: str | None = None,
    accept_valid: str | None = None,
    filename: str | None = None,
    customer: str | None = None,
) -> Response[Any]:
    """A remittance file (a bank, EDI or lockbox format, or a customer's own CSV/XLSX advice) as the request body;
    scope ``remittances:import``; ``?format=`` to say which (else detected), ``?customer=`` the customer number of an
    advice, ``?accept_valid=true`` to apply the good payments of a bad file. 202 with the queued import (follow it
    in the console), 200 with the earlier import of the same file, 422 ``column_mapping_required`` when a clerk must
    first map that customer's columns in the console."""
    client = await machine_client(request, "remittances:import")
    if isinstance(client, Response):
        return client
    spool = await spooled_body(
        request, max_bytes=MAX_IMPORT_BYTES, too_large="The file is too large to import; split it."
    )
    if isinstance(spool, Response):
        return spool
    background = request.app.state.background
    try:
        async with system_session(request.app.state.sessionmaker) as db:
            try:
                submission = await submit_import(
                    db,
                    background.archive.store,
                    submitter=Submitter(client_id=client.client_id),
                    filename=(filename or "remittance")[:255],
                    chunks=file_chunks(spool),
                    file_format=(format or "").strip() or None,
                    accept_valid=is_true(accept_valid),
                    now=utc_now(),
                    customer=(customer or "").strip() or None,
                )
            except ColumnMappingRequired as error:
                return mapping_required(error)
            except ImportRejected as error:
                return problem(422, error.code, error.message)
            except ImportStoreUnavailable as error:
                return problem(503, error.code, error.message, headers={"retry-after": "5"})
    finally:
        spool.close()
    if not submission.duplicate:
        await background.import_due(submission.job.id)
    return submission_answer(submission)
