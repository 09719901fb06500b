"""Console administration: write-off limits, reason codes, routing rules, staff users, saved views. All audited.

Only admins change configuration (``require_admin``); any staff member keeps their own saved views.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.global_cache import KeptPerGlobalVersion
from backend.db.scope import STAFF_ROLES, Principal
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.administration.models import RoutingRule, SavedView
from backend.domain.audit.service import record_event
from backend.domain.auth.models import UserSession, UserToken
from backend.domain.auth.tokens import INVITE, INVITE_LIFETIME, issue_token
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.disputes.enums import ReasonCategory
from backend.domain.disputes.models import Dispute, ReasonCode
from backend.domain.errors import DomainError, InvalidInput, NotFound
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email
from backend.domain.money import checked_amount
from backend.domain.resolution.models import WriteOffLimit
from backend.domain.text import one_line

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AdminOnly(DomainError):
    code = "not_permitted"

    def __init__(self) -> None:
        super().__init__("Only an admin can change this.")


def require_admin(principal: Principal) -> None:
    if principal.role != "admin":
        raise AdminOnly()


async def audit_change(
    session: AsyncSession,
    principal: Principal,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> None:
    await record_event(
        session,
        action=action,
        entity_type=entity,
        entity_id=str(entity_id),
        actor_user_id=principal.user_id,
        before=before,
        after=after,
        occurred_at=now,
    )


async def set_write_off_limit(
    session: AsyncSession, *, principal: Principal, role: str, max_amount: Decimal | None, now: datetime
) -> WriteOffLimit:
    """Set a staff role's per-case write-off limit (None: unlimited). Commits."""
    require_admin(principal)
    if role not in STAFF_ROLES:
        raise InvalidInput("role", "Choose a staff role.", "role_invalid")
    if max_amount is not None:
        max_amount = checked_amount(max_amount, field="maxAmount")
    limit = await session.get(WriteOffLimit, role)
    before = {"max_amount": limit.max_amount} if limit else None
    if limit is None:
        limit = WriteOffLimit(role=role, max_amount=max_amount)
        session.add(limit)
    limit.max_amount = max_amount
    await audit_change(
        session,
        principal,
        "admin.write_off_limit_set",
        "write_off_limit",
        role,
        before,
        {"max_amount": max_amount},
        now,
    )
    await session.commit()
    return limit


@dataclass(frozen=True)
class ReasonCodeChange:
    code: str
    label: str
    category: str
    sla_days: int
    requires_description: bool
    active: bool


async def save_reason_code(
    session: AsyncSession, *, principal: Principal, change: ReasonCodeChange, now: datetime
) -> ReasonCode:
    """Add a reason code or change one (retailers add their own codes as rows). Commits."""
    require_admin(principal)
    if not CODE.match(change.code):
        raise InvalidInput("code", "Use capitals, digits and underscores, e.g. OTIF_FINE.", "code_invalid")
    if not change.label.strip() or len(change.label) > 100:
        raise InvalidInput("label", "Give the reason a short label.", "label_required")
    if change.category not in {c.value for c in ReasonCategory}:
        raise InvalidInput("category", "Choose trade or non-trade.", "category_invalid")
    if not 1 <= change.sla_days <= 365:
        raise InvalidInput("slaDays", "The SLA is between 1 and 365 days.", "sla_invalid")
    reason = await session.get(ReasonCode, change.code)
    before = None if reason is None else {"label": reason.label, "sla_days": reason.sla_days, "active": reason.active}
    if reason is None:
        reason = ReasonCode(code=change.code)
        session.add(reason)
    reason.label, reason.category, reason.sla_days = change.label.strip(), change.category, change.sla_days
    reason.requires_description, reason.active = change.requires_description, change.active
    await audit_change(
        session,
        principal,
        "admin.reason_code_saved",
        "reason_code",
        change.code,
        before,
        {"label": reason.label, "sla_days": reason.sla_days, "active": reason.active},
        now,
    )
    await session.commit()
    return reason


