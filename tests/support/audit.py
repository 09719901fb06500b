"""Reading back the audit events a test's change wrote."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent


async def audit_trail(sessionmaker: Any, entity_id: Any) -> list[tuple[str, str | None]]:
    """``(action, actor user id)`` of every event about ``entity_id``, oldest first."""
    async with system_session(sessionmaker) as db:
        rows = await db.execute(
            select(AuditEvent.action, AuditEvent.actor_user_id)
            .where(AuditEvent.entity_id == str(entity_id))
            .order_by(AuditEvent.sequence)
        )
        return [(action, str(actor) if actor else None) for action, actor in rows.all()]
