"""Orders in the console: the order list, an order with its credit decision, history and discrepancies; customer
service's discrepancy worklist; and the actions — approve or reject a held order (credit managers), settle a
discrepancy, record a delivered quantity."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, TypeVar

import strawberry

from backend.console.types import AuditEntry, _json
from backend.db.types import utc_now
from backend.domain.accounts.models import User
from backend.domain.orders import views
from backend.domain.orders.authorization import decide_held_order
from backend.domain.orders.enums import DiscrepancyKind as DomainKind
from backend.domain.orders.models import OrderDiscrepancy
from backend.domain.orders.reconciliation import KIND_WORDS
from backend.domain.orders.service import record_delivered_quantity, resolve_discrepancy
from backend.graphql.context import Info, acting_principal
from backend.graphql.offset_paging import offset_after, offset_cursor
from backend.graphql.pagination import PageInfo, clamp_page_size, offset_page_info
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ERROR_RESULTS, ErrorResult, NotFoundResult, committed
from backend.graphql.types.order import Order

T = TypeVar("T")
DiscrepancyKind = strawberry.enum(DomainKind, name="DiscrepancyKind", description="What the records disagree on.")


@strawberry.enum(description="Where a discrepancy stands.")
class DiscrepancyStatus(Enum):
    OPEN = "open"
    RESOLVED = "resolved"
    CLEARED = "cleared"


@strawberry.enum(description="How customer service settles a discrepancy.")
class DiscrepancyResolution(Enum):
    CREDIT_MEMO = "credit_memo"
    REBILL = "rebill"
    NOTE = "note"


@strawberry.type(description="Something an order, its deliveries and its invoices disagree on (staff only).")
class Discrepancy:
    id: strawberry.ID
    version: int
    order_id: strawberry.ID
    order_number: str
    account_name: str
    kind: DiscrepancyKind  # type: ignore[valid-type]
    kind_label: str
    detail: str
    amount: Decimal = strawberry.field(description="The money at stake.")
    currency: str
    status: DiscrepancyStatus
    found_at: datetime
    owner_name: str | None
    line_number: int | None
    invoice_number: str | None
    order_age_days: int = strawberry.field(description="Days since the order was placed.")
    resolution: DiscrepancyResolution | None
    resolution_note: str
    resolved_at: datetime | None

    @classmethod
    def of(cls, d: OrderDiscrepancy, order_number: str, account_name: str, owner: str | None, line: int | None,
           invoice: str | None, age: int) -> Discrepancy:  # fmt: skip
        return cls(
            id=strawberry.ID(str(d.id)),
            version=d.version,
            order_id=strawberry.ID(str(d.order_id)),
            order_number=order_number,
            account_name=account_name,
            kind=DomainKind(d.kind),
            kind_label=KIND_WORDS[d.kind],
            detail=d.detail,
            amount=d.amount,
            currency=d.currency,
            status=DiscrepancyStatus(d.status),
            found_at=d.found_at,
            owner_name=owner,
            line_number=line,
            invoice_number=invoice,
            order_age_days=age,
            resolution=DiscrepancyResolution(d.resolution) if d.resolution else None,
            resolution_note=d.resolution_note,
            resolved_at=d.resolved_at,
        )


@strawberry.type
class DiscrepancyEdge:
    cursor: str
    node: Discrepancy


@strawberry.type(description="Money at stake in one currency, and how many discrepancies.")
class DiscrepancyTotal:
    currency: str
    amount: Decimal
    count: int


@strawberry.type(description="A page of discrepancies, with the totals of the whole filter per currency.")
class DiscrepancyConnection:
    edges: list[DiscrepancyEdge]
    page_info: PageInfo
    total_count: int
    totals: list[DiscrepancyTotal]


@strawberry.type(description="An order as staff see it: its credit decision, history and discrepancies.")
class OrderDetail(Order):
    version: int
    credit_decision: str
    hold_reasons: list[str]
    decision_note: str
    history: list[AuditEntry]
    discrepancies: list[Discrepancy]


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@strawberry.type
class OrdersQuery:
    @strawberry.field(
        description="One order with its history and discrepancies, or null.", permission_classes=[IsStaff]
    )
    async def order_detail(self, info: Info, id: strawberry.ID) -> OrderDetail | None:
        order_id = _uuid(id)
        view = await views.order_view(info.context.db, order_id, staff=True) if order_id else None
        if view is None:
            return None
        names = dict(
            (
                await info.context.db.execute(
                    User.__table__.select()
                    .with_only_columns(User.id, User.full_name)
                    .where(User.id.in_({e.actor_user_id for e in view.history if e.actor_user_id}))
                )
            ).all()
        )
        lines = {line.id: line.line_number for line in view.lines}
        invoices = {i.id: i.number for i in view.invoices}
        base = Order.of_view(view)
        today = info.context.today
        return OrderDetail(
            **vars(base),
            version=view.order.version,
            credit_decision=view.order.credit_decision,
            hold_reasons=[r for r in view.order.hold_reasons.splitlines() if r],
            decision_note=view.order.decision_note,
            history=[
                AuditEntry(
                    sequence=e.sequence,
                    occurred_at=e.occurred_at,
                    action=e.action,
                    actor_name=names.get(e.actor_user_id) if e.actor_user_id else None,
                    before=_json(e.before),
                    after=_json(e.after),
                )
                for e in view.history
            ],
            discrepancies=[
                Discrepancy.of(
                    d,
                    view.order.number,
                    view.account_name,
                    None,
                    lines.get(d.order_line_id) if d.order_line_id else None,
                    invoices.get(d.invoice_id) if d.invoice_id else None,
                    (today - view.order.order_date).days,
                )
                for d in view.discrepancies
            ],
        )

    @strawberry.field(
        description="Customer service's worklist: discrepancies oldest first (default: open ones), with the money at "
        "stake per currency.",
        permission_classes=[IsStaff],
    )
    async def order_discrepancies(
        self,
        info: Info,
        first: int = 25,
        after: str | None = None,
        status: DiscrepancyStatus | None = DiscrepancyStatus.OPEN,
        kind: DiscrepancyKind | None = None,  # type: ignore[valid-type]
        mine: bool = False,
    ) -> DiscrepancyConnection:
        offset = offset_after(after)
        principal = acting_principal(info)
        page = await views.discrepancy_page(
            info.context.db,
            status=status.value if status else None,
            kind=DomainKind(kind).value if kind else None,
            owner_id=principal.user_id if mine else None,
            first=clamp_page_size(first, info.context.page_cap),
            offset=offset,
            now=utc_now(),
        )
        edges = [
            DiscrepancyEdge(
                cursor=offset_cursor(offset + i),
                node=Discrepancy.of(
                    r.discrepancy,
                    r.order_number,
                    r.account_name,
                    r.owner_name,
                    r.line_number,
                    r.invoice_number,
                    r.order_age_days,
                ),
            )
            for i, r in enumerate(page.rows)
        ]
        return DiscrepancyConnection(
            edges=edges,
            page_info=offset_page_info([e.cursor for e in edges], offset, page.total),
            total_count=page.total,
            totals=[DiscrepancyTotal(currency=c, amount=a, count=n) for c, a, n in page.totals],
        )


@strawberry.type(description="Done; the order shows the change.")
class OrderChanged:
    message: str
    order_id: strawberry.ID


OrderActionResult = Annotated[OrderChanged | ErrorResult, strawberry.union("OrderActionResult")]


async def _order_action(
    info: Info,
    raw_id: strawberry.ID,
    missing: str,
    action: Callable[[uuid.UUID], Awaitable[T]],
    answer: Callable[[T], OrderChanged],
) -> OrderActionResult:  # type: ignore[valid-type]
    """Run one order action on the record ``raw_id`` names and commit: an id that is no id is ``missing``, a domain
    error its typed result, success ``answer(result)``."""
    found = _uuid(raw_id)
    if found is None:
        return NotFoundResult(message=missing)
    result = await committed(info.context.db, action(found))
    if isinstance(result, ERROR_RESULTS):
        return result
    return answer(result)


@strawberry.type
class OrdersMutation:
    @strawberry.mutation(
        description="Approve or reject an order held for credit, with a note (credit managers).",
        permission_classes=[IsStaff],
    )
    async def decide_held_order(  # type: ignore[valid-type]
        self, info: Info, order_id: strawberry.ID, version: int, approve: bool, note: str
    ) -> OrderActionResult:
        return await _order_action(
            info,
            order_id,
            "That order does not exist.",
            lambda found: decide_held_order(
                info.context.db, acting_principal(info), order_id=found, version=version, approve=approve, note=note,
                now=utc_now(),
            ),
            lambda order: OrderChanged(
                message="Order approved." if approve else "Order rejected.", order_id=strawberry.ID(str(order.id))
            ),
        )  # fmt: skip

    @strawberry.mutation(
        description="Settle an open discrepancy: a correcting credit memo (default: the money at stake), a rebill or "
        "a note (AR clerks, credit managers, admins).",
        permission_classes=[IsStaff],
    )
    async def resolve_discrepancy(  # type: ignore[valid-type]
        self,
        info: Info,
        discrepancy_id: strawberry.ID,
        version: int,
        resolution: DiscrepancyResolution,
        note: str = "",
        amount: Decimal | None = None,
    ) -> OrderActionResult:
        return await _order_action(
            info,
            discrepancy_id,
            "That discrepancy does not exist.",
            lambda found: resolve_discrepancy(
                info.context.db, acting_principal(info), discrepancy_id=found, version=version,
                resolution=resolution.value, note=note, amount=amount, now=utc_now(),
            ),
            lambda settled: OrderChanged(
                message=f"Settled with credit memo {settled[1].number}." if settled[1] else "Settled.",
                order_id=strawberry.ID(str(settled[0].order_id)),
            ),
        )  # fmt: skip

    @strawberry.mutation(
        description="Record what arrived of one order line on a delivery, with a note (AR clerks, credit managers, "
        "admins).",
        permission_classes=[IsStaff],
    )
    async def record_delivered_quantity(  # type: ignore[valid-type]
        self, info: Info, shipment_id: strawberry.ID, line_number: int, quantity: Decimal, note: str
    ) -> OrderActionResult:
        return await _order_action(
            info,
            shipment_id,
            "That delivery does not exist.",
            lambda found: record_delivered_quantity(
                info.context.db, acting_principal(info), shipment_id=found, line_number=line_number,
                quantity=quantity, note=note, now=utc_now(),
            ),
            lambda shipment: OrderChanged(
                message="Delivered quantity recorded.", order_id=strawberry.ID(str(shipment.order_id))
            ),
        )  # fmt: skip