@dataclass(frozen=True)
class RoutingRuleChange:
    priority: int
    assignee_id: uuid.UUID
    reason_code: str | None = None
    account_id: uuid.UUID | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    active: bool = True


async def save_routing_rule(
    session: AsyncSession, *, principal: Principal, rule_id: uuid.UUID | None, change: RoutingRuleChange, now: datetime
) -> RoutingRule:
    """Create or change a routing rule. Commits."""
    require_admin(principal)
    assignee = (await session.execute(select(User).where(User.id == change.assignee_id))).scalar_one_or_none()
    if assignee is None or assignee.role not in STAFF_ROLES or not assignee.is_active or assignee.id == SYSTEM_USER_ID:
        raise InvalidInput("assigneeId", "Choose an active staff member.", "assignee_invalid")
    if change.account_id is not None and await session.get(CustomerAccount, change.account_id) is None:
        raise InvalidInput("accountId", "Unknown customer account.", "account_invalid")
    if change.reason_code is not None and await session.get(ReasonCode, change.reason_code) is None:
        raise InvalidInput("reasonCode", "Unknown reason code.", "reason_invalid")
    low = checked_amount(change.min_amount, field="minAmount") if change.min_amount is not None else None
    high = checked_amount(change.max_amount, field="maxAmount") if change.max_amount is not None else None
    if low is not None and high is not None and low > high:
        raise InvalidInput("maxAmount", "The band's upper amount is below its lower amount.", "band_reversed")
    rule = None if rule_id is None else await session.get(RoutingRule, rule_id)
    if rule_id is not None and rule is None:
        raise NotFound("Routing rule not found.")
    if rule is None:
        rule = RoutingRule(created_at=now, priority=change.priority, assignee_id=change.assignee_id)
        session.add(rule)
    rule.priority, rule.assignee_id, rule.reason_code, rule.account_id = (
        change.priority,
        change.assignee_id,
        change.reason_code,
        change.account_id,
    )
    rule.min_amount, rule.max_amount, rule.active = low, high, change.active
    await session.flush()
    await audit_change(
        session,
        principal,
        "admin.routing_rule_saved",
        "routing_rule",
        rule.id,
        None,
        {
            "priority": rule.priority,
            "reason_code": rule.reason_code,
            "account_id": rule.account_id,
            "min_amount": low,
            "max_amount": high,
            "assignee_id": rule.assignee_id,
            "active": rule.active,
        },
        now,
    )
    await session.commit()
    return rule


async def route_new_case(session: AsyncSession, dispute: Dispute) -> uuid.UUID | None:
    """The assignee of the first active rule that matches the new case, if any (called in the filing transaction)."""
    return assignee_for(await active_routing_rules(session), dispute)


_ACTIVE_ROUTING_RULES = select(RoutingRule).where(RoutingRule.active.is_(True)).order_by(RoutingRule.priority)


async def _read_active_routing_rules(session: AsyncSession) -> list[RoutingRule]:
    return list((await session.execute(_ACTIVE_ROUTING_RULES)).scalars())


_KEPT_ROUTING_RULES = KeptPerGlobalVersion(RoutingRule, _read_active_routing_rules)


async def active_routing_rules(session: AsyncSession) -> list[RoutingRule]:
    """The active routing rules in the order they are tried (load once for a batch of new cases); kept per global
    data version (``backend.db.global_cache``): read only."""
    return await _KEPT_ROUTING_RULES.get(session)


def assignee_for(rules: list[RoutingRule], dispute: Dispute) -> uuid.UUID | None:
    """The assignee of the first of ``rules`` whose conditions all hold for ``dispute``."""
    for rule in rules:
        if rule.reason_code is not None and rule.reason_code != dispute.reason_code:
            continue
        if rule.account_id is not None and rule.account_id != dispute.account_id:
            continue
        if rule.min_amount is not None and dispute.amount < rule.min_amount:
            continue
        if rule.max_amount is not None and dispute.amount > rule.max_amount:
            continue
        return rule.assignee_id
    return None


