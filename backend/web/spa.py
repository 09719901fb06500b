"""Serving the built portal and console."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.response import Redirect
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from backend.settings import Settings


def _index(request: Request[Any, Any, Any], app_name: str) -> Response[Any]:
    settings: Settings = request.app.state.settings
    index: Path = settings.frontend_dist / app_name / "index.html"
    if not index.exists():
        return Response(
            f"The {app_name} has not been built: run `make run` (or `npm run build` in frontend/).",
            media_type="text/plain",
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
        )
    return Response(index.read_bytes(), media_type="text/html")


@get("/", include_in_schema=False)
async def root() -> Redirect:
    return Redirect("/portal/")


@get(["/portal", "/portal/{rest:path}"], include_in_schema=False)
async def portal(request: Request[Any, Any, Any]) -> Response[Any]:
    return _index(request, "portal")


@get(["/console", "/console/{rest:path}"], include_in_schema=False)
async def console(request: Request[Any, Any, Any]) -> Response[Any]:
    return _index(request, "console")
