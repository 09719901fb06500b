"""fileDispute: a customer disputes a whole invoice or some of its lines."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import strawberry

from backend.db.types import utc_now
from backend.domain.disputes.service import DisputeRequest, LineClaim, file_dispute
from backend.domain.errors import DomainError
from backend.graphql.context import Info
from backend.graphql.permissions import IsCustomer
from backend.graphql.results import ErrorResult, NotFoundResult, error_result, input_error
from backend.graphql.types.dispute import Dispute


@strawberry.input(description="One disputed line and the part of the claim on it.")
class DisputedLineInput:
    line_id: strawberry.ID
    amount: Decimal
    quantity: Decimal | None = None


@strawberry.input(description="A new dispute. The account is always the signed-in customer's.")
class FileDisputeInput:
    invoice_id: strawberry.ID
    reason_code: str
    amount: Decimal
    description: str = ""
    lines: list[DisputedLineInput] = strawberry.field(default_factory=list)
    idempotency_key: str = strawberry.field(
        description="A fresh random key per form; a retry with the same key files nothing new."
    )


@strawberry.type(description="The dispute was filed (or had been, under this idempotency key).")
class DisputeFiled:
    dispute: Dispute


FileDisputeResult = Annotated[DisputeFiled | ErrorResult, strawberry.union("FileDisputeResult")]


def _uuid(value: strawberry.ID) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@strawberry.type
class FileDisputeMutation:
    @strawberry.mutation(description="File a dispute against one of your invoices.", permission_classes=[IsCustomer])
    async def file_dispute(self, info: Info, input: FileDisputeInput) -> FileDisputeResult:  # type: ignore[valid-type]
        key = input.idempotency_key.strip()
        if not 8 <= len(key) <= 64:
            return input_error(
                "idempotencyKey", "The form's request key is missing; reload the page.", "idempotency_key_invalid"
            )
        invoice_id = _uuid(input.invoice_id)
        if invoice_id is None:
            return NotFoundResult(message="Invoice not found.")
        claims = []
        for line in input.lines:
            line_id = _uuid(line.line_id)
            if line_id is None:
                return input_error("lines", "A chosen line is not on this invoice.", "line_not_on_invoice")
            claims.append(LineClaim(invoice_line_id=line_id, amount=line.amount, quantity=line.quantity))
        request = DisputeRequest(
            invoice_id=invoice_id,
            reason_code=input.reason_code,
            amount=input.amount,
            description=input.description,
            lines=claims,
            idempotency_key=key,
        )
        ctx = info.context
        assert ctx.principal is not None
        try:
            filing = await file_dispute(ctx.db, principal=ctx.principal, request=request, now=utc_now())
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        # The answer names the invoice (number, currency): the filing read it, so the answer's loader starts with it
        # instead of opening a second transaction to read it again.
        if filing.invoice is not None:
            ctx.loaders.invoices.prime(filing.invoice.id, filing.invoice)
        return DisputeFiled(dispute=Dispute.from_model(filing.dispute))
