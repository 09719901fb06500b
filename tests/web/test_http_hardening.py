"""What every HTTP response and request shape gets (SECURITY.md A2, A4, C14, C15, C17, C18)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from backend.app import create_app
from backend.web import auth_routes
from tests.support.api import Api

VIEWER = '{"query": "{ viewer { email } }"}'


def _assert_security_headers(headers) -> None:  # type: ignore[no-untyped-def]
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["strict-transport-security"].startswith("max-age=")
    assert headers["cache-control"] == "no-store"


async def test_security_headers_on_success_and_on_every_kind_of_error(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("connection to db-primary.internal:5432 failed for user recoup")

    monkeypatch.setattr(auth_routes, "sign_in", broken)
    csrf = await _csrf_headers(api)
    responses = {
        200: await api.http.get("/health"),
        404: await api.http.get("/no-such-page"),
        403: await api.http.post("/graphql", content=VIEWER, headers={"content-type": "application/json"}),
        400: await api.http.get("/health", headers={"host": "evil.example"}),
        405: await api.http.put("/graphql", content=VIEWER, headers={**csrf, "content-type": "application/json"}),
        413: await api.http.post(
            "/graphql",
            content=b"{" + b" " * (1024 * 1024 + 10) + b"}",
            headers={**csrf, "content-type": "application/json"},
        ),
        500: await api.http.post("/auth/login", json={"email": "a@test.example", "password": "x"}),
    }
    graphql_refusal = await api.http.post(
        "/graphql", content=f"[{VIEWER}]", headers={**csrf, "content-type": "application/json"}
    )

    assert {status: r.status_code for status, r in responses.items()} == {status: status for status in responses}
    for response in [*responses.values(), graphql_refusal]:
        _assert_security_headers(response.headers)
    assert responses[404].json() == {"code": "not_found", "message": responses[404].json()["message"]}
    assert responses[500].json() == {"code": "server_error", "message": "Something went wrong on our side. Try again."}
    assert "db-primary" not in responses[500].text


async def _csrf_headers(api: Api) -> dict[str, str]:
    await api.http.get("/health")
    return {"x-csrf-token": api.csrf or ""}


async def test_text_plain_multipart_and_form_graphql_posts_are_rejected_with_400(api: Api) -> None:
    headers = await _csrf_headers(api)
    text_plain = await api.http.post("/graphql", content=VIEWER, headers={**headers, "content-type": "text/plain"})
    multipart = await api.http.post(
        "/graphql", files={"operations": (None, VIEWER), "map": (None, "{}")}, headers=headers
    )
    form = await api.http.post("/graphql", data={"query": "{ viewer { email } }"}, headers=headers)
    for response in (text_plain, multipart, form):
        assert response.status_code == 400
        assert "data" not in response.text


async def test_batched_json_array_is_rejected_and_runs_nothing(api: Api) -> None:
    headers = await _csrf_headers(api)
    response = await api.http.post(
        "/graphql", content=f"[{VIEWER}, {VIEWER}]", headers={**headers, "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "data" not in response.text and "Batching is not enabled" in response.text


async def test_queries_over_get_are_not_served(api: Api) -> None:
    response = await api.http.get("/graphql", params={"query": "{ viewer { email } }"})
    assert response.status_code == 400 and "data" not in response.text


async def test_oversized_json_body_is_refused(api: Api) -> None:
    headers = await _csrf_headers(api)
    padding = "x" * (1024 * 1024 + 10)
    response = await api.http.post(
        "/graphql",
        content='{"query": "{ viewer { email } }", "pad": "' + padding + '"}',
        headers={**headers, "content-type": "application/json"},
    )
    assert response.status_code == 413


async def test_unknown_host_header_is_refused(api: Api) -> None:
    response = await api.http.get("/health", headers={"host": "evil.example"})
    assert response.status_code == 400


async def test_root_leads_to_the_portal(api: Api) -> None:
    response = await api.http.get("/")
    assert response.status_code in {301, 302, 307, 308}
    assert response.headers["location"] == "/portal/"


async def test_cors_answers_only_the_exact_configured_origins(settings: Any, demo: Any, api: Api) -> None:
    app = create_app(replace(settings, allowed_origins=["https://erp.example"]))
    client = Api(app)
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    try:
        allowed = await client.http.options("/graphql", headers={"origin": "https://erp.example", **preflight})
        lookalike = await client.http.options(
            "/graphql", headers={"origin": "https://erp.example.evil.test", **preflight}
        )
        foreign = await client.http.get("/health", headers={"origin": "https://evil.example"})
    finally:
        await client.close()
        await app.state.engine.dispose()
    same_origin_only = await api.http.get("/health", headers={"origin": "https://erp.example"})

    assert allowed.status_code in {200, 204}
    assert allowed.headers["access-control-allow-origin"] == "https://erp.example"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    for response in (lookalike, foreign, same_origin_only):
        assert "access-control-allow-origin" not in response.headers
