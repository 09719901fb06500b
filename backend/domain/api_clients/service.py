"""Machine clients: admins create and revoke them; the token endpoint authenticates them and issues tokens.

The OAuth2 protocol itself (RFC 6749 requests, answers and errors) is Authlib's, in
``backend/web/oauth_server.py`` and ``backend/web/machine_auth.py``; this module keeps
the rows: secrets and tokens are stored only as SHA-256 digests, failed client
authentications are throttled like sign-ins (``login_attempts``, keyed by client id),
and every change and every token issued is audited with the client as the actor.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.administration.service import audit_change, require_admin
from backend.domain.api_clients.models import ApiAccessToken, ApiClient
from backend.domain.audit.service import record_event
from backend.domain.auth.models import LoginAttempt
from backend.domain.auth.service import recent_failures
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.text import one_line

SCOPES = ("invoices:import", "remittances:import", "orders:import")
"""Every scope a client may hold: what each machine endpoint requires."""
_THROTTLE_PREFIX = "api-client:"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")


@dataclass(frozen=True)
class CreatedClient:
    client: ApiClient
    secret: str
    """Shown once, right after creation; only its hash is stored."""


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    scope: str
    expires_in: int


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def secret_matches(client: ApiClient, secret: str) -> bool:
    """True when ``secret`` is the client's (constant-time comparison of the digests)."""
    return hmac.compare_digest(client.secret_hash, digest(secret))


def checked_scopes(scopes: list[str]) -> list[str]:
    wanted = sorted({s.strip() for s in scopes if s.strip()})
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        raise InvalidInput("scopes", f"Choose one or more of: {', '.join(SCOPES)}.", "scopes_invalid")
    return wanted


def _audit_view(client: ApiClient) -> dict[str, object]:
    return {"client_id": client.client_id, "name": client.name, "scopes": client.scopes, "active": client.is_active}


async def list_clients(session: AsyncSession, *, principal: Principal) -> list[ApiClient]:
    """Every client, newest first (admins)."""
    require_admin(principal)
    return list((await session.execute(select(ApiClient).order_by(ApiClient.created_at.desc()))).scalars())


async def create_client(
    session: AsyncSession, *, principal: Principal, name: str, scopes: list[str], now: datetime
) -> CreatedClient:
    """A new active client with a fresh random secret, returned this once (admins). Audited; commits."""
    require_admin(principal)
    name = one_line(name, field="name", label="The client's name")
    if not name or len(name) > 200:
        raise InvalidInput("name", "Name the client (up to 200 characters), e.g. the ERP it is.", "name_invalid")
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        client_id=f"rc_{secrets.token_hex(10)}",
        secret_hash=digest(secret),
        name=name,
        scopes=" ".join(checked_scopes(scopes)),
        is_active=True,
        created_by_id=principal.user_id,
        created_at=now,
    )
    session.add(client)
    await session.flush()
    await audit_change(
        session, principal, "admin.api_client_created", "api_client", client.id, None, _audit_view(client), now
    )
    await session.commit()
    return CreatedClient(client=client, secret=secret)


async def revoke_client(
    session: AsyncSession, *, principal: Principal, client_pk: uuid.UUID, now: datetime
) -> ApiClient:
    """Stop a client: its tokens stop working at once and it gets no new ones (admins). Audited; commits."""
    require_admin(principal)
    client = await session.get(ApiClient, client_pk)
    if client is None:
        raise NotFound("There is no such API client.")
    if not client.is_active:
        return client
    before = _audit_view(client)
    client.is_active = False
    client.revoked_at = now
    await session.execute(delete(ApiAccessToken).where(ApiAccessToken.client_pk == client.id))
    await audit_change(
        session, principal, "admin.api_client_revoked", "api_client", client.id, before, _audit_view(client), now
    )
    await session.commit()
    return client


async def seed_client(
    session: AsyncSession, *, client_id: str, secret: str, name: str, scopes: list[str], now: datetime
) -> ApiClient:
    """A client with a chosen id and secret (the demo data's ERP), in the caller's transaction."""
    client = ApiClient(
        client_id=client_id,
        secret_hash=digest(secret),
        name=name,
        scopes=" ".join(checked_scopes(scopes)),
        is_active=True,
        created_at=now,
    )
    session.add(client)
    return client


async def client_by_client_id(session: AsyncSession, client_id: str) -> ApiClient | None:
    """The client with this public id, active or not; None for an id that cannot be one."""
    if not _CLIENT_ID.match(client_id):
        return None
    return (await session.execute(select(ApiClient).where(ApiClient.client_id == client_id))).scalar_one_or_none()


async def too_many_failures(
    session: AsyncSession, *, client_id: str, now: datetime, max_failures: int, window: timedelta
) -> bool:
    """True when this client id failed to authenticate ``max_failures`` times within ``window`` (like sign-in)."""
    return await recent_failures(session, (_THROTTLE_PREFIX + client_id)[:254], since=now - window) >= max_failures


async def record_failure(session: AsyncSession, *, client_id: str, client_ip: str, now: datetime) -> None:
    """Count a failed client authentication for the throttle and the audit log. Commits."""
    session.add(
        LoginAttempt(email=(_THROTTLE_PREFIX + client_id)[:254], client_ip=client_ip, attempted_at=now, succeeded=False)
    )
    await record_event(
        session,
        action="api_client.authentication_failed",
        entity_type="api_client",
        entity_id=client_id[:64] or "-",
        actor_user_id=None,
        after={"client_id": client_id[:64], "client_ip": client_ip},
        occurred_at=now,
    )
    await session.commit()


async def issue_token(
    session: AsyncSession, *, client: ApiClient, access_token: str, scope: str, lifetime: timedelta, now: datetime
) -> IssuedToken:
    """Store the token Authlib generated (its digest), drop the client's expired ones, audit. Commits."""
    await session.execute(
        delete(ApiAccessToken).where(ApiAccessToken.client_pk == client.id, ApiAccessToken.expires_at <= now)
    )
    session.add(
        ApiAccessToken(
            token_hash=digest(access_token), client_pk=client.id, scope=scope, issued_at=now, expires_at=now + lifetime
        )
    )
    client.last_used_at = now
    await record_event(
        session,
        action="api_client.token_issued",
        entity_type="api_client",
        entity_id=client.id,
        actor_user_id=None,
        after={"client_id": client.client_id, "scope": scope, "expires_in": int(lifetime.total_seconds())},
        occurred_at=now,
    )
    await session.commit()
    return IssuedToken(access_token=access_token, scope=scope, expires_in=int(lifetime.total_seconds()))


async def token_and_client(session: AsyncSession, access_token: str) -> tuple[ApiAccessToken, ApiClient] | None:
    """The stored token and its client, whatever their state (the caller checks expiry and revocation)."""
    row = (
        await session.execute(
            select(ApiAccessToken, ApiClient)
            .join(ApiClient, ApiClient.id == ApiAccessToken.client_pk)
            .where(ApiAccessToken.token_hash == digest(access_token))
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1])


async def touch(session: AsyncSession, client: ApiClient, now: datetime) -> None:
    """Note that the client called (at most once a minute, so calls do not all write). Commits."""
    if client.last_used_at is None or now - client.last_used_at >= timedelta(seconds=60):
        client.last_used_at = now
        await session.commit()
