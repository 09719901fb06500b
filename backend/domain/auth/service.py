"""Signing in and out, and finding who a session cookie belongs to."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Uuid, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.data_versions import GLOBAL_SCOPE, data_versions, note_global_version
from backend.db.scope import Principal, deciding_who_acts
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


def principal_for(user: User | SignedInUser) -> Principal:
    return Principal(user_id=user.id, role=user.role, account_id=user.account_id)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(
    session: AsyncSession, *, user: User, now: datetime, policy: SessionPolicy, replacing: str | None = None
) -> str:
    """A new server-side session for ``user`` in the caller's transaction; the token is returned once.

    ``replacing`` is the session token the browser already held, if any: that session ends here, so a
    session id never survives a sign-in (no fixation, no second live session left behind in the browser).
    """
    if replacing:
        await session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(replacing)))
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
    session: AsyncSession,
    *,
    email: str,
    password: str,
    client_ip: str,
    now: datetime,
    policy: SessionPolicy,
    replacing: str | None = None,
) -> SignedIn:
    """Check the password and start a new session (a fresh token every time: ids rotate at sign-in).

    ``replacing`` is the browser's earlier session token, ended when the sign-in succeeds.

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
    token = await open_session(session, user=user, now=now, policy=policy, replacing=replacing)
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


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """Who a session belongs to, as a request needs it: read as one row, not as ORM objects."""

    id: uuid.UUID
    email: str
    full_name: str
    role: str
    account_id: uuid.UUID | None
    data_version: tuple[int, int] = (0, 0)
    """The versions of the user's account and of what every customer sees (``backend.db.data_versions``), read with
    the identity: a kept answer is valid for exactly these."""


_sessions, _users = UserSession.__table__, User.__table__
_account_version, _global_version = data_versions.alias("account_version"), data_versions.alias("global_version")
# Built once per process: the first statement of every signed-in request.
_SESSION_USER = (
    select(
        _sessions.c.last_seen_at,
        _sessions.c.expires_at,
        _users.c.id,
        _users.c.email,
        _users.c.full_name,
        _users.c.role,
        _users.c.account_id,
        _users.c.is_active,
        func.coalesce(_account_version.c.version, 0),
        func.coalesce(_global_version.c.version, 0),
    )
    .join_from(_sessions, _users, _users.c.id == _sessions.c.user_id)
    .outerjoin(_account_version, _account_version.c.scope_id == _users.c.account_id)
    .outerjoin(_global_version, _global_version.c.scope_id == bindparam("global_scope", GLOBAL_SCOPE, type_=Uuid))
    .where(_sessions.c.token_hash == bindparam("token_hash"))
)


async def user_for_token(
    session: AsyncSession, *, token: str, now: datetime, policy: SessionPolicy
) -> SignedInUser | None:
    """The active user a session token belongs to, or None when it is unknown, idle too long or expired.

    Runs as system work in the caller's session (nobody is known to be acting yet); commits only when the
    session ends (expired) or its last-seen time is due for an update (at most once a minute)."""
    token_hash = _token_hash(token)
    with deciding_who_acts(session):
        row = (await session.execute(_SESSION_USER, {"token_hash": token_hash})).one_or_none()
        if row is None:
            return None
        last_seen, expires, user_id, email, full_name, role, account_id, is_active, account_v, global_v = row
        note_global_version(session, global_v)
        if not is_active or now >= expires or now - last_seen >= policy.idle:
            await session.execute(delete(UserSession).where(UserSession.token_hash == token_hash))
            await session.commit()
            return None
        if now - last_seen >= _TOUCH_INTERVAL:
            await session.execute(
                update(UserSession).where(UserSession.token_hash == token_hash).values(last_seen_at=now)
            )
            await session.commit()
    return SignedInUser(
        id=user_id,
        email=email,
        full_name=full_name,
        role=role,
        account_id=account_id,
        data_version=(account_v, global_v),
    )


async def sign_out(session: AsyncSession, *, token: str) -> None:
    """End the session the token belongs to, if any. Commits."""
    await session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))
    await session.commit()
