"""The document archive the settings ask for: store, PDF sandbox, upload rules and job queue."""

from __future__ import annotations

from datetime import timedelta

from backend.domain.documents.uploads import Archive, ExtractionQueue, UploadPolicy
from backend.settings import Settings
from documents.pdf_sandbox import PdfLimits, PdfSandbox
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
            object_lock_mode=settings.s3_object_lock_mode,
            timeout_seconds=settings.s3_timeout_seconds,
        )
    return LocalDirectoryStore(settings.documents_dir)


def pdf_sandbox(settings: Settings) -> PdfSandbox:
    return PdfSandbox(
        PdfLimits(
            memory_mb=settings.pdf_memory_mb,
            cpu_seconds=settings.pdf_cpu_seconds,
            wall_seconds=settings.pdf_wall_seconds,
        )
    )


def upload_policy(settings: Settings) -> UploadPolicy:
    return UploadPolicy(
        max_bytes=settings.upload_max_bytes,
        pending_lifetime=timedelta(minutes=settings.upload_pending_minutes),
        retention=timedelta(days=settings.s3_object_lock_days) if settings.s3_object_lock_mode else None,
    )


def build_archive(settings: Settings, queue: ExtractionQueue) -> Archive:
    return Archive(
        store=document_store(settings),
        sandbox=pdf_sandbox(settings),
        policy=upload_policy(settings),
        queue=queue,
    )
