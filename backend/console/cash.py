"""Console cash application: imports with their progress and per-line report, the exceptions queue, settings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.console.administration import saved_setting
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash import configuration, exceptions, reads
from backend.domain.cash.models import CashApplicationSettings as SettingsModel
from backend.domain.cash.models import RemittanceImport as ImportModel
from backend.domain.cash.models import RemittanceLineRecord
from backend.domain.errors import DomainError
from backend.domain.invoices.models import Invoice
from backend.graphql.context import Info, acting_principal
from backend.graphql.errors import PublicError
from backend.graphql.pagination import clamp_page_size
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, error_result

MAX_PAGE = 200
CustomerArgument = Annotated[str, strawberry.argument(description="A customer number, or part of the customer's name.")]
"""The customer filter of the cash lists."""


@strawberry.type(description="A remittance file submitted for import, and how far its job got.")
class RemittanceImport:
    id: strawberry.ID
    filename: str
    format: str = strawberry.field(description="lockbox_csv, bai2, camt.053, camt.054, x12_820 or edifact_remadv.")
    status: str = strawberry.field(
        description="queued, reading, applying, applied, partially_applied, rejected or failed."
    )
    accept_valid: bool = strawberry.field(description="The user chose to apply the good payments of a bad file.")
    byte_count: int
    bytes_read: int
    progress_percent: int = strawberry.field(description="0–100: read share of the file (100 when finished).")
    line_count: int
    applied_lines: int
    exception_lines: int
    error_lines: int = strawberry.field(description="Lines wrong, or left out because their payment had a wrong line.")
    skipped_lines: int
    payments: int
    deductions: int
    applied_amount: Decimal
    message: str = strawberry.field(description="Why the file was rejected or the job failed; empty otherwise.")
    imported_at: datetime
    finished_at: datetime | None
    submitted_by: str = strawberry.field(description="The staff member's or machine client's name.")

    @classmethod
    def of(cls, job: ImportModel, submitted_by: str = "") -> RemittanceImport:
        finished = job.status in {"applied", "partially_applied", "rejected", "failed"}
        percent = 100 if finished else (job.bytes_read * 100 // job.byte_count if job.byte_count else 0)
        return cls(
            id=strawberry.ID(str(job.id)),
            filename=job.filename,
            format=job.file_format,
            status=job.status,
            accept_valid=job.accept_valid,
            byte_count=job.byte_count,
            bytes_read=job.bytes_read,
            progress_percent=min(100, percent),
            line_count=job.line_count,
            applied_lines=job.applied_lines,
            exception_lines=job.exception_lines,
            error_lines=job.error_lines,
            skipped_lines=job.skipped_lines,
            payments=job.payments,
            deductions=job.deductions,
            applied_amount=job.applied_amount,
            message=job.message,
            imported_at=job.imported_at,
            finished_at=job.finished_at,
            submitted_by=submitted_by or job.imported_by_client or "",
        )


@strawberry.type(description="An invoice as a remittance line applied to it or might: its current balance.")
class RemittanceInvoice:
    id: strawberry.ID
    number: str
    collectible: Decimal = strawberry.field(description="Open balance less what open disputes hold, now.")
    due_date: date
    amount: Decimal | None = strawberry.field(description="Cash this line applied to it (applied lines).")
    held: Decimal | None = strawberry.field(description="Part of it this line turned into a deduction.")


@strawberry.type(description="A candidate match for an exception, best first.")
class MatchSuggestion:
    rule: str
    confidence: Decimal
    invoices: list[RemittanceInvoice]


@strawberry.type(description="One line of an import, and what became of it.")
class RemittanceLine:
    id: strawberry.ID
    import_id: strawberry.ID
    line: int = strawberry.field(description="Where to find it in the file (CSV row, XML line, X12 segment).")
    status: str = strawberry.field(description="applied, exception, error, skipped, not_applied or confirmed.")
    message: str
    payment_reference: str
    received_on: date | None
    customer_number: str
    customer_name: str
    account_id: strawberry.ID | None
    account_name: str | None
    invoice_reference: str
    paid_amount: Decimal
    adjustment_amount: Decimal
    adjustment_code: str
    adjustment_text: str
    rule: str
    confidence: Decimal
    applied_to: list[RemittanceInvoice]
    suggestions: list[MatchSuggestion]
    deduction_id: strawberry.ID | None


@strawberry.type
class RemittanceLinePage:
    items: list[RemittanceLine]
    total_count: int
    offset: int


@strawberry.type(description="Cash-application settings (admins change them; the next import uses them).")
class CashApplicationSettings:
    auto_apply_threshold: Decimal = strawberry.field(
        description="Matches at or above this confidence are applied; the rest wait in the exceptions queue."
    )
    updated_at: datetime | None

    @classmethod
    def of(cls, row: SettingsModel) -> CashApplicationSettings:
        return cls(auto_apply_threshold=row.auto_apply_threshold, updated_at=row.updated_at)


@strawberry.type(description="The exception line was applied.")
class RemittanceLineConfirmed:
    line: RemittanceLine


@strawberry.type(description="The line's payment is now the named customer's; its lines wait to be applied there.")
class RemittancePaymentMoved:
    line: RemittanceLine


ConfirmMatchResult = Annotated[RemittanceLineConfirmed | ErrorResult, strawberry.union("ConfirmMatchResult")]
MovePaymentResult = Annotated[RemittancePaymentMoved | ErrorResult, strawberry.union("MovePaymentResult")]
CashSettingsResult = Annotated[CashApplicationSettings | ErrorResult, strawberry.union("CashSettingsResult")]


def _invoice(invoice: Invoice, amount: str | None = None, held: str | None = None) -> RemittanceInvoice:
    return RemittanceInvoice(
        id=strawberry.ID(str(invoice.id)),
        number=invoice.number,
        collectible=invoice.open_balance - invoice.disputed_amount,
        due_date=invoice.due_date,
        amount=Decimal(amount) if amount is not None else None,
        held=Decimal(held) if held is not None else None,
    )


def _line(
    record: RemittanceLineRecord, invoices: dict[uuid.UUID, Invoice], accounts: dict[uuid.UUID, CustomerAccount]
) -> RemittanceLine:
    account = accounts.get(record.account_id) if record.account_id else None
    return RemittanceLine(
        id=strawberry.ID(str(record.id)),
        import_id=strawberry.ID(str(record.import_id)),
        line=record.line,
        status=record.status,
        message=record.message,
        payment_reference=record.payment_reference,
        received_on=record.received_on,
        customer_number=record.customer_number,
        customer_name=record.customer_name,
        account_id=strawberry.ID(str(record.account_id)) if record.account_id else None,
        account_name=account.name if account else None,
        invoice_reference=record.invoice_reference,
        paid_amount=record.paid_amount,
        adjustment_amount=record.adjustment_amount,
        adjustment_code=record.adjustment_code,
        adjustment_text=record.adjustment_text,
        rule=record.rule,
        confidence=record.confidence,
        applied_to=[
            _invoice(invoices[uuid.UUID(a["invoice_id"])], a["amount"], a.get("held"))
            for a in record.applied_to
            if uuid.UUID(a["invoice_id"]) in invoices
        ],
        suggestions=[
            MatchSuggestion(
                rule=s["rule"],
                confidence=Decimal(s["confidence"]),
                invoices=[_invoice(invoices[uuid.UUID(i)]) for i in s["invoice_ids"] if uuid.UUID(i) in invoices],
            )
            for s in record.suggestions
        ],
        deduction_id=strawberry.ID(str(record.deduction_id)) if record.deduction_id else None,
    )


def parse_id(value: strawberry.ID, field: str) -> uuid.UUID:
    """A GraphQL ID argument as a UUID, or a PublicError naming the argument."""
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise PublicError(f"{field} is not a valid id.") from error


async def _page(
    info: Info, *, import_id: uuid.UUID | None, statuses: list[str], offset: int, first: int, customer: str = ""
) -> RemittanceLinePage:
    if offset < 0:
        raise PublicError("offset must be zero or more.")
    limit = clamp_page_size(first, MAX_PAGE)
    db = info.context.db
    rows, total = await reads.import_lines(
        db, import_id=import_id, statuses=statuses, offset=offset, limit=limit, customer=customer[:100]
    )
    invoices = await reads.invoices_named(db, rows)
    accounts = await reads.accounts_named(db, rows)
    return RemittanceLinePage(items=[_line(r, invoices, accounts) for r in rows], total_count=total, offset=offset)


@strawberry.type
class CashQuery:
    @strawberry.field(description="The latest remittance imports, newest first.", permission_classes=[IsStaff])
    async def remittance_imports(self, info: Info, first: int = 20) -> list[RemittanceImport]:
        jobs = await reads.recent_imports(info.context.db, limit=clamp_page_size(first, info.context.page_cap))
        return [RemittanceImport.of(job) for job in jobs]

    @strawberry.field(description="One import: poll it for the progress bar.", permission_classes=[IsStaff])
    async def remittance_import(self, info: Info, id: strawberry.ID) -> RemittanceImport | None:
        job = await info.context.db.get(ImportModel, parse_id(id, "id"))
        return RemittanceImport.of(job) if job is not None else None

    @strawberry.field(
        description="The lines of one import in file order, optionally only some statuses.",
        permission_classes=[IsStaff],
    )
    async def remittance_import_lines(
        self, info: Info, import_id: strawberry.ID, status: list[str] | None = None, offset: int = 0, first: int = 50
    ) -> RemittanceLinePage:
        return await _page(
            info, import_id=parse_id(import_id, "importId"), statuses=status or [], offset=offset, first=first
        )

    @strawberry.field(
        description="The exceptions queue: lines no rule matched with enough confidence, oldest payment first.",
        permission_classes=[IsStaff],
    )
    async def remittance_exceptions(
        self,
        info: Info,
        offset: int = 0,
        first: int = 50,
        customer: CustomerArgument = "",
    ) -> RemittanceLinePage:
        return await _page(info, import_id=None, statuses=["exception"], offset=offset, first=first, customer=customer)

    @strawberry.field(description="Cash-application settings.", permission_classes=[IsStaff])
    async def cash_application_settings(self, info: Info) -> CashApplicationSettings:
        return CashApplicationSettings.of(await configuration.current_settings(info.context.db))


@strawberry.type
class CashMutation:
    @strawberry.mutation(
        description="Apply an exception line to the chosen invoices (in order, each up to its open balance); "
        "the short pay on a single invoice becomes a deduction unless deductRemainder is false.",
        permission_classes=[IsStaff],
    )
    async def confirm_remittance_match(
        self,
        info: Info,
        line_id: strawberry.ID,
        invoice_ids: list[strawberry.ID] | None = None,
        deduct_remainder: bool = True,
        invoice_numbers: Annotated[
            list[str] | None,
            strawberry.argument(description="Invoice numbers as staff typed them, when not choosing a suggestion."),
        ] = None,
    ) -> ConfirmMatchResult:  # type: ignore[valid-type]
        db = info.context.db
        try:
            record = await exceptions.confirm_match(
                db,
                principal=acting_principal(info),
                line_id=parse_id(line_id, "lineId"),
                invoice_ids=[parse_id(i, "invoiceIds") for i in invoice_ids or []],
                invoice_numbers=[n[:64] for n in invoice_numbers or []],
                deduct_remainder=deduct_remainder,
                now=utc_now(),
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        return RemittanceLineConfirmed(line=await _line_as_now(db, record))

    @strawberry.mutation(
        description="Move an exception line's payment, nothing of it applied yet, to the customer whose money it is "
        "(a group company paying another's invoice, or an advice imported under the wrong customer).",
        permission_classes=[IsStaff],
    )
    async def move_remittance_payment(
        self, info: Info, line_id: strawberry.ID, customer_number: str
    ) -> MovePaymentResult:  # type: ignore[valid-type]
        db = info.context.db
        try:
            record = await exceptions.move_payment(
                db,
                principal=acting_principal(info),
                line_id=parse_id(line_id, "lineId"),
                customer_number=customer_number[:64],
                now=utc_now(),
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        return RemittancePaymentMoved(line=await _line_as_now(db, record))

    @strawberry.mutation(
        description="Set the confidence from which matches are applied without a person (admins).",
        permission_classes=[IsStaff],
    )
    async def save_cash_application_settings(self, info: Info, auto_apply_threshold: Decimal) -> CashSettingsResult:  # type: ignore[valid-type]
        async def act() -> CashApplicationSettings:
            row = await configuration.save_threshold(
                info.context.db, principal=acting_principal(info), threshold=auto_apply_threshold, now=utc_now()
            )
            return CashApplicationSettings.of(row)

        return await saved_setting(info, act)  # type: ignore[return-value]


async def _line_as_now(db: AsyncSession, record: RemittanceLineRecord) -> RemittanceLine:
    """One line as a mutation answers it: with the invoices and the customer it names now."""
    invoices = await reads.invoices_named(db, [record])
    accounts = await reads.accounts_named(db, [record])
    return _line(record, invoices, accounts)


async def remittance_line_of_case(info: Info, dispute_id: uuid.UUID) -> RemittanceLine | None:
    """The line of an import that created (or, confirmed by staff, led to) this deduction."""
    db = info.context.db
    record = (
        (await db.execute(select(RemittanceLineRecord).where(RemittanceLineRecord.deduction_id == dispute_id)))
        .scalars()
        .first()
    )
    if record is None:
        return None
    return _line(record, await reads.invoices_named(db, [record]), await reads.accounts_named(db, [record]))
