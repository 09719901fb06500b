"""Orders as both frontends read them: an order with its lines (ordered, shipped, delivered, invoiced, paid), its
shipments with tracking and proof of delivery, its invoices; and the claim check a customer sees while filing.
What only staff see (credit hold reasons, history, discrepancies) is in ``backend/console/orders.py``."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import strawberry

from backend.db.types import utc_now
from backend.domain.documents.links import download_url
from backend.domain.orders.claim_check import ClaimCheck as ClaimCheckModel
from backend.domain.orders.models import NO_QUANTITY, SalesOrder
from backend.domain.orders.models import OrderLine as OrderLineModel
from backend.domain.orders.views import OrderView, ShipmentView
from backend.graphql.context import Info
from backend.graphql.executor import reads_only_context
from backend.graphql.offset_paging import offset_cursor
from backend.graphql.pagination import PageInfo, offset_page_info


@strawberry.enum(description="Where an order stands, in the order a customer follows it.")
class OrderStatus(Enum):
    RECEIVED = "received"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    APPROVED = "approved"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    INVOICED = "invoiced"
    PAID = "paid"
    CLOSED = "closed"


@strawberry.enum(description="What the order, delivery and invoice records say of a claim.")
class RecordsVerdict(Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"


@strawberry.type(description="An order in a list.")
class OrderSummary:
    id: strawberry.ID
    number: str
    revision: int
    po_number: str | None
    account_name: str
    order_date: date
    requested_date: date | None
    currency: str
    total_amount: Decimal
    status: OrderStatus
    status_since: datetime

    @classmethod
    def of(cls, order: SalesOrder, account_name: str) -> OrderSummary:
        return cls(
            id=strawberry.ID(str(order.id)), number=order.number, revision=order.revision, po_number=order.po_number,
            account_name=account_name, order_date=order.order_date, requested_date=order.requested_date,
            currency=order.currency, total_amount=order.total_amount, status=OrderStatus(order.status),
            status_since=order.status_since,
        )  # fmt: skip


@strawberry.type(description="One product on an order and what became of it.")
class OrderLine:
    line_number: int
    sku: str
    description: str
    quantity: Decimal = strawberry.field(description="Ordered.")
    unit_price: Decimal
    discount_percent: Decimal
    net_price: Decimal = strawberry.field(description="The agreed price: unit price less the discount.")
    amount: Decimal
    shipped_quantity: Decimal
    delivered_quantity: Decimal | None = strawberry.field(description="Empty until a shipment of it arrived.")
    invoiced_quantity: Decimal
    invoiced_amount: Decimal
    paid_amount: Decimal = strawberry.field(description="The line's share of what its invoices received.")
    reconciled: bool

    @classmethod
    def of(cls, line: OrderLineModel, shipped: tuple[Decimal, Decimal | None] | None) -> OrderLine:
        """``shipped``: the line's shipped and delivered sums, None when nothing of it shipped."""
        shipped_quantity, delivered_quantity = shipped or (NO_QUANTITY, None)
        return cls(
            line_number=line.line_number, sku=line.sku, description=line.description, quantity=line.quantity,
            unit_price=line.unit_price, discount_percent=line.discount_percent, net_price=line.net_price,
            amount=line.amount, shipped_quantity=shipped_quantity, delivered_quantity=delivered_quantity,
            invoiced_quantity=line.invoiced_quantity, invoiced_amount=line.invoiced_amount,
            paid_amount=line.paid_amount, reconciled=line.reconciled,
        )  # fmt: skip


@strawberry.type(description="How much of one order line a shipment carried and how much arrived.")
class ShipmentLine:
    line_number: int
    sku: str
    quantity_shipped: Decimal
    quantity_delivered: Decimal | None
    delivered_source: str | None = strawberry.field(
        description="pod, feed or staff: where the delivered count is from."
    )


@strawberry.type(description="A proof of delivery in the archive.")
class ProofOfDelivery:
    id: strawberry.ID
    filename: str

    @strawberry.field(description="A link that downloads the file for you for the next five minutes.")
    @reads_only_context
    def download_url(self, info: Info) -> str:
        user = info.context.user
        assert user is not None  # orders are only reachable through signed-in fields
        return download_url(info.context.link_secret, uuid.UUID(str(self.id)), user.id, utc_now())


