"""A client that talks to the real application over ASGI, the way the frontends do."""

from __future__ import annotations

from typing import Any

import httpx

DEMO_PASSWORD = "recoup-demo"


class Api:
    """Cookies kept like a browser; every POST after sign-in carries the CSRF header."""

    def __init__(self, app: Any, base_url: str = "http://127.0.0.1") -> None:
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)

    async def close(self) -> None:
        await self.http.aclose()

    @property
    def csrf(self) -> str | None:
        return self.http.cookies.get("recoup_csrf")

    async def login(self, email: str, password: str = DEMO_PASSWORD) -> httpx.Response:
        return await self.http.post("/auth/login", json={"email": email, "password": password})

    async def logout(self) -> httpx.Response:
        return await self.http.post("/auth/logout", headers=self._csrf_headers())

    def _csrf_headers(self) -> dict[str, str]:
        return {"x-csrf-token": self.csrf} if self.csrf else {}

    async def post_graphql(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        if self.csrf is None:
            await self.http.get("/health")  # as a browser gets the page first, which sets the CSRF cookie
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return await self.http.post("/graphql", json=body, headers=self._csrf_headers())

    async def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON result of a query; fails the test on a non-200 status."""
        response = await self.post_graphql(query, variables)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def upload(self, data: bytes, filename: str = "evidence.pdf", **target: str) -> httpx.Response:
        """POST a file to /api/documents with ``disputeId=...`` or ``invoiceId=...``."""
        if self.csrf is None:
            await self.http.get("/health")
        return await self.http.post(
            "/api/documents",
            data=target,
            files={"file": (filename, data, "application/octet-stream")},
            headers=self._csrf_headers(),
        )
