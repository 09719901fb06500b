"""A customer account as GraphQL shows it, with its statement, aging and payments."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import strawberry

from backend.domain.accounts.models import CustomerAccount as CustomerAccountModel
from backend.domain.errors import InvalidInput
from backend.domain.payments.service import applications_by_payment, list_payments
from backend.domain.reports.receivables import average_days_to_pay
from backend.domain.statements.service import account_aging, account_statement
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import clamp_page_size, offset_page_info
from backend.graphql.types.credit import CreditSummary, credit_summary
from backend.graphql.types.ledger import Aging, Payment, PaymentConnection, PaymentEdge, Statement


@strawberry.type(description="A customer of the seller and its terms.")
class CustomerAccount:
    id: strawberry.ID
    number: str
    name: str
    currency: str
    payment_terms_days: int
    credit_limit: Decimal
    account_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_model(cls, account: CustomerAccountModel) -> CustomerAccount:
        return cls(
            id=strawberry.ID(str(account.id)),
            number=account.number,
            name=account.name,
            currency=account.currency,
            payment_terms_days=account.payment_terms_days,
            credit_limit=account.credit_limit,
            account_id=account.id,
        )

    @strawberry.field(
        description="The account's credit limit, exposure in parts (current, past due undisputed, in dispute), "
        "available credit and any credit hold."
    )
    async def credit(self, info: Info) -> CreditSummary:
        return await credit_summary(info, self.account_id, self.credit_limit)

    @strawberry.field(description="Open balances by days past due, as of today.")
    async def aging(self, info: Info) -> Aging:
        return Aging.from_model(
            await account_aging(info.context.db, account_id=self.account_id, today=info.context.today)
        )

    @strawberry.field(
        description="How many days after the invoice date the account's payments came, over the last twelve months, "
        "weighted by the cash (docs/KPIS.md); null when nothing was paid in them."
    )
    async def average_days_to_pay(self, info: Info) -> Decimal | None:
        today = info.context.today
        return await average_days_to_pay(
            info.context.db, self.currency, today - timedelta(days=365), today, self.account_id
        )

    @strawberry.field(
        description="Opening balance, every invoice, payment, credit and deduction in the period, closing balance."
    )
    async def statement(self, info: Info, period_from: date, period_to: date) -> Statement:
        try:
            statement = await account_statement(
                info.context.db, account_id=self.account_id, period_from=period_from, period_to=period_to
            )
        except InvalidInput as error:
            raise PublicError(error.message) from error
        return Statement.from_model(statement)

    @strawberry.field(description="Payments received, newest first, with the invoices each paid.")
    async def payments(self, info: Info, first: int = 25, after: str | None = None) -> PaymentConnection:
        offset = offset_after(after)
        rows, total = await list_payments(
            info.context.db,
            account_id=self.account_id,
            first=clamp_page_size(first, info.context.page_cap),
            offset=offset,
        )
        applications = await applications_by_payment(info.context.db, [p.id for p in rows])
        edges = [
            PaymentEdge(cursor=offset_cursor(offset + i), node=Payment.from_model(p, apps))
            for i, (p, apps) in enumerate(zip(rows, applications, strict=True))
        ]
        return PaymentConnection(
            edges=edges,
            page_info=offset_page_info([e.cursor for e in edges], offset, total),
            total_count=total,
        )
