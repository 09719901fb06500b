"""The embedded default's worker: a task inside the app that does due work from the database.

Durable because the database is the queue's state (each document row says whether its
extraction is due), so a restart in the middle loses nothing: the next start finds the work
again. ``extraction_due`` only wakes the loop early.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, date, datetime

from backend.jobs.work import Jobs

log = logging.getLogger("recoup.jobs")


class InProcessWorker:
    def __init__(self, interval: float = 5.0, sweep_every: int = 12) -> None:
        self.jobs: Jobs | None = None
        self.interval = interval
        self.sweep_every = sweep_every
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.collections_hour: int | None = None
        self._collections_ran_on: date | None = None
        self.mail_poll_seconds = 0.0
        """How often the inbound mailbox is read (0: never, but messages kept by hand are still read)."""
        self._mail_polled_at: float | None = None
        self._mail_due = False

    async def extraction_due(self, document_id: uuid.UUID) -> None:
        self._wake.set()

    async def import_due(self, import_id: uuid.UUID) -> None:
        self._wake.set()

    async def inbound_mail_due(self) -> None:
        """A message was kept by hand or assigned a sender: read it now."""
        self._mail_due = True
        self._wake.set()

    async def run_once(self) -> int:
        """Do every job that is due now; how many ran."""
        assert self.jobs is not None
        done = 0
        now = datetime.now(UTC)
        if (
            self.collections_hour is not None
            and now.hour >= self.collections_hour
            and self._collections_ran_on != now.date()
        ):
            self._collections_ran_on = now.date()  # once a day per process; a second run would send nothing twice
            await self.jobs.collections_day()
            done += 1
        clock = asyncio.get_running_loop().time()
        if self.mail_poll_seconds and (
            self._mail_polled_at is None or clock - self._mail_polled_at >= self.mail_poll_seconds
        ):
            self._mail_polled_at, self._mail_due = clock, False
            await self.jobs.poll_inbound_mail()
            done += 1
        elif self._mail_due:
            self._mail_due = False
            await self.jobs.read_inbound_mail()
            done += 1
        for import_id in await self.jobs.due_imports():
            await self.jobs.import_remittance(import_id)
            done += 1
        while due := await self.jobs.due():
            for document_id in due:
                await self.jobs.extract(document_id)
                done += 1
            if len(due) < 50:
                break
        return done

    async def _loop(self) -> None:
        rounds = 0
        while True:
            try:
                if rounds % self.sweep_every == 0 and self.jobs is not None:
                    await self.jobs.sweep_uploads()
                await self.run_once()
            except Exception:
                log.exception("background work failed; will retry")
            rounds += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()

    def start(self, jobs: Jobs) -> None:
        self.jobs = jobs
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
