"""The ERP's order and delivery feeds over HTTP: staff upload them in the console, programs post them to the machine
API (scope ``orders:import``). Both answer the import's report: 200 when applied (all or the good part), 422 when
nothing was, 409 when someone changed the same orders meanwhile."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import IO, Any

from litestar import Request, Response, post
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.orders.importing import ImportActor, ImportConflict, ImportReport, import_deliveries, import_orders
from backend.web.identity import acting_user
from backend.web.invoice_feed_routes import FEED_MAX_BYTES, FEED_ROLES, uploaded_file
from backend.web.machine_auth import machine_client
from backend.web.machine_routes import machine_file
from backend.web.problems import problem
from backend.web.request_files import is_true

Importer = Callable[..., Awaitable[ImportReport]]
KINDS: dict[str, tuple[Importer, str]] = {
    "orders": (import_orders, "orders.csv"),
    "deliveries": (import_deliveries, "deliveries.csv"),
}


async def _answer(
    request: Request[Any, Any, Any],
    db: AsyncSession,
    kind: str,
    stream: IO[bytes],
    actor: ImportActor,
    accept_valid: bool,
) -> Response[Any]:
    importer = KINDS[kind][0]
    extra = {"portal_url": f"{request.app.state.settings.public_url}/portal"} if kind == "deliveries" else {}
    try:
        report = await importer(db, stream=stream, actor=actor, now=utc_now(), accept_valid=accept_valid, **extra)
    except ImportConflict as error:
        return problem(409, error.code, error.message)
    return Response(report.as_dict(), status_code=422 if report.status == "rejected" else 200)


async def _console(request: Request[Any, Any, Any], db: AsyncSession, kind: str) -> Response[Any]:
    user = await acting_user(request, db)
    if user is None:
        return problem(401, "not_authenticated", "Sign in to continue.")
    if user.role not in FEED_ROLES:
        return problem(403, "forbidden", f"Only admins and AR clerks import {kind}.")
    received = await uploaded_file(request)
    if isinstance(received, Response):
        return received
    stream, filename = received
    form = await request.form()
    actor = ImportActor(user_id=user.id, filename=filename)
    return await _answer(request, db, kind, stream, actor, is_true(form.get("accept_valid")))


async def _machine(request: Request[Any, Any, Any], kind: str, accept_valid: str | None) -> Response[Any]:
    client = await machine_client(request, "orders:import")
    if isinstance(client, Response):
        return client
    received = await machine_file(request, KINDS[kind][1])
    if isinstance(received, Response):
        return received
    stream, filename = received
    actor = ImportActor(user_id=None, client_id=client.client_id, filename=filename)
    try:
        async with system_session(request.app.state.sessionmaker) as db:
            return await _answer(request, db, kind, stream, actor, is_true(accept_valid))
    finally:
        stream.close()


BODY_LIMIT = FEED_MAX_BYTES + 64 * 1024


@post("/api/imports/orders", status_code=200, request_max_body_size=BODY_LIMIT)
async def import_order_feed_file(request: Request[Any, Any, Any], db: AsyncSession) -> Response[Any]:
    """Multipart ``file``: an order feed CSV (docs/IMPORTS.md); ``accept_valid=true`` applies the good orders."""
    return await _console(request, db, "orders")


@post("/api/imports/deliveries", status_code=200, request_max_body_size=BODY_LIMIT)
async def import_delivery_feed_file(request: Request[Any, Any, Any], db: AsyncSession) -> Response[Any]:
    """Multipart ``file``: a delivery feed CSV (docs/IMPORTS.md); ``accept_valid=true`` applies the good ones."""
    return await _console(request, db, "deliveries")


@post("/api/machine/orders", exclude_from_csrf=True, status_code=200, request_max_body_size=BODY_LIMIT)
async def machine_order_feed(request: Request[Any, Any, Any], accept_valid: str | None = None) -> Response[Any]:
    """An order feed CSV as the ``text/csv`` body or multipart ``file``; scope ``orders:import``."""
    return await _machine(request, "orders", accept_valid)


@post("/api/machine/deliveries", exclude_from_csrf=True, status_code=200, request_max_body_size=BODY_LIMIT)
async def machine_delivery_feed(request: Request[Any, Any, Any], accept_valid: str | None = None) -> Response[Any]:
    """A delivery feed CSV as the ``text/csv`` body or multipart ``file``; scope ``orders:import``."""
    return await _machine(request, "deliveries", accept_valid)
