"""Who is making this request: the session cookie resolved to a user, once per request."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import bind_principal
from backend.db.types import utc_now
from backend.domain.auth.service import SessionPolicy, SignedInUser, principal_for, user_for_token
from backend.settings import Settings

SESSION_COOKIE = "recoup_session"
CSRF_COOKIE = "recoup_csrf"
CSRF_HEADER = "x-csrf-token"
_STATE_KEY = "recoup_user"


def session_policy(settings: Settings) -> SessionPolicy:
    return SessionPolicy(
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_absolute_hours),
        max_failures=settings.login_max_failures,
        failure_window=timedelta(minutes=settings.login_window_minutes),
    )


async def current_user(request: Request, db: AsyncSession) -> SignedInUser | None:
    """The signed-in user, or None. Looked up at most once per request, in the request's own session ``db``
    (one connection and one transaction serve the identity and the page)."""
    if _STATE_KEY in request.scope["state"]:
        cached: SignedInUser | None = request.scope["state"][_STATE_KEY]
        return cached
    token = request.cookies.get(SESSION_COOKIE)
    user = None
    if token:
        settings: Settings = request.app.state.settings
        user = await user_for_token(db, token=token, now=utc_now(), policy=session_policy(settings))
    request.scope["state"][_STATE_KEY] = user
    return user


async def acting_user(request: Request, db: AsyncSession) -> SignedInUser | None:
    """The signed-in user, with the request's session ``db`` now acting as them; None (and ``db`` still failing
    closed) when nobody is signed in."""
    user = await current_user(request, db)
    if user is not None:
        bind_principal(db, principal_for(user))
    return user
