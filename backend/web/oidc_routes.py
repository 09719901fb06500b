"""Staff single sign-on: send the browser to the identity provider, take it back, start a session.

These are browser navigations, so a failure sends the browser back to the console's sign-in
page with one word (``?sso_error=expired``) that the page turns into its own message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
from litestar import Request, Response, get
from litestar.response import Redirect

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.auth.oidc import OidcClient, SingleSignOnRejected, discover, finish_login, start_login
from backend.domain.auth.service import open_session
from backend.settings import Settings
from backend.web.auth_routes import session_cookies
from backend.web.identity import SESSION_COOKIE, session_policy

CONSOLE = "/console/"


def back_to_console(reason: str) -> Redirect:
    """The console's sign-in page, told why single sign-on did not work."""
    return Redirect(f"{CONSOLE}?{urlencode({'sso_error': reason})}", status_code=303)


def oidc_client(settings: Settings) -> OidcClient | None:
    if not (settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret):
        return None
    return OidcClient(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        redirect_uri=f"{settings.public_url}/auth/oidc/callback",
        role_claim=settings.oidc_role_claim,
    )


def _http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10, follow_redirects=False)


@get("/auth/oidc/login")
async def oidc_login(request: Request[Any, Any, Any]) -> Response[Any]:
    settings: Settings = request.app.state.settings
    client = oidc_client(settings)
    if client is None:
        return back_to_console("not_configured")
    async with _http() as http:
        try:
            metadata = await discover(http, client.issuer)
        except (httpx.HTTPError, ValueError, SingleSignOnRejected):
            return back_to_console("unavailable")
    async with system_session(request.app.state.sessionmaker) as db:
        url = await start_login(db, client=client, metadata=metadata, now=utc_now())
    return Redirect(url)


@get("/auth/oidc/callback")
async def oidc_callback(request: Request[Any, Any, Any]) -> Response[Any]:
    settings: Settings = request.app.state.settings
    # "state" is a reserved handler argument in Litestar: read both from the query string.
    code = request.query_params.get("code", "")
    state = request.query_params.get("state", "")
    client = oidc_client(settings)
    if client is None:
        return back_to_console("not_configured")
    if request.query_params.get("error"):  # e.g. access_denied: the person cancelled at the provider
        return back_to_console("cancelled")
    if not code or not state or len(code) > 2048 or len(state) > 256:
        return back_to_console("untrusted")
    now = utc_now()
    async with _http() as http, system_session(request.app.state.sessionmaker) as db:
        try:
            metadata = await discover(http, client.issuer)
            user = await finish_login(db, http, client=client, metadata=metadata, code=code, state=state, now=now)
        except SingleSignOnRejected as error:
            return back_to_console(error.reason)
        except (httpx.HTTPError, ValueError):
            return back_to_console("unavailable")
        token = await open_session(
            db, user=user, now=now, policy=session_policy(settings), replacing=request.cookies.get(SESSION_COOKIE)
        )
        await db.commit()
    response: Response[Any] = Redirect(CONSOLE, status_code=303)
    for cookie in session_cookies(settings, token):
        response.set_cookie(cookie)
    return response


@get("/auth/methods")
async def sign_in_methods(request: Request[Any, Any, Any]) -> dict[str, bool]:
    """Which sign-in buttons the console shows: password always, single sign-on when configured."""
    return {"password": True, "sso": oidc_client(request.app.state.settings) is not None}
