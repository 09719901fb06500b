"""Console reports: the deductions report for a currency and period, narrowed by reason, root cause and staff
member (docs/KPIS.md, "Deductions")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from backend.console.reports import (
    CustomerNumber,
    Outcome,
    ReasonFilter,
    RootCauseFilter,
    StaffFilter,
    case_filters,
    report_scope,
)
from backend.domain.dashboard.automation import Rate
from backend.domain.reports import deductions
from backend.graphql.context import Info
from backend.graphql.permissions import IsStaff


def _money(money: deductions.Money) -> Outcome:
    return Outcome(amount=money.amount, count=money.count)


@strawberry.type(description="Of the cases decided invalid in the period, the money paid after the decision.")
class Recovery:
    invalid: Outcome = strawberry.field(description="The cases decided invalid in the period.")
    recovered: Decimal = strawberry.field(
        description="Cash applied to their invoices after the decision, from payments received by the period's end, "
        "up to the money decided invalid on each invoice."
    )
    rate: Decimal | None = strawberry.field(description="Recovered ÷ invalid money, 0–1; null: none decided invalid.")


@strawberry.type(description="One reason's cases written off in the period, by a resolution rule and by a person.")
class WrittenOffByReason:
    reason_code: str
    label: str
    by_rule: Outcome = strawberry.field(description="Written off by a resolution rule (automation).")
    by_person: Outcome = strawberry.field(description="Written off by a staff member.")


@strawberry.type(description="Deductions open at the period's end that were then so many days old.")
class AgeBucket:
    key: str = strawberry.field(description="The dashboard's bucket: 0-30, 31-60, 61-90 or 90+ days.")
    opened_from: date | None = strawberry.field(description="The first day such a case was opened; null: any.")
    opened_to: date = strawberry.field(description="The last day such a case was opened.")
    open: Outcome


@strawberry.type(description="Deductions opened and decided in one week or month of the period.")
class DeductionFlow:
    start: date
    end: date = strawberry.field(description="Both days included; the first and last are cut to the period.")
    opened: Outcome
    decided: Outcome = strawberry.field(
        description="Found valid (in full or part) or invalid, or written off; withdrawn cases are not decided."
    )


@strawberry.type(description="How much of some work the machine did: done of total, and the share.")
class WorkShare:
    done: int
    total: int
    share: Decimal | None = strawberry.field(description="Done ÷ total, 0–1; null: there was no such work.")

    @classmethod
    def of(cls, rate: Rate) -> WorkShare:
        return cls(done=rate.done, total=rate.total, share=rate.share)


@strawberry.type(
    description="Deductions for one currency and period, as of its last day (or today, for a period still running); "
    "the reason and staff filters narrow the case-based figures (docs/KPIS.md)."
)
class DeductionReport:
    currency: str
    start: date
    end: date
    account_id: strawberry.ID | None = strawberry.field(
        description="The customer's account id (for the work queue's filter); null: every customer."
    )
    recovery: Recovery
    written_off: list[WrittenOffByReason] = strawberry.field(description="Per reason, the most money first.")
    open_by_age: list[AgeBucket] = strawberry.field(description="Youngest first, every bucket.")
    flow_unit: str = strawberry.field(description="week (periods up to 92 days) or month.")
    flow: list[DeductionFlow]
    accounts_on_hold: int = strawberry.field(
        description="Accounts in the currency on credit hold at the period's end, from the hold history (every "
        "reason and staff member)."
    )
    lines_auto_matched: WorkShare = strawberry.field(
        description="Remittance payment lines imported in the period that were applied with no person (every "
        "currency: a line carries none)."
    )
    short_pays_classified: WorkShare = strawberry.field(
        description="Deductions taken from remittances in the period with a reason other than unexplained and "
        "evidence on file."
    )
    closed_by_rule: WorkShare = strawberry.field(description="Cases decided in the period by a resolution rule.")


@strawberry.type
class DeductionReportQuery:
    @strawberry.field(
        description="The deductions report for a currency and period, optionally one customer, reason, root "
        "cause and staff member (staff).",
        permission_classes=[IsStaff],
    )
    async def deduction_report(
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
    ) -> DeductionReport:
        code, end, account_id = await report_scope(info, start, end, currency, customer)
        filters = deductions.DeductionFilters(code, account_id, case_filters(reason, root_cause, assignee))
        report = await deductions.deduction_report(info.context.db, filters=filters, start=start, end=end)
        return DeductionReport(
            account_id=strawberry.ID(str(account_id)) if account_id else None,
            currency=report.currency,
            start=report.start,
            end=report.end,
            recovery=Recovery(
                invalid=_money(report.recovery.invalid),
                recovered=report.recovery.recovered,
                rate=report.recovery.rate,
            ),
            written_off=[
                WrittenOffByReason(
                    reason_code=w.reason_code,
                    label=w.label,
                    by_rule=_money(w.by_rule),
                    by_person=_money(w.by_person),
                )
                for w in report.written_off
            ],
            open_by_age=[
                AgeBucket(key=a.key, opened_from=a.opened_from, opened_to=a.opened_to, open=_money(a.open))
                for a in report.open_by_age
            ],
            flow_unit=report.flow_unit,
            flow=[
                DeductionFlow(start=f.start, end=f.end, opened=_money(f.opened), decided=_money(f.decided))
                for f in report.flow
            ],
            accounts_on_hold=report.accounts_on_hold,
            lines_auto_matched=WorkShare.of(report.lines_auto_matched),
            short_pays_classified=WorkShare.of(report.short_pays_classified),
            closed_by_rule=WorkShare.of(report.closed_by_rule),
        )
