"""Request rate limits per client address (Litestar's ``RateLimitConfig``), answered with 429.

Two limits: one for every route but health checks and build assets, and a stricter
one for the routes that take a password, a secret or an e-mail address (sign-in,
invitations, password resets, the OAuth2 token endpoint), so one address cannot
spray passwords across many accounts. They sit in front of the per-account limits
kept in the database (failed sign-ins per address, filings and uploads per user),
which every worker shares; these counts live in the process's memory store.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.middleware import DefineMiddleware
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address

from backend.settings import Settings

SIGN_IN_PATHS = frozenset(
    {"/auth/login", "/auth/accept-invite", "/auth/password-reset", "/auth/password-reset/confirm", "/oauth/token"}
)
NOT_LIMITED = [r"^/health$", r"^/ready$", r"^/assets/"]


def _sign_in_key(request: Request[Any, Any, Any]) -> str:
    # A key of its own, so the two limits keep separate counts in the shared store.
    return f"sign-in:{get_remote_address(request)}"


async def _is_sign_in(request: Request[Any, Any, Any]) -> bool:
    return request.url.path in SIGN_IN_PATHS


def rate_limit_middleware(settings: Settings) -> list[DefineMiddleware]:
    """The app's rate-limit middleware for ``settings``; a limit of 0 is off (e.g. a proxy in front limits)."""
    middleware = []
    if settings.rate_limit_per_minute > 0:
        middleware.append(
            RateLimitConfig(rate_limit=("minute", settings.rate_limit_per_minute), exclude=NOT_LIMITED).middleware
        )
    if settings.sign_in_rate_limit_per_minute > 0:
        middleware.append(
            RateLimitConfig(
                rate_limit=("minute", settings.sign_in_rate_limit_per_minute),
                identifier_for_request=_sign_in_key,
                check_throttle_handler=_is_sign_in,
            ).middleware
        )
    return middleware
