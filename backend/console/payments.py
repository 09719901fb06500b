"""Console: the payments received, every customer's, filtered as a report counted them (the drill-down of average
days to pay and short payments)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import strawberry

from backend.domain.payments.service import PaymentFilter as DomainPaymentFilter
from backend.domain.payments.service import applications_by_payment, received_payments
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import PageInfo, clamp_page_size, offset_page_info
from backend.graphql.permissions import IsStaff
from backend.graphql.types.ledger import Payment


@strawberry.input(description="Narrow the payments received; parts combine with AND.")
class PaymentFilter:
    received_from: date | None = strawberry.field(default=None, description="Received on this day or later.")
    received_to: date | None = strawberry.field(default=None, description="Received on this day or before.")
    currency: str | None = strawberry.field(default=None, description="An ISO 4217 code.")
    account_id: strawberry.ID | None = strawberry.field(default=None, description="One customer's account.")
    short_only: bool = strawberry.field(
        default=False, description="Only payments whose remittance left a short pay (a deduction)."
    )


@strawberry.type(description="A payment received, with its customer and what its remittance held back.")
class ReceivedPayment:
    payment: Payment = strawberry.field(description="The payment and the invoices it paid.")
    account_number: str
    account_name: str
    held_back: Decimal = strawberry.field(description="The money its remittance left as deductions (0: paid in full).")


@strawberry.type
class ReceivedPaymentEdge:
    cursor: str
    node: ReceivedPayment


@strawberry.type
class ReceivedPaymentConnection:
    edges: list[ReceivedPaymentEdge]
    page_info: PageInfo
    total_count: int


def _domain_filter(flt: PaymentFilter | None) -> DomainPaymentFilter:
    if flt is None:
        return DomainPaymentFilter()
    try:
        account_id = uuid.UUID(str(flt.account_id)) if flt.account_id else None
    except ValueError as error:
        raise PublicError("That account id is not valid.") from error
    return DomainPaymentFilter(
        account_id=account_id,
        received_from=flt.received_from,
        received_to=flt.received_to,
        currency=(flt.currency or "").strip().upper()[:3] or None,
        short_only=flt.short_only,
    )


@strawberry.type
class PaymentsQuery:
    @strawberry.field(
        description="Payments received from every customer, newest first (staff).", permission_classes=[IsStaff]
    )
    async def received_payments(
        self, info: Info, first: int = 50, after: str | None = None, filter: PaymentFilter | None = None
    ) -> ReceivedPaymentConnection:
        ctx = info.context
        offset = offset_after(after)
        rows, total = await received_payments(
            ctx.db, flt=_domain_filter(filter), first=clamp_page_size(first, ctx.page_cap), offset=offset
        )
        applications = await applications_by_payment(ctx.db, [r.payment.id for r in rows])
        edges = [
            ReceivedPaymentEdge(
                cursor=offset_cursor(offset + i),
                node=ReceivedPayment(
                    payment=Payment.from_model(r.payment, paid),
                    account_number=r.account_number,
                    account_name=r.account_name,
                    held_back=r.held_back,
                ),
            )
            for i, (r, paid) in enumerate(zip(rows, applications, strict=True))
        ]
        return ReceivedPaymentConnection(
            edges=edges, page_info=offset_page_info([e.cursor for e in edges], offset, total), total_count=total
        )
