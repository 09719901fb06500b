"""Console reports: the receivables and deductions measures for a currency and period (docs/KPIS.md)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import select

from backend.domain.accounts.models import CustomerAccount
from backend.domain.disputes.enums import RootCause as DomainRootCause
from backend.domain.invoices.enums import InvoiceSort as DomainInvoiceSort
from backend.domain.reports.case_filters import CaseFilters
from backend.domain.reports.receivables import receivables_report, receivables_trend
from backend.domain.reports.snapshots import report_currencies
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.permissions import IsStaff
from backend.graphql.queries import invoice_filter, invoice_page
from backend.graphql.types.enums import InvoiceSort, RootCause
from backend.graphql.types.invoice import InvoiceConnection, InvoiceFilter

MAX_PERIOD_DAYS = 3 * 366
CustomerNumber = Annotated[
    str | None, strawberry.argument(description="One customer's account number; none: every customer.")
]
ReasonFilter = Annotated[
    str | None, strawberry.argument(description="One reason code; none: every reason. Narrows the case figures.")
]
RootCauseFilter = Annotated[
    RootCause | None,  # type: ignore[valid-type]
    strawberry.argument(description="One root cause; none: every root cause. Narrows the case figures."),
]
StaffFilter = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="One staff member's id (the case's assignee); none: everyone. Narrows the case "
                        "figures."),
]  # fmt: skip


def case_filters(reason: str | None, root_cause: DomainRootCause | None, assignee: strawberry.ID | None) -> CaseFilters:
    """A report's reason, root cause and staff filters as given; a clear error for a staff id that is none."""
    try:
        staff = uuid.UUID(str(assignee)) if assignee else None
    except ValueError as error:
        raise PublicError("That staff member's id is not valid.") from error
    return CaseFilters((reason or "").strip()[:32] or None, root_cause.value if root_cause else None, staff)


@strawberry.type(description="A measure's middle and 90th-percentile values.")
class MedianAndP90:
    median: Decimal
    p90: Decimal


@strawberry.type(description="Money and count of cases (of one outcome, age, week …).")
class Outcome:
    amount: Decimal
    count: int


@strawberry.type(description="The cases of one reason decided in the period, by outcome.")
class ReasonOutcomes:
    reason_code: str
    valid: Outcome = strawberry.field(description="Found valid, in full or part.")
    invalid: Outcome
    written_off: Outcome


@strawberry.type(description="How fast one reason's, customer's or staff member's cases were decided in the period.")
class ResolutionGroup:
    key: str = strawberry.field(description="The reason code, customer number or staff member's id.")
    label: str
    decided: int
    median_days: Decimal
    p90_days: Decimal
    within_sla: Decimal | None = strawberry.field(description="Share decided within the reason's SLA days, 0–1.")


