"""An account's credit profile (limit, risk class, terms, review date), its holds and its dunning pause.

Limits and holds are a credit manager's decision (and an admin's): collectors and clerks read them, never change
them. Every change is audited with what it was before and after.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.service import record_event
from backend.domain.credit.assessment import assess
from backend.domain.credit.enums import ContactKind, RiskClass
from backend.domain.credit.models import ContactEntry, CreditHold, CreditPosition
from backend.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from backend.domain.money import MAX_AMOUNT

CREDIT_DECIDERS = frozenset({"credit_manager", "admin"})
COLLECTION_STAFF = frozenset({"collector", "credit_manager", "admin"})
ZERO = Decimal("0.00")


class NotPermitted(DomainError):
    code = "not_permitted"


def require_credit_manager(principal: Principal) -> None:
    if principal.role not in CREDIT_DECIDERS:
        raise NotPermitted("Only a credit manager can change credit limits and holds.")


def require_collections(principal: Principal) -> None:
    if principal.role not in COLLECTION_STAFF:
        raise NotPermitted("Only collectors and credit managers can do this.")


@dataclass(frozen=True)
class ProfileChange:
    credit_limit: Decimal
    risk_class: str
    payment_terms_days: int
    credit_review_on: date | None


async def _account(session: AsyncSession, account_id: uuid.UUID, version: int | None = None) -> CustomerAccount:
    account = (
        await session.execute(select(CustomerAccount).where(CustomerAccount.id == account_id).with_for_update())
    ).scalar_one_or_none()
    if account is None:
        raise NotFound("Account not found.")
    if version is not None and account.version != version:
        raise Conflict("Someone changed this account's credit profile first. Reload to see their change.")
    return account


def _checked(change: ProfileChange, today: date) -> ProfileChange:
    limit = change.credit_limit
    if not limit.is_finite() or limit < 0:
        raise InvalidInput("creditLimit", "The credit limit can't be negative.", "limit_negative")
    if limit > MAX_AMOUNT or limit != limit.quantize(Decimal("0.01")):
        raise InvalidInput("creditLimit", "Enter the limit in whole cents, below a trillion.", "limit_invalid")
    if change.risk_class not in {r.value for r in RiskClass}:
        raise InvalidInput("riskClass", "Choose a risk class.", "risk_class_unknown")
    if not 0 <= change.payment_terms_days <= 365:
        raise InvalidInput("paymentTermsDays", "Payment terms are 0 to 365 days.", "terms_out_of_range")
    if change.credit_review_on is not None and change.credit_review_on < today:
        raise InvalidInput("creditReviewOn", "The next credit review can't be in the past.", "review_in_past")
    return ProfileChange(
        limit.quantize(Decimal("0.01")), change.risk_class, change.payment_terms_days, change.credit_review_on
    )


async def change_credit_profile(
    session: AsyncSession,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    version: int,
    change: ProfileChange,
    today: date,
    now: datetime,
) -> CustomerAccount:
    """Set an account's limit, risk class, terms and review date (credit managers); re-assesses its holds."""
    require_credit_manager(principal)
    checked = _checked(change, today)
    account = await _account(session, account_id, version)
    before = {
        "creditLimit": account.credit_limit,
        "riskClass": account.risk_class,
        "paymentTermsDays": account.payment_terms_days,
        "creditReviewOn": account.credit_review_on.isoformat() if account.credit_review_on else None,
    }
    account.credit_limit = checked.credit_limit
    account.risk_class = checked.risk_class
    account.payment_terms_days = checked.payment_terms_days
    account.credit_review_on = checked.credit_review_on
    after = {
        "creditLimit": checked.credit_limit,
        "riskClass": checked.risk_class,
        "paymentTermsDays": checked.payment_terms_days,
        "creditReviewOn": checked.credit_review_on.isoformat() if checked.credit_review_on else None,
    }
    await record_event(
        session,
        action="credit.profile_changed",
        entity_type="customer_account",
        entity_id=account.id,
        actor_user_id=principal.user_id,
        account_id=account.id,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
        occurred_at=now,
    )
    await session.flush()
    await assess(session, [account.id], today=today, now=now)
    return account


async def release_hold(
    session: AsyncSession, *, principal: Principal, account_id: uuid.UUID, note: str, today: date, now: datetime
) -> CreditHold:
    """A credit manager releases an account's hold with a note; the reasons it had are not held again until they
    have cleared once (a new kind of reason places a new hold)."""
    require_credit_manager(principal)
    text = note.strip()
    if not text:
        raise InvalidInput("note", "Say why the hold is released.", "note_required")
    if len(text) > 1000:
        raise InvalidInput("note", "Keep the note under 1,000 characters.", "note_too_long")
    await assess(session, [account_id], today=today, now=now)
    hold = (
        await session.execute(
            select(CreditHold).where(CreditHold.account_id == account_id, CreditHold.released_at.is_(None))
        )
    ).scalar_one_or_none()
    if hold is None:
        raise NotFound("This account is not on hold.")
    position = (
        await session.execute(select(CreditPosition).where(CreditPosition.account_id == account_id))
    ).scalar_one()
    waived = {k for k in position.waived_hold_kinds.split(",") if k} | set(hold.kinds.split(","))
    position.waived_hold_kinds = ",".join(sorted(k for k in waived if k))
    position.on_hold = False
    hold.released_at, hold.released_by_id, hold.release_note = now, principal.user_id, text
    session.add(
        ContactEntry(
            account_id=account_id,
            kind=ContactKind.HOLD.value,
            outcome="Hold released",
            note=text,
            at=now,
            by_user_id=principal.user_id,
        )
    )
    await record_event(
        session,
        action="credit.hold_released",
        entity_type="customer_account",
        entity_id=account_id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        before={"reasons": hold.reasons},
        after={"note": text},
        occurred_at=now,
    )
    return hold


async def pause_dunning(
    session: AsyncSession,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    until: date | None,
    reason: str,
    today: date,
    now: datetime,
) -> CustomerAccount:
    """Pause reminders to an account up to a day, with a reason (or resume them with ``until`` None)."""
    require_collections(principal)
    text = reason.strip()
    if until is not None:
        if until < today:
            raise InvalidInput("until", "The pause must end today or later.", "date_in_past")
        if (until - today).days > 365:
            raise InvalidInput("until", "Pause reminders for at most a year.", "pause_too_long")
        if not text:
            raise InvalidInput("reason", "Say why reminders are paused.", "reason_required")
        if len(text) > 500:
            raise InvalidInput("reason", "Keep the reason under 500 characters.", "reason_too_long")
    account = await _account(session, account_id)
    before = {
        "pausedUntil": account.dunning_paused_until.isoformat() if account.dunning_paused_until else None,
        "reason": account.dunning_pause_reason,
    }
    account.dunning_paused_until = until
    account.dunning_pause_reason = text if until else ""
    await record_event(
        session,
        action="dunning.paused" if until else "dunning.resumed",
        entity_type="customer_account",
        entity_id=account.id,
        actor_user_id=principal.user_id,
        account_id=account.id,
        before=before,
        after={"pausedUntil": until.isoformat() if until else None, "reason": account.dunning_pause_reason},
        occurred_at=now,
    )
    return account