@strawberry.type(description="A shipment of an order: carrier, tracking, dates and its proof of delivery.")
class Shipment:
    id: strawberry.ID
    number: str
    carrier: str
    tracking_number: str
    shipped_on: date
    delivered_on: date | None
    received_by: str
    proof_of_delivery: ProofOfDelivery | None
    lines: list[ShipmentLine]

    @classmethod
    def of(cls, view: ShipmentView) -> Shipment:
        s = view.shipment
        pod = (
            ProofOfDelivery(id=strawberry.ID(str(s.pod_document_id)), filename=view.pod_filename or "")
            if s.pod_document_id and view.pod_filename is not None
            else None
        )
        return cls(
            id=strawberry.ID(str(s.id)), number=s.number, carrier=s.carrier, tracking_number=s.tracking_number,
            shipped_on=s.shipped_on, delivered_on=s.delivered_on, received_by=s.received_by, proof_of_delivery=pod,
            lines=[ShipmentLine(line_number=n, sku=sku, quantity_shipped=q, quantity_delivered=d, delivered_source=src)
                   for n, sku, q, d, src in view.lines],
        )  # fmt: skip


@strawberry.type(description="An invoice that bills (part of) the order.")
class OrderInvoice:
    id: strawberry.ID
    number: str
    issue_date: date
    currency: str
    total_amount: Decimal
    open_balance: Decimal


@strawberry.type(description="An order with its lines, shipments and invoices.")
class Order(OrderSummary):
    ship_to: str
    lines: list[OrderLine]
    shipments: list[Shipment]
    invoices: list[OrderInvoice]

    @classmethod
    def of_view(cls, view: OrderView) -> Order:
        summary = OrderSummary.of(view.order, view.account_name)
        return cls(
            **vars(summary),
            ship_to=view.order.ship_to,
            lines=[OrderLine.of(line, view.shipped.get(line.id)) for line in view.lines],
            shipments=[Shipment.of(s) for s in view.shipments],
            invoices=[
                OrderInvoice(
                    id=strawberry.ID(str(i.id)),
                    number=i.number,
                    issue_date=i.issue_date,
                    currency=i.currency,
                    total_amount=i.total_amount,
                    open_balance=i.open_balance,
                )
                for i in view.invoices
            ],
        )


@strawberry.type(description="What the records say for one claimed line, and how the claim compares.")
class ClaimLineCheck:
    invoice_line_id: strawberry.ID
    line_number: int
    sku: str
    order_number: str
    ordered: Decimal
    shipped: Decimal
    delivered: Decimal | None
    invoiced: Decimal
    order_price: Decimal
    invoiced_price: Decimal
    verdict: RecordsVerdict
    message: str
    proof_of_delivery: ProofOfDelivery | None
    received_by: str


@strawberry.type(description="A claim compared with the records; verdict is null when no claimed line has an order.")
class ClaimCheck:
    verdict: RecordsVerdict | None
    lines: list[ClaimLineCheck]

    @classmethod
    def of(cls, check: ClaimCheckModel) -> ClaimCheck:
        return cls(
            verdict=RecordsVerdict(check.verdict) if check.verdict else None,
            lines=[
                ClaimLineCheck(
                    invoice_line_id=strawberry.ID(str(c.invoice_line_id)),
                    line_number=c.line_number,
                    sku=c.sku,
                    order_number=c.order_number,
                    ordered=c.ordered,
                    shipped=c.shipped,
                    delivered=c.delivered,
                    invoiced=c.invoiced,
                    order_price=c.order_price,
                    invoiced_price=c.invoiced_price,
                    verdict=RecordsVerdict(c.verdict),
                    message=c.message,
                    proof_of_delivery=ProofOfDelivery(id=strawberry.ID(str(c.pod_document_id)), filename=c.pod_filename)
                    if c.pod_document_id
                    else None,
                    received_by=c.received_by,
                )
                for c in check.lines
            ],
        )


@strawberry.type
class OrderEdge:
    cursor: str
    node: OrderSummary


@strawberry.type(description="A page of orders.")
class OrderConnection:
    edges: list[OrderEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, rows: list[tuple[SalesOrder, str]], total: int, offset: int) -> OrderConnection:
        edges = [
            OrderEdge(cursor=offset_cursor(offset + i), node=OrderSummary.of(order, name))
            for i, (order, name) in enumerate(rows)
        ]
        return cls(edges=edges, page_info=offset_page_info([e.cursor for e in edges], offset, total), total_count=total)
