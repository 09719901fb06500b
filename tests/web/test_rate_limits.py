"""Per-address request rate limits answer 429, stricter on sign-in (SECURITY.md C16)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import pytest

from backend.app import create_app
from backend.settings import load_settings
from tests.support.api import Api

PASSWORD = "correct horse battery"


@pytest.fixture
async def limited(settings: Any, demo: Any) -> AsyncIterator[Callable[..., Api]]:
    """Apps with the limits a test asks for, each with its own counts."""
    apps: list[Any] = []
    clients: list[Api] = []

    def make(*, per_minute: int, sign_in_per_minute: int) -> Api:
        app = create_app(
            replace(settings, rate_limit_per_minute=per_minute, sign_in_rate_limit_per_minute=sign_in_per_minute)
        )
        apps.append(app)
        clients.append(Api(app))
        return clients[-1]

    yield make
    for client in clients:
        await client.close()
    for app in apps:
        await app.state.engine.dispose()


async def test_the_request_after_the_limit_is_refused_with_429_and_health_checks_still_answer(
    limited: Callable[..., Api],
) -> None:
    api = limited(per_minute=5, sign_in_per_minute=0)

    allowed = [await api.http.get("/auth/methods") for _ in range(5)]
    refused = await api.http.get("/auth/methods")
    graphql = await api.http.post("/graphql", json={"query": "{ viewer { email } }"})

    assert [r.status_code for r in allowed] == [200] * 5
    assert refused.status_code == graphql.status_code == 429
    assert refused.json() == {"code": "too_many_requests", "message": "Too many requests. Wait a minute and try again."}
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert refused.headers["cache-control"] == "no-store" and refused.headers["x-content-type-options"] == "nosniff"
    assert (await api.http.get("/health")).status_code == 200


async def test_sign_in_is_limited_more_strictly_per_address_whatever_the_email(
    limited: Callable[..., Api], factory: Any
) -> None:
    api = limited(per_minute=100, sign_in_per_minute=3)
    user = await factory.user("ar_clerk")

    # given: three failed sign-ins from one address, each for another e-mail (no per-address throttle sees them)
    failures = [await api.login(f"spray-{n}@test.example", "Winter2026!") for n in range(3)]
    # when: the right password comes next from the same address
    fourth = await api.login(user.email, PASSWORD)

    # then: it is refused before the password is looked at, while the rest of the API still answers
    assert [r.status_code for r in failures] == [401] * 3
    assert fourth.status_code == 429 and fourth.json()["code"] == "too_many_requests"
    assert "recoup_session" not in api.http.cookies
    assert (await api.http.get("/auth/methods")).status_code == 200


def test_both_limits_are_on_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("RECOUP_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RECOUP_RATE_LIMIT_PER_MINUTE", raising=False)
    monkeypatch.delenv("RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE", raising=False)
    defaults = load_settings()
    assert 0 < defaults.sign_in_rate_limit_per_minute < defaults.rate_limit_per_minute
