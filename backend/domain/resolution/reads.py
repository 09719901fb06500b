"""What the case page reads besides the case: credit memos, audit trail, the customer's other open cases."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import User
from backend.domain.audit.models import AuditEvent
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from backend.domain.resolution.models import CreditMemo


async def credit_memos_by_invoice(session: AsyncSession, invoice_ids: Sequence[uuid.UUID]) -> list[list[CreditMemo]]:
    grouped: dict[uuid.UUID, list[CreditMemo]] = {i: [] for i in invoice_ids}
    rows = await session.execute(
        select(CreditMemo).where(CreditMemo.invoice_id.in_(list(invoice_ids))).order_by(CreditMemo.issued_at)
    )
    for memo in rows.scalars():
        grouped[memo.invoice_id].append(memo)
    return [grouped[i] for i in invoice_ids]


async def audit_trail(session: AsyncSession, dispute_id: uuid.UUID) -> list[tuple[AuditEvent, str | None]]:
    """Every audit event about the case, oldest first, with the actor's name. Staff only (callers check)."""
    rows = await session.execute(
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .where(AuditEvent.entity_type == "dispute", AuditEvent.entity_id == str(dispute_id))
        .order_by(AuditEvent.sequence)
    )
    return [(event, name) for event, name in rows.all()]


async def other_open_cases(session: AsyncSession, *, account_id: uuid.UUID, but: uuid.UUID) -> list[Dispute]:
    """The account's open cases other than ``but``, newest first (at most 50)."""
    rows = await session.execute(
        select(Dispute)
        .where(
            Dispute.account_id == account_id,
            Dispute.id != but,
            Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES]),
        )
        .order_by(Dispute.created_at.desc())
        .limit(50)
    )
    return list(rows.scalars())
