"""Text extraction runs off the request path, retries with back-off, ends visibly, and survives a killed worker."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.documents.extraction import backoff
from backend.domain.documents.models import Document, DocumentText
from backend.settings import PROJECT_ROOT
from tests.support.api import Api
from tests.support.crafted_pdfs import compression_bomb
from tests.support.files import text_pdf
from tests.support.jobs import run_due_jobs

PASSWORD = "correct horse battery"


async def _customer_dispute(api: Api, factory: Any) -> Any:
    account = await factory.account()
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("100.00")))
    await api.login((await factory.user("customer_user", account)).email, PASSWORD)
    return dispute


async def _document(demo: Any, document_id: str) -> Document:
    async with system_session(demo) as db:
        return (await db.execute(select(Document).where(Document.id == uuid.UUID(document_id)))).scalar_one()


async def _make_due(demo: Any, document_id: str) -> None:
    async with system_session(demo) as db:
        await db.execute(
            update(Document)
            .where(Document.id == uuid.UUID(document_id))
            .values(extraction_next_at=utc_now() - timedelta(seconds=1))
        )
        await db.commit()


class _FlakyStore:
    """The real store, except that reading fails: the archive is down while the job runs."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def fetch(self, *args: Any, **kwargs: Any) -> Any:
        from documents.storage import DocumentStoreError

        raise DocumentStoreError("connection refused")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


async def test_a_pdfs_text_is_extracted_and_kept(app: Any, api: Api, factory: Any, demo: Any) -> None:
    dispute = await _customer_dispute(api, factory)
    uploaded = await api.upload(
        text_pdf("Delivery note 7781", "Received 11 of 12 cartons; one crushed."), "pod.pdf", disputeId=str(dispute.id)
    )

    await run_due_jobs(app)

    document = await _document(demo, uploaded["document"]["id"])
    async with system_session(demo) as db:
        kept = await db.get(DocumentText, document.id)
    assert (document.extraction_status, document.page_count, document.extraction_attempts) == ("done", 2, 1)
    assert kept is not None and "Received 11 of 12 cartons" in kept.body and "pod.pdf" in kept.metadata_text


async def test_a_job_delivered_twice_or_concurrently_extracts_once(app: Any, api: Api, factory: Any, demo: Any) -> None:
    # given: a confirmed document whose extraction job reaches two workers at once, and once more later
    dispute = await _customer_dispute(api, factory)
    uploaded = await api.upload(text_pdf("Delivery note 9917", "All 40 cartons received."), disputeId=str(dispute.id))
    document_id = uuid.UUID(uploaded["document"]["id"])
    jobs = app.state.background.jobs

    # when
    concurrent = await asyncio.gather(jobs.extract(document_id), jobs.extract(document_id))
    late = await jobs.extract(document_id)

    # then: one did the work, the others found nothing to do, and the result is there once
    assert sorted(o.status for o in concurrent) == ["done", "skipped"] and late.status == "skipped"
    document = await _document(demo, str(document_id))
    assert (document.extraction_status, document.extraction_attempts) == ("done", 1)
    async with system_session(demo) as db:
        texts = (await db.execute(select(DocumentText).where(DocumentText.document_id == document_id))).scalars().all()
    assert len(texts) == 1 and "All 40 cartons received." in texts[0].body


