"""A dispute as its customer sees it: no assignee, no internal notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from backend.domain.disputes.enums import DisputeOrigin as DomainDisputeOrigin
from backend.domain.disputes.enums import DisputeStatus as DomainDisputeStatus
from backend.domain.disputes.models import Dispute as DisputeModel
from backend.domain.disputes.models import DisputeStatusChange
from backend.domain.disputes.models import ReasonCode as ReasonCodeModel
from backend.domain.disputes.service import ClaimedLine as DomainClaimedLine
from backend.domain.invoices.models import Invoice as InvoiceModel
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.types.credit_memo import CreditMemo
from backend.graphql.types.document import Document
from backend.graphql.types.enums import DisputeOrigin, DisputeStatus
from backend.graphql.types.message import DisputeMessage


@strawberry.type(description="A reason a customer may give for a dispute.")
class ReasonCode:
    code: str
    label: str
    requires_description: bool

    @classmethod
    def from_model(cls, reason: ReasonCodeModel) -> ReasonCode:
        return cls(code=reason.code, label=reason.label, requires_description=reason.requires_description)


@strawberry.type(description="One step in a dispute's life.")
class DisputeTimelineStep:
    status: DisputeStatus  # type: ignore[valid-type]
    changed_at: datetime
    note: str

    @classmethod
    def from_model(cls, change: DisputeStatusChange) -> DisputeTimelineStep:
        return cls(status=DomainDisputeStatus(change.to_status), changed_at=change.changed_at, note=change.note)


@strawberry.type(description="One invoice line a dispute claims against, and how much of it.")
class ClaimedLine:
    line_number: int
    sku: str
    description: str
    quantity_invoiced: Decimal
    unit_price: Decimal
    line_amount: Decimal
    quantity_claimed: Decimal | None = strawberry.field(description="Null when the claim is on the line's price.")
    amount_claimed: Decimal

    @classmethod
    def of(cls, line: DomainClaimedLine) -> ClaimedLine:
        return cls(
            line_number=line.line_number,
            sku=line.sku,
            description=line.description,
            quantity_invoiced=line.quantity_invoiced,
            unit_price=line.unit_price,
            line_amount=line.line_amount,
            quantity_claimed=line.quantity_claimed,
            amount_claimed=line.amount_claimed,
        )


@strawberry.type(description="How a decided dispute ended, in money: what was claimed, accepted and refused.")
class DisputeOutcome:
    claimed: Decimal
    accepted: Decimal = strawberry.field(description="Credited by the dispute's credit memos in force.")
    refused: Decimal = strawberry.field(description="Claimed but not accepted: due again on the invoice.")
    written_off: Decimal = strawberry.field(description="Written off the invoice instead of being decided.")
    credit_memos: list[CreditMemo]
    still_due_on_invoice: Decimal = strawberry.field(description="What remains open on the invoice today.")


_DECIDED = {
    DomainDisputeStatus.RESOLVED_VALID.value,
    DomainDisputeStatus.RESOLVED_PARTIAL.value,
    DomainDisputeStatus.RESOLVED_INVALID.value,
    DomainDisputeStatus.WRITTEN_OFF.value,
}


async def claimed_lines(info: Info, dispute_id: uuid.UUID) -> list[ClaimedLine]:
    """A dispute's (or case's) claimed lines, by line number, through the request's loader."""
    return [ClaimedLine.of(line) for line in await info.context.loaders.dispute_claimed_lines.load(dispute_id)]


@strawberry.type(description="A claim that an invoice is wrong in part or whole.")
class Dispute:
    id: strawberry.ID
    reference: str = strawberry.field(description="The dispute's reference for people, e.g. D-2026-000123.")
    invoice_id: strawberry.ID
    reason_code: str
    origin: DisputeOrigin  # type: ignore[valid-type]
    status: DisputeStatus  # type: ignore[valid-type]
    amount: Decimal
    description: str
    created_at: datetime
    due_on: date
    resolved_at: datetime | None
    dispute_id: strawberry.Private[uuid.UUID]
    invoice_uuid: strawberry.Private[uuid.UUID]

    @classmethod
    def from_model(cls, dispute: DisputeModel) -> Dispute:
        return cls(
            id=strawberry.ID(str(dispute.id)),
            reference=dispute.reference or "",
            invoice_id=strawberry.ID(str(dispute.invoice_id)),
            reason_code=dispute.reason_code,
            origin=DomainDisputeOrigin(dispute.origin),
            status=DomainDisputeStatus(dispute.status),
            amount=dispute.amount,
            description=dispute.description,
            created_at=dispute.created_at,
            due_on=dispute.due_on,
            resolved_at=dispute.resolved_at,
            dispute_id=dispute.id,
            invoice_uuid=dispute.invoice_id,
        )

    async def _invoice(self, info: Info) -> InvoiceModel:
        invoice = await info.context.loaders.invoices.load(self.invoice_uuid)
        if invoice is None:  # the scope hid the invoice: never show half a record
            raise PublicError("This dispute's invoice is not available.")
        return invoice

    @strawberry.field(description="The disputed invoice's number.")
    async def invoice_number(self, info: Info) -> str:
        return (await self._invoice(info)).number

    @strawberry.field(description="Currency of the amount (the invoice's).")
    async def currency(self, info: Info) -> str:
        return (await self._invoice(info)).currency

    @strawberry.field(description="The invoice lines claimed against, by line number (none for a whole-invoice claim).")
    async def claimed_lines(self, info: Info) -> list[ClaimedLine]:
        return await claimed_lines(info, self.dispute_id)

    @strawberry.field(description="How it ended, in money; null while the dispute is open or was withdrawn.")
    async def outcome(self, info: Info) -> DisputeOutcome | None:
        status: str = DomainDisputeStatus(self.status).value
        if status not in _DECIDED:
            return None
        invoice = await self._invoice(info)
        memos = [
            memo
            for memo in await info.context.loaders.invoice_credit_memos.load(self.invoice_uuid)
            if memo.dispute_id == self.dispute_id and memo.reversed_at is None
        ]
        accepted = sum((memo.amount for memo in memos), Decimal("0.00"))
        written_off = self.amount if status == DomainDisputeStatus.WRITTEN_OFF.value else Decimal("0.00")
        return DisputeOutcome(
            claimed=self.amount,
            accepted=accepted,
            refused=self.amount - accepted - written_off,
            written_off=written_off,
            credit_memos=[CreditMemo.from_model(memo) for memo in memos],
            still_due_on_invoice=invoice.open_balance,
        )

    @strawberry.field(description="Every status the dispute has had, oldest first.")
    async def timeline(self, info: Info) -> list[DisputeTimelineStep]:
        return [
            DisputeTimelineStep.from_model(c)
            for c in await info.context.loaders.dispute_timelines.load(self.dispute_id)
        ]

    @strawberry.field(description="Documents attached to this dispute, oldest first.")
    async def documents(self, info: Info) -> list[Document]:
        return [Document.from_model(d) for d in await info.context.loaders.dispute_documents.load(self.dispute_id)]

    @strawberry.field(description="The conversation with the seller's staff, oldest first.")
    async def messages(self, info: Info) -> list[DisputeMessage]:
        return [
            DisputeMessage.from_posted(m) for m in await info.context.loaders.dispute_messages.load(self.dispute_id)
        ]
