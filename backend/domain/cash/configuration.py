"""The cash-application settings an admin edits: read by every import when it starts, so no restart is needed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.administration.service import audit_change, require_admin
from backend.domain.cash.importer import DEFAULT_THRESHOLD
from backend.domain.cash.models import CashApplicationSettings
from backend.domain.errors import InvalidInput

LOWEST_THRESHOLD = Decimal("0.50")


async def current_settings(session: AsyncSession) -> CashApplicationSettings:
    row = await session.get(CashApplicationSettings, 1)
    if row is None:
        row = CashApplicationSettings(id=1, auto_apply_threshold=DEFAULT_THRESHOLD)
        session.add(row)
        await session.flush()
    return row


async def save_threshold(
    session: AsyncSession, *, principal: Principal, threshold: Decimal, now: datetime
) -> CashApplicationSettings:
    """Matches at or above ``threshold`` are applied without a person (admins; audited). Commits."""
    require_admin(principal)
    if not LOWEST_THRESHOLD <= threshold <= Decimal("1.00") or threshold != threshold.quantize(Decimal("0.01")):
        raise InvalidInput(
            "autoApplyThreshold",
            f"Choose a confidence between {LOWEST_THRESHOLD} and 1.00, with two decimals.",
            "threshold_out_of_range",
        )
    row = await current_settings(session)
    before = {"auto_apply_threshold": row.auto_apply_threshold}
    row.auto_apply_threshold = threshold
    row.updated_by_id, row.updated_at = principal.user_id, now
    await audit_change(
        session,
        principal,
        "settings.cash_application_changed",
        "cash_application_settings",
        1,
        before,
        {"auto_apply_threshold": threshold},
        now,
    )
    await session.commit()
    return row
