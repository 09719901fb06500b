"""Automation on a case before a human looks: validation flags and resolution by rule."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.disputes.models import Dispute


async def after_case_created(
    session: AsyncSession,
    dispute: Dispute,
    *,
    now: datetime,
    paid_on: date | None = None,
    claimed_amount: Decimal | None = None,
) -> None:
    """Flag the new (flushed) case and resolve it when a rule says so; does not commit.

    ``paid_on``: for a deduction, the day the short payment was received (else today).
    ``claimed_amount``: what the customer deducted when it was more than the case could hold.
    """


async def after_evidence_changed(session: AsyncSession, dispute: Dispute, *, now: datetime) -> None:
    """Re-check the flags and rules of an open case whose linked documents changed; does not commit."""
