"""Console reports: the promises to pay behind a report's "Promises kept" (docs/KPIS.md)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from backend.console.reports import CustomerNumber, report_scope
from backend.domain.reports import promises
from backend.graphql.context import Info
from backend.graphql.permissions import IsStaff


@strawberry.type(description="A promise to pay whose day came: kept, partly kept or broken.")
class SettledPromise:
    id: strawberry.ID
    account_id: strawberry.ID
    customer_number: str
    customer_name: str
    amount: Decimal
    currency: str
    promised_on: date
    status: str = strawberry.field(description="kept, partly_kept or broken.")
    received_amount: Decimal = strawberry.field(description="What arrived against the promise.")
    settled_at: datetime


@strawberry.type(description="The promises a report's figure counted, the latest settled first.")
class SettledPromises:
    total_count: int
    items: list[SettledPromise] = strawberry.field(description=f"At most {promises.MAX_LISTED}.")


@strawberry.type
class PromisesReportQuery:
    @strawberry.field(
        description="The promises to pay settled in a period, in a currency, optionally one customer's and only the "
        "kept ones: the promises a report's 'Promises kept' counts (staff).",
        permission_classes=[IsStaff],
    )
    async def settled_promises(
        self,
        info: Info,
        currency: str,
        start: date,
        end: date,
        customer: CustomerNumber = None,
        kept_only: bool = False,
    ) -> SettledPromises:
        code, end, account_id = await report_scope(info, start, end, currency, customer)
        count, found = await promises.settled_promises(
            info.context.db, code, start, end, account_id, kept_only=kept_only
        )
        return SettledPromises(
            total_count=count,
            items=[
                SettledPromise(
                    id=strawberry.ID(str(p.id)),
                    account_id=strawberry.ID(str(p.account_id)),
                    customer_number=p.customer_number,
                    customer_name=p.customer_name,
                    amount=p.amount,
                    currency=p.currency,
                    promised_on=p.promised_on,
                    status=p.status,
                    received_amount=p.received_amount,
                    settled_at=p.settled_at,
                )
                for p in found
            ],
        )
