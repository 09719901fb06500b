"""The floor route: a page's own SQL over the raw driver, through the same server and middleware.

For each measured page the suite records the statements each of its prepared requests sends, warm
(after SQLAlchemy, exactly as asyncpg receives them, with their parameters, identity lookup included),
and hands them to the server in a file; the floor step rotates over the same requests as the page, so
both do the same database work. ``GET /bench/floor/{page}/{n}`` runs request n's statements in one
transaction on a plain asyncpg pool
and answers every row as JSON: what serving the page would cost with no ORM, no GraphQL and no
per-field work, in the same processes, behind the same middleware, under the same load. Each page's
CPU per request and p99 are read against its floor's.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from litestar import Request, get
from litestar.exceptions import NotFoundException

FLOOR_FILE_VARIABLE = "RECOUP_BENCH_FLOOR_FILE"
Statements = list[tuple[str, tuple[Any, ...]]]
Pages = dict[str, list[Statements]]
"""Per page, the statements of each of its prepared requests, in the order the suite prepared them."""


def save(path: Path, pages: Pages) -> None:
    path.write_bytes(pickle.dumps(pages))


def _load() -> Pages:
    path = os.environ.get(FLOOR_FILE_VARIABLE)
    return pickle.loads(Path(path).read_bytes()) if path else {}


class FloorPool:
    """A bare asyncpg pool for the floor route, opened with the app and closed with it."""

    def __init__(self, database_url: str) -> None:
        self.dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
        self.pool: Any = None
        self.pages = _load()

    async def open(self) -> None:
        if self.pages:
            self.pool = await asyncpg.create_pool(self.dsn, min_size=2, max_size=10)

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()


@get("/bench/floor/{page:str}/{index:int}", include_in_schema=False)
async def floor_page(request: Request[Any, Any, Any], page: str, index: int) -> list[list[dict[str, Any]]]:
    """The statements of the page's ``index``-th prepared request, in one transaction on a pooled connection; every
    row of every statement."""
    floor: FloorPool = request.app.state.bench_floor
    recorded = floor.pages.get(page)
    if recorded is None or floor.pool is None or not 0 <= index < len(recorded):
        raise NotFoundException(f"no floor recorded for {page!r} #{index}")
    statements = recorded[index]
    async with floor.pool.acquire() as conn, conn.transaction():
        return [[dict(row) for row in await conn.fetch(sql, *params)] for sql, params in statements]
