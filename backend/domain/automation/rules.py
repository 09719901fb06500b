"""Resolution by rule: the first active matching rule (lowest priority) writes a case off or approves it.

A rule matches when every condition it sets holds: the customer account, the reason code,
the amount at most ``max_amount`` (the tolerance; required for write-offs), and its
condition. ``pod_confirms_shortage`` holds when the reason is SHORTAGE and a stored proof of
delivery linked to the case or its invoice has extracted text that records a shortage
(``records_shortage``). A rule never acts on a case flagged ``duplicate_claim`` or
``exceeds_invoice``, nor on a closed case. It acts as the system actor, through the same
code as the staff actions: a write-off is limited by the tolerance (not by a role's
write-off limit) and never by more than the invoice's open balance; an approval issues a
numbered credit memo for the full amount. ``records_support_claim`` holds when the order, delivery and invoice
records supported the claim as filed (``backend.domain.orders.claim_check``). No rule acts on a claim the records
contradict (the customer filed it anyway): a person decides, as for the blocking flags.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.global_cache import KeptPerGlobalVersion
from backend.domain.accounts.models import CustomerAccount
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.automation.enums import BLOCKING_FLAGS, FlagCode, RuleAction, RuleCondition
from backend.domain.automation.models import ResolutionRule
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.documents.enums import DocumentStatus, DocumentType
from backend.domain.documents.models import Document, DocumentText
from backend.domain.invoices.models import Invoice
from backend.domain.resolution.service import credit_case, write_off_case

# "short", "shortage", "shorted", "short-shipped", "missing" — unless "no", "not", "nothing" or "without"
# comes right before ("no shortage", "nothing missing").
_SHORT_WORD = re.compile(
    r"(?<![a-z])(?<!\bno )(?<!\bnot )(?<!\bnothing )(?<!\bwithout )(short(?:age|ed|-shipped)?|missing)(?![a-z])",
    re.IGNORECASE,
)
# "received 18 of 20" (also "received: 18 of 20 cartons"): fewer received than sent.
_RECEIVED_OF = re.compile(r"received:?\s+(\d+)\s+(?:\w+\s+)?of\s+(\d+)", re.IGNORECASE)


def records_shortage(text: str) -> bool:
    """True when a proof of delivery's text records a shortage (see the patterns above)."""
    if _SHORT_WORD.search(text):
        return True
    return any(int(got) < int(sent) for got, sent in _RECEIVED_OF.findall(text))


def describe(rule: ResolutionRule, account_name: str | None) -> str:
    """How a rule reads in a note: "rule 3 (under 25.00 for any reason)"."""
    parts = []
    if rule.max_amount is not None:
        parts.append(f"up to {rule.max_amount}")
    parts.append(f"for {rule.reason_code}" if rule.reason_code else "for any reason")
    if account_name:
        parts.append(f"of {account_name}")
    if rule.condition == RuleCondition.POD_CONFIRMS_SHORTAGE.value:
        parts.append("when the POD confirms the shortage")
    if rule.condition == RuleCondition.RECORDS_SUPPORT_CLAIM.value:
        parts.append("when our records support the claim")
    return f"rule {rule.priority} ({' '.join(parts)})"


async def _pod_confirms_shortage(session: AsyncSession, dispute: Dispute) -> bool:
    if dispute.reason_code != "SHORTAGE":
        return False
    bodies = (
        await session.execute(
            select(DocumentText.body)
            .join(Document, Document.id == DocumentText.document_id)
            .where(
                Document.status == DocumentStatus.STORED.value,
                Document.document_type == DocumentType.PROOF_OF_DELIVERY.value,
                or_(Document.dispute_id == dispute.id, Document.invoice_id == dispute.invoice_id),
            )
        )
    ).scalars()
    return any(records_shortage(body) for body in bodies)


