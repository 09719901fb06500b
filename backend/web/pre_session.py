"""The routes that come before a session (sign-in, invitation, password reset) take JSON from our own pages only.

CSRF tokens protect what a session does. These routes have no session yet, and sign-in makes one: a form on
another site that posts the attacker's e-mail and password to ``/auth/login`` (``enctype="text/plain"`` gives a
body that parses as JSON when the password holds an ``=``) would sign the victim's browser into the attacker's
account, and whatever the victim then uploads or writes goes to the attacker (login CSRF).

A page on another site can send a cross-site request without a CORS preflight only as ``text/plain``,
``application/x-www-form-urlencoded`` or ``multipart/form-data``; a browser marks it with ``Sec-Fetch-Site:
cross-site`` (or ``same-site`` from a sibling subdomain) and its ``Origin``. So these routes accept only
``application/json``, and refuse a request whose ``Sec-Fetch-Site`` says it came from another site or whose
``Origin`` is neither this server's nor one of ``RECOUP_ALLOWED_ORIGINS``. Programs that send neither header
(curl, the tests' clients, the frontends' own fetches, which say ``same-origin``) are unaffected.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

from backend.settings import Settings

ACCEPTED_FETCH_SITES = frozenset({"same-origin", "none"})
"""``Sec-Fetch-Site`` values of our own pages (``same-origin``) and of a person typing or bookmarking (``none``)."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _own_origins(connection: ASGIConnection[Any, Any, Any, Any], settings: Settings) -> set[str]:
    origins = {_origin(settings.public_url), *(_origin(o) for o in settings.allowed_origins)}
    host = connection.headers.get("host")
    if host:  # the server as this request reached it (a proxy in front may name it differently from public_url)
        origins.add(f"{connection.url.scheme}://{host}".lower())
    return origins


def from_our_own_pages(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard for the pre-session routes: JSON, and not sent by another site's page."""
    media_type = connection.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ClientException(
            status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail="Send JSON (Content-Type: application/json)."
        )
    fetch_site = connection.headers.get("sec-fetch-site")
    origin = connection.headers.get("origin")
    settings: Settings = connection.app.state.settings
    if (fetch_site is not None and fetch_site.lower() not in ACCEPTED_FETCH_SITES) or (
        origin is not None and origin.lower() not in _own_origins(connection, settings)
    ):
        raise PermissionDeniedException(detail="Sign in on Recoup's own page; another site cannot do it for you.")
