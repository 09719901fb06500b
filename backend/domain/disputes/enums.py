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
