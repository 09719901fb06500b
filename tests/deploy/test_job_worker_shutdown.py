"""SIGTERM to a job worker: it takes no new job, finishes the one it is running, then exits."""

from __future__ import annotations

import asyncio
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.documents.models import Document
from tests.support.api import Api
from tests.support.files import text_pdf
from tests.support.processes import start_worker

PASSWORD = "correct horse battery"


async def _status(demo: Any, document_id: str) -> Document:
    async with system_session(demo) as db:
        return (await db.execute(select(Document).where(Document.id == uuid.UUID(document_id)))).scalar_one()


async def _until(demo: Any, document_id: str, status: str, seconds: float) -> Document:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document = await _status(demo, document_id)
        if document.extraction_status == status:
            return document
        await asyncio.sleep(0.05)
    raise AssertionError(f"extraction did not reach {status} in {seconds} s: {document.extraction_status}")


async def test_a_job_worker_told_to_stop_finishes_the_running_job_first(
    server_env: dict[str, str], api: Api, factory: Any, demo: Any, tmp_path: Path
) -> None:
    # given: a long document confirmed, and a worker that has started reading it
    account = await factory.account()
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("100.00")))
    await api.login((await factory.user("customer_user", account)).email, PASSWORD)
    pages = [f"Page {n}: delivery note line items, pallets and cartons counted." for n in range(1, 601)]
    uploaded = await api.upload(text_pdf(*pages), "long-pod.pdf", disputeId=str(dispute.id))
    assert uploaded["__typename"] == "DocumentConfirmed", uploaded
    document_id = uploaded["document"]["id"]
    env = {**server_env, "RECOUP_JOBS": "queue", "RECOUP_GRACEFUL_SHUTDOWN_SECONDS": "60"}
    worker = start_worker(env, log_dir=tmp_path)
    try:
        await _until(demo, document_id, "running", 30)

        # when: the worker is told to stop in the middle of the job
        code = await asyncio.to_thread(worker.stop, 60)
    finally:
        worker.kill()

    # then: the job finished (not cut off and left for another worker), and only then did the worker exit
    done = await _status(demo, document_id)
    assert code == 0
    assert (done.extraction_status, done.page_count, done.extraction_attempts) == ("done", 600, 1)
    records = worker.log_records()

    def first(action: str, about: str = "") -> int:
        """The first record of ``action`` (about our document, when ``about`` is its id)."""
        return next(
            i
            for i, r in enumerate(records)
            if r.get("action") == action
            and about in (str(r.get("job", {}).get("task_kwargs", "")) + r.get("event", ""))
        )

    # the stop came while our extraction ran ("Waiting for job to finish: … extract_document[…](document_id=…)"),
    # which then succeeded; the worker may have had other due documents of earlier tests too
    assert (
        first("stopping_worker")
        < first("ending_job", document_id)
        < first("job_success", document_id)
        < first("stop_worker")
    )
