"""Liveness (``/health``) and readiness (``/ready``) for load balancers, orchestrators and ``make test``.

``/health`` says only that the process answers: it touches nothing else, so a database outage
does not make every worker look dead and get restarted. ``/ready`` says whether this worker can
serve: the database answers, its schema is at the code's migration head (``migrate`` runs as its
own step before ``serve``), and the document store is reachable. A failing check is named in the
503's body with a fixed reason; the error itself goes to the log, never to an unauthenticated caller.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from litestar import Request, Response, get
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.migrations import head_revisions
from documents.storage import DocumentStore

CHECK_SECONDS = 3.0
log = logging.getLogger("recoup.ready")


@get("/health", include_in_schema=False)
async def health() -> Response[Any]:
    """200 while the process answers requests."""
    return Response({"status": "ok"})


async def _database(engine: AsyncEngine, expected: set[str]) -> dict[str, str]:
    try:
        async with asyncio.timeout(CHECK_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            try:
                found = set((await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars())
            except Exception:
                log.warning("readiness: no migration table", exc_info=True)
                return {"database": "ok", "migrations": "not migrated"}
    except Exception:
        log.warning("readiness: database unavailable", exc_info=True)
        return {"database": "unavailable", "migrations": "unknown"}
    if found != expected:
        log.warning("readiness: database at %s, code expects %s", sorted(found), sorted(expected))
        return {"database": "ok", "migrations": "not at head"}
    return {"database": "ok", "migrations": "ok"}


async def _documents(store: DocumentStore) -> dict[str, str]:
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            await asyncio.to_thread(store.check_reachable)
    except Exception:
        log.warning("readiness: document store unavailable", exc_info=True)
        return {"documents": "unavailable"}
    return {"documents": "ok"}


@get("/ready", include_in_schema=False)
async def ready(request: Request[Any, Any, Any]) -> Response[Any]:
    """200 when every check passes; 503 naming the ones that do not."""
    state = request.app.state
    if "migration_heads" not in state:
        state.migration_heads = head_revisions()
    database, documents = await asyncio.gather(
        _database(state.engine, state.migration_heads), _documents(state.background.archive.store)
    )
    checks = {**database, **documents}
    failing = sorted(name for name, outcome in checks.items() if outcome != "ok")
    if failing:
        return Response(
            {"status": "not_ready", "failing": failing, "checks": checks}, status_code=HTTP_503_SERVICE_UNAVAILABLE
        )
    return Response({"status": "ready", "checks": checks})
