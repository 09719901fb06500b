"""Security headers on every response, errors included.

A ``before_send`` hook, not a middleware: Litestar wraps ``send`` with it at the
very top of the app, so 404s, CSRF refusals and host-header rejections get the
headers too (app middleware never sees those).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope


def content_security_policy(connect_sources: Sequence[str] = ()) -> str:
    """The app's CSP; ``connect_sources`` adds origins the browser may call (the S3 endpoint for direct uploads)."""
    connect = " ".join(["'self'", *connect_sources])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        f"font-src 'self' data:; connect-src {connect}; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


CONTENT_SECURITY_POLICY = content_security_policy()


def security_headers(connect_sources: Sequence[str] = ()) -> Callable[[Message, Scope], Awaitable[None]]:
    always = {
        "strict-transport-security": "max-age=63072000; includeSubDomains",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "cross-origin-opener-policy": "same-origin",
    }
    policy = content_security_policy(connect_sources)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in always.items():
            headers[name] = value
        # A response with a stricter policy of its own (a document download: sandboxed) keeps it.
        if "sandbox" not in (headers.get("content-security-policy") or ""):
            headers["content-security-policy"] = policy
        # Fingerprinted build assets may be cached; everything else (API, HTML) must not be.
        if not scope["path"].startswith("/assets/"):
            headers["cache-control"] = "no-store"

    return add_security_headers


add_security_headers = security_headers()
