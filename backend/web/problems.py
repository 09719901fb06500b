"""One shape for every HTTP error a client sees: ``{"code", "message"}``, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    TooManyRequestsException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE

from backend.db.outage import UNAVAILABLE_MESSAGE, database_unreachable

_CODES = {
    400: "invalid_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}
log = logging.getLogger("recoup.web")


def problem(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response({"code": code, "message": message}, status_code=status, headers=headers)


def http_exception_to_problem(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if isinstance(exc, PermissionDeniedException) and "CSRF" in str(exc.detail):
        return problem(
            status, "csrf_failed", "The request is missing its security token. Reload the page and try again."
        )
    if isinstance(exc, NotAuthorizedException):
        return problem(status, "not_authenticated", "Sign in to continue.")
    if isinstance(exc, TooManyRequestsException):
        headers = dict(exc.headers or {})
        headers.setdefault("Retry-After", headers.get("RateLimit-Reset", "60"))
        return problem(status, "too_many_requests", "Too many requests. Wait a minute and try again.", headers=headers)
    message = exc.detail if status < 500 and isinstance(exc.detail, str) else "The request could not be handled."
    return problem(status, _CODES.get(status, "error"), message, headers=exc.headers)


def unexpected_to_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if database_unreachable(exc):  # rolled back in the server: the same request can be sent again
        log.warning("database connection lost in %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return problem(HTTP_503_SERVICE_UNAVAILABLE, "unavailable", UNAVAILABLE_MESSAGE, headers={"retry-after": "1"})
    log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "server_error", "Something went wrong on our side. Try again.")
