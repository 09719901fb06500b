"""Document storage behind one small interface: a local directory (embedded) or any S3-compatible store.

Objects are keyed by the SHA-256 of their content under a caller-chosen prefix (an
account id), never by a user-supplied name. The archive is append-only: writing a
key that exists does not overwrite it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

_PREFIX = re.compile(r"^[A-Za-z0-9-]{1,64}$")


class DocumentStoreError(RuntimeError):
    """The store could not complete the operation; nothing was half-written."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    size: int
    version_id: str | None


def content_key(prefix: str, data: bytes) -> tuple[str, str]:
    """The key and SHA-256 for ``data`` under ``prefix``."""
    if not _PREFIX.match(prefix):
        raise ValueError("prefix must be letters, digits and dashes")
    digest = hashlib.sha256(data).hexdigest()
    return f"{prefix}/{digest}", digest


class DocumentStore(Protocol):
    def put(self, prefix: str, data: bytes) -> StoredObject: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...


class LocalDirectoryStore:
    """Files under a root directory, written atomically (temp file, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("key escapes the store")
        return path

    def put(self, prefix: str, data: bytes) -> StoredObject:
        key, digest = content_key(prefix, data)
        path = self._path(key)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, path)
        return StoredObject(key=key, sha256=digest, size=len(data), version_id=None)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise DocumentStoreError(f"no object {key}") from error

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


class S3Store:
    """Objects in one S3 bucket (versioned), written only if absent (``If-None-Match: *``)."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def connect(
        cls,
        *,
        bucket: str,
        region: str,
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> S3Store:
        import boto3
        from botocore.config import Config

        client = boto3.client(
            "s3",
            region_name=region,
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
        )
        return cls(client, bucket)

    def ensure_bucket(self) -> None:
        """Create the bucket with versioning if it is missing (embedded and test set-ups)."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)
        self.client.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})

    def put(self, prefix: str, data: bytes) -> StoredObject:
        from botocore.exceptions import BotoCoreError, ClientError

        key, digest = content_key(prefix, data)
        try:
            response = self.client.put_object(
                Bucket=self.bucket, Key=key, Body=data, IfNoneMatch="*", ChecksumAlgorithm="SHA256"
            )
            version_id = response.get("VersionId")
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in {"PreconditionFailed", "ConditionalRequestConflict"}:
                raise DocumentStoreError(f"could not store {key}") from error
            version_id = self.client.head_object(Bucket=self.bucket, Key=key).get("VersionId")
        except BotoCoreError as error:
            raise DocumentStoreError(f"could not store {key}") from error
        return StoredObject(key=key, sha256=digest, size=len(data), version_id=version_id)

    def get(self, key: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            body: bytes = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except (ClientError, BotoCoreError) as error:
            raise DocumentStoreError(f"could not read {key}") from error
        return body

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError:
            return False
        return True
