"""Signing in and out, and finding who a session cookie belongs to."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import User
from backend.domain.audit.service import record_event
from backend.domain.auth.errors import InvalidCredentials, TooManyAttempts
from backend.domain.auth.models import LoginAttempt, UserSession
from backend.domain.auth.passwords import hash_password_off_loop, needs_rehash, verify_password_off_loop

# Last-seen is written at most this often, so reading a page does not write every time.
_TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta
    max_failures: int
    failure_window: timedelta


@dataclass(frozen=True)
class SignedIn:
    token: str
    user: User


def normalise_email(email: str) -> str:
    return email.strip().lower()


def principal_for(user: User) -> Principal:
    return Principal(user_id=user.id, role=user.role, account_id=user.account_id)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: AsyncSession, *, user: User, now: datetime, policy: SessionPolicy) -> str:
    """A new server-side session for ``user`` in the caller's transaction; the token is returned once."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + policy.absolute,
        )
    )
    return token


async def recent_failures(session: AsyncSession, key: str, *, since: datetime) -> int:
    """How often ``key`` (an e-mail address, or a machine client's throttle key) failed to sign in since ``since``."""
    return int(
        (
            await session.execute(
                select(func.count())
                .select_from(LoginAttempt)
                .where(LoginAttempt.email == key, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= since)
            )
        ).scalar_one()
    )


async def sign_in(
    session: AsyncSession, *, email: str, password: str, client_ip: str, now: datetime, policy: SessionPolicy
) -> SignedIn:
    """Check the password and start a new session (a fresh token every time: ids rotate at sign-in).

    Raises :class:`TooManyAttempts` when the address has failed too often within the
    window, and :class:`InvalidCredentials` for any wrong e-mail, password or inactive
    user. Every attempt is recorded; failures are audited. Commits.
    """
    address = normalise_email(email)[:254]
    if await recent_failures(session, address, since=now - policy.failure_window) >= policy.max_failures:
        raise TooManyAttempts()

    user = (await session.execute(select(User).where(User.email == address))).scalar_one_or_none()
    valid = await verify_password_off_loop(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        session.add(LoginAttempt(email=address, client_ip=client_ip, attempted_at=now, succeeded=False))
        await record_event(
            session,
            action="auth.sign_in_failed",
            entity_type="user",
            entity_id=str(user.id) if user else address,
            actor_user_id=None,
            account_id=user.account_id if user else None,
            after={"email": address, "client_ip": client_ip},
            occurred_at=now,
        )
        await session.commit()
        raise InvalidCredentials()

    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = await hash_password_off_loop(password)
    token = open_session(session, user=user, now=now, policy=policy)
    session.add(LoginAttempt(email=address, client_ip=client_ip, attempted_at=now, succeeded=True))
    await record_event(
        session,
        action="auth.signed_in",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=user.id,
        account_id=user.account_id,
        after={"client_ip": client_ip},
        occurred_at=now,
    )
    await session.commit()
    return SignedIn(token=token, user=user)


async def user_for_token(session: AsyncSession, *, token: str, now: datetime, policy: SessionPolicy) -> User | None:
    """The active user a session token belongs to, or None when it is unknown, idle too long or expired."""
    row = (
        await session.execute(
            select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash == _token_hash(token))
        )
    ).one_or_none()
    if row is None:
        return None
    user_session, user = row
    if not user.is_active or now >= user_session.expires_at or now - user_session.last_seen_at >= policy.idle:
        await session.delete(user_session)
        await session.commit()
        return None
    if now - user_session.last_seen_at >= _TOUCH_INTERVAL:
        user_session.last_seen_at = now
        await session.commit()
    return user


async def sign_out(session: AsyncSession, *, token: str) -> None:
    """End the session the token belongs to, if any. Commits."""
    await session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))
    await session.commit()
