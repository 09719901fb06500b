"""Staff single sign-on with OpenID Connect: authorization code + PKCE (S256), state and nonce kept server-side.

Authlib makes the tokens, the PKCE challenge and the authorization URL; joserfc
verifies the ID token's RS256 signature against the provider's published keys and
its claims (issuer, audience, expiry, nonce). ``alg=none`` and any other algorithm
are refused. The staff role comes from a configurable claim.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import STAFF_ROLES
from backend.domain.accounts.models import User
from backend.domain.audit.service import record_event
from backend.domain.auth.models import OidcLoginRequest
from backend.domain.errors import DomainError

REQUEST_LIFETIME = timedelta(minutes=10)


class SingleSignOnRejected(DomainError):
    """The sign-in through the identity provider cannot be trusted or has no staff role.

    ``reason`` is one word the console turns into its own message (the sign-in page never
    shows text taken from a URL): untrusted, expired, not_confirmed, no_role, no_email, not_allowed.
    """

    code = "sso_rejected"

    def __init__(self, message: str, reason: str = "untrusted") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class OidcClient:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    role_claim: str


async def discover(http: httpx.AsyncClient, issuer: str) -> dict[str, Any]:
    """The provider's metadata; its issuer must be exactly the configured one."""
    response = await http.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration")
    response.raise_for_status()
    metadata: dict[str, Any] = response.json()
    if metadata.get("issuer") != issuer:
        raise SingleSignOnRejected("The identity provider's metadata names another issuer.")
    return metadata


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


async def start_login(session: AsyncSession, *, client: OidcClient, metadata: dict[str, Any], now: datetime) -> str:
    """Remember a fresh state, nonce and PKCE verifier; return the provider URL to send the browser to. Commits."""
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    await session.execute(delete(OidcLoginRequest).where(OidcLoginRequest.expires_at < now))
    session.add(
        OidcLoginRequest(
            state_hash=_hash(state),
            nonce=nonce,
            code_verifier=verifier,
            created_at=now,
            expires_at=now + REQUEST_LIFETIME,
        )
    )
    await session.commit()
    return prepare_grant_uri(
        metadata["authorization_endpoint"],
        client.client_id,
        "code",
        redirect_uri=client.redirect_uri,
        scope="openid email profile",
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(verifier),
        code_challenge_method="S256",
    )


async def _verified_claims(
    http: httpx.AsyncClient, client: OidcClient, metadata: dict[str, Any], id_token: str, nonce: str, now: datetime
) -> dict[str, Any]:
    keys = KeySet.import_key_set((await http.get(metadata["jwks_uri"])).raise_for_status().json())
    try:
        token = jwt.decode(id_token, keys, algorithms=["RS256"])
        jwt.JWTClaimsRegistry(
            now=int(now.timestamp()),
            leeway=30,
            iss={"essential": True, "value": client.issuer},
            aud={"essential": True, "value": client.client_id},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
            sub={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError) as error:
        raise SingleSignOnRejected(f"The identity provider's token was refused ({type(error).__name__}).") from error
    return dict(token.claims)


async def finish_login(
    session: AsyncSession,
    http: httpx.AsyncClient,
    *,
    client: OidcClient,
    metadata: dict[str, Any],
    code: str,
    state: str,
    now: datetime,
) -> User:
    """Redeem the state once, exchange the code (with the PKCE verifier), verify the ID token, find or create the staff user.

    Commits. Raises :class:`SingleSignOnRejected` for an unknown or reused state, a
    failed exchange, an untrustworthy token, or a token without a staff role.
    """
    pending = (
        await session.execute(
            select(OidcLoginRequest).where(OidcLoginRequest.state_hash == _hash(state)).with_for_update()
        )
    ).scalar_one_or_none()
    if pending is None or pending.expires_at <= now:
        raise SingleSignOnRejected("This sign-in link is unknown or expired. Start again from the console.", "expired")
    await session.delete(pending)
    await session.commit()  # the state is single-use even if what follows fails

    response = await http.post(
        metadata["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": client.redirect_uri,
            "code_verifier": pending.code_verifier,
        },
        auth=(client.client_id, client.client_secret),
    )
    if response.status_code != 200 or "id_token" not in response.json():
        raise SingleSignOnRejected("The identity provider did not confirm the sign-in.", "not_confirmed")
    claims = await _verified_claims(http, client, metadata, response.json()["id_token"], pending.nonce, now)

    role = str(claims.get(client.role_claim, ""))
    email = str(claims.get("email", "")).strip().lower()
    if role not in STAFF_ROLES:
        raise SingleSignOnRejected("Your identity provider gives you no Recoup staff role.", "no_role")
    # An address the provider has not verified could be anyone's, and would take over a local staff login.
    if not email or claims.get("email_verified") is False:
        raise SingleSignOnRejected("Your identity provider sent no verified e-mail address.", "no_email")
    user = (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()
    if user is not None and (user.account_id is not None or not user.is_active):
        raise SingleSignOnRejected("This e-mail address cannot sign in to the console.", "not_allowed")
    if user is None:
        user = User(email=email, full_name=str(claims.get("name") or email), role=role, is_active=True)
        session.add(user)
        await session.flush()
    before = user.role
    user.role = role
    await record_event(
        session,
        action="auth.signed_in_sso",
        entity_type="user",
        entity_id=user.id,
        actor_user_id=user.id,
        occurred_at=now,
        before={"role": before},
        after={"role": role, "issuer": client.issuer},
    )
    await session.commit()
    return user
