"""Who works an import: a lease that the working worker keeps renewing, and a fence on everything it writes.

``claim`` takes a queued import, or one whose lease ran out (its worker died), and counts an
attempt. While the worker works, ``lease_kept`` renews the lease every third of its length, so
a long file never outlives it (as long as nothing blocks the worker's event loop for two thirds of
the lease: an import's busiest stretch blocks it for well under a second) and a killed worker's
import is taken up again soon after it runs out (``RECOUP_JOB_LEASE_SECONDS``).

Every write of the job's state names the attempt it belongs to (``set_progress(..., attempt=)``,
``hold``): a worker that lost its lease (paused past it, cut off from the database) cannot
overwrite the new attempt, and its posting, whose last statement is ``hold``, rolls back
(``LeaseLost``), so a file is applied once whatever happens to the workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.cash.models import RemittanceImport

log = logging.getLogger("recoup.cash")
WORKING = ("reading", "applying")


class LeaseLost(Exception):
    """Another worker took the import over (this one's lease ran out): stop, write nothing more."""


async def claim(
    sessions: async_sessionmaker[AsyncSession], import_id: uuid.UUID, *, now: datetime, lease: timedelta
) -> RemittanceImport | None:
    """Take a queued import (or one whose worker died) for this worker; None when it is not due."""
    async with system_session(sessions) as session:
        moved = await session.execute(
            update(RemittanceImport)
            .where(
                RemittanceImport.id == import_id,
                or_(
                    RemittanceImport.status == "queued",
                    (RemittanceImport.status.in_(WORKING) & (RemittanceImport.lease_until < now)),
                ),
            )
            .values(
                status="reading",
                lease_until=now + lease,
                started_at=now,
                attempts=RemittanceImport.attempts + 1,
                bytes_read=0,
                line_count=0,
            )
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return await session.get(RemittanceImport, import_id)


async def hold(session: AsyncSession, job: RemittanceImport, **values: Any) -> None:
    """Inside the caller's transaction: lock the import row for this attempt, or raise LeaseLost."""
    moved = await session.execute(
        update(RemittanceImport)
        .where(
            RemittanceImport.id == job.id,
            RemittanceImport.attempts == job.attempts,
            RemittanceImport.status.in_(WORKING),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(job.id)


async def set_progress(
    sessions: async_sessionmaker[AsyncSession], import_id: uuid.UUID, *, attempt: int | None = None, **values: Any
) -> None:
    """Write an import's progress or outcome in a transaction of its own (the console polls it).

    With ``attempt``, only while that attempt still holds the import (else LeaseLost).
    """
    async with system_session(sessions) as session:
        query = update(RemittanceImport).where(RemittanceImport.id == import_id)
        if attempt is not None:
            query = query.where(RemittanceImport.attempts == attempt, RemittanceImport.status.in_(WORKING))
        moved = await session.execute(query.values(**values).execution_options(synchronize_session=False))
        await session.commit()
        if attempt is not None and moved.rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLost(import_id)


async def _renew(sessions: async_sessionmaker[AsyncSession], job: RemittanceImport, lease: timedelta) -> None:
    try:
        await set_progress(sessions, job.id, attempt=job.attempts, lease_until=utc_now() + lease)
    except LeaseLost:
        raise
    except Exception:  # the database is busy or away: the next round tries again
        log.warning("could not renew the lease of import %s", job.id, exc_info=True)


@contextlib.asynccontextmanager
async def lease_kept(
    sessions: async_sessionmaker[AsyncSession], job: RemittanceImport, lease: timedelta
) -> AsyncIterator[None]:
    """Renew the job's lease in the background while the block runs (it stops when the lease is lost)."""

    async def renew_forever() -> None:
        renewed = time.monotonic()
        with contextlib.suppress(LeaseLost):
            while True:
                await asyncio.sleep(lease.total_seconds() / 3)
                await _renew(sessions, job, lease)
                gap, renewed = time.monotonic() - renewed, time.monotonic()
                if gap > lease.total_seconds() * 2 / 3:  # the event loop or the database kept it waiting
                    log.warning("the lease of import %s was renewed %.1f s after the last renewal", job.id, gap)

    renewing = asyncio.create_task(renew_forever())
    try:
        yield
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing
