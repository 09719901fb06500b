"""Invoices, their lines and the paged list, as GraphQL shows them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import strawberry

from backend.domain.invoices.enums import InvoiceStatus as DomainInvoiceStatus
from backend.domain.invoices.models import InvoiceLine as InvoiceLineModel
from backend.domain.invoices.service import InvoicePage, InvoiceRow
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.pagination import PageInfo
from backend.graphql.types.account import CustomerAccount
from backend.graphql.types.credit_memo import CreditMemo
from backend.graphql.types.dispute import Dispute
from backend.graphql.types.document import Document
from backend.graphql.types.enums import InvoiceStatus


@strawberry.type(description="Invoices under a filter added up in one currency (never across currencies).")
class InvoiceListTotals:
    currency: str
    count: int
    open_balance: Decimal
    overdue: Decimal = strawberry.field(description="The undisputed part of past-due open balances.")
    disputed: Decimal


@strawberry.type(description="One product or charge on an invoice.")
class InvoiceLine:
    id: strawberry.ID
    line_number: int
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal

    @classmethod
    def from_model(cls, line: InvoiceLineModel) -> InvoiceLine:
        return cls(
            id=strawberry.ID(str(line.id)),
            line_number=line.line_number,
            sku=line.sku,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        )


@strawberry.type(description="What a customer owes for one delivery, and what has happened to it.")
class Invoice:
    id: strawberry.ID
    number: str
    po_number: str | None
    issue_date: date
    due_date: date
    currency: str
    total_amount: Decimal
    paid_amount: Decimal
    credited_amount: Decimal
    written_off_amount: Decimal
    disputed_amount: Decimal
    open_balance: Decimal
    status: InvoiceStatus  # type: ignore[valid-type]
    days_overdue: int
    dispute_count: int = strawberry.field(
        description="How many disputes and deductions this invoice has had, open or closed."
    )
    invoice_id: strawberry.Private[uuid.UUID]
    account_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: InvoiceRow, today: date) -> Invoice:
        invoice = row.invoice
        return cls(
            id=strawberry.ID(str(invoice.id)),
            number=invoice.number,
            po_number=invoice.po_number,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
            currency=invoice.currency,
            total_amount=invoice.total_amount,
            paid_amount=invoice.paid_amount,
            credited_amount=invoice.credited_amount,
            written_off_amount=invoice.written_off_amount,
            disputed_amount=invoice.disputed_amount,
            open_balance=invoice.open_balance,
            status=DomainInvoiceStatus(row.status),
            days_overdue=row.days_overdue(today),
            dispute_count=row.dispute_count,
            invoice_id=invoice.id,
            account_id=invoice.account_id,
        )

    @strawberry.field(description="The customer account invoiced.")
    async def account(self, info: Info) -> CustomerAccount:
        account = await info.context.loaders.accounts.load(self.account_id)
        if account is None:  # only if the scope and the invoice disagree: never show a half record
            raise PublicError("This invoice's account is not available.")
        return CustomerAccount.from_model(account)

    @strawberry.field(description="The invoice's lines in order.")
    async def lines(self, info: Info) -> list[InvoiceLine]:
        return [InvoiceLine.from_model(line) for line in await info.context.loaders.invoice_lines.load(self.invoice_id)]

    @strawberry.field(description="Disputes and deductions on this invoice, newest first.")
    async def disputes(self, info: Info) -> list[Dispute]:
        return [Dispute.from_model(d) for d in await info.context.loaders.invoice_disputes.load(self.invoice_id)]

    @strawberry.field(description="Credit memos issued against this invoice, oldest first.")
    async def credit_memos(self, info: Info) -> list[CreditMemo]:
        return [CreditMemo.from_model(m) for m in await info.context.loaders.invoice_credit_memos.load(self.invoice_id)]

    @strawberry.field(description="Documents on this invoice and its disputes, oldest first.")
    async def documents(self, info: Info) -> list[Document]:
        return [Document.from_model(d) for d in await info.context.loaders.invoice_documents.load(self.invoice_id)]

    @strawberry.field(description="When the invoice was e-mailed, and to whom, oldest first.")
    async def deliveries(self, info: Info) -> list[InvoiceDelivery]:
        return [
            InvoiceDelivery(sent_at=d.queued_at, recipients=[r for r in d.recipients.split(", ") if r])
            for d in await info.context.loaders.invoice_deliveries.load(self.invoice_id)
        ]

    @strawberry.field(description="What may still be disputed: the open balance minus amounts in open disputes.")
    def disputable_amount(self) -> Decimal:
        return self.open_balance - self.disputed_amount


@strawberry.type(description="The invoice e-mailed with its PDF (no recipients: nobody was set up to receive it).")
class InvoiceDelivery:
    sent_at: datetime
    recipients: list[str]


@strawberry.type
class InvoiceEdge:
    cursor: str
    node: Invoice


@strawberry.type(description="A page of invoices.")
class InvoiceConnection:
    edges: list[InvoiceEdge]
    page_info: PageInfo
    total_count: int
    totals: list[InvoiceListTotals] = strawberry.field(
        description="What every invoice under the filter (not only this page) adds up to, per currency."
    )

    @classmethod
    def from_page(cls, page: InvoicePage, today: date) -> InvoiceConnection:
        edges = [InvoiceEdge(cursor=row.cursor, node=Invoice.from_row(row, today)) for row in page.rows]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total_count,
            totals=[
                InvoiceListTotals(
                    currency=t.currency,
                    count=t.count,
                    open_balance=t.open_balance,
                    overdue=t.overdue,
                    disputed=t.disputed,
                )
                for t in page.totals
            ],
        )


@strawberry.input(description="Narrow the invoice list. Every part is optional; parts combine with AND.")
class InvoiceFilter:
    status: list[InvoiceStatus] | None = None  # type: ignore[valid-type]
    search: str | None = strawberry.field(default=None, description="Part of an invoice or PO number.")
    issued_from: date | None = None
    issued_to: date | None = None
    amount_min: Decimal | None = strawberry.field(default=None, description="Smallest invoice total to include.")
    amount_max: Decimal | None = strawberry.field(default=None, description="Largest invoice total to include.")
    currency: str | None = strawberry.field(default=None, description="Invoices in this currency (ISO 4217).")
