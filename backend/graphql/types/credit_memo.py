"""A credit memo as customers and staff see it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from backend.domain.resolution.models import CreditMemo as CreditMemoModel


@strawberry.type(description="A numbered credit against an invoice.")
class CreditMemo:
    id: strawberry.ID
    number: str
    amount: Decimal
    reason: str
    issued_at: datetime
    dispute_id: strawberry.ID | None
    reversed_at: datetime | None = strawberry.field(
        default=None,
        description="Set when staff reversed this credit (one a resolution rule issued): it no longer counts.",
    )

    @classmethod
    def from_model(cls, memo: CreditMemoModel) -> CreditMemo:
        return cls(
            id=strawberry.ID(str(memo.id)),
            number=memo.number,
            amount=memo.amount,
            reason=memo.reason,
            issued_at=memo.issued_at,
            dispute_id=strawberry.ID(str(memo.dispute_id)) if memo.dispute_id else None,
            reversed_at=memo.reversed_at,
        )
