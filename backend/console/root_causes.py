"""Console reports: root cause beside reason for the cases decided in a period, and its trend (docs/KPIS.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from backend.console.reports import (
    CustomerNumber,
    Outcome,
    ReasonFilter,
    ReasonOutcomes,
    RootCauseFilter,
    StaffFilter,
    case_filters,
    report_scope,
)
from backend.domain.disputes.enums import RootCause as DomainRootCause
from backend.domain.reports import root_causes
from backend.graphql.context import Info
from backend.graphql.permissions import IsStaff
from backend.graphql.types.enums import RootCause


def _outcome(pair: tuple[Decimal, int]) -> Outcome:
    return Outcome(amount=pair[0], count=pair[1])


def _cause(value: str | None) -> DomainRootCause | None:
    return DomainRootCause(value) if value else None


@strawberry.type(description="The cases of one root cause decided in the period, by outcome and by reason.")
class RootCauseFigures:
    root_cause: RootCause | None = strawberry.field(  # type: ignore[valid-type]
        description="Null: not recorded (decided by a rule, or before root causes were recorded)."
    )
    decided: Outcome = strawberry.field(description="Every case of this root cause decided in the period.")
    valid: Outcome = strawberry.field(description="Found valid, in full or part.")
    invalid: Outcome
    written_off: Outcome
    by_reason: list[ReasonOutcomes] = strawberry.field(description="The same cases per reason, the largest first.")

    @classmethod
    def of(cls, row: root_causes.RootCauseOutcomes) -> RootCauseFigures:
        return cls(
            root_cause=_cause(row.root_cause),
            decided=_outcome(row.decided),
            valid=_outcome(row.valid),
            invalid=_outcome(row.invalid),
            written_off=_outcome(row.written_off),
            by_reason=[
                ReasonOutcomes(
                    reason_code=r.reason_code,
                    valid=_outcome(r.valid),
                    invalid=_outcome(r.invalid),
                    written_off=_outcome(r.written_off),
                )
                for r in row.by_reason
            ],
        )


@strawberry.type(description="The cases of one root cause decided in one month.")
class RootCauseMonthFigure:
    root_cause: RootCause | None = strawberry.field(description="Null: not recorded.")  # type: ignore[valid-type]
    amount: Decimal
    count: int


@strawberry.type(description="One calendar month of the root-cause trend.")
class RootCauseMonth:
    month: date = strawberry.field(description="The month's first day.")
    causes: list[RootCauseMonthFigure] = strawberry.field(description="Only the root causes with a case that month.")


@strawberry.type(
    description="Root cause beside reason: the cases of one currency decided in a period, per root cause, outcome "
    "and reason, and the twelve months to the period's end (docs/KPIS.md)."
)
class RootCauseReport:
    currency: str
    start: date
    end: date = strawberry.field(description="The period's last day, or today for a period still running.")
    account_id: strawberry.ID | None = strawberry.field(
        description="The one customer reported on (for the queue's accountIds); null: every customer."
    )
    rows: list[RootCauseFigures] = strawberry.field(description='The largest decided value first; "not recorded" last.')
    trend: list[RootCauseMonth] = strawberry.field(description="Twelve months, oldest first.")


@strawberry.type
class RootCausesQuery:
    @strawberry.field(
        description="Root cause beside reason for the cases decided in a period, and its trend (staff).",
        permission_classes=[IsStaff],
    )
    async def root_cause_report(
        self,
        info: Info,
        currency: str,
        start: date,
        end: date,
        customer: CustomerNumber = None,
        reason: ReasonFilter = None,
        root_cause: RootCauseFilter = None,
        assignee: StaffFilter = None,
    ) -> RootCauseReport:
        code, end, account_id = await report_scope(info, start, end, currency, customer)
        report = await root_causes.root_cause_report(
            info.context.db,
            currency=code,
            start=start,
            end=end,
            account_id=account_id,
            cases=case_filters(reason, root_cause, assignee),
        )
        return RootCauseReport(
            currency=report.currency,
            start=report.start,
            end=report.end,
            account_id=strawberry.ID(str(account_id)) if account_id else None,
            rows=[RootCauseFigures.of(row) for row in report.rows],
            trend=[
                RootCauseMonth(
                    month=point.month,
                    causes=[
                        RootCauseMonthFigure(root_cause=_cause(cause), amount=amount, count=count)
                        for cause, (amount, count) in point.by_root_cause.items()
                    ],
                )
                for point in report.trend
            ],
        )
