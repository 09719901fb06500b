"""The customer's orders: the list with where each stands, one order tracked to its POD and invoice, and a claim
checked against the records while the customer types it."""

from __future__ import annotations

import uuid
from decimal import Decimal

import strawberry

from backend.domain.orders import views
from backend.domain.orders.claim_check import LineToCheck, check_claim
from backend.graphql.context import Info
from backend.graphql.offset_paging import offset_after
from backend.graphql.pagination import clamp_page_size
from backend.graphql.permissions import IsCustomer, IsSignedIn
from backend.graphql.types.order import ClaimCheck, Order, OrderConnection, OrderStatus

MAX_CLAIM_LINES = 200


@strawberry.input(description="One line of a claim being typed: the invoice line, the quantity and the amount.")
class ClaimLineInput:
    invoice_line_id: strawberry.ID
    amount: Decimal
    quantity: Decimal | None = None


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@strawberry.type
class PortalOrdersQuery:
    @strawberry.field(
        description="Orders, newest first: a customer's own, every customer's for staff.",
        permission_classes=[IsSignedIn],
    )
    async def orders(
        self,
        info: Info,
        first: int = 25,
        after: str | None = None,
        status: OrderStatus | None = None,
        search: str | None = None,
    ) -> OrderConnection:
        offset = offset_after(after)
        rows, total = await views.list_orders(
            info.context.db,
            status=status.value if status else None,
            search=(search or "")[:64] or None,
            first=clamp_page_size(first, info.context.page_cap),
            offset=offset,
        )
        return OrderConnection.of(rows, total, offset)

    @strawberry.field(description="One of your orders, or null.", permission_classes=[IsCustomer])
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        order_id = _uuid(id)
        view = await views.order_view(info.context.db, order_id, staff=False) if order_id else None
        return Order.of_view(view) if view else None

    @strawberry.field(
        description="What the order, delivery and invoice records say of a claim on these invoice lines (shortage, "
        "not delivered, pricing); lines of other invoices or accounts are left out.",
        permission_classes=[IsCustomer],
    )
    async def claim_check(self, info: Info, reason_code: str, lines: list[ClaimLineInput]) -> ClaimCheck:
        claims = [
            LineToCheck(line_id, line.quantity, line.amount)
            for line in lines[:MAX_CLAIM_LINES]
            if (line_id := _uuid(line.invoice_line_id)) is not None
            and line.amount.is_finite()
            and (line.quantity is None or line.quantity.is_finite())
        ]
        return ClaimCheck.of(await check_claim(info.context.db, reason_code[:32], claims))
