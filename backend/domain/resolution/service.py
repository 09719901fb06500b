"""Resolving cases: approve (credit memo), deny (collectible again), write off, ask for information, reopen, assign.

Every action is staff-only, checks the case version the clerk saw (a stale one is a
Conflict), moves money only through the invoice ledger, and writes the timeline step
and audit event in the same transaction. Money actions take an idempotency key.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from backend.db.scope import Principal
from backend.db.types import utc_now
from backend.domain.accounts.models import User
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.credit.assessment import assess
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES, DisputeStatus, RootCause
from backend.domain.disputes.models import Dispute
from backend.domain.disputes.transitions import move_to
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.invoices import ledger
from backend.domain.invoices.models import Invoice
from backend.domain.mail.compose import compose
from backend.domain.mail.service import notify_account
from backend.domain.money import checked_amount
from backend.domain.resolution.errors import (
    CaseClosed,
    OverWriteOffLimit,
    RootCauseRequired,
    RootCauseUnknown,
    StaffOnly,
    StaleCase,
)
from backend.domain.resolution.models import CreditMemo, IdempotencyKey, NumberSequence, WriteOffLimit

REOPENERS = frozenset({"admin", "credit_manager"})


@dataclass(frozen=True)
class Outcome:
    dispute: Dispute
    credit_memo: CreditMemo | None = None


def _staff(principal: Principal) -> None:
    if not principal.is_staff:
        raise StaffOnly()


def chosen_root_cause(value: str | None) -> RootCause:
    """The root cause a person deciding a case gave; every staff decision must give a known one."""
    if value is None or not str(value).strip():
        raise RootCauseRequired()
    try:
        return RootCause(str(value).strip())
    except ValueError:
        raise RootCauseUnknown(str(value)) from None


def _fingerprint(operation: str, **values: Any) -> str:
    return hashlib.sha256(json.dumps([operation, values], sort_keys=True, default=str).encode()).hexdigest()


async def _replay(session: AsyncSession, principal: Principal, key: str, fingerprint: str) -> Outcome | None:
    row = (
        await session.execute(
            select(IdempotencyKey).where(IdempotencyKey.user_id == principal.user_id, IdempotencyKey.key == key)
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise Conflict("This request key was already used for a different action. Reload the case and try again.")
    dispute = (await session.execute(select(Dispute).where(Dispute.id == row.dispute_id))).scalar_one()
    memo = (
        (
            await session.execute(
                select(CreditMemo).where(CreditMemo.dispute_id == dispute.id).order_by(CreditMemo.issued_at.desc())
            )
        )
        .scalars()
        .first()
    )
    return Outcome(dispute=dispute, credit_memo=memo)


async def _case(session: AsyncSession, dispute_id: uuid.UUID, version: int) -> tuple[Dispute, Invoice]:
    dispute = (
        await session.execute(select(Dispute).where(Dispute.id == dispute_id).with_for_update())
    ).scalar_one_or_none()
    if dispute is None:
        raise NotFound("Case not found.")
    if dispute.version != version:
        raise StaleCase()
    invoice = (
        await session.execute(select(Invoice).where(Invoice.id == dispute.invoice_id).with_for_update())
    ).scalar_one()
    return dispute, invoice


async def _run_money_action(
    session: AsyncSession, principal: Principal, key: str, fingerprint: str, operation: str, action: Any
) -> Outcome:
    """Replay a used key, or run ``action`` and store the key with it; a concurrent twin replays the winner."""
    if not 8 <= len(key) <= 64:
        raise InvalidInput("idempotencyKey", "The request key is missing; reload the page.", "idempotency_key_invalid")
    replayed = await _replay(session, principal, key, fingerprint)
    if replayed is not None:
        return replayed
    try:
        outcome: Outcome = await action()
        session.add(
            IdempotencyKey(
                user_id=principal.user_id,
                key=key,
                operation=operation,
                fingerprint=fingerprint,
                dispute_id=outcome.dispute.id,
                created_at=outcome.dispute.resolved_at or outcome.dispute.created_at,
            )
        )
        await assess(session, [outcome.dispute.account_id], today=utc_now().date(), now=utc_now())
        await session.commit()
        return outcome
    except (IntegrityError, StaleDataError, StaleCase, CaseClosed) as error:
        # A twin request with the same key may have won the race: answer with its result.
        await session.rollback()
        replayed = await _replay(session, principal, key, fingerprint)
        if replayed is not None:
            return replayed
        if isinstance(error, StaleCase | CaseClosed):
            raise
        raise StaleCase() from error


async def _apply_to_case(
    session: AsyncSession,
    dispute_id: uuid.UUID,
    version: int,
    action: Callable[[Dispute, Invoice], Awaitable[None]],
    *,
    require_open: bool = True,
) -> Outcome:
    """Load the case at the version the clerk saw, run ``action``, commit; a concurrent change is a StaleCase."""
    try:
        dispute, invoice = await _case(session, dispute_id, version)
        if require_open and dispute.status not in OPEN_DISPUTE_STATUSES:
            raise CaseClosed()
        await action(dispute, invoice)
        await assess(session, [invoice.account_id], today=utc_now().date(), now=utc_now())
        await session.commit()
    except StaleDataError as error:
        await session.rollback()
        raise StaleCase() from error
    return Outcome(dispute=dispute)


async def next_credit_memo_number(session: AsyncSession) -> str:
    sequence = (
        await session.execute(select(NumberSequence).where(NumberSequence.name == "credit_memo").with_for_update())
    ).scalar_one()
    number = sequence.next_value
    # A plain UPDATE with the expected value keeps numbers unique even where FOR UPDATE is a no-op (SQLite).
    moved = await session.execute(
        update(NumberSequence)
        .where(NumberSequence.name == "credit_memo", NumberSequence.next_value == number)
        .values(next_value=number + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleCase()
    await session.refresh(sequence)
    return f"CM-{number:06d}"


async def credit_case(
    session: AsyncSession,
    dispute: Dispute,
    invoice: Invoice,
    *,
    granted: Decimal,
    actor_user_id: uuid.UUID,
    note: str,
    now: datetime,
    portal_url: str = "",
    audit_note: str | None = None,
    root_cause: RootCause | None = None,
) -> CreditMemo:
    """Issue the numbered credit memo for ``granted`` of an open case and close it; e-mails the customer.

    The staff ``approve`` and approval by rule share it. ``audit_note`` (a rule's name) goes to
    the audit event only; the customer's timeline reads the approval. ``root_cause``: what went wrong, as the
    person deciding found it (None from a rule: not recorded). Flushes, never commits.
    """
    ledger.release_dispute(invoice, dispute.amount)
    ledger.credit(invoice, granted)
    memo = CreditMemo(
        account_id=dispute.account_id,
        number=await next_credit_memo_number(session),
        invoice_id=invoice.id,
        dispute_id=dispute.id,
        amount=granted,
        reason=note.strip()[:2000],
        issued_at=now,
        issued_by_id=actor_user_id,
        created_at=now,
    )
    session.add(memo)
    status = DisputeStatus.RESOLVED_VALID if granted == dispute.amount else DisputeStatus.RESOLVED_PARTIAL
    currency = invoice.currency
    if status == DisputeStatus.RESOLVED_VALID:
        outcome = f"Accepted in full: {granted} {currency}, credit memo {memo.number}."
    else:
        outcome = (
            f"Partly accepted: {granted} of the {dispute.amount} {currency} claimed, credit memo {memo.number}; "
            f"{dispute.amount - granted} {currency} refused and due again."
        )
    text = f"{outcome} Still due on {invoice.number}: {invoice.open_balance} {currency}." + (
        f" {note.strip()}" if note.strip() else ""
    )
    await move_to(
        session,
        dispute,
        status,
        actor_user_id=actor_user_id,
        action="case.approved",
        note=f"{audit_note} {text}" if audit_note else text,
        timeline_note=text if audit_note else None,
        now=now,
        details={"credited": granted, "credit_memo": memo.number, "invoice_open_balance": invoice.open_balance},
        root_cause=root_cause,
    )
    await notify_account(
        session,
        account_id=dispute.account_id,
        now=now,
        subject=f"Your dispute {dispute.reference} on {invoice.number}: "
        + ("accepted" if status == DisputeStatus.RESOLVED_VALID else "partly accepted"),
        body=_decision_mail(dispute.reference or "", invoice.number, text, f"{portal_url}/disputes/{dispute.id}"),
    )
    await session.flush()
    return memo


async def write_off_case(
    session: AsyncSession,
    dispute: Dispute,
    invoice: Invoice,
    *,
    actor_user_id: uuid.UUID,
    note: str,
    now: datetime,
    timeline_note: str | None = None,
    root_cause: RootCause | None = None,
) -> None:
    """Write an open case's amount off its invoice (never more than the invoice's open balance). Flushes.

    The staff ``write_off`` (within the role's limit) and write-off by rule (within the rule's
    tolerance, no root cause: not recorded) share it.
    """
    ledger.release_dispute(invoice, dispute.amount)
    ledger.write_off(invoice, dispute.amount)
    await move_to(
        session,
        dispute,
        DisputeStatus.WRITTEN_OFF,
        actor_user_id=actor_user_id,
        action="case.written_off",
        note=note,
        timeline_note=timeline_note,
        now=now,
        details={"written_off": dispute.amount, "invoice_open_balance": invoice.open_balance},
        root_cause=root_cause,
    )
    await session.flush()


async def approve(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    version: int,
    amount: Decimal | None,
    note: str,
    idempotency_key: str,
    now: datetime,
    root_cause: str | None,
    portal_url: str = "",
) -> Outcome:
    """Find the claim valid in full (``amount`` None) or in part: a numbered credit memo reduces the open balance.

    In part, the rest of the claim is no longer held and becomes collectible again
    (RESOLVED_PARTIAL). The customer is e-mailed. ``root_cause`` (required) is recorded and audited.
    """
    _staff(principal)
    cause = chosen_root_cause(root_cause)
    fingerprint = _fingerprint(
        "approve", dispute=dispute_id, version=version, amount=amount, note=note, root_cause=cause.value
    )

    async def act() -> Outcome:
        dispute, invoice = await _case(session, dispute_id, version)
        if dispute.status not in OPEN_DISPUTE_STATUSES:
            raise CaseClosed()
        granted = dispute.amount if amount is None else checked_amount(amount)
        if granted > dispute.amount:
            raise InvalidInput(
                "amount", f"You can approve at most the claimed {dispute.amount}.", "amount_exceeds_claim"
            )
        memo = await credit_case(
            session,
            dispute,
            invoice,
            granted=granted,
            actor_user_id=principal.user_id,
            note=note,
            now=now,
            portal_url=portal_url,
            root_cause=cause,
        )
        return Outcome(dispute=dispute, credit_memo=memo)

    return await _run_money_action(session, principal, idempotency_key, fingerprint, "approve", act)


async def write_off(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    version: int,
    reason: str,
    idempotency_key: str,
    now: datetime,
    root_cause: str | None,
    customer_message: str = "",
) -> Outcome:
    """Stop pursuing the claim: its amount is written off the invoice, within the role's write-off limit.

    ``reason`` is internal (the audit trail and staff); the customer's timeline says "Written off." and, when
    given, ``customer_message``: a reason meant for colleagues never reaches the customer. ``root_cause``
    (required) is recorded and audited.
    """
    _staff(principal)
    if not reason.strip():
        raise InvalidInput("reason", "Say why this is written off.", "reason_required")
    cause = chosen_root_cause(root_cause)
    message = customer_message.strip()
    if len(message) > 2000:
        raise InvalidInput("customerMessage", "Keep the message to the customer under 2000 characters.", "too_long")
    fingerprint = _fingerprint(
        "write_off",
        dispute=dispute_id,
        version=version,
        reason=reason,
        customer_message=message,
        root_cause=cause.value,
    )

    async def act() -> Outcome:
        dispute, invoice = await _case(session, dispute_id, version)
        if dispute.status not in OPEN_DISPUTE_STATUSES:
            raise CaseClosed()
        limit = (
            await session.execute(select(WriteOffLimit).where(WriteOffLimit.role == principal.role))
        ).scalar_one_or_none()
        if limit is None or (limit.max_amount is not None and dispute.amount > limit.max_amount):
            raise OverWriteOffLimit(
                limit.max_amount if limit and limit.max_amount is not None else Decimal("0.00"), invoice.currency
            )
        await write_off_case(
            session,
            dispute,
            invoice,
            actor_user_id=principal.user_id,
            note=f"Written off: {reason.strip()[:500]}",
            timeline_note=f"Written off. {message}" if message else "Written off.",
            now=now,
            root_cause=cause,
        )
        return Outcome(dispute=dispute)

    return await _run_money_action(session, principal, idempotency_key, fingerprint, "write_off", act)


async def deny(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    version: int,
    reason: str,
    now: datetime,
    root_cause: str | None,
    portal_url: str = "",
) -> Outcome:
    """Find the claim invalid: the amount is no longer held and is collectible again; the customer is told why. Commits.

    ``root_cause`` (required; usually a customer error) is recorded and audited, never shown to the customer."""
    _staff(principal)
    if not reason.strip():
        raise InvalidInput("reason", "Tell the customer why the claim is denied.", "reason_required")
    cause = chosen_root_cause(root_cause)

    async def act(dispute: Dispute, invoice: Invoice) -> None:
        ledger.release_dispute(invoice, dispute.amount)
        text = f"Denied: {reason.strip()[:2000]} The amount of {dispute.amount} {invoice.currency} is due again."
        await move_to(
            session,
            dispute,
            DisputeStatus.RESOLVED_INVALID,
            actor_user_id=principal.user_id,
            action="case.denied",
            note=text,
            now=now,
            details={"rebilled": dispute.amount},
            root_cause=cause,
        )
        await notify_account(
            session,
            account_id=dispute.account_id,
            now=now,
            subject=f"Your dispute {dispute.reference} on {invoice.number}: declined",
            body=_decision_mail(dispute.reference or "", invoice.number, text, f"{portal_url}/disputes/{dispute.id}"),
        )

    return await _apply_to_case(session, dispute_id, version, act)


async def request_information(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    version: int,
    question: str,
    now: datetime,
    portal_url: str = "",
) -> Outcome:
    """Ask the customer for something (e.g. a POD): the case waits on them, they see the question and get an e-mail. Commits."""
    from backend.domain.messages.models import Message

    _staff(principal)
    if not question.strip():
        raise InvalidInput("question", "Write what you need from the customer.", "question_required")

    async def act(dispute: Dispute, invoice: Invoice) -> None:
        session.add(
            Message(
                account_id=dispute.account_id,
                dispute_id=dispute.id,
                author_id=principal.user_id,
                body=question.strip()[:10000],
                is_internal=False,
                created_at=now,
            )
        )
        await move_to(
            session,
            dispute,
            DisputeStatus.WAITING_ON_CUSTOMER,
            actor_user_id=principal.user_id,
            action="case.information_requested",
            note="We need more information from you.",
            now=now,
        )
        await notify_account(
            session,
            account_id=dispute.account_id,
            now=now,
            subject=f"We need information about your dispute {dispute.reference} on {invoice.number}",
            body=compose(
                "We need more information about your dispute {reference} on invoice {invoice}:\n\n"
                "{question_block}\n\nAnswer and attach documents here: {link}\n",
                reference=dispute.reference or "",
                invoice=invoice.number,
                question_block=question.strip(),
                link=f"{portal_url}/disputes/{dispute.id}",
            ),
        )

    return await _apply_to_case(session, dispute_id, version, act)


REOPENABLE = frozenset({DisputeStatus.RESOLVED_INVALID.value, DisputeStatus.WRITTEN_OFF.value})
CREDITED = frozenset({DisputeStatus.RESOLVED_VALID.value, DisputeStatus.RESOLVED_PARTIAL.value})


async def _credit_by_rule(session: AsyncSession, dispute: Dispute) -> CreditMemo | None:
    """The case's standing credit memo when a resolution rule (the system actor) issued it, else None."""
    memo = (
        (
            await session.execute(
                select(CreditMemo)
                .where(CreditMemo.dispute_id == dispute.id, CreditMemo.reversed_at.is_(None))
                .order_by(CreditMemo.issued_at.desc())
            )
        )
        .scalars()
        .first()
    )
    return memo if memo is not None and memo.issued_by_id == SYSTEM_USER_ID else None