async def create_staff_user(
    session: AsyncSession,
    *,
    principal: Principal,
    email: str,
    full_name: str,
    role: str,
    public_url: str,
    now: datetime,
) -> User:
    """Add a local staff account and e-mail its one-time link to choose a password. Commits."""
    require_admin(principal)
    address = email.strip().lower()
    if not EMAIL.fullmatch(address):
        raise InvalidInput("email", "Enter a valid e-mail address.", "email_invalid")
    if role not in STAFF_ROLES:
        raise InvalidInput("role", "Choose a staff role.", "role_invalid")
    full_name = one_line(full_name, field="fullName", label="The name")
    if not full_name:
        raise InvalidInput("fullName", "Enter the person's name.", "name_required")
    if (await session.execute(select(User.id).where(User.email == address))).first() is not None:
        raise InvalidInput("email", "This e-mail address already has a Recoup login.", "email_taken")
    user = User(email=address, full_name=full_name.strip()[:200], role=role, is_active=False)
    session.add(user)
    await session.flush()
    token = issue_token(session, user_id=user.id, purpose=INVITE, lifetime=INVITE_LIFETIME, now=now)
    enqueue_email(
        session,
        to=address,
        subject="Your Recoup console account",
        now=now,
        body=compose(
            "You have a Recoup console account, for {name}.\n\n"
            "Choose your password within 72 hours:\n\n{link}\n\nThen sign in to the console at {console}\n",
            name=user.full_name,
            link=f"{public_url}/portal/accept-invite?token={token}",
            console=f"{public_url}/console/",
        ),
    )
    await audit_change(
        session, principal, "admin.staff_user_created", "user", user.id, None, {"email": address, "role": role}, now
    )
    await session.commit()
    return user


async def change_staff_user(
    session: AsyncSession,
    *,
    principal: Principal,
    user_id: uuid.UUID,
    role: str | None,
    active: bool | None,
    now: datetime,
) -> User:
    """Change a staff member's role or switch their login off (their sessions end). Commits."""
    require_admin(principal)
    user = (
        await session.execute(select(User).where(User.id == user_id, User.account_id.is_(None)))
    ).scalar_one_or_none()
    if user is None or user.id == SYSTEM_USER_ID:  # the automation's actor never signs in
        raise NotFound("Staff member not found.")
    if user.id == principal.user_id and (active is False or (role is not None and role != "admin")):
        raise InvalidInput("userId", "You cannot demote or deactivate yourself.", "cannot_change_self")
    if role is not None and role not in STAFF_ROLES:
        raise InvalidInput("role", "Choose a staff role.", "role_invalid")
    before = {"role": user.role, "active": user.is_active}
    if role is not None:
        user.role = role
    if active is not None:
        user.is_active = active
        if not active:
            await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
            await session.execute(
                update(UserToken).where(UserToken.user_id == user.id, UserToken.used_at.is_(None)).values(used_at=now)
            )
    await audit_change(
        session,
        principal,
        "admin.staff_user_changed",
        "user",
        user.id,
        before,
        {"role": user.role, "active": user.is_active},
        now,
    )
    await session.commit()
    return user


async def save_view(
    session: AsyncSession, *, principal: Principal, name: str, flt: dict[str, Any], now: datetime
) -> SavedView:
    """Keep (or replace) one of the staff member's named queue filters. Commits."""
    label = one_line(name, field="name", label="The view's name")
    if not label or len(label) > 80:
        raise InvalidInput("name", "Name the view (up to 80 characters).", "name_required")
    view = (
        await session.execute(select(SavedView).where(SavedView.user_id == principal.user_id, SavedView.name == label))
    ).scalar_one_or_none()
    if view is None:
        view = SavedView(user_id=principal.user_id, name=label, filter=flt, created_at=now)
        session.add(view)
    view.filter = flt
    await session.commit()
    return view


async def delete_view(session: AsyncSession, *, principal: Principal, view_id: uuid.UUID) -> None:
    result = await session.execute(
        delete(SavedView).where(SavedView.id == view_id, SavedView.user_id == principal.user_id)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound("View not found.")
    await session.commit()
