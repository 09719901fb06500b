"""Start an upload (a pending document and where its bytes go) and confirm it (the bytes are checked and kept)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from backend.db.types import utc_now
from backend.domain.documents import uploads
from backend.domain.documents.enums import DocumentType as DomainDocumentType
from backend.domain.errors import DomainError, NotFound
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsSignedIn
from backend.graphql.results import (
    InvalidInputResult,
    NotFoundResult,
    NotReadyResult,
    RateLimitedResult,
    UnavailableResult,
    archive_error_result,
)
from backend.graphql.types.document import Document, DocumentType


@strawberry.type(description="One form field to send with the file, exactly as given.")
class UploadField:
    name: str
    value: str


@strawberry.type(description="Where and how to send the file's bytes.")
class UploadInstructions:
    method: str = strawberry.field(
        description="POST: a multipart form with `fields`, the file last. PUT: the raw bytes."
    )
    url: str
    fields: list[UploadField]
    max_bytes: int


@strawberry.type(description="The upload is started: send the bytes, then confirm it before `expiresAt`.")
class UploadStarted:
    document: Document
    upload: UploadInstructions
    expires_at: datetime


@strawberry.type(description="The file was checked and is kept in the archive.")
class DocumentConfirmed:
    document: Document


StartDocumentUploadResult = Annotated[
    UploadStarted | InvalidInputResult | NotFoundResult | RateLimitedResult | UnavailableResult,
    strawberry.union("StartDocumentUploadResult"),
]
ConfirmDocumentUploadResult = Annotated[
    DocumentConfirmed | InvalidInputResult | NotFoundResult | UnavailableResult | NotReadyResult,
    strawberry.union("ConfirmDocumentUploadResult"),
]


@strawberry.input(description="What you are about to upload; the file itself is checked again when you confirm.")
class DocumentUploadInput:
    filename: str
    content_type: str = strawberry.field(description="application/pdf, image/jpeg, image/png or image/tiff.")
    size_bytes: int
    dispute_id: strawberry.ID | None = None
    invoice_id: strawberry.ID | None = None
    supersedes_id: strawberry.ID | None = strawberry.field(
        default=None, description="A new version of this document (it stays in the archive)."
    )
    document_type: DocumentType = DomainDocumentType.OTHER  # type: ignore[valid-type]


def parse_id(value: strawberry.ID | None, field: str) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(f"No such {field}.") from None


async def start_upload(
    info: Info,
    input: DocumentUploadInput,
    *,
    internal: bool = False,
    account_id: uuid.UUID | None = None,
) -> StartDocumentUploadResult:  # type: ignore[valid-type]
    """The one path of both the shared and the staff mutation."""
    archive: uploads.Archive = info.context.archive
    try:
        started = await uploads.start_upload(
            info.context.db,
            archive.store,
            principal=acting_principal(info),
            request=uploads.UploadRequest(
                filename=input.filename[:500],
                content_type=input.content_type.strip().lower()[:100],
                size_bytes=input.size_bytes,
                dispute_id=parse_id(input.dispute_id, "dispute"),
                invoice_id=parse_id(input.invoice_id, "invoice"),
                supersedes_id=parse_id(input.supersedes_id, "document"),
                account_id=account_id,
                document_type=DomainDocumentType(input.document_type).value,
                internal=internal,
            ),
            policy=archive.policy,
            now=utc_now(),
        )
    except DomainError as error:
        await info.context.db.rollback()
        return archive_error_result(error)  # type: ignore[return-value]
    document = started.document
    if started.ticket is None:
        instructions = UploadInstructions(
            method="PUT", url=f"/api/documents/{document.id}/content", fields=[], max_bytes=archive.policy.max_bytes
        )
    else:
        instructions = UploadInstructions(
            method=started.ticket.method,
            url=started.ticket.url,
            fields=[UploadField(name=k, value=v) for k, v in started.ticket.fields.items()],
            max_bytes=archive.policy.max_bytes,
        )
    return UploadStarted(document=Document.from_model(document), upload=instructions, expires_at=started.expires_at)


@strawberry.type
class UploadDocumentMutation:
    @strawberry.mutation(
        description="Start uploading a file to one of your disputes or invoices (or, with neither, to your account).",
        permission_classes=[IsSignedIn],
    )
    async def start_document_upload(self, info: Info, input: DocumentUploadInput) -> StartDocumentUploadResult:  # type: ignore[valid-type]
        return await start_upload(info, input)

    @strawberry.mutation(
        description="Confirm an upload once its bytes are sent: they are checked, and kept or refused. Safe to repeat.",
        permission_classes=[IsSignedIn],
    )
    async def confirm_document_upload(self, info: Info, document_id: strawberry.ID) -> ConfirmDocumentUploadResult:  # type: ignore[valid-type]
        archive: uploads.Archive = info.context.archive
        try:
            document = await uploads.confirm_upload(
                info.context.db,
                archive.store,
                archive.sandbox,
                principal=acting_principal(info),
                document_id=parse_id(document_id, "upload") or uuid.UUID(int=0),
                policy=archive.policy,
                now=utc_now(),
            )
        except DomainError as error:
            await info.context.db.rollback()
            return archive_error_result(error)  # type: ignore[return-value]
        await archive.queue.extraction_due(document.id)
        return DocumentConfirmed(document=Document.from_model(document))