async def reopen(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    version: int,
    reason: str,
    now: datetime,
) -> Outcome:
    """Reopen a denied or written-off case, or one a rule credited (admins and credit managers). Commits.

    The claim is held again. A write-off is reversed first (the amount is collectible
    again, then held); so is a credit memo a resolution rule issued (the system actor): its credit goes back through the ledger and the memo is marked reversed.
    A credit memo staff issued stays final: it is a document the customer has, and is
    corrected by a new case, not by undoing it.
    """
    if principal.role not in REOPENERS:
        raise StaffOnly("Only a credit manager or an admin can reopen a case.")

    async def act(dispute: Dispute, invoice: Invoice) -> None:
        memo = None
        if dispute.status in CREDITED:
            memo = await _credit_by_rule(session, dispute)
        if dispute.status not in REOPENABLE and memo is None:
            raise Conflict(
                "Only a denied or written-off case, or one a rule approved, can be reopened; a credit memo is final."
            )
        details: dict[str, Any] | None = None
        if dispute.status == DisputeStatus.WRITTEN_OFF.value:
            ledger.reverse_write_off(invoice, dispute.amount)
            details = {"write_off_reversed": dispute.amount}
        if memo is not None:
            ledger.reverse_credit(invoice, memo.amount)
            memo.reversed_at = now
            details = {"credit_reversed": memo.amount, "credit_memo": memo.number}
        ledger.hold_for_dispute(invoice, dispute.amount)
        await move_to(
            session,
            dispute,
            DisputeStatus.IN_REVIEW,
            actor_user_id=principal.user_id,
            action="case.reopened",
            note=f"Reopened: {reason.strip()[:1000]}" if reason.strip() else "Reopened.",
            now=now,
            details={**details, "invoice_open_balance": invoice.open_balance} if details else None,
        )

    return await _apply_to_case(session, dispute_id, version, act, require_open=False)


