"""Customer accounts and the people on them: reading within scope, inviting and deactivating colleagues."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.enums import UserRole
from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.audit.service import record_event
from backend.domain.auth.models import UserSession, UserToken
from backend.domain.auth.tokens import INVITE, INVITE_LIFETIME, issue_token
from backend.domain.errors import DomainError, InvalidInput, NotFound
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email
from backend.domain.text import one_line

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class NotPermitted(DomainError):
    code = "not_permitted"


async def accounts_by_id(session: AsyncSession, account_ids: Sequence[uuid.UUID]) -> list[CustomerAccount | None]:
    """Accounts in the order asked, one statement; a customer only ever gets their own account back."""
    statement = select(CustomerAccount).where(CustomerAccount.id.in_(list(account_ids)))
    found = {account.id: account for account in (await session.execute(statement)).scalars()}
    return [found.get(account_id) for account_id in account_ids]


async def colleagues(session: AsyncSession, principal: Principal) -> list[User]:
    """The users of the principal's own customer account (users are not account-scoped rows: filtered here)."""
    if principal.account_id is None:
        return []
    rows = await session.execute(select(User).where(User.account_id == principal.account_id).order_by(User.full_name))
    return list(rows.scalars())


def _require_customer_admin(principal: Principal) -> uuid.UUID:
    if principal.role != UserRole.CUSTOMER_ADMIN.value or principal.account_id is None:
        raise NotPermitted("Only your account's administrator can manage colleagues.")
    return principal.account_id


async def invite_colleague(
    session: AsyncSession, *, principal: Principal, email: str, full_name: str, portal_url: str, now: datetime
) -> User:
    """Create an inactive user in the admin's account and e-mail them a one-time link (valid 72 hours). Commits."""
    account_id = _require_customer_admin(principal)
    address = email.strip().lower()
    name = one_line(full_name, field="fullName", label="The name")
    if not EMAIL.fullmatch(address) or len(address) > 254:
        raise InvalidInput("email", "Enter a valid e-mail address.", "email_invalid")
    if not name or len(name) > 200:
        raise InvalidInput("fullName", "Enter the colleague's name.", "name_required")
    if (await session.execute(select(User.id).where(User.email == address))).first() is not None:
        raise InvalidInput("email", "This e-mail address already has a Recoup login.", "email_taken")
    user = User(
        email=address, full_name=name, role=UserRole.CUSTOMER_USER.value, account_id=account_id, is_active=False
    )
    session.add(user)
    await session.flush()
    token = issue_token(session, user_id=user.id, purpose=INVITE, lifetime=INVITE_LIFETIME, now=now)
    inviter = (await session.execute(select(User.full_name).where(User.id == principal.user_id))).scalar_one()
    enqueue_email(
        session,
        to=address,
        subject="You are invited to the Recoup customer portal",
        now=now,
        body=compose(
            "You are invited to the Recoup customer portal, where your company sees its invoices and disputes.\n\n"
            "The invitation is for {name}, from your colleague {inviter}.\n"
            "Choose your password here within 72 hours:\n\n{link}\n\n"
            "If you do not know this colleague, ignore this e-mail: nothing happens without the link.\n",
            name=name,
            inviter=inviter,
            link=f"{portal_url}/accept-invite?token={token}",
        ),
    )
    await record_event(
        session,
        action="user.invited",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        occurred_at=now,
        after={"email": address},
    )
    await session.commit()
    return user


async def deactivate_colleague(
    session: AsyncSession, *, principal: Principal, user_id: uuid.UUID, now: datetime
) -> User:
    """Switch off a colleague's login in the admin's own account and end their sessions. Commits."""
    account_id = _require_customer_admin(principal)
    if user_id == principal.user_id:
        raise InvalidInput("userId", "You cannot deactivate yourself.", "cannot_deactivate_self")
    user = (
        await session.execute(select(User).where(User.id == user_id, User.account_id == account_id))
    ).scalar_one_or_none()
    if user is None:
        raise NotFound("Colleague not found.")
    user.is_active = False
    await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    # A pending invitation dies with the deactivation: its link must not bring the user back.
    await session.execute(
        update(UserToken).where(UserToken.user_id == user.id, UserToken.used_at.is_(None)).values(used_at=now)
    )
    await record_event(
        session,
        action="user.deactivated",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        occurred_at=now,
    )
    await session.commit()
    return user


async def set_mail_choices(
    session: AsyncSession,
    *,
    principal: Principal,
    user_id: uuid.UUID,
    receives_invoices: bool,
    receives_reminders: bool,
    now: datetime,
) -> User:
    """The admin chooses whether a colleague (or they themselves) is e-mailed new invoices and reminders. Commits."""
    account_id = _require_customer_admin(principal)
    user = (
        await session.execute(select(User).where(User.id == user_id, User.account_id == account_id))
    ).scalar_one_or_none()
    if user is None:
        raise NotFound("Colleague not found.")
    before = {"receivesInvoices": user.receives_invoices, "receivesReminders": user.receives_reminders}
    user.receives_invoices, user.receives_reminders = receives_invoices, receives_reminders
    await record_event(
        session,
        action="user.mail_choices_changed",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=principal.user_id,
        account_id=account_id,
        before=before,
        after={"receivesInvoices": receives_invoices, "receivesReminders": receives_reminders},
        occurred_at=now,
    )
    await session.commit()
    return user


async def seller_name(session: AsyncSession) -> str:
    """The seller organisation's name (one seller per installation)."""
    from backend.domain.accounts.models import Organisation

    return (await session.execute(select(Organisation.name).limit(1))).scalar_one_or_none() or "Recoup"
