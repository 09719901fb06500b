"""A request id for every HTTP request, on every log line written while it runs, and one access line.

The id is the caller's ``X-Request-ID`` when it is well formed (a load balancer or a client that
already has one, so the same id follows the request through every hop), else a new one; it goes
back as the response's ``X-Request-ID``. The access line names method, path (never the query
string: it can hold tokens or signatures), status and duration, nothing else: no headers, cookies
or bodies.

An ASGI wrapper around the app's whole handler rather than Litestar middleware: middleware runs
only for matched routes, and 404s, CSRF refusals and host-header rejections need an id and a line
too (the same reason the security headers are a ``before_send`` hook).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.logs import bound

REQUEST_ID_HEADER = "x-request-id"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access_log = logging.getLogger("recoup.access")


def request_id_for(scope: Scope) -> str:
    """The caller's ``X-Request-ID`` when it is 1–128 letters, digits or ``. _ : -``; a new random one otherwise."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _WELL_FORMED.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestLog:
    """Wraps an ASGI app: binds the request id, answers it in a header, writes the access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope)
        status = 500  # what the client sees if the app fails before it answers
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        with bound(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                if access_log.isEnabledFor(logging.INFO):
                    access_log.info(
                        "request",
                        extra={
                            "method": scope.get("method", ""),
                            "path": scope["path"],
                            "status": status,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        },
                    )
