"""The floor route: a page's own SQL over the raw driver, through the same server and middleware.

For each measured page the suite records the statements one warm request sends (after SQLAlchemy,
exactly as asyncpg receives them, with their parameters, identity lookup included) and hands them to
the server in a file. ``GET /bench/floor/{page}`` runs them in one transaction on a plain asyncpg pool
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


def save(path: Path, pages: dict[str, Statements]) -> None:
    path.write_bytes(pickle.dumps(pages))


def _load() -> dict[str, Statements]:
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


@get("/bench/floor/{page:str}", include_in_schema=False)
async def floor_page(request: Request[Any, Any, Any], page: str) -> list[list[dict[str, Any]]]:
    """The page's statements, in one transaction on a pooled connection; every row of every statement."""
    floor: FloorPool = request.app.state.bench_floor
    statements = floor.pages.get(page)
    if statements is None or floor.pool is None:
        raise NotFoundException(f"no floor recorded for {page!r}")
    async with floor.pool.acquire() as conn, conn.transaction():
        return [[dict(row) for row in await conn.fetch(sql, *params)] for sql, params in statements]
