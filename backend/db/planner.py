"""PostgreSQL planner settings for a few statements of a transaction (``set_config(..., is_local => true)``), put
back as they were after them — not to the server's defaults, so a setting made around them stays. No-op on
SQLite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


@asynccontextmanager
async def planner_settings(session: AsyncSession, **settings: str) -> AsyncIterator[None]:
    """``async with planner_settings(db, work_mem="32MB"):`` the statements inside are planned with them."""
    if session.get_bind().dialect.name != "postgresql" or not settings:
        yield
        return
    names = list(settings)
    reads = ", ".join(f"current_setting(:n{i})" for i in range(len(names)))
    previous = (await session.execute(text(f"SELECT {reads}"), {f"n{i}": n for i, n in enumerate(names)})).one()
    await _set(session, dict(zip(names, settings.values(), strict=True)))
    try:
        yield
    finally:
        await _set(session, dict(zip(names, previous, strict=True)))


async def _set(session: AsyncSession, values: dict[str, str]) -> None:
    calls = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(values)))
    params: dict[str, str] = {}
    for i, (name, value) in enumerate(values.items()):
        params[f"n{i}"], params[f"v{i}"] = name, str(value)
    await session.execute(text(f"SELECT {calls}"), params)
