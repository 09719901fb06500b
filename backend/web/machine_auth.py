"""Who is calling a machine endpoint: the one helper every ``/api/machine/*`` route starts with.

    client = await machine_client(request, "remittances:import")
    if isinstance(client, Response):
        return client

Authlib's ``ResourceProtector`` with its RFC 6750 ``BearerTokenValidator`` reads the
``Authorization: Bearer`` header and decides: no token or an unknown, expired or revoked
one is 401 ``invalid_token``, a token without the scope 403 ``insufficient_scope``, each
with its ``WWW-Authenticate`` header. Cookies are never looked at, so a person's session
does not open a machine endpoint, and the routes are exempt from CSRF (nothing a browser
sends by itself authenticates them). The stored token is read before Authlib's
(synchronous) validator runs, as the token endpoint does with the client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from authlib.oauth2.rfc6749 import ResourceProtector, TokenMixin
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oauth2.rfc6750 import BearerTokenValidator
from litestar import Request, Response

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.api_clients import service as api_clients
from backend.domain.api_clients.models import ApiAccessToken, ApiClient

REALM = "recoup-machine-api"


class _Token(TokenMixin):  # type: ignore[misc]
    def __init__(self, token: ApiAccessToken, client: ApiClient, now: datetime) -> None:
        self.token, self.client, self.now = token, client, now

    def get_scope(self) -> str:
        return self.token.scope

    def get_expires_in(self) -> int:
        return max(0, int((self.token.expires_at - self.now).total_seconds()))

    def is_expired(self) -> bool:
        return self.now >= self.token.expires_at

    def is_revoked(self) -> bool:
        return not self.client.is_active


class _Validator(BearerTokenValidator):  # type: ignore[misc]
    def __init__(self, found: _Token | None) -> None:
        super().__init__(realm=REALM)
        self.found = found

    def authenticate_token(self, token_string: str) -> _Token | None:
        return self.found


class _Headers:
    def __init__(self, authorization: str | None) -> None:
        self.headers = {"Authorization": authorization} if authorization else {}


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    kind, _, value = authorization.partition(" ")
    return value.strip() if kind.lower() == "bearer" and value.strip() else None


async def machine_client(request: Request[Any, Any, Any], scope: str) -> ApiClient | Response[Any]:
    """The API client whose Bearer token allows ``scope``, or the RFC 6750 error response to return."""
    authorization = request.headers.get("authorization")
    token_string = _bearer(authorization)
    now = utc_now()
    async with system_session(request.app.state.sessionmaker) as db:
        found = await api_clients.token_and_client(db, token_string[:256]) if token_string else None
        token = _Token(found[0], found[1], now) if found else None
        protector = ResourceProtector()
        protector.register_token_validator(_Validator(token))
        try:
            protector.validate_request([scope], _Headers(authorization))
        except OAuth2Error as error:
            status, body, headers = error()
            answer = dict(headers)
            if not any(name.lower() == "www-authenticate" for name in answer):
                # Authlib sends none with 403 insufficient_scope; RFC 6750 section 3 names the error and the scope.
                answer["WWW-Authenticate"] = f'Bearer realm="{REALM}", error="{error.error}", scope="{scope}"'
            return Response(body, status_code=status, headers=answer, media_type="application/json")
        assert token is not None
        await api_clients.touch(db, token.client, now)
        return token.client
