"""Invoice states as a customer and a clerk read them."""

from __future__ import annotations

from enum import StrEnum


class InvoiceStatus(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DISPUTED = "disputed"
    PAID = "paid"
    CREDITED = "credited"


class InvoiceSort(StrEnum):
    """Orders the list offers; ties always break on the invoice number."""

    ISSUED_NEWEST = "issued_newest"
    ISSUED_OLDEST = "issued_oldest"
    DUE_SOONEST = "due_soonest"
    AMOUNT_HIGHEST = "amount_highest"
    BALANCE_HIGHEST = "balance_highest"
