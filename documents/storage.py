"""Document storage behind one small interface: a local directory (embedded) or any S3-compatible store.

Keys are made by the server (``<account id>/<uuid>``), never from a user's file name.
The archive is append-only: writing a key that exists is refused, S3 buckets are
versioned, and a confirmed document names the exact object version it was checked
against. Only a never-confirmed upload is ever deleted.

Every method is blocking I/O; async callers run them in a thread.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol

from documents.disposition import attachment

_PREFIX = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_KEY = re.compile(r"^[A-Za-z0-9-]{1,64}/[A-Za-z0-9-]{1,64}$")
CHUNK = 64 * 1024


class DocumentStoreError(RuntimeError):
    """The store could not complete the operation; nothing was half-written."""


class ObjectExists(DocumentStoreError):
    """The key is taken: the archive never overwrites an object."""


class ObjectMissing(DocumentStoreError):
    """No object under the key (an upload that never arrived)."""


class ObjectTooLarge(DocumentStoreError):
    """The bytes went past the limit; nothing was kept."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    size: int
    version_id: str | None


@dataclass(frozen=True)
class UploadTicket:
    """How a browser sends the bytes straight to the store (S3 presigned POST)."""

    url: str
    fields: dict[str, str] = field(default_factory=dict)
    method: str = "POST"


def new_key(prefix: str) -> str:
    """A fresh server-made key under ``prefix`` (an account id)."""
    if not _PREFIX.match(prefix):
        raise ValueError("prefix must be letters, digits and dashes")
    return f"{prefix}/{uuid.uuid4()}"


