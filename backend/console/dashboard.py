"""The first dashboard as GraphQL: every chart comes with the numbers behind it."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import strawberry

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
