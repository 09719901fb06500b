"""Moving a case from one status to the next: the timeline step and the audit event, always together."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.audit.service import record_event
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES, DisputeStatus, RootCause
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.invoices.models import Invoice
from backend.domain.orders.reconciliation import reconcile


async def move_to(
    session: AsyncSession,
    dispute: Dispute,
    to_status: DisputeStatus,
    *,
    actor_user_id: uuid.UUID,
    action: str,
    note: str,
    now: datetime,
    details: dict[str, Any] | None = None,
    timeline_note: str | None = None,
    root_cause: RootCause | None = None,
) -> None:
    """Set the status, add the customer-visible timeline step, write the audit event (before/after).

    ``timeline_note``, when given, is what the customer reads instead of ``note`` (which the
    audit event keeps): automation names its rule for staff only. ``root_cause`` is what a decision found really
    went wrong (staff only, audited); a case that opens again loses it with its decision.
    """
    before = {"status": dispute.status, "amount": dispute.amount, "assignee_id": dispute.assignee_id}
    if dispute.root_cause is not None:
        before["root_cause"] = dispute.root_cause
    dispute.status = to_status.value
    dispute.resolved_at = None if to_status in OPEN_DISPUTE_STATUSES else now
    dispute.root_cause = None if to_status in OPEN_DISPUTE_STATUSES or root_cause is None else root_cause.value
    session.add(
        DisputeStatusChange(
            account_id=dispute.account_id,
            dispute_id=dispute.id,
            from_status=before["status"],
            to_status=to_status.value,
            changed_at=now,
            actor_user_id=actor_user_id,
            note=note if timeline_note is None else timeline_note,
        )
    )
    await record_event(
        session,
        action=action,
        entity_type="dispute",
        entity_id=dispute.id,
        actor_user_id=actor_user_id,
        account_id=dispute.account_id,
        occurred_at=now,
        before=before,
        after={
            "status": to_status.value,
            "note": note,
            **({"root_cause": dispute.root_cause} if dispute.root_cause else {}),
            **(details or {}),
        },
    )
    # A claim that is accepted, refused or withdrawn changes what an order's discrepancies still have at stake.
    # The invoice is in the session already on every path that moves a case (no query then).
    invoice = await session.get(Invoice, dispute.invoice_id)
    if invoice is not None and invoice.order_id is not None:
        await reconcile(session, [invoice.order_id], now=now)


async def resume_if_waiting_on_customer(
    session: AsyncSession, dispute: Dispute, *, principal: Any, now: datetime
) -> None:
    """A customer's answer (a message or a document) puts a case that waited on them back in review."""
    if principal.is_staff or dispute.status != DisputeStatus.WAITING_ON_CUSTOMER.value:
        return
    await move_to(
        session,
        dispute,
        DisputeStatus.IN_REVIEW,
        actor_user_id=principal.user_id,
        action="dispute.customer_answered",
        note="You answered; the case is back with our team.",
        now=now,
    )
