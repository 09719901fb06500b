"""A client that talks to the real application the way the frontends do: over ASGI, or to a real server."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import httpx

DEMO_PASSWORD = "recoup-demo"


class Api:
    """Cookies kept like a browser; every POST after sign-in carries the CSRF header."""

    def __init__(self, app: Any, base_url: str = "http://127.0.0.1") -> None:
        if app is None:
            self.http = httpx.AsyncClient(base_url=base_url, timeout=30)
        else:
            self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)

    @classmethod
    def for_server(cls, base_url: str) -> Api:
        """A browser talking HTTP to a server process (tests/support/processes.py) at ``base_url``."""
        return cls(None, base_url)

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

    async def post_body(self, body: dict[str, Any]) -> httpx.Response:
        if self.csrf is None:
            await self.http.get("/health")  # as a browser gets the page first, which sets the CSRF cookie
        return await self.http.post("/graphql", json=body, headers=self._csrf_headers())

    async def post_graphql(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return await self.post_body(body)

    async def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON result of a query; fails the test on a non-200 status."""
        return await self._result(self.post_graphql(query, variables))

    async def graphql_document(self, sha256: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON result of a trusted document sent by its hash alone, as the frontends send it."""
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256}}
        return await self._result(self.post_body({"variables": variables or {}, "extensions": extensions}))

    @staticmethod
    async def _result(sent: Awaitable[httpx.Response]) -> dict[str, Any]:
        response = await sent
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def start_upload(
        self,
        data: bytes,
        filename: str = "evidence.pdf",
        *,
        content_type: str = "application/pdf",
        size: int | None = None,
        document_type: str = "OTHER",
        field: str = "startDocumentUpload",
        extra: dict[str, Any] | None = None,
        **target: str,
    ) -> dict[str, Any]:
        """Phase one: the pending document and where its bytes go (the mutation's result)."""
        arguments = "$input: DocumentUploadInput!" + "".join(
            f", ${k}: {t}" for k, t in (extra or {}).get("types", {}).items()
        )
        passed = "input: $input" + "".join(f", {k}: ${k}" for k in (extra or {}).get("types", {}))
        query = f"""mutation({arguments}) {{ {field}({passed}) {{ __typename
          ... on UploadStarted {{ document {{ id }} upload {{ method url fields {{ name value }} maxBytes }} expiresAt }}
          ... on InvalidInputResult {{ errors {{ field code message }} }}
          ... on NotFoundResult {{ message }} ... on RateLimitedResult {{ message }} ... on UnavailableResult {{ message }}
          }} }}"""
        variables: dict[str, Any] = {
            "input": {
                "filename": filename,
                "contentType": content_type,
                "sizeBytes": len(data) if size is None else size,
                "documentType": document_type,
                **target,
            },
            **(extra or {}).get("values", {}),
        }
        result = await self.graphql(query, variables)
        assert result.get("data"), result
        return dict(result["data"][field])

    async def send_bytes(self, upload: dict[str, Any], data: bytes, filename: str = "evidence.pdf") -> httpx.Response:
        """Phase two, as the browser does it: PUT to the server, or a multipart POST straight to S3."""
        if upload["method"] == "PUT":
            return await self.http.put(upload["url"], content=data, headers=self._csrf_headers())
        fields = {f["name"]: f["value"] for f in upload["fields"]}
        async with httpx.AsyncClient() as s3:
            return await s3.post(upload["url"], data=fields, files={"file": (filename, data, fields["Content-Type"])})

    async def confirm_upload(self, document_id: str) -> dict[str, Any]:
        """Phase three: the bytes are checked, and kept or refused."""
        result = await self.graphql(
            """mutation($id: ID!) { confirmDocumentUpload(documentId: $id) { __typename
              ... on DocumentConfirmed { document { id filename contentType sizeBytes documentType versionNumber pageCount
                  readStatus isInternal invoiceId disputeId downloadUrl } }
              ... on InvalidInputResult { errors { field code message } }
              ... on NotFoundResult { message } ... on UnavailableResult { message } ... on NotReadyResult { message } } }""",
            {"id": document_id},
        )
        return dict(result["data"]["confirmDocumentUpload"])

    async def upload(self, data: bytes, filename: str = "evidence.pdf", **target: str) -> dict[str, Any]:
        """All three phases with ``disputeId=...`` or ``invoiceId=...``; the first refusal, or the confirmation.

        The answer has ``__typename`` (``DocumentConfirmed`` and ``document`` when kept) and ``stage``.
        """
        if self.csrf is None:
            await self.http.get("/health")
        started = await self.start_upload(data, filename, **target)
        if started["__typename"] != "UploadStarted":
            return {"stage": "start", **started}
        sent = await self.send_bytes(started["upload"], data, filename)
        if sent.status_code not in (200, 204):
            body = sent.json() if sent.headers.get("content-type", "").startswith("application") else {}
            return {"stage": "send", "__typename": f"HTTP {sent.status_code}", "status": sent.status_code, **body}
        return {"stage": "confirm", **(await self.confirm_upload(started["document"]["id"]))}
