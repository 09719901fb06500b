"""Sales orders, their lines, shipments with proof of delivery, and the discrepancies found between them and the
invoices (docs/ORDERS.md).

An order line keeps its reconciled figures (shipped, delivered, invoiced, paid) so the portal's order page and the
discrepancy worklist read one row per line; ``backend.domain.orders.reconciliation`` writes them whenever an order,
a delivery, an invoice or a proof of delivery changes.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, StaffOnlyWhenInternal, UUIDPrimaryKey
from backend.db.types import ExactDecimal, Money, UTCDateTime
from backend.domain.accounts.enums import sql_in
from backend.domain.orders.enums import (
    CreditDecision,
    DiscrepancyKind,
    DiscrepancyResolution,
    DiscrepancyStatus,
    OrderStatus,
    QuantitySource,
)

ZERO = Decimal("0.00")
NO_QUANTITY = Decimal("0.000")


class SalesOrder(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A customer's order as the ERP sent it (its latest revision), with its credit decision and where it stands."""

    __tablename__ = "sales_orders"
    __table_args__ = (
        CheckConstraint(f"credit_decision IN ({sql_in(CreditDecision)})", name="credit_decision_known"),
        CheckConstraint(f"status IN ({sql_in(OrderStatus)})", name="status_known"),
        CheckConstraint("revision >= 0", name="revision_not_negative"),
        Index("ix_sales_orders_account_date", "account_id", "order_date", "number"),
        Index("ix_sales_orders_status_date", "status", "order_date"),
        # What an order's lines name it by: the order and its account together (their composite foreign key, one
        # check per line instead of two, and a line can never belong to another account than its order's).
        Index("uq_sales_orders_id_account", "id", "account_id", unique=True),
        # An account's approved orders not shipped yet, its part of the exposure (``credit.assessment``): only
        # those, not every order the account ever placed (migration 0036).
        Index(
            "ix_sales_orders_unshipped",
            "account_id",
            postgresql_include=["currency", "unshipped_amount"],
            postgresql_where=text("credit_decision = 'approved' AND unshipped_amount > 0"),
            sqlite_where=text("credit_decision = 'approved' AND unshipped_amount > 0"),
        ),
    )

    # Found by account through ix_sales_orders_account_date (account first): no index of its own (migration 0037).
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customer_accounts.id"), nullable=False)
    number: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    po_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    ship_to: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    order_date: Mapped[date] = mapped_column(Date, nullable=False)
    requested_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    total_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    unshipped_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO)
    """The value of what is ordered and not shipped yet: an approved order's part of the account's exposure."""
    credit_decision: Mapped[str] = mapped_column(String(16), nullable=False)
    hold_reasons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    status_since: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


class OrderLine(UUIDPrimaryKey, AccountScoped, Base):
    """One product on an order, with what became of it (kept by the reconciliation)."""

    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_number", name="uq_order_lines_order_line"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint("discount_percent >= 0", name="discount_not_negative"),
        # The line's order, of the line's own account (migration 0036).
        ForeignKeyConstraint(["order_id", "account_id"], ["sales_orders.id", "sales_orders.account_id"]),
    )

    # Lines are read by their order (uq_order_lines_order_line, order_id first; the tenant scope's account condition
    # rides along): neither column has an index of its own (migration 0023).
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    line_number: Mapped[int] = mapped_column(Integer, nullable=False)
    sku: Mapped[str] = mapped_column(String(64), nullable=False)
    description: Mapped[str] = mapped_column(String(500), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal(3), nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal(4), nullable=False)
    discount_percent: Mapped[Decimal] = mapped_column(ExactDecimal(3), nullable=False)
    net_price: Mapped[Decimal] = mapped_column(ExactDecimal(4), nullable=False)
    """The price the customer agreed to: unit price less the discount, to 4 places."""
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    # Shipped and delivered are the line's shipments' sums (``reconciliation.line_figures``, the order page): read,
    # not stored (migration 0024).
    # A new line's figures start at zero in the database too (migration 0038): an order feed's COPY leaves them out.
    invoiced_quantity: Mapped[Decimal] = mapped_column(
        ExactDecimal(3), nullable=False, default=NO_QUANTITY, server_default=text("0")
    )
    invoiced_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO, server_default=text("0"))
    paid_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=ZERO, server_default=text("0"))
    """The line's share of the cash its invoices received, in proportion to their totals (credits are not cash)."""
    reconciled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())


