"""The words of orders: an order's authorization and status, a discrepancy's kind and outcome."""

from __future__ import annotations

from enum import StrEnum


class CreditDecision(StrEnum):
    APPROVED = "approved"
    HELD = "held"
    """Waiting for a credit manager: the order would break the account's credit (the reasons say how)."""
    REJECTED = "rejected"


class OrderStatus(StrEnum):
    """Where an order stands, in the order a customer follows it (derived from its lines, see tracking.py)."""

    RECEIVED = "received"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    APPROVED = "approved"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    INVOICED = "invoiced"
    PAID = "paid"
    CLOSED = "closed"


class DiscrepancyKind(StrEnum):
    SHORT_SHIPPED = "short_shipped"
    """Fewer delivered (or shipped) than invoiced: the customer was billed for goods they did not get."""
    PRICE_ABOVE_ORDER = "price_above_order"
    """The invoice's unit price is above the order's net price."""
    INVOICED_BEFORE_DELIVERY = "invoiced_before_delivery"
    """The invoice was issued before the goods it bills were shipped."""
    DELIVERED_WITHOUT_POD = "delivered_without_pod"
    """A shipment is delivered but no proof of delivery is linked to it."""
    OVER_SHIPMENT = "over_shipment"
    """More shipped than ordered."""


class DiscrepancyStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    """Customer service settled it (credit memo, rebill or note)."""
    CLEARED = "cleared"
    """The records changed and the discrepancy is no longer there (a late POD, a corrected invoice)."""


class DiscrepancyResolution(StrEnum):
    CREDIT_MEMO = "credit_memo"
    REBILL = "rebill"
    NOTE = "note"


class QuantitySource(StrEnum):
    """Where a delivered quantity comes from."""

    FEED = "feed"
    POD = "pod"
    STAFF = "staff"
