"""What every HTTP response and request shape gets (SECURITY.md A2, A4, C15, C17, C18)."""

from __future__ import annotations

from tests.support.api import Api

VIEWER = '{"query": "{ viewer { email } }"}'


def _assert_security_headers(headers) -> None:  # type: ignore[no-untyped-def]
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["strict-transport-security"].startswith("max-age=")
    assert headers["cache-control"] == "no-store"


async def test_security_headers_on_success_and_on_errors(api: Api) -> None:
    ok = await api.http.get("/health")
    not_found = await api.http.get("/no-such-page")
    refused = await api.http.post("/graphql", content=VIEWER, headers={"content-type": "application/json"})

    assert (ok.status_code, not_found.status_code, refused.status_code) == (200, 404, 403)
    for response in (ok, not_found, refused):
        _assert_security_headers(response.headers)
    assert not_found.json() == {"code": "not_found", "message": not_found.json()["message"]}


async def _csrf_headers(api: Api) -> dict[str, str]:
    await api.http.get("/health")
    return {"x-csrf-token": api.csrf or ""}


async def test_text_plain_and_multipart_graphql_posts_are_rejected(api: Api) -> None:
    headers = await _csrf_headers(api)
    text_plain = await api.http.post("/graphql", content=VIEWER, headers={**headers, "content-type": "text/plain"})
    multipart = await api.http.post(
        "/graphql", files={"operations": (None, VIEWER), "map": (None, "{}")}, headers=headers
    )
    assert text_plain.status_code in {400, 415}
    assert multipart.status_code in {400, 415}


async def test_batched_json_array_is_rejected(api: Api) -> None:
    headers = await _csrf_headers(api)
    response = await api.http.post(
        "/graphql", content=f"[{VIEWER}, {VIEWER}]", headers={**headers, "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "viewer" not in response.text or "errors" in response.text


async def test_queries_over_get_are_not_served(api: Api) -> None:
    response = await api.http.get("/graphql", params={"query": "{ viewer { email } }"})
    assert response.status_code != 200 or "data" not in response.text


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