async def test_failures_retry_with_back_off_then_the_document_shows_could_not_read(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    dispute = await _customer_dispute(api, factory)
    uploaded = await api.upload(text_pdf("Signed by the driver"), "pod-crushed.pdf", disputeId=str(dispute.id))
    background = app.state.background
    working = background.jobs
    background.jobs = replace(
        working, archive=replace(working.archive, store=_FlakyStore(working.archive.store)), settings=working.settings
    )
    try:
        seen = []
        for _ in range(working.settings.extraction_max_attempts):
            before = utc_now()
            outcome = await background.jobs.extract(uuid.UUID(uploaded["document"]["id"]))
            document = await _document(demo, uploaded["document"]["id"])
            seen.append(outcome.status)
            if outcome.status == "retry":
                wait = document.extraction_next_at - before  # type: ignore[operator]
                assert (
                    backoff(document.extraction_attempts)
                    <= wait
                    <= backoff(document.extraction_attempts) + timedelta(seconds=5)
                )
                assert document.extraction_status == "pending"
                await _make_due(demo, uploaded["document"]["id"])
    finally:
        background.jobs = working

    assert seen == ["retry"] * (working.settings.extraction_max_attempts - 1) + ["failed"]
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2)]
    shown = await api.graphql(
        "query($id: ID!) { dispute(id: $id) { documents { readStatus } } }", {"id": str(dispute.id)}
    )
    assert shown["data"]["dispute"]["documents"] == [{"readStatus": "COULD_NOT_READ"}]
    # Still found by what is known about it.
    found = await api.graphql('{ searchDocuments(query: "crushed") { totalCount } }')
    assert found["data"]["searchDocuments"]["totalCount"] == 1


async def test_a_pdf_that_cannot_be_read_fails_at_once_without_retrying(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # Pages 1-3 are checked at upload; the fourth hides a compression bomb that only extraction meets.
    import io

    from pypdf import PdfReader, PdfWriter

    sound = PdfReader(io.BytesIO(text_pdf("one", "two", "three")))
    bomb = PdfReader(io.BytesIO(compression_bomb()))
    writer = PdfWriter()
    for page in [*sound.pages, bomb.pages[0]]:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    dispute = await _customer_dispute(api, factory)
    uploaded = await api.upload(buffer.getvalue(), "scan.pdf", disputeId=str(dispute.id))
    assert uploaded["__typename"] == "DocumentConfirmed", uploaded

    assert await run_due_jobs(app) == ["failed"]
    document = await _document(demo, uploaded["document"]["id"])
    assert document.extraction_attempts == 1 and "read safely" in (document.extraction_error or "")


def _worker(settings: Any, database_url: str) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ["PATH"],
        "RECOUP_DATABASE_URL": database_url,
        "RECOUP_DATA_DIR": str(settings.data_dir),
        "RECOUP_DOCUMENTS_DIR": str(settings.documents_dir),
        "RECOUP_SECRET_KEY": settings.secret_key,
        "RECOUP_SEED_DEMO": "false",
        "RECOUP_JOB_LEASE_SECONDS": "3",
        "RECOUP_JOBS": "queue" if database_url.startswith("postgresql") else "in-process",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "backend", "worker"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


async def _wait_for(demo: Any, document_id: str, status: str, seconds: float) -> Document:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        document = await _document(demo, document_id)
        if document.extraction_status == status:
            return document
        await asyncio.sleep(0.1)
    raise AssertionError(f"extraction did not reach {status} in {seconds} s: {document.extraction_status}")


async def test_a_worker_killed_during_extraction_loses_nothing_the_job_completes_after_restart(
    api: Api, factory: Any, demo: Any, settings: Any, migrated: str
) -> None:
    # given: a long document, confirmed, and a worker process that takes it up
    dispute = await _customer_dispute(api, factory)
    pages = [f"Page {n}: delivery note line items, pallets and cartons counted." for n in range(1, 1501)]
    uploaded = await api.upload(text_pdf(*pages), "long-pod.pdf", disputeId=str(dispute.id))
    assert uploaded["__typename"] == "DocumentConfirmed"
    document_id = uploaded["document"]["id"]
    first = _worker(settings, migrated)
    try:
        await _wait_for(demo, document_id, "running", 30)
    finally:
        # when: the worker is killed in the middle of it
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    assert (await _document(demo, document_id)).extraction_status == "running"

    # then: a new worker takes the job up once the dead one's lease has run out, and finishes it
    second = _worker(settings, migrated)
    try:
        done = await _wait_for(demo, document_id, "done", 60)
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
    assert done.page_count == 1500 and done.extraction_attempts == 2
    async with system_session(demo) as db:
        kept = await db.get(DocumentText, done.id)
    assert kept is not None and "Page 1500: delivery note" in kept.body
