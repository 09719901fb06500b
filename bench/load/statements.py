"""SQL statements per request, counted in-process on the same app and database, and the raw SQL floor.

The floor is what the database alone needs for a page: the statements the GraphQL invoice list
executed, replayed with their parameters on a bare asyncpg connection, one after another.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

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


async def per_request(app: Any, steps: list[Step], csrf: str) -> dict[str, int]:
    """Statements of one warm request per step (the second of two, so first-use work is not counted)."""
    counts: dict[str, int] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        for n, step in enumerate(steps):
            request = step.requests[0] if not step.writes else step.requests[-1]
            await _send(client, request, csrf, 2 * n)
            with recording(app.state.engine) as seen:
                response = await _send(client, request, csrf, 2 * n + 1)
            if response.status_code != 200 or step.success_marker not in response.text:
                raise SystemExit(f"{step.key}: unexpected answer {response.status_code} {response.text[:300]}")
            counts[step.key] = len(seen)
    return counts


async def captured(app: Any, request: PreparedRequest, csrf: str) -> list[tuple[str, Any]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        await _send(client, request, csrf, 0)
        with recording(app.state.engine) as seen:
            response = await _send(client, request, csrf, 1)
    assert response.status_code == 200, response.text
    json.loads(response.text)
    return list(seen)


async def floor_ms(url: str, statements: list[tuple[str, Any]], repeats: int = 200) -> float:
    """Median time of the statements replayed in order on one bare connection (no pool, no ORM, no HTTP)."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        prepared = [(sql, tuple(params) if params else ()) for sql, params in statements]
        samples = []
        for n in range(repeats + 20):
            started = time.perf_counter()
            for sql, params in prepared:
                await conn.fetch(sql, *params)
            if n >= 20:
                samples.append(time.perf_counter() - started)
        return statistics.median(samples) * 1000
    finally:
        await conn.close()
