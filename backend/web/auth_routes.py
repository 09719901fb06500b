"""Sign-in, sign-out, invitations and password resets over plain HTTP: they set cookies or precede a session.

The routes before a session take JSON from Recoup's own pages only (``pre_session``): no login CSRF."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, post
from litestar.datastructures import Cookie
from litestar.middleware.csrf import generate_csrf_token
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_202_ACCEPTED,
    HTTP_204_NO_CONTENT,
    HTTP_401_UNAUTHORIZED,
    HTTP_429_TOO_MANY_REQUESTS,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.accounts.enums import UserRole
from backend.domain.auth.errors import InvalidCredentials, TooManyAttempts
from backend.domain.auth.service import sign_in, sign_out
from backend.domain.auth.tokens import accept_invitation, request_password_reset, reset_password
from backend.domain.errors import InvalidInput
from backend.settings import Settings
from backend.web.identity import CSRF_COOKIE, SESSION_COOKIE, session_policy
from backend.web.pre_session import from_our_own_pages
from backend.web.problems import problem

Text = Annotated[str, msgspec.Meta(pattern="^[^\x00]*$")]
"""A string PostgreSQL can store (no NUL): one with NUL is a bad request like malformed JSON, not a server error."""


class LoginBody(msgspec.Struct, forbid_unknown_fields=True):
    email: Text
    password: Text


def _cookie(settings: Settings, key: str, value: str, *, httponly: bool, max_age: int | None) -> Cookie:
    return Cookie(
        key=key,
        value=value,
        path="/",
        httponly=httponly,
        secure=settings.cookie_secure,
        samesite="lax" if httponly else "strict",
        max_age=max_age,
    )


def session_cookies(settings: Settings, token: str) -> list[Cookie]:
    """The HttpOnly session cookie and a fresh CSRF token cookie, set at every sign-in."""
    return [
        _cookie(settings, SESSION_COOKIE, token, httponly=True, max_age=settings.session_absolute_hours * 3600),
        _cookie(settings, CSRF_COOKIE, generate_csrf_token(settings.secret_key), httponly=False, max_age=None),
    ]


@post("/auth/login", exclude_from_csrf=True, guards=[from_our_own_pages], status_code=HTTP_200_OK)
async def login(request: Request[Any, Any, Any]) -> Response[Any]:
    """Start a session. One generic error for any wrong e-mail or password; throttled per address."""
    settings: Settings = request.app.state.settings
    try:
        body = msgspec.json.decode(await request.body(), type=LoginBody)
    except msgspec.DecodeError:
        return problem(400, "invalid_request", 'Send JSON: {"email": "...", "password": "..."}.')
    if len(body.email) > 254 or len(body.password) > 1024:
        return problem(HTTP_401_UNAUTHORIZED, "invalid_credentials", "Email or password is incorrect.")
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    client_ip = request.client.host if request.client else "unknown"
    async with system_session(factory) as db:
        try:
            signed_in = await sign_in(
                db,
                email=body.email,
                password=body.password,
                client_ip=client_ip,
                now=utc_now(),
                policy=session_policy(settings),
                replacing=request.cookies.get(SESSION_COOKIE),
            )
        except TooManyAttempts:
            return problem(
                HTTP_429_TOO_MANY_REQUESTS,
                "too_many_attempts",
                f"Too many failed sign-ins. Try again in {settings.login_window_minutes} minutes.",
                headers={"Retry-After": str(settings.login_window_minutes * 60)},
            )
        except InvalidCredentials:
            return problem(HTTP_401_UNAUTHORIZED, "invalid_credentials", "Email or password is incorrect.")
    role = UserRole(signed_in.user.role)
    return Response({"role": role.name, "isStaff": role.is_staff}, cookies=session_cookies(settings, signed_in.token))


@post("/auth/logout", status_code=HTTP_204_NO_CONTENT)
async def logout(request: Request[Any, Any, Any]) -> Response[None]:
    """End the session (if any) and clear its cookie."""
    settings: Settings = request.app.state.settings
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        factory: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
        async with system_session(factory) as db:
            await sign_out(db, token=token)
    return Response(
        None,
        status_code=HTTP_204_NO_CONTENT,
        cookies=[_cookie(settings, SESSION_COOKIE, "", httponly=True, max_age=0)],
    )


class TokenPasswordBody(msgspec.Struct, forbid_unknown_fields=True):
    token: Text
    password: Text


class EmailBody(msgspec.Struct, forbid_unknown_fields=True):
    email: Text


def _decode(raw: bytes, kind: type[Any]) -> Any:
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.DecodeError:
        return None


async def _with_token(request: Request[Any, Any, Any], redeem: Any) -> Response[Any]:
    body = _decode(await request.body(), TokenPasswordBody)
    if body is None or len(body.token) > 200:
        return problem(400, "invalid_request", 'Send JSON: {"token": "...", "password": "..."}.')
    async with system_session(request.app.state.sessionmaker) as db:
        try:
            await redeem(db, token=body.token, password=body.password, now=utc_now())
        except InvalidInput as error:
            return problem(400, error.code, error.message)
    return Response(None, status_code=HTTP_204_NO_CONTENT)


@post("/auth/accept-invite", exclude_from_csrf=True, guards=[from_our_own_pages], status_code=HTTP_200_OK)
async def accept_invite(request: Request[Any, Any, Any]) -> Response[Any]:
    """Choose a password from an invitation link; then sign in as usual."""
    return await _with_token(request, accept_invitation)


@post("/auth/password-reset", exclude_from_csrf=True, guards=[from_our_own_pages], status_code=HTTP_202_ACCEPTED)
async def request_reset(request: Request[Any, Any, Any]) -> Response[Any]:
    """E-mail a reset link when the address has a login. Always the same answer, so it reveals no accounts."""
    body = _decode(await request.body(), EmailBody)
    if body is None or len(body.email) > 254:
        return problem(400, "invalid_request", 'Send JSON: {"email": "..."}.')
    settings: Settings = request.app.state.settings
    async with system_session(request.app.state.sessionmaker) as db:
        await request_password_reset(db, email=body.email, portal_url=f"{settings.public_url}/portal", now=utc_now())
    request.app.state.mail_pump.wake()
    return Response(
        {"message": "If that address has a Recoup login, a reset link is on its way."}, status_code=HTTP_202_ACCEPTED
    )


@post("/auth/password-reset/confirm", exclude_from_csrf=True, guards=[from_our_own_pages], status_code=HTTP_200_OK)
async def confirm_reset(request: Request[Any, Any, Any]) -> Response[Any]:
    """Set a new password from a reset link; every session of the user ends."""
    return await _with_token(request, reset_password)
