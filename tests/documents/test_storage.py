"""Both document stores: server-made keys, streamed writes that never overwrite, exact versions (SECURITY.md E22, E26).

The S3 case runs against a real S3 API over HTTP (moto's server, started by ``make test``).
"""

from __future__ import annotations

import io
import os
import socket
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from backend.document_store import document_store
from documents.storage import (
    DocumentStoreError,
    LocalDirectoryStore,
    ObjectExists,
    ObjectMissing,
    ObjectTooLarge,
    S3Store,
    new_key,
)

S3_ENDPOINT = os.environ.get("RECOUP_TEST_S3_ENDPOINT")


def s3_store(object_lock_mode: str | None = None) -> S3Store:
    store = S3Store.connect(
        bucket=f"recoup-test-{uuid.uuid4().hex[:8]}",
        region="us-east-1",
        endpoint_url=S3_ENDPOINT,
        access_key_id="test",
        secret_access_key="test",
        object_lock_mode=object_lock_mode,
    )
    store.ensure_bucket()
    return store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "local":
        return LocalDirectoryStore(tmp_path / "docs")
    if not S3_ENDPOINT:
        pytest.skip("RECOUP_TEST_S3_ENDPOINT not set (make test starts an S3 emulator)")
    return s3_store()


def _read(store: Any, key: str, version: str | None = None) -> bytes:
    with store.open(key, version) as handle:
        return bytes(handle.read())


def test_a_write_streams_chunks_under_a_server_made_key_and_reads_back(store: Any) -> None:
    key = new_key("acct-1")
    stored = store.write(key, iter([b"%PDF-1.4 ", b"proof of ", b"delivery"]), max_bytes=1000)
    assert key.startswith("acct-1/") and len(key) == len("acct-1/") + 36
    assert stored.size == 26 and len(stored.sha256) == 64
    assert _read(store, key, stored.version_id) == b"%PDF-1.4 proof of delivery"
    copy = io.BytesIO()
    fetched = store.fetch(key, copy, max_bytes=1000)
    assert copy.getvalue() == b"%PDF-1.4 proof of delivery" and fetched.sha256 == stored.sha256


def test_an_existing_key_is_never_overwritten(store: Any) -> None:
    key = new_key("acct-1")
    store.write(key, iter([b"first"]), max_bytes=100)
    with pytest.raises(ObjectExists):
        store.write(key, iter([b"second"]), max_bytes=100)
    assert _read(store, key) == b"first"


def test_a_write_over_the_limit_keeps_nothing(store: Any) -> None:
    key = new_key("acct-1")
    with pytest.raises(ObjectTooLarge):
        store.write(key, iter([b"x" * 60, b"y" * 60]), max_bytes=100)
    assert not store.exists(key)


def test_a_missing_object_is_named_as_missing(store: Any) -> None:
    with pytest.raises(ObjectMissing):
        store.fetch(new_key("acct-1"), io.BytesIO(), max_bytes=10)


def test_keys_cannot_smuggle_a_path(store: Any) -> None:
    with pytest.raises(ValueError):
        new_key("../etc")
    with pytest.raises(ValueError):
        store.write("acct/../../etc/passwd", iter([b"x"]), max_bytes=10)


def test_discarding_an_unconfirmed_upload_removes_it(store: Any) -> None:
    key = new_key("acct-1")
    store.write(key, iter([b"never confirmed"]), max_bytes=100)
    store.discard_unconfirmed(key)
    store.discard_unconfirmed(key)  # twice is fine
    assert not store.exists(key)


@pytest.mark.skipif(not S3_ENDPOINT, reason="needs the S3 emulator")
def test_s3_bucket_is_versioned_and_a_browser_post_makes_a_new_version_not_a_replacement() -> None:
    import httpx

    store = s3_store()
    assert store.client.get_bucket_versioning(Bucket=store.bucket)["Status"] == "Enabled"
    key = new_key("acct-2")
    ticket = store.upload_ticket(key, content_type="application/pdf", max_bytes=1000, expires_in=60)
    assert ticket is not None
    for body in (b"%PDF- first", b"%PDF- second"):
        response = httpx.post(ticket.url, data=ticket.fields, files={"file": ("x.pdf", body, "application/pdf")})
        assert response.status_code in (200, 204), response.text
    versions = store.client.list_object_versions(Bucket=store.bucket, Prefix=key)["Versions"]
    assert len(versions) == 2
    oldest = min(versions, key=lambda v: v["LastModified"])
    assert _read(store, key, oldest["VersionId"]) in {b"%PDF- first", b"%PDF- second"}


@pytest.mark.skipif(not S3_ENDPOINT, reason="needs the S3 emulator")
def test_object_lock_retention_is_set_on_the_exact_version() -> None:
    from datetime import UTC, datetime, timedelta

    store = s3_store(object_lock_mode="GOVERNANCE")
    key = new_key("acct-3")
    stored = store.write(key, iter([b"%PDF- locked"]), max_bytes=100)
    until = datetime.now(UTC) + timedelta(days=30)
    store.retain(key, stored.version_id, until)
    head = store.client.head_object(Bucket=store.bucket, Key=key, VersionId=stored.version_id)
    assert head["ObjectLockMode"] == "GOVERNANCE"
    assert abs((head["ObjectLockRetainUntilDate"] - until).total_seconds()) < 5
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError):
        store.client.delete_object(Bucket=store.bucket, Key=key, VersionId=stored.version_id)


def test_settings_choose_the_store(settings: Any, tmp_path: Path) -> None:
    assert isinstance(document_store(replace(settings, documents_dir=tmp_path)), LocalDirectoryStore)
    s3 = document_store(replace(settings, document_store="s3", s3_endpoint_url="http://127.0.0.1:9", s3_bucket="b"))
    assert isinstance(s3, S3Store) and s3.bucket == "b"


def test_an_s3_store_that_accepts_and_never_answers_is_a_store_error_within_its_timeout(tmp_path: Path) -> None:
    # A listening socket nobody reads: the kernel accepts the connection, no answer ever comes (a hung store).
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        store = S3Store.connect(
            bucket="recoup-hung",
            region="us-east-1",
            endpoint_url=f"http://127.0.0.1:{hung.getsockname()[1]}",
            access_key_id="test",
            secret_access_key="test",
            timeout_seconds=0.5,
        )
        key = new_key("acct-1")
        clock = time.monotonic()
        with pytest.raises(DocumentStoreError) as fetching:
            store.fetch(key, io.BytesIO(), max_bytes=100)
        with pytest.raises(DocumentStoreError) as writing:
            store.write(key, iter([b"%PDF- a"]), max_bytes=100)
        waited = time.monotonic() - clock
    # typed (not ObjectMissing, not an AttributeError from reading an answer that never came), and bounded
    assert type(fetching.value) is DocumentStoreError and type(writing.value) is DocumentStoreError
    assert waited < 20, f"{waited:.1f} s"  # about 6 s here: two tries each, and the write waits for 100-continue
