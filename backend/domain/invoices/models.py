"""Invoices and their lines, with the ledger invariant enforced by the database."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import AccountScoped, Base, CreatedAt, UUIDPrimaryKey
from backend.db.types import ExactDecimal, Money, UTCDateTime
from backend.domain.invoices.references import normalise_reference


def _number_key_default(context: Any) -> str:
    return normalise_reference(context.get_current_parameters()["number"])[:32]


def _po_key_default(context: Any) -> str | None:
    po_number = context.get_current_parameters().get("po_number")
    return normalise_reference(po_number)[:64] if po_number else None


class Invoice(UUIDPrimaryKey, CreatedAt, AccountScoped, Base):
    """What the customer owes for one delivery.

    ``open_balance = total - paid - credited - written_off`` always holds and is never
    negative; ``disputed_amount`` (the sum of open disputes and deductions) is part of
    the open balance, never more.
    """

    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("total_amount > 0", name="total_positive"),
        CheckConstraint(
            "paid_amount >= 0 AND credited_amount >= 0 AND written_off_amount >= 0 AND disputed_amount >= 0",
            name="parts_not_negative",
        ),
        CheckConstraint(
            "open_balance = total_amount - paid_amount - credited_amount - written_off_amount",
            name="open_balance_balances",
        ),
        CheckConstraint("open_balance >= 0", name="open_balance_not_negative"),
        CheckConstraint("disputed_amount <= open_balance", name="disputed_within_open_balance"),
        CheckConstraint("due_date >= issue_date", name="due_after_issue"),
        Index("ix_invoices_account_issue", "account_id", "issue_date", "number"),
        Index("ix_invoices_issue", "issue_date", "number"),
        # the reports carry a recorded day's books forward over the invoices fallen due or recorded since (0030)
        Index("ix_invoices_due_date", "due_date"),
        Index("ix_invoices_created_at", "created_at"),
    )

    number: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    po_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    delivery_number: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    """The delivery (or shipment) the invoice bills, as it appears on the proof of delivery."""
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("sales_orders.id"), nullable=True, index=True)
    """The sales order the invoice bills, when the feed names it."""
    number_key: Mapped[str] = mapped_column(String(32), nullable=False, default=_number_key_default, index=True)
    """``number`` normalised for matching remittances (set from it on every insert, bulk ones too, and update)."""
    po_key: Mapped[str | None] = mapped_column(String(64), nullable=True, default=_po_key_default, index=True)
    """``po_number`` normalised the same way."""
    cash_discount_percent: Mapped[Decimal | None] = mapped_column(ExactDecimal(3), nullable=True)
    """Early-payment discount the terms allow (e.g. 2.000 for "2/10 net 30"), if any."""
    cash_discount_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    """Last day a payment may take the cash discount."""
    issue_date: Mapped[date] = mapped_column(Date, nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    total_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    paid_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal("0.00"))
    credited_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal("0.00"))
    written_off_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal("0.00"))
    disputed_amount: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal("0.00"))
    open_balance: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


@event.listens_for(Invoice, "before_insert")
@event.listens_for(Invoice, "before_update")
def _set_match_keys(_mapper: object, _connection: object, invoice: Invoice) -> None:
    invoice.number_key = normalise_reference(invoice.number)[:32]
    invoice.po_key = normalise_reference(invoice.po_number)[:64] if invoice.po_number else None


class InvoiceLine(UUIDPrimaryKey, AccountScoped, Base):
    """One product or charge on an invoice."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        UniqueConstraint("invoice_id", "line_number", name="uq_invoice_lines_invoice_line"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    )

    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False, index=True)
    line_number: Mapped[int] = mapped_column(Integer, nullable=False)
    sku: Mapped[str] = mapped_column(String(64), nullable=False)
    description: Mapped[str] = mapped_column(String(500), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal(3), nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal(4), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    order_line_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("order_lines.id"), nullable=True, index=True
    )
    """The order line this invoice line bills, when the feed names it."""


class InvoiceDelivery(UUIDPrimaryKey, AccountScoped, Base):
    """An invoice e-mailed to the account's billing contacts (the e-mail itself waits in the outbox)."""

    __tablename__ = "invoice_deliveries"

    invoice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("invoices.id"), nullable=False, index=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    recipients: Mapped[str] = mapped_column(String(2000), nullable=False)
    """The addresses, comma-separated; empty when the account had nobody to send invoices to."""
