"""SQL statements and round trips per request, counted in-process on the same app and database, and each page's
statements recorded for its floor route (``bench.load.floor``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.load import round_trips
from bench.load.operations import Step
from bench.load.wrk import PreparedRequest


@contextmanager
def recording(engine: AsyncEngine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine sends while the block runs, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)


async def _send(client: httpx.AsyncClient, request: PreparedRequest, csrf: str, key: int) -> httpx.Response:
    headers = {"cookie": request.cookie, "x-csrf-token": csrf, "content-type": "application/json"}
    body = request.body.replace("@KEY@", f"statement-count-{key}") if request.body else None
    return await client.request(request.method, request.path, headers=headers, content=body)


@dataclass
class InProcess:
    """What one warm request of each step costs the database, counted on an app built in this process."""

    statements: dict[str, int] = field(default_factory=dict)
    """SQL statements per request (SQLAlchemy's ``before_cursor_execute``)."""
    round_trips: dict[str, int] = field(default_factory=dict)
    """Exchanges with the server per request, BEGIN/COMMIT/ROLLBACK, pings and prepares included."""
    floors: dict[str, list[list[tuple[str, tuple[Any, ...]]]]] = field(default_factory=dict)
    """Per floor page, for each of its prepared requests, the statements asyncpg received, for its floor route."""


async def in_process(app: Any, steps: list[Step], csrf: str, *, floor_pages: tuple[str, ...]) -> InProcess:
    """Per step, one warm request (the second of two, so first-use work is not counted), counted and recorded."""
    found = InProcess()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        for n, step in enumerate(steps):
            request = step.requests[0] if not step.writes else step.requests[-1]
            await _send(client, request, csrf, 2 * n)
            with recording(app.state.engine) as seen, round_trips.counting() as trips:
                response = await _send(client, request, csrf, 2 * n + 1)
            if response.status_code != 200 or step.success_marker not in response.text:
                raise SystemExit(f"{step.key}: unexpected answer {response.status_code} {response.text[:300]}")
            found.statements[step.key] = len(seen)
            found.round_trips[step.key] = trips.count
            if step.key in floor_pages:
                found.floors[step.key] = [await _recorded(app, client, r, csrf) for r in step.requests]
    return found


async def _recorded(
    app: Any, client: httpx.AsyncClient, request: PreparedRequest, csrf: str
) -> list[tuple[str, tuple[Any, ...]]]:
    """The statements one request sends, as asyncpg receives them (after a first, warming run)."""
    await _send(client, request, csrf, 0)
    with recording(app.state.engine) as seen:
        response = await _send(client, request, csrf, 1)
    if response.status_code != 200:
        raise SystemExit(f"recording a floor: unexpected answer {response.status_code} {response.text[:300]}")
    return [(sql, tuple(params) if params else ()) for sql, params in seen]