async def assign(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_ids: list[uuid.UUID],
    assignee_id: uuid.UUID | None,
    now: datetime,
) -> list[Dispute]:
    """Give open cases to a staff member (or take them back with None). Commits once for all."""
    _staff(principal)
    if assignee_id is not None:
        assignee = (
            await session.execute(select(User).where(User.id == assignee_id, User.is_active.is_(True)))
        ).scalar_one_or_none()
        if assignee is None or assignee.account_id is not None:
            raise InvalidInput("assigneeId", "Choose an active staff member.", "assignee_invalid")
    disputes = list(
        (await session.execute(select(Dispute).where(Dispute.id.in_(dispute_ids)).with_for_update())).scalars()
    )
    if len(disputes) != len(set(dispute_ids)):
        raise NotFound("One of the cases was not found.")
    for dispute in disputes:
        if dispute.status not in OPEN_DISPUTE_STATUSES:
            raise CaseClosed()
        dispute.assignee_id = assignee_id
        target = (
            DisputeStatus.ASSIGNED
            if dispute.status == DisputeStatus.NEW.value and assignee_id
            else DisputeStatus(dispute.status)
        )
        await move_to(
            session,
            dispute,
            target,
            actor_user_id=principal.user_id,
            action="case.assigned",
            note="Assigned to a clerk." if assignee_id else "Unassigned.",
            now=now,
            details={"assignee_id": assignee_id},
        )
    await session.commit()
    return disputes


def _decision_mail(reference: str, invoice_number: str, decision: str, link: str) -> str:
    return compose(
        "Your dispute {reference} on invoice {invoice} was decided:\n\n{decision_block}\n\nDetails: {link}\n",
        reference=reference,
        invoice=invoice_number,
        decision_block=decision,
        link=link,
    )