@strawberry.type(
    description="Receivables and deductions for one currency and period, as of its last day — or today, for a "
    "period still running (docs/KPIS.md). A measure whose denominator is zero is null: no data."
)
class ReceivablesReport:
    currency: str
    start: date
    end: date
    account_id: strawberry.ID | None = strawberry.field(description="The one customer reported on; null: every one.")
    days: int = strawberry.field(description="The period's days, both ends included.")
    credit_sales: Decimal = strawberry.field(description="The total of the invoices issued in the period.")
    receivables_at_start: Decimal = strawberry.field(description="Receivables at the end of the day before.")
    receivables: Decimal = strawberry.field(description="What customers owed at the end of the period.")
    current_receivables: Decimal = strawberry.field(description="Of the receivables, what was not yet past due.")
    open_deductions: Decimal = strawberry.field(description="Money held back under cases open at the end.")
    deductions_taken: Decimal = strawberry.field(description="Cases opened in the period, by value.")
    deductions_taken_count: int
    decided_valid: Decimal = strawberry.field(description="Cases decided valid (in full or part) in the period.")
    decided_valid_count: int
    decided_invalid: Decimal = strawberry.field(description="Cases decided invalid in the period.")
    decided_invalid_count: int
    written_off: Decimal = strawberry.field(description="Cases written off in the period.")
    written_off_count: int
    resolution_days: MedianAndP90 | None = strawberry.field(
        description="Days from opening to decision of the cases decided in the period."
    )
    dso_simple: Decimal | None = strawberry.field(description="Receivables ÷ credit sales × days.")
    dso_count_back: Decimal | None = strawberry.field(
        description="Receivables spent on the latest months' sales, counting their days (see docs/KPIS.md)."
    )
    best_possible_dso: Decimal | None = strawberry.field(description="Current receivables ÷ credit sales × days.")
    average_days_delinquent: Decimal | None = strawberry.field(description="DSO (simple) − best possible DSO.")
    collection_effectiveness: Decimal | None = strawberry.field(
        description="CEI, 0–1: (receivables at start + sales − at end) ÷ (at start + sales − current at end)."
    )
    days_deduction_outstanding: Decimal | None = strawberry.field(
        description="Open deductions ÷ (credit sales ÷ days)."
    )
    deduction_rate: Decimal | None = strawberry.field(description="Deductions taken ÷ credit sales, 0–1.")
    valid_share: Decimal | None = strawberry.field(description="Valid ÷ (valid + invalid) money decided, 0–1.")
    average_days_to_pay: Decimal | None = strawberry.field(
        description="Cash received in the period: days from invoice to payment, weighted by the cash."
    )
    invoicing_accuracy: Decimal | None = strawberry.field(
        description="Invoices issued in the period with no case found valid and no credit memo ÷ all issued, 0–1."
    )
    within_sla: Decimal | None = strawberry.field(
        description="Of the cases decided in the period, the share decided within their reason's SLA days, 0–1."
    )
    resolution_by_reason: list[ResolutionGroup]
    resolution_by_customer: list[ResolutionGroup] = strawberry.field(
        description="The 50 customers with the most decided cases."
    )
    resolution_by_staff: list[ResolutionGroup] = strawberry.field(
        description="Per assignee; 'Nobody assigned' for cases decided without one."
    )
    payments_received: int
    short_payments: int = strawberry.field(
        description="Payments received in the period whose remittance left a short pay (a deduction)."
    )
    short_amount: Decimal = strawberry.field(description="The money those short payments held back.")
    short_payment_share: Decimal | None = strawberry.field(description="Short payments ÷ payments received, 0–1.")
    promises_settled: int = strawberry.field(
        description="Promises to pay whose day came in the period (kept, partly kept or broken)."
    )
    promises_kept: int
    promises_kept_share: Decimal | None = strawberry.field(description="Kept ÷ settled promises, 0–1.")
    decided_by_reason: list[ReasonOutcomes] = strawberry.field(
        description="The cases decided in the period per reason, the largest invalid money first."
    )


