"""Where a case came from, where it stands, and how reasons are grouped."""

from __future__ import annotations

from enum import StrEnum


class DisputeStatus(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_REVIEW = "in_review"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    WAITING_ON_INTERNAL = "waiting_on_internal"
    RESOLVED_VALID = "resolved_valid"
    RESOLVED_INVALID = "resolved_invalid"
    RESOLVED_PARTIAL = "resolved_partial"
    WRITTEN_OFF = "written_off"
    WITHDRAWN = "withdrawn"


OPEN_DISPUTE_STATUSES = frozenset(
    {
        DisputeStatus.NEW,
        DisputeStatus.ASSIGNED,
        DisputeStatus.IN_REVIEW,
        DisputeStatus.WAITING_ON_CUSTOMER,
        DisputeStatus.WAITING_ON_INTERNAL,
    }
)


class DisputeOrigin(StrEnum):
    PORTAL = "portal"
    REMITTANCE = "remittance"


class ReasonCategory(StrEnum):
    TRADE = "trade"
    NON_TRADE = "non_trade"


class RootCause(StrEnum):
    """What really went wrong, chosen by whoever decides a case (a reason is only what the customer claimed).

    A fixed set, so that reports compare like with like across teams and years; ``other`` is there because a
    finance team always meets the case that fits none of the five, and a forced wrong answer would skew the
    figures more than an honest "other"."""

    WAREHOUSE = "warehouse"
    CARRIER = "carrier"
    PRICING_MASTER_DATA = "pricing_master_data"
    PROMOTION_SETUP = "promotion_setup"
    CUSTOMER_ERROR = "customer_error"
    OTHER = "other"
