"""The collections worklist's priority: one number, and the parts a collector sees it explained by.

priority = undisputed past-due amount × age factor × risk factor × broken-promise factor

* age factor: 1 + days the oldest undisputed item is past due ÷ 30 (60 days past due weighs three times);
* risk factor: the account's risk class (low 0.75, medium 1, high 1.5, critical 2);
* broken-promise factor: 1 + 0.5 per promise broken (or only partly kept) in the last year.

Disputed money is never in it, so a customer who disputes is not chased ahead of one who simply does not pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.domain.credit.enums import RiskClass

CENT = Decimal("0.01")
RISK_FACTORS = {
    RiskClass.LOW.value: Decimal("0.75"),
    RiskClass.MEDIUM.value: Decimal("1"),
    RiskClass.HIGH.value: Decimal("1.5"),
    RiskClass.CRITICAL.value: Decimal("2"),
}


@dataclass(frozen=True)
class Priority:
    score: Decimal
    past_due: Decimal
    days_past_due: int
    age_factor: Decimal
    risk_factor: Decimal
    promise_factor: Decimal


def priority_of(
    past_due_undisputed: Decimal, oldest_past_due_on: date | None, risk_class: str, broken_promises: int, today: date
) -> Priority:
    """The priority and its parts (exact decimals; the score is rounded to cents)."""
    days = max(0, (today - oldest_past_due_on).days) if oldest_past_due_on else 0
    age = (Decimal(1) + Decimal(days) / Decimal(30)).quantize(Decimal("0.01"))
    risk = RISK_FACTORS.get(risk_class, Decimal("1"))
    promise = Decimal(1) + Decimal("0.5") * broken_promises
    score = (past_due_undisputed * age * risk * promise).quantize(CENT) if past_due_undisputed > 0 else Decimal("0.00")
    return Priority(score, past_due_undisputed, days, age, risk, promise)
