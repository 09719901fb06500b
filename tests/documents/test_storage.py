"""Both document stores keep bytes by content hash and never overwrite (ARCHITECTURE, SECURITY.md E22, E26).

The S3 case runs against a real S3 API over HTTP (moto's server, started by ``make test``).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from backend.document_store import document_store
from documents.storage import DocumentStoreError, LocalDirectoryStore, S3Store

S3_ENDPOINT = os.environ.get("RECOUP_TEST_S3_ENDPOINT")


def _s3_store() -> S3Store:
    store = S3Store.connect(
        bucket=f"recoup-test-{uuid.uuid4().hex[:8]}",
        region="us-east-1",
        endpoint_url=S3_ENDPOINT,
        access_key_id="test",
        secret_access_key="test",
    )
    store.ensure_bucket()
    return store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "local":
        return LocalDirectoryStore(tmp_path / "docs")
    if not S3_ENDPOINT:
        pytest.skip("RECOUP_TEST_S3_ENDPOINT not set (make test starts an S3 emulator)")
    return _s3_store()


def test_put_keys_by_content_hash_and_get_returns_the_bytes(store: Any) -> None:
    data = b"%PDF-1.4 proof of delivery"
    stored = store.put("acct-1", data)
    assert stored.key == f"acct-1/{hashlib.sha256(data).hexdigest()}"
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert store.get(stored.key) == data and store.exists(stored.key)


def test_storing_the_same_bytes_twice_keeps_one_object(store: Any) -> None:
    first = store.put("acct-1", b"same")
    second = store.put("acct-1", b"same")
    assert first.key == second.key and store.get(first.key) == b"same"


def test_missing_object_is_a_store_error(store: Any) -> None:
    with pytest.raises(DocumentStoreError):
        store.get("acct-1/" + "0" * 64)


def test_prefix_cannot_smuggle_a_path(store: Any) -> None:
    with pytest.raises(ValueError):
        store.put("../etc", b"x")


@pytest.mark.skipif(not S3_ENDPOINT, reason="needs the S3 emulator")
def test_s3_objects_are_versioned_and_never_overwritten() -> None:
    store = _s3_store()
    stored = store.put("acct-2", b"evidence")
    assert stored.version_id
    again = store.put("acct-2", b"evidence")
    versions = store.client.list_object_versions(Bucket=store.bucket, Prefix=stored.key).get("Versions", [])
    assert len(versions) == 1 and again.version_id == stored.version_id


def test_settings_choose_the_store(settings: Any, tmp_path: Path) -> None:
    assert isinstance(document_store(replace(settings, documents_dir=tmp_path)), LocalDirectoryStore)
    s3 = document_store(replace(settings, document_store="s3", s3_endpoint_url="http://127.0.0.1:9", s3_bucket="b"))
    assert isinstance(s3, S3Store) and s3.bucket == "b"
