"""Wiring the archive to its job runner, for the app and for ``python -m backend worker``."""

from __future__ import annotations

import asyncio
import logging
import uuid
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.document_store import build_archive
from backend.domain.documents.uploads import Archive
from backend.jobs.in_process import InProcessWorker
from backend.jobs.queue import JobQueue
from backend.jobs.work import Jobs
from backend.mail_transport import MailPump
from backend.settings import Settings
from documents.storage import S3Store

log = logging.getLogger("recoup.jobs")


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
            self.worker.collections_hour = settings.collections_hour
            self.worker.mail_poll_seconds = float(settings.inbound_mail_poll_seconds)
            self.archive = build_archive(settings, self.worker)
        self.jobs = Jobs(settings=settings, sessions=sessions, archive=self.archive)

    async def start(self) -> None:
        """In the app: the S3 bucket is made ready, the in-process worker starts; with the queue, the app only defers jobs."""
        await self._prepare_bucket()
        if self.worker is not None:
            self.worker.start(self.jobs)
        if self.queue is not None:
            await self.queue.open()

    async def _prepare_bucket(self) -> None:
        """Versioning on, and CORS for the browser's direct uploads from our origin (S3 only; best effort:
        a locked-down production bucket may refuse these calls, and is then set up by its operator)."""
        store = self.archive.store
        if not isinstance(store, S3Store):
            return
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.settings.public_url))
        try:
            await asyncio.to_thread(store.ensure_bucket, cors_origins=[origin, *self.settings.allowed_origins])
        except Exception:
            log.warning("could not prepare S3 bucket %s (versioning, CORS); check it by hand", store.bucket)

    async def import_due(self, import_id: uuid.UUID) -> None:
        """A remittance import was queued: wake whichever runner works it."""
        if self.worker is not None:
            await self.worker.import_due(import_id)
        if self.queue is not None:
            await self.queue.import_due(import_id)

    async def inbound_mail_due(self) -> None:
        """An inbound message was kept by hand or assigned a sender: wake whichever runner reads it."""
        if self.worker is not None:
            await self.worker.inbound_mail_due()
        if self.queue is not None:
            await self.queue.inbound_mail_due()

    async def stop(self) -> None:
        if self.worker is not None:
            await self.worker.stop()
        if self.queue is not None:
            await self.queue.close()

    async def run_worker(self) -> None:
        """``python -m backend worker``: work jobs until stopped (SIGINT/SIGTERM finish the running ones). With the
        queue, the worker also delivers the outbox (the app processes then do not)."""
        if self.queue is not None:
            self.queue.jobs = self.jobs
            mail = MailPump(self.settings, self.jobs.sessions)
            await self.queue.open()
            await mail.start()
            try:
                await self.queue.run_worker(graceful_seconds=self.settings.graceful_shutdown_seconds)
            finally:
                await mail.stop()
                await self.queue.close()
            return
        assert self.worker is not None
        self.worker.start(self.jobs)
        try:
            await asyncio.Event().wait()
        finally:
            await self.worker.stop()