@strawberry.type(description="One calendar month's trend measures (as of its last day, or today).")
class ReportMonth:
    month: date = strawberry.field(description="The month's first day.")
    dso_simple: Decimal | None
    days_deduction_outstanding: Decimal | None
    collection_effectiveness: Decimal | None
    deduction_rate: Decimal | None


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        description="The receivables and deductions report for a currency and period (staff).",
        permission_classes=[IsStaff],
    )
    async def receivables_report(
        self,
        info: Info,
        start: date,
        end: date,
        currency: Annotated[
            str | None, strawberry.argument(description="An ISO 4217 code; none: the currency most invoices are in.")
        ] = None,
        customer: CustomerNumber = None,
        reason: ReasonFilter = None,
        root_cause: RootCauseFilter = None,
        assignee: StaffFilter = None,
    ) -> ReceivablesReport:
        code, end, account_id = await report_scope(info, start, end, currency, customer)
        cases = case_filters(reason, root_cause, assignee)
        report = await receivables_report(
            info.context.db, currency=code, start=start, end=end, account_id=account_id, cases=cases
        )
        fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(report)}
        middle = fields.pop("resolution_days")
        for name in ("resolution_by_reason", "resolution_by_customer", "resolution_by_staff"):
            fields[name] = [ResolutionGroup(**dataclasses.asdict(group)) for group in fields[name]]
        fields["decided_by_reason"] = [
            ReasonOutcomes(
                reason_code=r.reason_code,
                valid=Outcome(amount=r.valid[0], count=r.valid[1]),
                invalid=Outcome(amount=r.invalid[0], count=r.invalid[1]),
                written_off=Outcome(amount=r.written_off[0], count=r.written_off[1]),
            )
            for r in report.decided_by_reason
        ]
        return ReceivablesReport(
            **fields,
            account_id=strawberry.ID(str(account_id)) if account_id else None,
            resolution_days=MedianAndP90(median=middle[0], p90=middle[1]) if middle else None,
        )

    @strawberry.field(
        description="DSO, DDO, CEI and the deduction rate of each of the last months (at most 24), oldest first "
        "(staff).",
        permission_classes=[IsStaff],
    )
    async def receivables_trend(
        self, info: Info, currency: str, months: int = 12, customer: CustomerNumber = None
    ) -> list[ReportMonth]:
        if not 1 <= months <= 24:
            raise PublicError("Choose between 1 and 24 months.")
        points = await receivables_trend(
            info.context.db,
            currency=currency.strip().upper()[:3],
            months=months,
            today=datetime.now(UTC).date(),
            account_id=await _account(info, customer),
        )
        return [ReportMonth(**{f.name: getattr(p, f.name) for f in dataclasses.fields(p)}) for p in points]

    @strawberry.field(
        description="One customer's invoices under a filter (staff): the reports' drill-down for one customer. "
        "Customers read their own through `invoices`.",
        permission_classes=[IsStaff],
    )
    async def customer_invoices(
        self,
        info: Info,
        account_id: strawberry.ID,
        first: int = 25,
        after: str | None = None,
        filter: InvoiceFilter | None = None,
        sort: InvoiceSort = DomainInvoiceSort.ISSUED_NEWEST,  # type: ignore[valid-type]
    ) -> InvoiceConnection:
        try:
            account = uuid.UUID(str(account_id))
        except ValueError as error:
            raise PublicError("That customer's id is not valid.") from error
        return await invoice_page(
            info, dataclasses.replace(invoice_filter(filter), account_id=account), first, after, sort
        )

    @strawberry.field(
        description="The currencies invoices are in, most used first (staff).", permission_classes=[IsStaff]
    )
    async def report_currencies(self, info: Info) -> list[str]:
        return await _currencies(info)


async def report_scope(
    info: Info, start: date, end: date, currency: str | None, customer: str | None
) -> tuple[str, date, uuid.UUID | None]:
    """A report's currency (none given: the one most invoices are in), its period's last day as read (a period still
    running is read as of today: "this quarter" means so far) and its customer; a clear error for a period that
    ends before it starts or is longer than three years, or a customer nobody is numbered."""
    if end < start:
        raise PublicError("The period ends before it starts.")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise PublicError("Choose a period of at most three years.")
    code = currency.strip().upper()[:3] if currency else ((await _currencies(info))[:1] or ["USD"])[0]
    return code, min(end, max(start, datetime.now(UTC).date())), await _account(info, customer)


async def _account(info: Info, customer: str | None) -> uuid.UUID | None:
    """The account numbered ``customer`` (None: every customer); a clear error when there is none."""
    number = (customer or "").strip()[:64]
    if not number:
        return None
    found = await info.context.db.scalar(select(CustomerAccount.id).where(CustomerAccount.number == number))
    if found is None:
        raise PublicError(f"No customer is numbered {number!r}.")
    return found


async def _currencies(info: Info) -> list[str]:
    return await report_currencies(info.context.db)
