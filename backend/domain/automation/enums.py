"""What automation can say about a case, and what a resolution rule can do."""

from __future__ import annotations

from enum import StrEnum


class FlagCode(StrEnum):
    DUPLICATE_CLAIM = "duplicate_claim"
    EXCEEDS_INVOICE = "exceeds_invoice"
    EXCEEDS_LINE = "exceeds_line"
    DISCOUNT_AFTER_DUE_DATE = "discount_after_due_date"
    PROMOTION_OUTSIDE_PERIOD = "promotion_outside_period"
    NO_EVIDENCE = "no_evidence"


BLOCKING_FLAGS = frozenset({FlagCode.DUPLICATE_CLAIM, FlagCode.EXCEEDS_INVOICE})
"""A rule never resolves a case carrying one of these: a person decides."""


class RuleAction(StrEnum):
    WRITE_OFF = "write_off"
    APPROVE = "approve"


class RuleCondition(StrEnum):
    POD_CONFIRMS_SHORTAGE = "pod_confirms_shortage"
    """Reason SHORTAGE and a linked proof of delivery whose text records a shortage (rules.py)."""
    RECORDS_SUPPORT_CLAIM = "records_support_claim"
    """The order, delivery and invoice records support the claim as filed (``Dispute.records_check``)."""
