"""Admins keep the resolution rules and promotions: validated field by field, audited with before and after.

Both are read fresh for every new case (``rules.matching_rule``, ``flags.promotion_outside_period``),
so a change takes effect on the next case without a restart.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.administration.service import audit_change, require_admin
from backend.domain.automation.enums import RuleAction, RuleCondition
from backend.domain.automation.models import Promotion, ResolutionRule
from backend.domain.disputes.models import ReasonCode
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.money import checked_amount
from backend.domain.text import one_line

PROMOTION_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
MAX_PROMOTION_DAYS = 3 * 366


@dataclass(frozen=True)
class RuleChange:
    priority: int
    action: str
    max_amount: Decimal | None = None
    account_id: uuid.UUID | None = None
    reason_code: str | None = None
    condition: str | None = None
    active: bool = True


def rule_values(rule: ResolutionRule) -> dict[str, Any]:
    return {
        "priority": rule.priority,
        "action": rule.action,
        "account_id": rule.account_id,
        "reason_code": rule.reason_code,
        "max_amount": rule.max_amount,
        "condition": rule.condition,
        "active": rule.active,
    }


async def list_rules(session: AsyncSession) -> list[ResolutionRule]:
    """Every resolution rule in the order they are tried."""
    return list((await session.execute(select(ResolutionRule).order_by(ResolutionRule.priority))).scalars())


async def _check_account(session: AsyncSession, account_id: uuid.UUID | None) -> None:
    if account_id is not None and await session.get(CustomerAccount, account_id) is None:
        raise InvalidInput(
            "accountId", "Choose one of the customer accounts, or none for every customer.", "account_invalid"
        )


async def save_rule(
    session: AsyncSession, *, principal: Principal, rule_id: uuid.UUID | None, change: RuleChange, now: datetime
) -> ResolutionRule:
    """Create (no id) or change a resolution rule. Commits."""
    require_admin(principal)
    if not 1 <= change.priority <= 9999:
        raise InvalidInput(
            "priority", "The priority is a whole number from 1 to 9999 (lower is tried first).", "priority_invalid"
        )
    if change.action not in {a.value for a in RuleAction}:
        raise InvalidInput("action", "Choose write off or approve.", "action_invalid")
    tolerance = checked_amount(change.max_amount, field="maxAmount") if change.max_amount is not None else None
    if change.action == RuleAction.WRITE_OFF.value and tolerance is None:
        raise InvalidInput(
            "maxAmount", "A write-off rule needs its tolerance: the largest amount it writes off.", "tolerance_required"
        )
    await _check_account(session, change.account_id)
    reason = change.reason_code.strip().upper() if change.reason_code else None
    if reason is not None and await session.get(ReasonCode, reason) is None:
        raise InvalidInput("reasonCode", "Choose one of the reason codes, or none for any reason.", "reason_invalid")
    if change.condition is not None and change.condition not in {c.value for c in RuleCondition}:
        raise InvalidInput("condition", "Choose a known condition, or none.", "condition_invalid")
    if change.condition == RuleCondition.POD_CONFIRMS_SHORTAGE.value and reason not in (None, "SHORTAGE"):
        raise InvalidInput(
            "condition", "The proof-of-delivery condition is for SHORTAGE cases only.", "condition_reason_mismatch"
        )
    rule = None if rule_id is None else await session.get(ResolutionRule, rule_id)
    if rule_id is not None and rule is None:
        raise NotFound("Resolution rule not found.")
    taken = (
        await session.execute(select(ResolutionRule.id).where(ResolutionRule.priority == change.priority))
    ).scalar_one_or_none()
    if taken is not None and taken != rule_id:
        raise InvalidInput("priority", f"Another rule already has priority {change.priority}.", "priority_taken")
    before = None if rule is None else rule_values(rule)
    if rule is None:
        rule = ResolutionRule(created_at=now, priority=change.priority, action=change.action)
        session.add(rule)
    rule.priority, rule.action, rule.max_amount = change.priority, change.action, tolerance
    rule.account_id, rule.reason_code, rule.condition, rule.active = (
        change.account_id,
        reason,
        change.condition,
        change.active,
    )
    await session.flush()
    await audit_change(
        session, principal, "admin.resolution_rule_saved", "resolution_rule", rule.id, before, rule_values(rule), now
    )
    await session.commit()
    return rule


async def delete_rule(session: AsyncSession, *, principal: Principal, rule_id: uuid.UUID, now: datetime) -> None:
    """Remove a resolution rule (cases it resolved stay resolved). Commits."""
    require_admin(principal)
    rule = await session.get(ResolutionRule, rule_id)
    if rule is None:
        raise NotFound("Resolution rule not found.")
    before = rule_values(rule)
    await session.execute(delete(ResolutionRule).where(ResolutionRule.id == rule_id))
    await audit_change(
        session, principal, "admin.resolution_rule_deleted", "resolution_rule", rule_id, before, None, now
    )
    await session.commit()


@dataclass(frozen=True)
class PromotionChange:
    code: str
    name: str
    starts_on: date
    ends_on: date
    account_id: uuid.UUID | None = None
    active: bool = True


def promotion_values(promotion: Promotion) -> dict[str, Any]:
    return {
        "code": promotion.code,
        "name": promotion.name,
        "account_id": promotion.account_id,
        "starts_on": promotion.starts_on,
        "ends_on": promotion.ends_on,
        "active": promotion.active,
    }


async def list_promotions(session: AsyncSession) -> list[Promotion]:
    """Every promotion, the latest first."""
    return list(
        (await session.execute(select(Promotion).order_by(Promotion.starts_on.desc(), Promotion.code))).scalars()
    )


async def save_promotion(
    session: AsyncSession,
    *,
    principal: Principal,
    promotion_id: uuid.UUID | None,
    change: PromotionChange,
    now: datetime,
) -> Promotion:
    """Create (no id) or change a promotion. Commits."""
    require_admin(principal)
    code = change.code.strip().upper()
    if not PROMOTION_CODE.match(code):
        raise InvalidInput("code", "Use capitals, digits, - and _ (2 to 32), e.g. SPRING-26.", "code_invalid")
    name = one_line(change.name, field="name", label="The promotion's name")
    if not name or len(name) > 200:
        raise InvalidInput("name", "Name the promotion (up to 200 characters).", "name_required")
    if change.ends_on < change.starts_on:
        raise InvalidInput("endsOn", "The promotion ends before it starts.", "period_reversed")
    if (change.ends_on - change.starts_on).days > MAX_PROMOTION_DAYS:
        raise InvalidInput("endsOn", "A promotion runs for at most three years.", "period_too_long")
    await _check_account(session, change.account_id)
    promotion = None if promotion_id is None else await session.get(Promotion, promotion_id)
    if promotion_id is not None and promotion is None:
        raise NotFound("Promotion not found.")
    taken = (await session.execute(select(Promotion.id).where(Promotion.code == code))).scalar_one_or_none()
    if taken is not None and taken != promotion_id:
        raise InvalidInput("code", f"Another promotion already has the code {code}.", "code_taken")
    before = None if promotion is None else promotion_values(promotion)
    if promotion is None:
        promotion = Promotion(created_at=now, code=code, name=name, starts_on=change.starts_on, ends_on=change.ends_on)
        session.add(promotion)
    promotion.code, promotion.name, promotion.account_id = code, name, change.account_id
    promotion.starts_on, promotion.ends_on, promotion.active = change.starts_on, change.ends_on, change.active
    await session.flush()
    await audit_change(
        session, principal, "admin.promotion_saved", "promotion", promotion.id, before, promotion_values(promotion), now
    )
    await session.commit()
    return promotion


async def delete_promotion(
    session: AsyncSession, *, principal: Principal, promotion_id: uuid.UUID, now: datetime
) -> None:
    """Remove a promotion (flags already raised stay until their case is re-checked). Commits."""
    require_admin(principal)
    promotion = await session.get(Promotion, promotion_id)
    if promotion is None:
        raise NotFound("Promotion not found.")
    before = promotion_values(promotion)
    await session.execute(delete(Promotion).where(Promotion.id == promotion_id))
    await audit_change(session, principal, "admin.promotion_deleted", "promotion", promotion_id, before, None, now)
    await session.commit()