class Shipment(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """A delivery of (part of) an order, with its carrier, tracking and proof of delivery."""

    __tablename__ = "shipments"
    __table_args__ = (Index("uq_shipments_id_account", "id", "account_id", unique=True),)  # see SalesOrder
    number: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    order_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("sales_orders.id"), nullable=False, index=True)
    carrier: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    tracking_number: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    shipped_on: Mapped[date] = mapped_column(Date, nullable=False)
    delivered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    pod_document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("documents.id"), nullable=True)
    received_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    """Who signed for it, as the proof of delivery says."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ShipmentLine(UUIDPrimaryKey, AccountScoped, Base):
    """How much of one order line a shipment carried, and how much of it arrived."""

    __tablename__ = "shipment_lines"
    __table_args__ = (
        UniqueConstraint("shipment_id", "order_line_id", name="uq_shipment_lines_shipment_line"),
        CheckConstraint("quantity_shipped > 0", name="shipped_positive"),
        CheckConstraint("quantity_delivered IS NULL OR quantity_delivered >= 0", name="delivered_not_negative"),
        CheckConstraint(
            f"delivered_source IS NULL OR delivered_source IN ({sql_in(QuantitySource)})", name="source_known"
        ),
        # The line's shipment, of the line's own account (migration 0036).
        ForeignKeyConstraint(["shipment_id", "account_id"], ["shipments.id", "shipments.account_id"]),
    )

    # Read by shipment (uq_shipment_lines_shipment_line, shipment_id first) or by order line: no index on the
    # account or the shipment of their own (migration 0023).
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    shipment_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    order_line_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("order_lines.id"), nullable=False, index=True)
    quantity_shipped: Mapped[Decimal] = mapped_column(ExactDecimal(3), nullable=False)
    quantity_delivered: Mapped[Decimal | None] = mapped_column(ExactDecimal(3), nullable=True)
    delivered_source: Mapped[str | None] = mapped_column(String(8), nullable=True)


class OrderDiscrepancy(UUIDPrimaryKey, AccountScoped, StaffOnlyWhenInternal, Base):
    """Something the order, its deliveries and its invoices disagree on, for customer service to settle before the
    customer deducts it. One row per subject (an order line or a shipment) and kind; staff-only (always internal)."""

    __tablename__ = "order_discrepancies"
    __table_args__ = (
        UniqueConstraint("subject_id", "kind", name="uq_order_discrepancies_subject_kind"),
        CheckConstraint(f"kind IN ({sql_in(DiscrepancyKind)})", name="kind_known"),
        CheckConstraint(f"status IN ({sql_in(DiscrepancyStatus)})", name="status_known"),
        CheckConstraint(
            f"resolution IS NULL OR resolution IN ({sql_in(DiscrepancyResolution)})", name="resolution_known"
        ),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("is_internal", name="always_internal"),
        Index(
            "ix_order_discrepancies_status_found", "status", "found_at", "id"
        ),  # the worklist: oldest first, by id within a moment
        # a revision that drops an order line checks its key here (migration 0040)
        Index("ix_order_discrepancies_order_line_id", "order_line_id"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("sales_orders.id"), nullable=False, index=True)
    order_line_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("order_lines.id"), nullable=True)
    shipment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("shipments.id"), nullable=True)
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    """The order line or shipment the discrepancy is about (with ``kind``, what makes it one)."""
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    """The money at stake, in ``currency``."""
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    resolution: Mapped[str | None] = mapped_column(String(16), nullable=True)
    resolution_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    credit_memo_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("credit_memos.id"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}
