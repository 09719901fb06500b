"""The production job queue: procrastinate on PostgreSQL, worked by ``python -m backend worker`` processes.

Why procrastinate: it keeps jobs in the same PostgreSQL (no broker to run), locks them with
``SELECT … FOR UPDATE SKIP LOCKED``, wakes workers with LISTEN/NOTIFY, has periodic tasks and
queueing locks, and is maintained. The document row still says whether extraction is due
(``backend/domain/documents/extraction.py``), and so does the import row (``cash/lease.py``), so the
queue can never lose work: a job is deferred after the commit, and the ten-second ``recover`` task
(also run when a worker starts) defers a job for any document or import that is due but has none (a
crash between commit and defer, a worker killed mid-job whose lease ran out, a retry whose time has
come), and hands procrastinate's own stalled jobs (their worker stopped sending heartbeats) back to
the queue.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Status

from backend.jobs.work import Jobs
from backend.logs import bound
from backend.settings import Settings

log = logging.getLogger("recoup.jobs")
QUEUE = "documents"
STALLED_AFTER_SECONDS = 30  # procrastinate's default worker heartbeat timeout


def conninfo(database_url: str) -> str:
    """psycopg's spelling of the SQLAlchemy URL (``postgresql+asyncpg://…`` → ``postgresql://…``)."""
    return "postgresql://" + database_url.split("://", 1)[1]


async def job_in_logs(call_next: Any, context: Any, worker: Any) -> Any:
    """procrastinate worker middleware: the job's id and task on every log line written while it runs."""
    with bound(job_id=context.job.id, task=context.job.task_name):
        return await call_next()


class JobQueue:
    """Builds the procrastinate app; ``jobs`` is set by whoever runs tasks (the worker command)."""

    def __init__(self, settings: Settings) -> None:
        self.jobs: Jobs | None = None
        self.app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(conninfo=conninfo(settings.database_url), min_size=1, max_size=4)
        )
        queue = self

        @self.app.task(name="extract_document", queue=QUEUE)
        async def extract_document(document_id: str) -> None:
            jobs = queue._jobs()
            outcome = await jobs.extract(uuid.UUID(document_id))
            if outcome.retry_at is not None:
                await queue.defer(uuid.UUID(document_id), at=outcome.retry_at)

        @self.app.periodic(cron="* * * * * */10", periodic_id="recover")
        @self.app.task(name="recover", queue=QUEUE, queueing_lock="recover")
        async def recover(timestamp: int) -> None:
            await queue.recover()

        @self.app.task(name="import_remittance", queue=QUEUE)
        async def import_remittance(import_id: str) -> None:
            await queue._jobs().import_remittance(uuid.UUID(import_id))

        if settings.collections_hour is not None:

            @self.app.periodic(cron=f"0 {settings.collections_hour} * * *", periodic_id="collections")
            @self.app.task(name="collections_day", queue=QUEUE, queueing_lock="collections")
            async def collections_day(timestamp: int) -> None:
                await queue._jobs().collections_day()

        if settings.inbound_mail_poll_seconds:
            every = settings.inbound_mail_poll_seconds
            cron = f"*/{max(1, every // 60)} * * * *" if every >= 60 else f"* * * * * */{every}"

            @self.app.periodic(cron=cron, periodic_id="inbound_mail")
            @self.app.task(name="poll_inbound_mail", queue=QUEUE, queueing_lock="inbound_mail")
            async def poll_inbound_mail(timestamp: int) -> None:
                await queue._jobs().poll_inbound_mail()

        @self.app.task(name="read_inbound_mail", queue=QUEUE, queueing_lock="read_inbound_mail")
        async def read_inbound_mail() -> None:
            await queue._jobs().read_inbound_mail()

        self._extract = extract_document
        self._import = import_remittance
        self._read_mail = read_inbound_mail

    def _jobs(self) -> Jobs:
        assert self.jobs is not None, "the worker sets jobs before it runs tasks"
        return self.jobs

    async def recover(self) -> None:
        """Every ten seconds, and when a worker starts: requeue what a dead worker left, defer what is due."""
        jobs = self._jobs()
        await self._release_stalled()
        await jobs.sweep_uploads()
        for document_id in await jobs.due(limit=500):
            await self.defer(document_id)
        for import_id in await jobs.due_imports():
            await self.import_due(import_id)

    async def _release_stalled(self) -> None:
        """Jobs whose worker stopped sending heartbeats: queued again, or closed when a newer twin waits.

        The rows are the state, so closing one loses nothing (the twin, or the next ``recover``, does
        the work); a stalled ``recover`` is closed too (the next tick runs anyway). One job that cannot
        be released never stops the rest of recovery.
        """
        manager = self.app.job_manager
        for stalled in await manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=STALLED_AFTER_SECONDS):
            try:
                if stalled.task_name == "recover":
                    await manager.finish_job(stalled, status=Status.FAILED, delete_job=False)
                    continue
                try:
                    await manager.retry_job(stalled)
                except UniqueViolation:  # its queueing lock is taken by a newer waiting job of the same work
                    await manager.finish_job(stalled, status=Status.FAILED, delete_job=False)
            except Exception:
                log.exception("could not release stalled job %s", stalled.id)

    async def open(self) -> None:
        await self.app.open_async()

    async def close(self) -> None:
        await self.app.close_async()

    async def defer(self, document_id: uuid.UUID, *, at: Any = None) -> None:
        """Queue one extraction; one waiting job per document at most (a queueing lock)."""
        options: dict[str, Any] = {"queueing_lock": f"extract-{document_id}"}
        if at is not None:
            options["schedule_at"] = at
        try:
            await self._extract.configure(**options).defer_async(document_id=str(document_id))
        except AlreadyEnqueued:
            pass

    async def extraction_due(self, document_id: uuid.UUID) -> None:
        """After a confirmation commits. Failing to queue loses nothing: ``recover`` finds the document."""
        try:
            await self.defer(document_id)
        except Exception:
            log.exception("could not queue extraction of %s; the recovery task will", document_id)

    async def import_due(self, import_id: uuid.UUID) -> None:
        """After an import is queued (or found due by ``recover``); one waiting job per import."""
        try:
            await self._import.configure(queueing_lock=f"import-{import_id}").defer_async(import_id=str(import_id))
        except AlreadyEnqueued:
            pass
        except Exception:
            log.exception("could not queue import %s; the recovery task will", import_id)

    async def inbound_mail_due(self) -> None:
        """A message was kept by hand or assigned a sender; failing to queue loses nothing (the periodic job
        reads it)."""
        try:
            await self._read_mail.defer_async()
        except AlreadyEnqueued:
            pass
        except Exception:
            log.exception("could not queue reading inbound mail; the mailbox job will")

    async def run_worker(self, *, graceful_seconds: float, concurrency: int = 2) -> None:
        """Work jobs until SIGTERM/SIGINT: then take no new job and give the running ones ``graceful_seconds``
        to finish (a job cut off after that is taken up again by ``recover``); a second signal stops at once."""
        await self.recover()
        await self.app.run_worker_async(
            queues=[QUEUE],
            concurrency=concurrency,
            install_signal_handlers=True,
            name="recoup-worker",
            shutdown_graceful_timeout=graceful_seconds,
            worker_middleware=[job_in_logs],
        )
