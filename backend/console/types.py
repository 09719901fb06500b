"""The staff view of a case: everything the customer sees plus assignee, version, internal notes and audit."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from backend.domain.automation.enums import FlagCode
from backend.domain.automation.models import CaseFlag as CaseFlagModel
from backend.domain.disputes.enums import DisputeOrigin as DomainOrigin
from backend.domain.disputes.enums import DisputeStatus as DomainStatus
from backend.domain.disputes.enums import RootCause as DomainRootCause
from backend.domain.disputes.models import Dispute as DisputeModel
from backend.domain.disputes.queue import CaseRecord, CaseRow
from backend.domain.messages.service import PostedMessage
from backend.domain.resolution.reads import audit_trail, other_open_cases
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.pagination import PageInfo
from backend.graphql.types.dispute import ClaimedLine, DisputeTimelineStep, claimed_lines
from backend.graphql.types.document import Document
from backend.graphql.types.enums import DisputeOrigin, DisputeStatus, RootCause
from backend.graphql.types.invoice import Invoice
from backend.graphql.types.order import RecordsVerdict

if TYPE_CHECKING:
    from backend.console.cash import RemittanceLine


@strawberry.type(description="A message or an internal note on a case.")
class CaseMessage:
    id: strawberry.ID
    body: str
    created_at: datetime
    author_name: str
    from_staff: bool
    is_internal: bool

    @classmethod
    def from_posted(cls, posted: PostedMessage) -> CaseMessage:
        return cls(
            id=strawberry.ID(str(posted.message.id)),
            body=posted.message.body,
            created_at=posted.message.created_at,
            author_name=posted.author.full_name,
            from_staff=posted.author.account_id is None,
            is_internal=posted.message.is_internal,
        )


@strawberry.type(description="One audit event: who did what, when, with the values before and after.")
class AuditEntry:
    sequence: int
    occurred_at: datetime
    action: str
    actor_name: str | None
    before: JSON | None
    after: JSON | None


CaseFlagCode = strawberry.enum(FlagCode, name="CaseFlagCode", description="What automation found about a case.")


@strawberry.type(description="A validation finding on a case, staff-only, with the reason in words.")
class CaseFlag:
    code: CaseFlagCode  # type: ignore[valid-type]
    message: str = strawberry.field(description='Exactly why, e.g. "Already claimed: case for 120.00 on INV-1004 …".')
    raised_at: datetime

    @classmethod
    def of(cls, flag: CaseFlagModel) -> CaseFlag:
        return cls(code=FlagCode(flag.code), message=flag.message, raised_at=flag.raised_at)


@strawberry.type(description="A dispute or deduction as staff work it.")
class Case:
    id: strawberry.ID
    reference: str = strawberry.field(description="The case's reference for people, e.g. D-2026-000123.")
    version: int
    status: DisputeStatus  # type: ignore[valid-type]
    origin: DisputeOrigin  # type: ignore[valid-type]
    reason_code: str
    amount: Decimal
    currency: str
    description: str
    opened_at: datetime
    due_on: date
    resolved_at: datetime | None
    is_overdue: bool
    age_days: int
    account_id: strawberry.ID
    account_name: str
    account_number: str
    invoice_id: strawberry.ID
    invoice_number: str
    assignee_id: strawberry.ID | None
    assignee_name: str | None
    flags: list[CaseFlag] = strawberry.field(
        description="Validation flags automation raised (duplicate claim, no evidence, …), by code."
    )
    account_on_hold: bool = strawberry.field(description="The customer's account is on credit hold.")
    records_verdict: RecordsVerdict | None = strawberry.field(
        description="What the order, delivery and invoice records said of the claim when it was filed (null: no "
        'claimed line has an order); SUPPORTED reads "supported by our records".'
    )
    records_detail: str = strawberry.field(description="The comparison with the records, as the customer saw it.")
    root_cause: RootCause | None = strawberry.field(  # type: ignore[valid-type]
        description="What really went wrong, chosen when the case was decided; null: not recorded (open, decided by "
        "a rule, or before root causes existed)."
    )
    dispute_id: strawberry.Private[uuid.UUID]
    model: strawberry.Private[CaseRecord]

    @classmethod
    def from_row(cls, row: CaseRow, today: date, now: datetime) -> Case:
        d = row.dispute
        return cls(
            id=strawberry.ID(str(d.id)),
            reference=d.reference or "",
            version=d.version,
            status=DomainStatus(d.status),
            origin=DomainOrigin(d.origin),
            reason_code=d.reason_code,
            amount=d.amount,
            currency=row.currency,
            description=d.description,
            opened_at=d.created_at,
            due_on=d.due_on,
            resolved_at=d.resolved_at,
            is_overdue=row.is_overdue(today),
            age_days=row.age_days(now),
            account_id=strawberry.ID(str(d.account_id)),
            account_name=row.account_name,
            account_number=row.account_number,
            invoice_id=strawberry.ID(str(d.invoice_id)),
            invoice_number=row.invoice_number,
            assignee_id=strawberry.ID(str(d.assignee_id)) if d.assignee_id else None,
            assignee_name=row.assignee_name,
            flags=[CaseFlag.of(f) for f in row.flags],
            account_on_hold=row.account_on_hold,
            records_verdict=RecordsVerdict(d.records_check) if d.records_check else None,
            records_detail=d.records_detail,
            root_cause=DomainRootCause(d.root_cause) if d.root_cause else None,
            dispute_id=d.id,
            model=d,
        )

    @strawberry.field(description="The invoice with its lines, payments, credits and documents.")
    async def invoice(self, info: Info) -> Invoice:
        from backend.domain.invoices.service import get_invoice

        row = await get_invoice(info.context.db, invoice_id=self.model.invoice_id, today=info.context.today)
        if row is None:
            raise PublicError("This case's invoice is not available.")
        return Invoice.from_row(row, info.context.today)

    @strawberry.field(description="The invoice lines claimed against, by line number (none for a whole-invoice claim).")
    async def claimed_lines(self, info: Info) -> list[ClaimedLine]:
        return await claimed_lines(info, self.dispute_id)

    @strawberry.field(description="Status steps as the customer sees them.")
    async def timeline(self, info: Info) -> list[DisputeTimelineStep]:
        return [
            DisputeTimelineStep.from_model(c)
            for c in await info.context.loaders.dispute_timelines.load(self.dispute_id)
        ]

    @strawberry.field(description="Messages with the customer and internal notes, oldest first.")
    async def messages(self, info: Info) -> list[CaseMessage]:
        return [CaseMessage.from_posted(m) for m in await info.context.loaders.dispute_messages.load(self.dispute_id)]

    @strawberry.field(description="Documents attached to the case.")
    async def documents(self, info: Info) -> list[Document]:
        return [Document.from_model(d) for d in await info.context.loaders.dispute_documents.load(self.dispute_id)]

    @strawberry.field(
        description="Documents whose text names this case's invoice but which are filed elsewhere: link with one click."
    )
    async def suggested_documents(self, info: Info) -> list[SuggestedDocument]:
        found = await info.context.loaders.invoice_suggested_documents.load(self.model.invoice_id)
        return [
            SuggestedDocument(document=Document.from_model(d), matched_by=s.matched_by, matched_text=s.matched_text)
            for d, s in found
        ]

    @strawberry.field(
        description="The remittance line this deduction was taken on: payment, import and line (null for a portal "
        "dispute)."
    )
    async def remittance(self, info: Info) -> Annotated[RemittanceLine, strawberry.lazy("backend.console.cash")] | None:
        from backend.console.cash import remittance_line_of_case

        return await remittance_line_of_case(info, self.dispute_id)

    @strawberry.field(description="The full audit trail of the case.")
    async def audit_trail(self, info: Info) -> list[AuditEntry]:
        return [
            AuditEntry(
                sequence=e.sequence,
                occurred_at=e.occurred_at,
                action=e.action,
                actor_name=name,
                before=_json(e.before),
                after=_json(e.after),
            )
            for e, name in await audit_trail(info.context.db, self.dispute_id)
        ]

    @strawberry.field(description="The same customer's other open cases.")
    async def other_open_cases(self, info: Info) -> list[CaseSummary]:
        return [
            CaseSummary.from_model(d)
            for d in await other_open_cases(info.context.db, account_id=self.model.account_id, but=self.dispute_id)
        ]


def _json(value: dict[str, Any] | None) -> Any:
    return value


@strawberry.type(description="A document that names the case's invoice, and how it names it.")
class SuggestedDocument:
    document: Document
    matched_by: str = strawberry.field(description="invoice_number, po_number or delivery_number.")
    matched_text: str


@strawberry.type(description="A short line about another case.")
class CaseSummary:
    id: strawberry.ID
    status: DisputeStatus  # type: ignore[valid-type]
    reason_code: str
    amount: Decimal
    opened_at: datetime

    @classmethod
    def from_model(cls, d: DisputeModel) -> CaseSummary:
        return cls(
            id=strawberry.ID(str(d.id)),
            status=DomainStatus(d.status),
            reason_code=d.reason_code,
            amount=d.amount,
            opened_at=d.created_at,
        )


@strawberry.type
class CaseEdge:
    cursor: str
    node: Case


@strawberry.type
class StatusCount:
    status: DisputeStatus  # type: ignore[valid-type]
    count: int


@strawberry.type(description="A page of the work queue.")
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo
    total_count: int
    counts_by_status: list[StatusCount]


@strawberry.enum(description="Work queue orders.")
class CaseSort(Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    DUE_SOONEST = "due_soonest"
    AMOUNT_HIGHEST = "amount_highest"


@strawberry.enum(description="Who made a decided case's closing change.")
class DecidedBy(Enum):
    RULE = "rule"
    PERSON = "person"


@strawberry.input(description="Narrow the work queue; parts combine with AND.")
class CaseFilter:
    status: list[DisputeStatus] | None = None  # type: ignore[valid-type]
    reason_codes: list[str] | None = None
    account_ids: list[strawberry.ID] | None = None
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Cases of this staff member.")
    mine: bool = strawberry.field(default=False, description="My queue: cases assigned to me.")
    unassigned: bool = False
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    opened_after: date | None = None
    opened_before: date | None = None
    decided_after: date | None = strawberry.field(default=None, description="Cases decided on this day or later.")
    decided_before: date | None = strawberry.field(default=None, description="Cases decided on this day or before.")
    currency: str | None = strawberry.field(default=None, description="Cases on invoices in this currency.")
    root_cause: RootCause | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Cases decided with this root cause."
    )
    root_cause_unrecorded: bool = strawberry.field(
        default=False, description="Cases with no root cause recorded (ignored when rootCause is set)."
    )
    origin: DisputeOrigin | None = None  # type: ignore[valid-type]
    overdue: bool = False
    search: str | None = strawberry.field(
        default=None, description="Part of an invoice number, a customer name or a case reference (D-2026-000123)."
    )
    flags: list[CaseFlagCode] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Cases carrying any of these flags."
    )
    no_flags: bool = strawberry.field(default=False, description="Cases carrying no flag.")
    open_at: date | None = strawberry.field(
        default=None, description="Cases open at the end of this day: opened by then, not decided or withdrawn by then."
    )
    decided_by: DecidedBy | None = strawberry.field(
        default=None, description="Decided cases closed by a resolution rule, or by a person."
    )


@strawberry.type(description="A staff member who can be assigned cases.")
class StaffMember:
    id: strawberry.ID
    full_name: str
    email: str
    role: str
