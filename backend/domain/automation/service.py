"""Automation on a case before a human looks: validation flags and resolution by rule.

Two hooks, both called inside the caller's transaction and never committing:
``after_case_created`` (portal filing, remittance import) computes every flag, then lets
the first matching resolution rule act; ``after_evidence_changed`` (a document linked to or
moved off a case or its invoice, or its text read) re-checks ``no_evidence`` and, for an
open case staff have not reopened, the rules whose condition reads documents (a proof of
delivery may now confirm a shortage). The other flags
depend on the case and its invoice, not on documents, so they keep what filing found.
Both run as the system actor (flags are staff-only rows) and restore who was acting.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.automation.actor import acting_as_system
from backend.domain.automation.enums import FlagCode
from backend.domain.automation.flags import (
    NewCase,
    evaluate,
    evaluate_many,
    no_evidence,
    store_flags,
    store_flags_many,
    store_new_case_flags,
)
from backend.domain.automation.rules import active_rules, apply_rules, rules_for_new_evidence
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice


async def _invoice(session: AsyncSession, dispute: Dispute) -> Invoice:
    return (await session.execute(select(Invoice).where(Invoice.id == dispute.invoice_id))).scalar_one()


async def after_case_created(
    session: AsyncSession,
    dispute: Dispute,
    *,
    now: datetime,
    paid_on: date | None = None,
    claimed_amount: Decimal | None = None,
    invoice: Invoice | None = None,
) -> None:
    """Flag the new (flushed) case and resolve it when a rule says so; does not commit.

    ``paid_on``: for a deduction, the day the short payment was received (else today).
    ``claimed_amount``: what the customer deducted when it was more than the case could hold.
    ``invoice``: the case's invoice, when the caller holds it already (else it is read).
    """
    async with acting_as_system(session):
        invoice = invoice or await _invoice(session, dispute)
        found = await evaluate(session, dispute, invoice, paid_on=paid_on or now.date(), claimed_amount=claimed_amount)
        flags = await store_new_case_flags(session, dispute, found, now=now)
        await apply_rules(session, dispute, invoice, flags, now=now)


async def after_cases_created(session: AsyncSession, cases: Sequence[NewCase], *, now: datetime) -> None:
    """:func:`after_case_created` for many new cases at once (an import's deductions): the flags in a constant
    number of statements, the rules read once; does not commit."""
    if not cases:
        return
    async with acting_as_system(session):
        found = await evaluate_many(session, cases)
        carried = await store_flags_many(session, [c.dispute for c in cases], found, now=now)
        rules = await active_rules(session)
        for case, flags in zip(cases, carried, strict=True):
            await apply_rules(session, case.dispute, case.invoice, flags, now=now, rules=rules)


async def after_evidence_changed(session: AsyncSession, dispute: Dispute, *, now: datetime) -> None:
    """Re-check ``no_evidence`` of a case whose linked documents changed, and for an open case the rules whose
    condition reads documents (never after staff reopened it); does not commit."""
    async with acting_as_system(session):
        invoice = await _invoice(session, dispute)
        message = await no_evidence(session, dispute, invoice)
        found = {FlagCode.NO_EVIDENCE: message} if message else {}
        flags = await store_flags(session, dispute, found, now=now, only={FlagCode.NO_EVIDENCE})
        if dispute.status in OPEN_DISPUTE_STATUSES:
            rules = await rules_for_new_evidence(session, dispute)
            if rules:
                await apply_rules(session, dispute, invoice, flags, now=now, rules=rules)


async def after_documents_moved(
    session: AsyncSession,
    *,
    invoice_ids: Iterable[uuid.UUID | None] = (),
    dispute_ids: Iterable[uuid.UUID | None] = (),
    now: datetime,
) -> None:
    """``after_evidence_changed`` for every case a document change touches: the named cases and the open
    cases of the named invoices (a document on an invoice is evidence for its cases). Does not commit."""
    invoices = {i for i in invoice_ids if i is not None}
    disputes = {d for d in dispute_ids if d is not None}
    if not invoices and not disputes:
        return
    async with acting_as_system(session):
        cases = (
            (
                await session.execute(
                    select(Dispute)
                    .where(
                        or_(
                            Dispute.id.in_(disputes),
                            Dispute.invoice_id.in_(invoices)
                            & Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES]),
                        )
                    )
                    .order_by(Dispute.created_at)
                )
            )
            .scalars()
            .all()
        )
        for case in cases:
            await after_evidence_changed(session, case, now=now)
