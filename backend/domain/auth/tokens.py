"""Invitations and password resets: one-time tokens sent by e-mail, stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.lists import among
from backend.domain.accounts.models import User
from backend.domain.audit.service import record_event
from backend.domain.auth.models import UserSession, UserToken
from backend.domain.auth.passwords import hash_password_off_loop
from backend.domain.errors import InvalidInput
from backend.domain.mail.compose import compose
from backend.domain.mail.service import enqueue_email

INVITE = "invite"
PASSWORD_RESET = "reset"
INVITE_LIFETIME = timedelta(hours=72)
RESET_LIFETIME = timedelta(hours=1)
RESETS_PER_HOUR = 3
MIN_PASSWORD = 10


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password", f"Use at least {MIN_PASSWORD} characters.", "password_too_short")
    if len(password) > 1024:
        raise InvalidInput("password", "That password is too long.", "password_too_long")


def issue_token(session: AsyncSession, *, user_id: uuid.UUID, purpose: str, lifetime: timedelta, now: datetime) -> str:
    """A new token for ``user_id``, returned once in clear (to put in the e-mail)."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserToken(token_hash=_hash(token), user_id=user_id, purpose=purpose, created_at=now, expires_at=now + lifetime)
    )
    return token


async def pending_invitations(session: AsyncSession, user_ids: Sequence[uuid.UUID], now: datetime) -> set[uuid.UUID]:
    """Those of ``user_ids`` whose invitation link still works (unused, unexpired): one statement.

    A user with no password is not "invited" by that alone: deactivation voids the link (its token is marked
    used), and so does its expiry."""
    if not user_ids:
        return set()
    rows = await session.execute(
        select(UserToken.user_id).where(
            among(session, UserToken.user_id, user_ids),
            UserToken.purpose == INVITE,
            UserToken.used_at.is_(None),
            UserToken.expires_at > now,
        )
    )
    return set(rows.scalars())


async def _redeem(session: AsyncSession, token: str, purpose: str, now: datetime) -> User:
    row = (
        await session.execute(
            select(UserToken, User)
            .join(User, User.id == UserToken.user_id)
            .where(UserToken.token_hash == _hash(token), UserToken.purpose == purpose)
            .with_for_update()
        )
    ).one_or_none()
    if row is None or row[0].used_at is not None or row[0].expires_at <= now:
        what = "invitation" if purpose == INVITE else "password reset"
        raise InvalidInput(
            "token", f"This {what} link has expired or was already used. Ask for a new one.", "token_invalid"
        )
    user_token, user = row
    user_token.used_at = now
    return user


async def accept_invitation(session: AsyncSession, *, token: str, password: str, now: datetime) -> User:
    """Set the invited user's password and activate them; the link works once. Commits."""
    check_new_password(password)
    user = await _redeem(session, token, INVITE, now)
    user.password_hash = await hash_password_off_loop(password)
    user.is_active = True
    await record_event(
        session,
        action="user.invitation_accepted",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=user.id,
        account_id=user.account_id,
        occurred_at=now,
    )
    await session.commit()
    return user


async def request_password_reset(session: AsyncSession, *, email: str, portal_url: str, now: datetime) -> None:
    """E-mail a reset link if the address belongs to an active user; silent otherwise (no account probing). Commits."""
    user = (await session.execute(select(User).where(User.email == email.strip().lower()))).scalar_one_or_none()
    if user is None or not user.is_active:
        return
    recent = (
        await session.execute(
            select(func.count())
            .select_from(UserToken)
            .where(
                UserToken.user_id == user.id,
                UserToken.purpose == PASSWORD_RESET,
                UserToken.created_at > now - timedelta(hours=1),
            )
        )
    ).scalar_one()
    if recent >= RESETS_PER_HOUR:
        return
    token = issue_token(session, user_id=user.id, purpose=PASSWORD_RESET, lifetime=RESET_LIFETIME, now=now)
    enqueue_email(
        session,
        to=user.email,
        subject="Reset your Recoup password",
        now=now,
        body=compose(
            "Someone (hopefully you) asked to reset the Recoup password of {name}.\n"
            "Choose a new one here within the next hour:\n\n{link}\n\n"
            "If it was not you, ignore this e-mail: your password stays as it is.\n",
            name=user.full_name,
            link=f"{portal_url}/reset-password?token={token}",
        ),
    )
    await record_event(
        session,
        action="user.password_reset_requested",
        entity_type="user",
        entity_id=user.id,
        account_id=user.account_id,
        occurred_at=now,
    )
    await session.commit()


async def reset_password(session: AsyncSession, *, token: str, password: str, now: datetime) -> User:
    """Set a new password from a reset link, end every session of the user and void other reset links. Commits."""
    check_new_password(password)
    user = await _redeem(session, token, PASSWORD_RESET, now)
    user.password_hash = await hash_password_off_loop(password)
    await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    await session.execute(
        update(UserToken)
        .where(UserToken.user_id == user.id, UserToken.purpose == PASSWORD_RESET, UserToken.used_at.is_(None))
        .values(used_at=now)
    )
    await record_event(
        session,
        action="user.password_reset",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=user.id,
        account_id=user.account_id,
        occurred_at=now,
    )
    await session.commit()
    return user
