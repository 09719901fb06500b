"""S3 killed or hung in the middle of an upload or an import: typed errors, nothing confirmed, the retry succeeds."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import func, select

from backend.app import create_app
from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceImport
from backend.domain.documents.models import Document
from tests.reliability.faults.conftest import IMPORT_HEADER, Rig, signed_in
from tests.support.api import Api
from tests.support.files import pdf_bytes
from tests.support.imports import finished, submit
from tests.support.moto_server import MotoServer

pytestmark = pytest.mark.reliability


@pytest.fixture
async def s3_app(rig: Rig) -> AsyncIterator[tuple[Any, MotoServer]]:
    moto = MotoServer(rig.logs / "moto.log")
    moto.start()
    app = create_app(
        replace(
            rig.settings,
            document_store="s3",
            s3_endpoint_url=moto.endpoint,
            s3_bucket=f"recoup-faults-{uuid.uuid4().hex[:8]}",
            s3_access_key_id="test",
            s3_secret_access_key="test",
            s3_timeout_seconds=1.0,
        )
    )
    app.state.background.archive.store.ensure_bucket()
    try:
        yield app, moto
    finally:
        moto.kill()
        await app.state.engine.dispose()


async def _document(rig: Rig, document_id: str) -> Document:
    async with system_session(rig.sessions) as db:
        return (await db.execute(select(Document).where(Document.id == uuid.UUID(document_id)))).scalar_one()


async def _audit_actions(rig: Rig, entity_id: str) -> list[str]:
    conn = await asyncpg.connect(rig.dsn)
    try:
        rows = await conn.fetch("SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY sequence", entity_id)
    finally:
        await conn.close()
    return [row["action"] for row in rows]


async def test_s3_killed_mid_upload_is_unavailable_confirms_nothing_and_the_upload_succeeds_once_it_is_back(
    rig: Rig, s3_app: tuple[Any, MotoServer]
) -> None:
    app, moto = s3_app
    store = app.state.background.archive.store
    api = Api(app)
    try:
        # given: a customer who started an upload (a pending row, a presigned POST to S3)
        account = await rig.factory.account()
        dispute = await rig.factory.dispute(await rig.factory.invoice(account, total=Decimal("100.00")))
        await signed_in(api, rig, "customer_user", account)
        data = pdf_bytes(pages=2)
        started = await api.start_upload(data, "pod.pdf", disputeId=str(dispute.id))
        assert started["__typename"] == "UploadStarted", started
        document_id = started["document"]["id"]

        # when: the S3 server dies before the bytes arrive
        moto.kill()
        with pytest.raises(httpx.ConnectError):
            await api.send_bytes(started["upload"], data)
        refused = await api.confirm_upload(document_id)

        # then: a typed "try again", and nothing confirmed: the row is still pending, unhashed, unversioned
        assert refused == {"__typename": "UnavailableResult", "message": refused["message"]}
        assert "not reachable" in refused["message"]
        row = await _document(rig, document_id)
        assert (row.status, row.sha256, row.storage_version_id) == ("pending", None, None)
        assert row.upload_expires_at is not None  # the sweep removes it, object and row, if it is never confirmed
        assert await _audit_actions(rig, document_id) == ["document.upload_started"]

        # when: S3 is back. An emulator's memory died with it; a real bucket would still be there: make it again
        moto.start()
        store.ensure_bucket()

        # then: the same upload goes on: not there yet, then sent to the same ticket and confirmed once
        assert (await api.confirm_upload(document_id))["__typename"] == "NotReadyResult"
        sent = await api.send_bytes(started["upload"], data)
        assert sent.status_code in (200, 204), sent.text
        confirmed = await api.confirm_upload(document_id)
        assert confirmed["__typename"] == "DocumentConfirmed", confirmed
        row = await _document(rig, document_id)
        assert row.status == "stored" and row.sha256 and row.storage_version_id
        assert await _audit_actions(rig, document_id) == ["document.upload_started", "document.stored"]
        # and the next upload simply works
        second = await api.upload(pdf_bytes(pages=3), "pod-2.pdf", disputeId=str(dispute.id))
        assert second["__typename"] == "DocumentConfirmed", second
    finally:
        await api.close()


async def test_s3_hung_mid_upload_times_out_as_unavailable_and_the_same_upload_confirms_once_it_answers(
    rig: Rig, s3_app: tuple[Any, MotoServer]
) -> None:
    app, moto = s3_app
    api = Api(app)
    try:
        # given: an upload whose bytes reached S3
        account = await rig.factory.account()
        dispute = await rig.factory.dispute(await rig.factory.invoice(account, total=Decimal("100.00")))
        await signed_in(api, rig, "customer_user", account)
        data = pdf_bytes(pages=1)
        started = await api.start_upload(data, "pod.pdf", disputeId=str(dispute.id))
        assert (await api.send_bytes(started["upload"], data)).status_code in (200, 204)
        document_id = started["document"]["id"]

        # when: S3 hangs (accepts connections, never answers) while the upload is confirmed
        moto.pause()
        try:
            clock = time.monotonic()
            refused = await api.confirm_upload(document_id)
            waited = time.monotonic() - clock
        finally:
            moto.resume()

        # then: the request is told so within the timeout (1 s here, tried twice), and nothing was confirmed
        assert refused["__typename"] == "UnavailableResult", refused
        assert waited < 10, f"a hung store held the request {waited:.1f} s"
        assert (await _document(rig, document_id)).status == "pending"
        assert await _audit_actions(rig, document_id) == ["document.upload_started"]

        # when S3 answers again (its state intact): the same confirmation keeps the file, once
        confirmed = await api.confirm_upload(document_id)
        assert confirmed["__typename"] == "DocumentConfirmed", confirmed
        assert await _audit_actions(rig, document_id) == ["document.upload_started", "document.stored"]
    finally:
        await api.close()


async def test_s3_killed_when_a_remittance_file_arrives_is_a_503_queues_nothing_and_the_resend_is_taken(
    rig: Rig, s3_app: tuple[Any, MotoServer]
) -> None:
    app, moto = s3_app
    api = Api(app)
    try:
        # given: a clerk with a remittance for an open invoice
        await signed_in(api, rig, "ar_clerk")
        account = await rig.factory.account()
        invoice = await rig.factory.invoice(account, total=Decimal("80.00"))
        reference = f"CHK-{uuid.uuid4().hex[:8]}"
        content = (
            IMPORT_HEADER + f"{reference},2026-11-20,{account.number},80.00,{invoice.number},80.00,0,,,\n"
        ).encode()

        # when: the S3 server is dead when the server stores the file
        moto.kill()
        refused = await submit(api, content)

        # then: 503 with a typed code, and no import row
        assert refused.status_code == 503, refused.text
        assert refused.json()["code"] == "storage_unavailable" and refused.headers["retry-after"]
        async with system_session(rig.sessions) as db:
            same_file = RemittanceImport.sha256 == hashlib.sha256(content).hexdigest()
            assert not await db.scalar(select(func.count()).select_from(RemittanceImport).where(same_file))

        # when: S3 is back (bucket made again, see above), the clerk sends the same file
        moto.start()
        app.state.background.archive.store.ensure_bucket()
        taken = await submit(api, content)

        # then: it is queued like any file, its bytes in the archive, and applied
        assert taken.status_code == 202, taken.text
        job = await finished(app, uuid.UUID(taken.json()["id"]))
        assert job.object_key and app.state.background.archive.store.exists(job.object_key)
        assert (job.status, job.payments, job.applied_amount) == ("applied", 1, Decimal("80.00"))
    finally:
        await api.close()
