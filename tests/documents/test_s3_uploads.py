"""The archive on S3, against moto's S3 server over real HTTP (started by ``make test``).

The browser's direct upload is a presigned POST; emulators do not enforce its policy, so the
policy document is decoded and its conditions asserted (SECURITY.md E24).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from backend.app import create_app
from backend.db.engine import system_session
from backend.document_store import build_archive
from backend.domain.documents.models import Document
from tests.support.api import Api
from tests.support.files import pdf_bytes

S3_ENDPOINT = os.environ.get("RECOUP_TEST_S3_ENDPOINT")
PASSWORD = "correct horse battery"
pytestmark = pytest.mark.skipif(not S3_ENDPOINT, reason="needs the S3 emulator that make test starts")


@pytest.fixture
async def s3_app(settings: Any, demo: Any) -> AsyncIterator[Any]:
    s3_settings = replace(
        settings,
        document_store="s3",
        s3_endpoint_url=S3_ENDPOINT,
        s3_bucket=f"recoup-up-{uuid.uuid4().hex[:8]}",
        s3_access_key_id="test",
        s3_secret_access_key="test",
        upload_max_bytes=2 * 1024 * 1024,
    )
    app = create_app(s3_settings)
    app.state.background.archive.store.ensure_bucket()
    yield app
    await app.state.engine.dispose()


async def _customer(api: Api, factory: Any) -> Any:
    account = await factory.account()
    dispute = await factory.dispute(await factory.invoice(account, total=Decimal("100.00")))
    await api.login((await factory.user("customer_user", account)).email, PASSWORD)
    return dispute


async def _row(demo: Any, document_id: str) -> Document:
    async with system_session(demo) as db:
        return (await db.execute(select(Document).where(Document.id == uuid.UUID(document_id)))).scalar_one()


async def test_upload_confirm_and_download_through_s3(s3_app: Any, factory: Any, demo: Any) -> None:
    api = Api(s3_app)
    try:
        dispute = await _customer(api, factory)
        data = pdf_bytes(pages=2)

        started = await api.start_upload(data, "pod.pdf", disputeId=str(dispute.id))
        assert started["upload"]["method"] == "POST" and started["upload"]["url"].startswith(S3_ENDPOINT)
        sent = await api.send_bytes(started["upload"], data)
        confirmed = await api.confirm_upload(started["document"]["id"])

        assert sent.status_code in (200, 204), sent.text
        assert confirmed["__typename"] == "DocumentConfirmed", confirmed
        row = await _row(demo, started["document"]["id"])
        store = s3_app.state.background.archive.store
        head = store.client.head_object(Bucket=store.bucket, Key=row.storage_key)
        account_part, made_part = row.storage_key.split("/")
        assert account_part == str(dispute.account_id) and uuid.UUID(made_part)  # made by the server, not the name
        assert row.storage_version_id == head["VersionId"] and row.sha256
        # The download link sends the browser to a one-minute presigned link for that exact version.
        download = await api.http.get(confirmed["document"]["downloadUrl"])
        assert download.status_code == 302
        location = download.headers["location"]
        assert f"versionId={row.storage_version_id}" in location and "X-Amz-Expires=60" in location
        async with httpx.AsyncClient() as browser:
            fetched = await browser.get(location)
        assert fetched.status_code == 200 and fetched.content == data
        assert fetched.headers["content-disposition"].startswith("attachment")
    finally:
        await api.close()


async def test_the_presigned_post_policy_limits_size_type_key_and_time(s3_app: Any, factory: Any) -> None:
    api = Api(s3_app)
    try:
        dispute = await _customer(api, factory)
        started = await api.start_upload(pdf_bytes(), "pod.pdf", disputeId=str(dispute.id))
        fields = {f["name"]: f["value"] for f in started["upload"]["fields"]}
        policy = json.loads(base64.b64decode(fields["policy"]))

        conditions = policy["conditions"]
        assert ["content-length-range", 1, 2 * 1024 * 1024] in conditions
        assert {"Content-Type": "application/pdf"} in conditions
        assert {"key": fields["key"]} in conditions and fields["key"].startswith(f"{dispute.account_id}/")
        assert {"bucket": s3_app.state.background.archive.store.bucket} in conditions
        expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert timedelta(minutes=5) < expires - datetime.now(UTC) <= timedelta(minutes=15, seconds=5)
        assert "pod" not in fields["key"]
    finally:
        await api.close()


async def test_a_re_upload_is_a_new_object_and_the_old_version_stays(s3_app: Any, factory: Any, demo: Any) -> None:
    api = Api(s3_app)
    try:
        dispute = await _customer(api, factory)
        first = await api.upload(pdf_bytes(pages=1), "pod.pdf", disputeId=str(dispute.id))
        second = await api.upload(pdf_bytes(pages=3), "pod-v2.pdf", supersedesId=first["document"]["id"])

        old, new = await _row(demo, first["document"]["id"]), await _row(demo, second["document"]["id"])
        assert new.version_number == 2 and not old.is_current and old.storage_key != new.storage_key
        store = s3_app.state.background.archive.store
        with store.open(old.storage_key, old.storage_version_id) as handle:
            assert handle.read() == pdf_bytes(pages=1)
    finally:
        await api.close()


async def test_an_s3_outage_during_confirmation_is_a_typed_error_and_the_retry_succeeds(
    s3_app: Any, factory: Any, demo: Any
) -> None:
    api = Api(s3_app)
    background = s3_app.state.background
    working = background.archive
    try:
        dispute = await _customer(api, factory)
        data = pdf_bytes()
        started = await api.start_upload(data, "pod.pdf", disputeId=str(dispute.id))
        await api.send_bytes(started["upload"], data)
        # S3 stops answering (nothing listens on the port any more).
        down = replace(s3_app.state.settings, s3_endpoint_url="http://127.0.0.1:9", s3_bucket=working.store.bucket)
        background.archive = build_archive(down, working.queue)

        refused = await api.confirm_upload(started["document"]["id"])

        assert refused["__typename"] == "UnavailableResult" and "Nothing was lost" in refused["message"]
        row = await _row(demo, started["document"]["id"])
        assert (row.status, row.sha256, row.storage_version_id) == ("pending", None, None)
        background.archive = working
        retried = await api.confirm_upload(started["document"]["id"])
        assert retried["__typename"] == "DocumentConfirmed"
        assert (await _row(demo, started["document"]["id"])).status == "stored"
    finally:
        background.archive = working
        await api.close()


def test_the_server_refuses_to_overwrite_an_object_in_s3() -> None:
    from documents.storage import ObjectExists, new_key
    from tests.documents.test_storage import s3_store

    store = s3_store()
    key = new_key("acct-9")
    store.write(key, iter([b"%PDF- original"]), max_bytes=100)
    with pytest.raises(ObjectExists):
        store.write(key, iter([b"%PDF- forged"]), max_bytes=100)
    with store.open(key, None) as handle:
        assert handle.read() == b"%PDF- original"