def _checked(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError("not a key this archive makes")
    return key


def hash_file(handle: IO[bytes]) -> tuple[str, int]:
    """SHA-256 and size of an open file, read in chunks from the start."""
    handle.seek(0)
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return digest.hexdigest(), size


class DocumentStore(Protocol):
    def upload_ticket(self, key: str, *, content_type: str, max_bytes: int, expires_in: int) -> UploadTicket | None:
        """A presigned direct upload, or None when the bytes go through the server (``write``)."""
        ...

    def write(self, key: str, chunks: Iterable[bytes], *, max_bytes: int) -> StoredObject:
        """Store the chunks under a new key; refuses an existing key and anything over ``max_bytes``."""
        ...

    def fetch(self, key: str, into: IO[bytes], *, max_bytes: int) -> StoredObject:
        """Copy the newest version of the object into ``into`` (streamed), with its hash and version."""
        ...

    def open(self, key: str, version_id: str | None) -> IO[bytes]:
        """A readable stream of one exact version."""
        ...

    def download_url(
        self, key: str, version_id: str | None, *, filename: str, content_type: str, expires_in: int
    ) -> str | None:
        """A short-lived direct link to one version (S3), or None when the server streams it."""
        ...

    def retain(self, key: str, version_id: str | None, until: datetime) -> None:
        """Lock one version against deletion until ``until`` where the store supports it."""
        ...

    def discard_unconfirmed(self, key: str) -> None:
        """Remove an upload that was never confirmed (every version of it). Missing is fine."""
        ...

    def exists(self, key: str) -> bool: ...

    def check_reachable(self) -> None:
        """Raise :class:`DocumentStoreError` unless the store can be used right now (readiness checks)."""
        ...


class LocalDirectoryStore:
    """Files under a root directory: written to a temp file, fsynced, then linked into place (no overwrite)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / _checked(key)).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("key escapes the store")
        return path

    def upload_ticket(self, key: str, *, content_type: str, max_bytes: int, expires_in: int) -> UploadTicket | None:
        return None

    def check_reachable(self) -> None:
        """The root, or the folder it will be made in, is a directory this process may write to."""
        folder = self.root
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
            raise DocumentStoreError(f"document directory {self.root} is not writable")

    def write(self, key: str, chunks: Iterable[bytes], *, max_bytes: int) -> StoredObject:
        path = self._path(key)
        if path.exists():
            raise ObjectExists(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".upload-", delete=False) as handle:
            try:
                for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise ObjectTooLarge(key)
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
                try:
                    os.link(handle.name, path)  # fails if the key appeared meanwhile: never overwrite
                except FileExistsError as error:
                    raise ObjectExists(key) from error
            finally:
                os.unlink(handle.name)
        return StoredObject(key=key, sha256=digest.hexdigest(), size=size, version_id=None)

    def fetch(self, key: str, into: IO[bytes], *, max_bytes: int) -> StoredObject:
        try:
            with self._path(key).open("rb") as source:
                size = os.fstat(source.fileno()).st_size
                if size > max_bytes:
                    raise ObjectTooLarge(key)
                shutil.copyfileobj(source, into, CHUNK)
        except FileNotFoundError as error:
            raise ObjectMissing(key) from error
        sha256, size = hash_file(into)
        return StoredObject(key=key, sha256=sha256, size=size, version_id=None)

    def open(self, key: str, version_id: str | None) -> IO[bytes]:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as error:
            raise ObjectMissing(key) from error

    def download_url(
        self, key: str, version_id: str | None, *, filename: str, content_type: str, expires_in: int
    ) -> str | None:
        return None

    def retain(self, key: str, version_id: str | None, until: datetime) -> None:
        return None

    def discard_unconfirmed(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


def _error_code(error: BaseException) -> str | None:
    """S3's error code of a botocore error, or None (a timeout or a dropped connection has no response)."""
    response = getattr(error, "response", None) or {}
    code: str | None = response.get("Error", {}).get("Code")
    return code


class S3Store:
    """Objects in one versioned S3 bucket; the server writes only if absent (``If-None-Match: *``)."""

    def __init__(self, client: Any, bucket: str, *, object_lock_mode: str | None = None) -> None:
        self.client = client
        self.bucket = bucket
        self.object_lock_mode = object_lock_mode

    @classmethod
    def connect(
        cls,
        *,
        bucket: str,
        region: str,
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        object_lock_mode: str | None = None,
        timeout_seconds: float = 30.0,
    ) -> S3Store:
        import boto3
        from botocore.config import Config

        client = boto3.client(
            "s3",
            region_name=region,
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                retries={"max_attempts": 2, "mode": "standard"},
                connect_timeout=min(3.0, timeout_seconds),
                read_timeout=timeout_seconds,
                signature_version="s3v4",
            ),
        )
        return cls(client, bucket, object_lock_mode=object_lock_mode)

    def _errors(self) -> tuple[type[BaseException], ...]:
        from botocore.exceptions import BotoCoreError, ClientError

        return (BotoCoreError, ClientError)

    def ensure_bucket(self, *, cors_origins: Iterable[str] = ()) -> None:
        """Create the bucket (versioned; Object Lock when configured) and let the browser origins upload to it."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket, ObjectLockEnabledForBucket=self.object_lock_mode is not None)
        self.client.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})
        origins = list(cors_origins)
        if origins:
            self.client.put_bucket_cors(
                Bucket=self.bucket,
                CORSConfiguration={
                    "CORSRules": [
                        {
                            "AllowedOrigins": origins,
                            "AllowedMethods": ["POST", "GET"],
                            "AllowedHeaders": ["*"],
                            "MaxAgeSeconds": 600,
                        }
                    ]
                },
            )

    def upload_ticket(self, key: str, *, content_type: str, max_bytes: int, expires_in: int) -> UploadTicket | None:
        try:
            post = self.client.generate_presigned_post(
                Bucket=self.bucket,
                Key=_checked(key),
                Fields={"Content-Type": content_type},
                Conditions=[
                    {"Content-Type": content_type},
                    ["content-length-range", 1, max_bytes],
                ],
                ExpiresIn=expires_in,
            )
        except self._errors() as error:
            raise DocumentStoreError(f"could not sign an upload for {key}") from error
        return UploadTicket(url=post["url"], fields=dict(post["fields"]))

    def write(self, key: str, chunks: Iterable[bytes], *, max_bytes: int) -> StoredObject:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            size = 0
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise ObjectTooLarge(key)
                spool.write(chunk)
            sha256, size = hash_file(spool)
            try:
                response = self.client.put_object(
                    Bucket=self.bucket, Key=_checked(key), Body=spool, IfNoneMatch="*", ChecksumAlgorithm="SHA256"
                )
            except self._errors() as error:
                code = _error_code(error)
                if code in {"PreconditionFailed", "ConditionalRequestConflict"}:
                    raise ObjectExists(key) from error
                raise DocumentStoreError(f"could not store {key}") from error
        return StoredObject(key=key, sha256=sha256, size=size, version_id=response.get("VersionId"))

    def fetch(self, key: str, into: IO[bytes], *, max_bytes: int) -> StoredObject:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=_checked(key))
        except self._errors() as error:
            code = _error_code(error)
            if code in {"NoSuchKey", "404"}:
                raise ObjectMissing(key) from error
            raise DocumentStoreError(f"could not read {key}") from error
        if int(response.get("ContentLength", 0)) > max_bytes:
            response["Body"].close()
            raise ObjectTooLarge(key)
        try:
            for chunk in response["Body"].iter_chunks(CHUNK):
                into.write(chunk)
        except self._errors() as error:
            raise DocumentStoreError(f"could not read {key}") from error
        sha256, size = hash_file(into)
        return StoredObject(key=key, sha256=sha256, size=size, version_id=response.get("VersionId"))

    def open(self, key: str, version_id: str | None) -> IO[bytes]:
        extra = {"VersionId": version_id} if version_id else {}
        try:
            body: IO[bytes] = self.client.get_object(Bucket=self.bucket, Key=_checked(key), **extra)["Body"]
        except self._errors() as error:
            raise DocumentStoreError(f"could not read {key}") from error
        return body

    def download_url(
        self, key: str, version_id: str | None, *, filename: str, content_type: str, expires_in: int
    ) -> str | None:
        params: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": _checked(key),
            "ResponseContentType": content_type,
            "ResponseContentDisposition": attachment(filename),
        }
        if version_id:
            params["VersionId"] = version_id
        try:
            url: str = self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=expires_in)
        except self._errors() as error:
            raise DocumentStoreError(f"could not sign a download of {key}") from error
        return url

    def retain(self, key: str, version_id: str | None, until: datetime) -> None:
        if self.object_lock_mode is None:
            return
        extra = {"VersionId": version_id} if version_id else {}
        try:
            self.client.put_object_retention(
                Bucket=self.bucket,
                Key=_checked(key),
                Retention={"Mode": self.object_lock_mode, "RetainUntilDate": until},
                **extra,
            )
        except self._errors() as error:
            raise DocumentStoreError(f"could not lock {key}") from error

    def discard_unconfirmed(self, key: str) -> None:
        try:
            listed = self.client.list_object_versions(Bucket=self.bucket, Prefix=_checked(key))
            doomed = [
                {"Key": v["Key"], "VersionId": v["VersionId"]}
                for kind in ("Versions", "DeleteMarkers")
                for v in listed.get(kind, [])
                if v["Key"] == key
            ]
            if doomed:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": doomed, "Quiet": True})
        except self._errors() as error:
            raise DocumentStoreError(f"could not discard {key}") from error

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=_checked(key))
        except ClientError:
            return False
        return True

    def check_reachable(self) -> None:
        """The bucket exists and these credentials may use it (one HEAD request)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except self._errors() as error:
            raise DocumentStoreError(f"bucket {self.bucket} is not reachable") from error
