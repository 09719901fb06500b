"""The first dashboard as GraphQL: every chart comes with the numbers behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry

from backend.domain.dashboard import automation as automation_rates
from backend.domain.dashboard.service import Month, Slice, currencies_in_use, dashboard
from backend.graphql.context import Info
from backend.graphql.permissions import IsStaff


@strawberry.type(
    description="One bar or slice: its key (a reason code, age bucket or account id), label, count and value."
)
class DashboardSlice:
    key: str
    label: str
    count: int
    amount: Decimal

    @classmethod
    def of(cls, s: Slice) -> DashboardSlice:
        return cls(key=s.key, label=s.label, count=s.count, amount=s.amount)


@strawberry.type(description="Cases opened and resolved in one calendar month.")
class DashboardMonth:
    month: str
    opened_count: int
    opened_amount: Decimal
    resolved_count: int
    resolved_amount: Decimal

    @classmethod
    def of(cls, m: Month) -> DashboardMonth:
        return cls(
            month=m.month,
            opened_count=m.opened_count,
            opened_amount=m.opened_amount,
            resolved_count=m.resolved_count,
            resolved_amount=m.resolved_amount,
        )


@strawberry.type(
    description="Of total pieces of work, done were the machine's; percent is done / total to one decimal."
)
class AutomationRate:
    done: int
    total: int
    percent: Decimal | None = strawberry.field(description="done / total × 100, half up; null when total is 0.")

    @classmethod
    def of(cls, r: automation_rates.Rate) -> AutomationRate:
        return cls(done=r.done, total=r.total, percent=r.percent)


@strawberry.type(description="The three automation rates of one ISO week (Monday to Sunday, UTC).")
class AutomationWeek:
    week: str = strawberry.field(description='The ISO week, "2026-W07".')
    week_start: date = strawberry.field(description="Its Monday.")
    lines_auto_matched: AutomationRate = strawberry.field(
        description="Payment lines applied on import, of the payment lines imported that week (by imported_at)."
    )
    short_pays_classified: AutomationRate = strawberry.field(
        description="Deductions taken from remittances with a reason (not OTHER) and a stored document on the case "
        "or its invoice, of the deductions taken from remittances that week."
    )
    closed_by_rule: AutomationRate = strawberry.field(
        description="Cases a resolution rule closed, of the cases closed that week (withdrawn ones left out)."
    )

    @classmethod
    def of(cls, w: automation_rates.WeekRates) -> AutomationWeek:
        return cls(
            week=w.week,
            week_start=w.week_start,
            lines_auto_matched=AutomationRate.of(w.lines_auto_matched),
            short_pays_classified=AutomationRate.of(w.short_pays_classified),
            closed_by_rule=AutomationRate.of(w.closed_by_rule),
        )


@strawberry.type(description="The three automation rates of one customer over the dashboard's weeks.")
class AutomationCustomer:
    account_id: strawberry.ID
    number: str
    name: str
    lines_auto_matched: AutomationRate
    short_pays_classified: AutomationRate
    closed_by_rule: AutomationRate

    @classmethod
    def of(cls, c: automation_rates.CustomerRates) -> AutomationCustomer:
        return cls(
            account_id=strawberry.ID(str(c.account_id)),
            number=c.number,
            name=c.name,
            lines_auto_matched=AutomationRate.of(c.lines_auto_matched),
            short_pays_classified=AutomationRate.of(c.short_pays_classified),
            closed_by_rule=AutomationRate.of(c.closed_by_rule),
        )


@strawberry.type(description="The machine's share of the work: every currency, counts only.")
class DashboardAutomation:
    since: date = strawberry.field(description="The Monday of the oldest week counted.")
    weeks: list[AutomationWeek] = strawberry.field(description="The last 12 ISO weeks, the current one last.")
    customers: list[AutomationCustomer] = strawberry.field(
        description="Over those weeks, the (at most 20) customers with the most payment lines, most first."
    )


@strawberry.type(description="Open deductions, resolution speed and outcomes, in one currency.")
class Dashboard:
    currency: str = strawberry.field(description="Every amount here is in this currency; none adds currencies up.")
    currencies: list[str] = strawberry.field(description="Every currency cases are in, the one with most cases first.")
    open_count: int
    open_amount: Decimal
    open_by_reason: list[DashboardSlice]
    open_by_age: list[DashboardSlice]
    open_by_customer: list[DashboardSlice]
    average_resolution_days: Decimal | None
    valid_rate_percent: Decimal | None
    invalid_rate_percent: Decimal | None
    monthly_trend: list[DashboardMonth]

    @strawberry.field(
        description="How much of cash application, deduction taking and case closing the machine did, per week and "
        "per customer (last 12 ISO weeks, every currency).",
        permission_classes=[IsStaff],
    )
    async def automation(self, info: Info) -> DashboardAutomation:
        a = await automation_rates.automation(info.context.db, now=datetime.now(UTC))
        return DashboardAutomation(
            since=a.since,
            weeks=[AutomationWeek.of(w) for w in a.weeks],
            customers=[AutomationCustomer.of(c) for c in a.customers],
        )


@strawberry.type
class DashboardQuery:
    @strawberry.field(
        description="The deductions dashboard (last 12 months for rates and trend).", permission_classes=[IsStaff]
    )
    async def dashboard(self, info: Info, currency: str | None = None) -> Dashboard:
        currencies = await currencies_in_use(info.context.db)
        chosen = currency if currency in currencies else (currencies[0] if currencies else "USD")
        d = await dashboard(info.context.db, now=datetime.now(UTC), currency=chosen)
        return Dashboard(
            currency=d.currency,
            currencies=currencies,
            open_count=d.open_count,
            open_amount=d.open_amount,
            open_by_reason=[DashboardSlice.of(s) for s in d.by_reason],
            open_by_age=[DashboardSlice.of(s) for s in d.by_age],
            open_by_customer=[DashboardSlice.of(s) for s in d.by_customer],
            average_resolution_days=d.average_resolution_days,
            valid_rate_percent=d.valid_rate,
            invalid_rate_percent=d.invalid_rate,
            monthly_trend=[DashboardMonth.of(m) for m in d.trend],
        )
