"""Invoice states as a customer and a clerk read them."""

from __future__ import annotations

from enum import StrEnum


class InvoiceStatus(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DISPUTED = "disputed"
    PAID = "paid"
    CREDITED = "credited"
