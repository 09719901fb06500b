"""Per-user rate limits counted from the audit log, so every worker sees the same count."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.audit.models import AuditEvent
from backend.domain.errors import DomainError

DONE_SINCE = (
    select(func.count())
    .select_from(AuditEvent)
    .where(
        AuditEvent.actor_user_id == bindparam("user_id", type_=AuditEvent.actor_user_id.type),
        AuditEvent.action == bindparam("action", type_=AuditEvent.action.type),
        AuditEvent.occurred_at > bindparam("since", type_=AuditEvent.occurred_at.type),
    )
)
"""How often a user did an action since a moment (bound: ``user_id``, ``action``, ``since``)."""


class TooManyRequests(DomainError):
    code = "rate_limited"


async def check_rate(
    session: AsyncSession, *, user_id: uuid.UUID, action: str, limit: int, window: timedelta, now: datetime, what: str
) -> None:
    """Raise :class:`TooManyRequests` when ``user_id`` already did ``action`` ``limit`` times within ``window``."""
    done = (
        await session.execute(DONE_SINCE, {"user_id": user_id, "action": action, "since": now - window})
    ).scalar_one()
    refuse_over_limit(done, limit=limit, window=window, what=what)


def refuse_over_limit(done: int, *, limit: int, window: timedelta, what: str) -> None:
    """Raise :class:`TooManyRequests` when ``done`` (counted by ``DONE_SINCE``, for a caller that reads it along with
    something else) reached ``limit``."""
    if done >= limit:
        minutes = int(window.total_seconds() // 60)
        raise TooManyRequests(f"You have {what} {limit} times in {minutes} minutes. Wait a little and try again.")
