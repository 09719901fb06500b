"""Staff's own archive operations: internal documents, documents of a customer with no case yet, and
accepting an evidence-link suggestion."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from backend.archive.mutations.upload_document import (
    DocumentUploadInput,
    StartDocumentUploadResult,
    parse_id,
    start_upload,
)
from backend.db.types import utc_now
from backend.domain.documents.evidence_links import link_suggested
from backend.domain.errors import DomainError
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, error_result
from backend.graphql.types.document import Document


@strawberry.type(description="The document now belongs to the invoice (and its one open case, if it has one).")
class DocumentLinked:
    document: Document


LinkDocumentResult = Annotated[DocumentLinked | ErrorResult, strawberry.union("LinkDocumentResult")]


@strawberry.type
class ArchiveDocumentMutation:
    @strawberry.mutation(
        description="Start uploading a document as staff: internal (never shown to the customer) or to a customer's archive.",
        permission_classes=[IsStaff],
    )
    async def start_staff_document_upload(
        self,
        info: Info,
        input: DocumentUploadInput,
        internal: bool = False,
        account_id: strawberry.ID | None = None,
    ) -> StartDocumentUploadResult:  # type: ignore[valid-type]
        try:
            account = parse_id(account_id, "customer")
        except DomainError as error:
            return error_result(error)  # type: ignore[return-value]
        return await start_upload(info, input, internal=internal, account_id=account)

    @strawberry.mutation(
        description="Link a document to an invoice its text names (a suggestion on the case page).",
        permission_classes=[IsStaff],
    )
    async def link_document_to_invoice(
        self, info: Info, document_id: strawberry.ID, invoice_id: strawberry.ID
    ) -> LinkDocumentResult:  # type: ignore[valid-type]
        try:
            document = await link_suggested(
                info.context.db,
                actor_user_id=acting_principal(info).user_id,
                document_id=parse_id(document_id, "document") or uuid.UUID(int=0),
                invoice_id=parse_id(invoice_id, "invoice") or uuid.UUID(int=0),
                now=utc_now(),
            )
        except DomainError as error:
            await info.context.db.rollback()
            return error_result(error)
        return DocumentLinked(document=Document.from_model(document))
