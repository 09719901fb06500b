"""Per-user rate limits counted from the audit log, so every worker sees the same count."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.audit.models import AuditEvent
from backend.domain.errors import DomainError


class TooManyRequests(DomainError):
    code = "rate_limited"


async def check_rate(
    session: AsyncSession, *, user_id: uuid.UUID, action: str, limit: int, window: timedelta, now: datetime, what: str
) -> None:
    """Raise :class:`TooManyRequests` when ``user_id`` already did ``action`` ``limit`` times within ``window``."""
    done = (
        await session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.actor_user_id == user_id, AuditEvent.action == action, AuditEvent.occurred_at > now - window
            )
        )
    ).scalar_one()
    if done >= limit:
        minutes = int(window.total_seconds() // 60)
        raise TooManyRequests(f"You have {what} {limit} times in {minutes} minutes. Wait a little and try again.")
