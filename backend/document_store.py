"""The document store the settings ask for."""

from __future__ import annotations

from backend.settings import Settings
from documents.storage import DocumentStore, LocalDirectoryStore, S3Store


def document_store(settings: Settings) -> DocumentStore:
    """A local directory on the embedded default, S3 when ``RECOUP_DOCUMENT_STORE=s3``."""
    if settings.document_store == "s3":
        return S3Store.connect(
            bucket=settings.s3_bucket,
            region=settings.s3_region,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
        )
    return LocalDirectoryStore(settings.documents_dir)
