"""Console reports: each customer's receivables at the end of a day — the drill-down of a report's receivables
figures (at the start and the end of its period) and the measures made of them (DSO, CEI, DDO)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import strawberry
from sqlalchemy import select

from backend.console.reports import CustomerNumber, report_scope
from backend.db.lists import among
from backend.domain.accounts.models import CustomerAccount
from backend.domain.reports.snapshots import customer_books_on, total
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.permissions import IsStaff

MAX_LISTED = 200


@strawberry.type(description="One customer's receivables at the end of a day.")
class CustomerReceivables:
    account_id: strawberry.ID
    customer_number: str
    customer_name: str
    receivables: Decimal
    current: Decimal = strawberry.field(description="Of the receivables, what was not yet past due.")
    open_deductions: Decimal


@strawberry.type(description="Every customer's receivables at the end of a day, the largest first.")
class ReceivablesAt:
    day: date
    currency: str
    recorded: bool = strawberry.field(description="Read from the day's snapshot; false: rebuilt from the records.")
    total_count: int = strawberry.field(description="Customers that owed or held back anything that day.")
    receivables: Decimal = strawberry.field(description="Every customer's, added up: the report's figure.")
    current: Decimal
    open_deductions: Decimal
    items: list[CustomerReceivables] = strawberry.field(description=f"The {MAX_LISTED} that owed the most.")


@strawberry.type
class ReceivablesAtQuery:
    @strawberry.field(
        description="Each customer's receivables, not-yet-due part and open deductions in a currency at the end of a "
        "day (staff): what a report's receivables figures add up from.",
        permission_classes=[IsStaff],
    )
    async def receivables_at(
        self, info: Info, currency: str, day: date, customer: CustomerNumber = None
    ) -> ReceivablesAt:
        if day > datetime.now(UTC).date():
            raise PublicError("Choose a day that has ended or is today.")
        code, day, account_id = await report_scope(info, day, day, currency, customer)
        recorded, books = await customer_books_on(info.context.db, day, currency=code, account_id=account_id)
        every = total(books)
        largest = sorted(books.items(), key=lambda item: (-item[1].receivables, str(item[0])))[:MAX_LISTED]
        names = {
            account: (number, name)
            for account, number, name in await info.context.db.execute(
                select(CustomerAccount.id, CustomerAccount.number, CustomerAccount.name).where(
                    among(info.context.db, CustomerAccount.id, [account for account, _ in largest])
                )
            )
        }
        return ReceivablesAt(
            day=day,
            currency=code,
            recorded=recorded,
            total_count=len(books),
            receivables=every.receivables,
            current=every.current,
            open_deductions=every.open_deductions,
            items=[
                CustomerReceivables(
                    account_id=strawberry.ID(str(account)),
                    customer_number=names.get(account, ("", ""))[0],
                    customer_name=names.get(account, ("", ""))[1],
                    receivables=books.receivables,
                    current=books.current,
                    open_deductions=books.open_deductions,
                )
                for account, books in largest
            ],
        )
