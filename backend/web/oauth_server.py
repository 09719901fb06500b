"""The OAuth2 token endpoint for machine clients: ``POST /oauth/token``, grant ``client_credentials`` (RFC 6749 §4.4).

Authlib has no Litestar integration, so this is the "custom framework" integration its
documentation describes: a subclass of Authlib's generic ``AuthorizationServer`` that
turns a Litestar request into an ``OAuth2Request`` and Authlib's answer into a Litestar
``Response``. Authlib parses the grant, authenticates the client (HTTP Basic or form
``client_id``/``client_secret``), checks the scope and writes the RFC 6749 JSON answers
and errors. Authlib's server is synchronous and our database is not, so the one client
the request names is read before Authlib runs (``query_client`` answers from it) and the
token Authlib generates is stored after it returns (``save_token`` only keeps it).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import timedelta
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationServer, ClientMixin, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidScopeError, OAuth2Error
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from authlib.oauth2.rfc6749.util import extract_basic_authorization, scope_to_list
from litestar import Request, Response, post

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.api_clients import service as api_clients
from backend.domain.api_clients.models import ApiClient
from backend.settings import Settings

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class OAuthClient(ClientMixin):  # type: ignore[misc]
    """Authlib's view of one of our API clients."""

    def __init__(self, client: ApiClient) -> None:
        self.row = client

    def get_client_id(self) -> str:
        return self.row.client_id

    def check_client_secret(self, client_secret: str) -> bool:
        # A revoked client fails here, so it cannot get a token: invalid_client.
        return self.row.is_active and api_clients.secret_matches(self.row, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = self.row.scope_list
        if not scope:
            return " ".join(allowed)
        return " ".join(s for s in scope_to_list(scope) if s in allowed)


class MachineCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]
    """Client credentials, where a requested ``scope`` must be a subset of the client's scopes."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def validate_requested_scope(self) -> None:
        requested = set(scope_to_list(self.request.payload.scope) or [])
        if not requested <= set(self.request.client.row.scope_list):
            raise InvalidScopeError("The client may not ask for that scope.")


class _FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, form: dict[str, str]) -> None:
        self._data = form

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return defaultdict(list, {k: [v] for k, v in self._data.items()})


class TokenRequest(OAuth2Request):  # type: ignore[misc]
    """A token request: the form fields and the Authorization header, already read from Litestar."""

    def __init__(self, uri: str, form: dict[str, str], authorization: str | None) -> None:
        super().__init__("POST", uri, headers={"Authorization": authorization} if authorization else {})
        self.payload = _FormPayload(form)
        self._form = form

    @property
    def form(self) -> dict[str, str]:
        return self._form


class RecoupAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's generic server, wired to one pre-loaded client and a token lifetime."""

    def __init__(self, client: ApiClient | None, lifetime: timedelta) -> None:
        super().__init__(scopes_supported=list(api_clients.SCOPES))
        self._client = client
        self.lifetime = lifetime
        self.issued: dict[str, Any] | None = None
        self.register_grant(MachineCredentialsGrant)
        self.register_token_generator("default", self._generate)

    def query_client(self, client_id: str) -> OAuthClient | None:
        if self._client is None or self._client.client_id != client_id:
            return None
        return OAuthClient(self._client)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        self.issued = token

    def _generate(
        self,
        grant_type: str,
        client: OAuthClient,
        user: object = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = False,
    ) -> dict[str, Any]:
        return {
            "token_type": "Bearer",
            "access_token": secrets.token_urlsafe(32),
            "expires_in": int(self.lifetime.total_seconds()),
            "scope": client.get_allowed_scope(scope),
        }

    def create_oauth2_request(self, request: TokenRequest) -> TokenRequest:
        return request

    def create_json_request(self, request: Any) -> Any:
        raise NotImplementedError("no JSON endpoints")

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Response[Any]:
        return Response(body, status_code=status, headers=dict(headers), media_type="application/json")

    def handle_error_response(self, request: OAuth2Request, error: OAuth2Error) -> Response[Any]:
        if error.error == "invalid_client":
            error.status_code = 401  # whichever way the client authenticated (the brief, and RFC 6749 allows it)
        return super().handle_error_response(request, error)  # type: ignore[no-any-return]

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None


def _named_client_id(form: dict[str, str], authorization: str | None) -> str:
    """The client id the request names; none when it holds NUL (no client has one, and PostgreSQL cannot compare it)."""
    basic_id, _ = extract_basic_authorization({"Authorization": authorization} if authorization else {})
    named = str(basic_id or form.get("client_id") or "")[:128]
    return "" if "\x00" in named else named


@post("/oauth/token", exclude_from_csrf=True, status_code=200, request_max_body_size=16 * 1024)
async def token_endpoint(request: Request[Any, Any, Any]) -> Response[Any]:
    """``grant_type=client_credentials`` with the client's id and secret (HTTP Basic or form fields) and an
    optional ``scope``: a Bearer access token for ``RECOUP_MACHINE_TOKEN_SECONDS``, or an RFC 6749 error."""
    settings: Settings = request.app.state.settings
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    authorization = request.headers.get("authorization")
    client_id = _named_client_id(form, authorization)
    now = utc_now()
    client_ip = request.client.host if request.client else "unknown"
    async with system_session(request.app.state.sessionmaker) as db:
        if client_id and await api_clients.too_many_failures(
            db,
            client_id=client_id,
            now=now,
            max_failures=settings.login_max_failures,
            window=timedelta(minutes=settings.login_window_minutes),
        ):
            return Response(
                {"error": "invalid_client", "error_description": "Too many failed attempts; wait and retry."},
                status_code=429,
                headers={"Retry-After": str(settings.login_window_minutes * 60), "Cache-Control": "no-store"},
            )
        client = await api_clients.client_by_client_id(db, client_id) if client_id else None
        server = RecoupAuthorizationServer(client, timedelta(seconds=settings.machine_token_seconds))
        response: Response[Any] = server.create_token_response(
            TokenRequest(settings.public_url + "/oauth/token", form, authorization)
        )
        if server.issued is not None and client is not None:
            await api_clients.issue_token(
                db,
                client=client,
                access_token=server.issued["access_token"],
                scope=server.issued["scope"],
                lifetime=server.lifetime,
                now=now,
            )
        elif response.status_code == 401:
            await api_clients.record_failure(db, client_id=client_id, client_ip=client_ip, now=now)
    return response
