"""Wiring the archive to its job runner, for the app and for ``python -m backend worker``."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.document_store import build_archive
from backend.domain.documents.uploads import Archive
from backend.jobs.in_process import InProcessWorker
from backend.jobs.queue import JobQueue
from backend.jobs.work import Jobs
from backend.settings import Settings


class Background:
    """The archive and whichever runner the settings choose; ``start``/``stop`` from the app's lifespan."""

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.settings = settings
        self.worker: InProcessWorker | None = None
        self.queue: JobQueue | None = None
        if settings.jobs == "queue":
            self.queue = JobQueue(settings)
            self.archive: Archive = build_archive(settings, self.queue)
        else:
            self.worker = InProcessWorker()
            self.archive = build_archive(settings, self.worker)
        self.jobs = Jobs(settings=settings, sessions=sessions, archive=self.archive)

    async def start(self) -> None:
        """In the app: the in-process worker starts; with the queue, the app only defers jobs."""
        if self.worker is not None:
            self.worker.start(self.jobs)
        if self.queue is not None:
            await self.queue.open()

    async def stop(self) -> None:
        if self.worker is not None:
            await self.worker.stop()
        if self.queue is not None:
            await self.queue.close()

    async def run_worker(self) -> None:
        """``python -m backend worker``: work jobs until stopped (SIGINT/SIGTERM finish the running ones)."""
        if self.queue is not None:
            self.queue.jobs = self.jobs
            await self.queue.open()
            try:
                await self.queue.run_worker()
            finally:
                await self.queue.close()
            return
        assert self.worker is not None
        self.worker.start(self.jobs)
        try:
            await asyncio.Event().wait()
        finally:
            await self.worker.stop()