async def _matches(session: AsyncSession, rule: ResolutionRule, dispute: Dispute) -> bool:
    if rule.account_id is not None and rule.account_id != dispute.account_id:
        return False
    if rule.reason_code is not None and rule.reason_code != dispute.reason_code:
        return False
    if rule.max_amount is not None and dispute.amount > rule.max_amount:
        return False
    if rule.condition == RuleCondition.POD_CONFIRMS_SHORTAGE.value:
        return await _pod_confirms_shortage(session, dispute)
    if rule.condition == RuleCondition.RECORDS_SUPPORT_CLAIM.value:
        return dispute.records_check == "supported"
    return rule.condition is None


_ACTIVE_RULES = select(ResolutionRule).where(ResolutionRule.active.is_(True)).order_by(ResolutionRule.priority)


async def _read_active_rules(session: AsyncSession) -> list[ResolutionRule]:
    return list((await session.execute(_ACTIVE_RULES)).scalars())


_KEPT_RULES = KeptPerGlobalVersion(ResolutionRule, _read_active_rules)


async def active_rules(session: AsyncSession) -> list[ResolutionRule]:
    """The active rules in the order they are tried; an admin's change counts on the next case (the rules are kept
    per global data version, ``backend.db.global_cache``: read only)."""
    return await _KEPT_RULES.get(session)


async def matching_rule(
    session: AsyncSession, dispute: Dispute, rules: list[ResolutionRule] | None = None
) -> ResolutionRule | None:
    """The first of ``rules`` (default: the active rules, read now) that matches the case."""
    for rule in rules if rules is not None else await active_rules(session):
        if await _matches(session, rule, dispute):
            return rule
    return None


EVIDENCE_CONDITIONS = frozenset({RuleCondition.POD_CONFIRMS_SHORTAGE.value})
"""Conditions that depend on the case's documents: the only rules worth trying again when its evidence changes."""


async def rules_for_new_evidence(session: AsyncSession, dispute: Dispute) -> list[ResolutionRule]:
    """The active rules a change in the case's documents may newly satisfy — none once staff have reopened the
    case (a person took it back from automation; a later upload must not resolve it again)."""
    reopened = (
        await session.execute(
            select(DisputeStatusChange.id)
            .where(
                DisputeStatusChange.dispute_id == dispute.id,
                DisputeStatusChange.from_status.not_in([s.value for s in OPEN_DISPUTE_STATUSES]),
            )
            .limit(1)
        )
    ).first()
    if reopened is not None:
        return []
    return [rule for rule in await active_rules(session) if rule.condition in EVIDENCE_CONDITIONS]


async def apply_rules(
    session: AsyncSession,
    dispute: Dispute,
    invoice: Invoice,
    flags: set[FlagCode],
    *,
    now: datetime,
    rules: list[ResolutionRule] | None = None,
) -> ResolutionRule | None:
    """Resolve the open case by the first matching rule, as the system actor; the rule that acted, if any.

    Flushes, never commits (the caller's transaction keeps the case, the money and the audit together).
    """
    if dispute.status not in OPEN_DISPUTE_STATUSES or flags & BLOCKING_FLAGS:
        return None
    if dispute.records_check == "contradicted":
        return None  # the order, delivery and invoice records say otherwise: a person looks, whatever a rule says
    rule = await matching_rule(session, dispute, rules)
    if rule is None:
        return None
    account_name = None
    if rule.account_id is not None:
        account_name = (
            await session.execute(select(CustomerAccount.name).where(CustomerAccount.id == rule.account_id))
        ).scalar_one_or_none()
    name = describe(rule, account_name)
    if rule.action == RuleAction.WRITE_OFF.value:
        if dispute.amount > invoice.open_balance:
            return None  # never more than the invoice: a person looks
        await write_off_case(
            session,
            dispute,
            invoice,
            actor_user_id=SYSTEM_USER_ID,
            note=f"Written off by {name}.",
            timeline_note="Written off.",
            now=now,
        )
    else:
        await credit_case(
            session,
            dispute,
            invoice,
            granted=dispute.amount,
            actor_user_id=SYSTEM_USER_ID,
            note="",
            audit_note=f"Approved by {name}.",
            now=now,
        )
    return rule
