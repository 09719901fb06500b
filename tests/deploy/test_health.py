"""Liveness, readiness, the request id and the JSON access line, on a real ``serve`` process."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support.processes import start_app


def test_a_migrated_server_is_live_and_ready_with_security_headers(server_env: dict[str, str], tmp_path: Path) -> None:
    with start_app(server_env, log_dir=tmp_path) as server:
        health = httpx.get(server.url("/health"))
        ready = httpx.get(server.url("/ready"))

    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "documents": "ok"}}
    for response in (health, ready):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


def test_a_server_whose_database_is_not_migrated_is_live_but_not_ready(tmp_path: Path) -> None:
    # given: serve does not migrate, so a fresh database stays empty
    env = {
        "RECOUP_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}",
        "RECOUP_DATA_DIR": str(tmp_path / "data"),
        "RECOUP_JOBS": "in-process",
    }
    with start_app(env, log_dir=tmp_path, ready_path="/health") as server:
        ready = httpx.get(server.url("/ready"))
        health = httpx.get(server.url("/health"))

    assert health.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["migrations"]
    assert ready.json()["checks"]["migrations"] == "not migrated"
