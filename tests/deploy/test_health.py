"""Liveness, readiness, the request id and the JSON access line, on real ``serve`` processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url

from tests.support.processes import launch, start_app

PASSWORD = "correct horse battery"


def _security_headers_on(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


async def test_a_migrated_server_is_live_and_ready_and_logs_each_request_as_json_under_its_id(
    server_env: dict[str, str], factory: Any, tmp_path: Path
) -> None:
    user = await factory.user("ar_clerk")
    with start_app(server_env, log_dir=tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url()) as http:
            health = await http.get("/health")
            ready = await http.get("/ready")
            traced = await http.get("/health?token=do-not-log-me", headers={"X-Request-ID": "lb-7f3a.2:9_b-c"})
            untrusted = await http.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
            missing = await http.get("/no-such-page")
            signed_in = await http.post("/auth/login", json={"email": user.email, "password": PASSWORD})
    records = server.log_records()
    access = {r["request_id"]: r for r in records if r.get("logger") == "recoup.access"}

    # liveness and readiness, with the security headers every response gets
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "documents": "ok"}}
    for response in (health, ready, missing):
        _security_headers_on(response)

    # a well-formed incoming id is kept and answered; a malformed one is replaced; every response has one
    assert traced.headers["x-request-id"] == "lb-7f3a.2:9_b-c"
    assert untrusted.headers["x-request-id"] != "bad id\twith spaces" and len(untrusted.headers["x-request-id"]) == 32
    assert missing.status_code == 404 and missing.headers["x-request-id"]

    # one JSON access line per request: method, path without its query, status, duration, the id
    line = access["lb-7f3a.2:9_b-c"]
    assert (line["event"], line["method"], line["path"], line["status"]) == ("request", "GET", "/health", 200)
    assert isinstance(line["duration_ms"], float) and "time" in line and line["level"] == "info"
    assert access[missing.headers["x-request-id"]]["status"] == 404
    assert access[signed_in.headers["x-request-id"]]["path"] == "/auth/login"

    # and nothing secret: no query strings, passwords or cookies
    text = server.log_text()
    session = signed_in.cookies["recoup_session"]
    assert "do-not-log-me" not in text and PASSWORD not in text and session not in text


def _missing_database(server_env: dict[str, str], tmp_path: Path) -> str:
    url = server_env["RECOUP_DATABASE_URL"]
    if url.startswith("postgresql"):
        return make_url(url).set(database="recoup_no_such_database").render_as_string(hide_password=False)
    return f"sqlite+aiosqlite:///{tmp_path / 'no-such-folder' / 'recoup.db'}"


def test_a_server_without_its_database_is_live_but_not_ready(server_env: dict[str, str], tmp_path: Path) -> None:
    env = {**server_env, "RECOUP_DATABASE_URL": _missing_database(server_env, tmp_path), "RECOUP_JOBS": "in-process"}
    with start_app(env, log_dir=tmp_path, ready_path="/health") as server:
        ready = httpx.get(server.url("/ready"))
        health = httpx.get(server.url("/health"))

    assert health.status_code == 200
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "not_ready",
        "failing": ["database", "migrations"],
        "checks": {"database": "unavailable", "migrations": "unknown", "documents": "ok"},
    }
    _security_headers_on(ready)


def test_a_server_whose_database_is_not_migrated_is_not_ready_and_logs_why_under_the_request_id(
    tmp_path: Path,
) -> None:
    # given: serve does not migrate, so a fresh database stays empty
    env = {
        "RECOUP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}",
        "RECOUP_DATA_DIR": str(tmp_path / "data"),
        "RECOUP_JOBS": "in-process",
    }
    with start_app(env, log_dir=tmp_path, ready_path="/health") as server:
        ready = httpx.get(server.url("/ready"), headers={"X-Request-ID": "probe-1"})

    assert ready.status_code == 503
    assert ready.json()["failing"] == ["migrations"]
    assert ready.json()["checks"]["migrations"] == "not migrated"
    why = [r for r in server.log_records() if r.get("logger") == "recoup.ready"]
    assert why and all(r["request_id"] == "probe-1" and r["level"] == "warning" for r in why)


def test_serve_refuses_to_start_on_unsafe_production_settings(tmp_path: Path) -> None:
    env = {
        "RECOUP_ENV": "production",
        "RECOUP_DATA_DIR": str(tmp_path),
        "RECOUP_ALLOWED_HOSTS": "ar.example.com",
        "RECOUP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'recoup.db'}",
    }
    refused = launch("serve", env, log_dir=tmp_path, name="unsafe")
    code = refused.popen.wait(timeout=30)

    assert code == 2
    assert "refusing to start" in refused.log_text() and "RECOUP_SECRET_KEY" in refused.log_text()


def test_serve_refuses_to_start_in_production_without_the_trusted_documents(tmp_path: Path) -> None:
    env = {
        "RECOUP_ENV": "production",
        "RECOUP_SECRET_KEY": "a-real-production-secret-" + "x" * 20,
        "RECOUP_COOKIE_SECURE": "true",
        "RECOUP_DATA_DIR": str(tmp_path),
        "RECOUP_FRONTEND_DIST": str(tmp_path / "not-built"),
        "RECOUP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'recoup.db'}",
    }
    refused = launch("serve", env, log_dir=tmp_path, name="unbuilt")
    code = refused.popen.wait(timeout=60)

    assert code == 2
    assert "refusing to start" in refused.log_text() and "trusted-documents.json is missing" in refused.log_text()
