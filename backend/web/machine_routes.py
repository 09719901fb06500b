"""The machine API: programs with an OAuth2 access token (``backend/web/machine_auth.py``), never cookies."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post

from backend.db.engine import system_session
from backend.domain.invoice_feed.service import FeedActor
from backend.web.invoice_feed_routes import FEED_MAX_BYTES, feed_response, is_true, spooled_body, uploaded_file
from backend.web.machine_auth import machine_client


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
    if request.content_type[0] == "multipart/form-data":
        received = await uploaded_file(request)
        if isinstance(received, Response):
            return received
        stream, filename = received
    else:
        body = await spooled_body(request)
        if isinstance(body, Response):
            return body
        stream, filename = body, "invoices.csv"
    actor = FeedActor(user_id=None, client_id=client.client_id, filename=filename)
    async with system_session(request.app.state.sessionmaker) as db:
        return await feed_response(db, stream, actor, is_true(accept_valid))
