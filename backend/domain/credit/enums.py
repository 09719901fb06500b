"""The fixed vocabularies of credit and collections (their parameters are data: rules, levels)."""

from __future__ import annotations

from enum import StrEnum


class RiskClass(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class HoldRuleKind(StrEnum):
    OVER_LIMIT = "over_limit"
    """Exposure above the credit limit."""
    PAST_DUE = "past_due"
    """The oldest undisputed past-due item is more than ``days`` past due."""
    BROKEN_PROMISE = "broken_promise"
    """A promise to pay was broken and not yet made good."""


class PromiseStatus(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class ContactKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    NOTE = "note"
    LETTER = "letter"
    PROMISE = "promise"
    CUSTOMER_REPLY = "customer_reply"
    HOLD = "hold"
