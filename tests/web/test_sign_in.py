"""Signing in and out: cookies, one generic error, throttling, audit (SECURITY.md D19, C14)."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, update

from backend.app import create_app
from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.accounts.models import User
from backend.domain.audit.models import AuditEvent
from backend.domain.auth.models import UserSession
from tests.support.api import Api
from tests.support.trusted_documents import production_settings, write_manifest

PASSWORD = "correct horse battery"
VIEWER = "{ viewer { email } }"


async def test_sign_in_sets_an_httponly_session_cookie_and_a_csrf_cookie(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk")

    response = await api.login(user.email, PASSWORD)

    assert response.status_code == 200
    assert response.json() == {"role": "AR_CLERK", "isStaff": True}
    set_cookies = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in set_cookies if c.startswith("recoup_session="))
    csrf_cookie = next(c for c in set_cookies if c.startswith("recoup_csrf="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "HttpOnly" not in csrf_cookie
    assert (await api.graphql(VIEWER))["data"]["viewer"]["email"] == user.email


async def test_email_is_matched_case_insensitively(api: Api, factory: Any) -> None:
    user = await factory.user("collector")
    assert (await api.login(user.email.upper(), PASSWORD)).status_code == 200


async def test_wrong_password_and_unknown_email_get_the_same_answer(api: Api, factory: Any) -> None:
    user = await factory.user("customer_admin", await factory.account())

    wrong_password = await api.login(user.email, "nope")
    unknown_email = await api.login("nobody-here@test.example", "nope")

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert (
        wrong_password.json()
        == unknown_email.json()
        == {
            "code": "invalid_credentials",
            "message": "Email or password is incorrect.",
        }
    )
    assert "recoup_session" not in api.http.cookies


async def test_inactive_user_cannot_sign_in(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk", active=False)
    assert (await api.login(user.email, PASSWORD)).status_code == 401


async def test_repeated_failures_are_throttled_even_with_the_right_password(
    api: Api, factory: Any, settings: Any
) -> None:
    user = await factory.user("ar_clerk")
    for _ in range(settings.login_max_failures):
        assert (await api.login(user.email, "wrong")).status_code == 401

    throttled = await api.login(user.email, PASSWORD)

    assert throttled.status_code == 429
    assert throttled.json()["code"] == "too_many_attempts"
    assert int(throttled.headers["retry-after"]) > 0


async def test_failed_sign_ins_are_audited(api: Api, factory: Any, demo: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, "wrong")
    async with system_session(demo) as db:
        events = (
            (
                await db.execute(
                    select(AuditEvent).where(
                        AuditEvent.action == "auth.sign_in_failed", AuditEvent.entity_id == str(user.id)
                    )
                )
            )
            .scalars()
            .all()
        )
    assert len(events) == 1 and events[0].after["email"] == user.email


async def test_session_token_changes_at_every_sign_in(api_factory: Any, factory: Any) -> None:
    user = await factory.user("ar_clerk")
    first, second = api_factory(), api_factory()
    await first.login(user.email, PASSWORD)
    await second.login(user.email, PASSWORD)
    assert first.http.cookies["recoup_session"] != second.http.cookies["recoup_session"]


async def test_signing_in_again_in_the_same_browser_ends_the_earlier_session(api: Api, factory: Any) -> None:
    # given: a browser holding a live session
    user = await factory.user("ar_clerk")
    await api.login(user.email, PASSWORD)
    earlier = api.http.cookies["recoup_session"]

    # when: it signs in again
    await api.login(user.email, PASSWORD)

    # then: the session id changed and the earlier one no longer opens anything
    assert api.http.cookies["recoup_session"] != earlier
    assert (await api.graphql(VIEWER))["data"]["viewer"]["email"] == user.email
    api.http.cookies.set("recoup_session", earlier)
    assert (await api.graphql(VIEWER))["data"]["viewer"] is None


async def test_sign_out_ends_the_session_on_the_server(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, PASSWORD)
    stolen_cookie = api.http.cookies["recoup_session"]

    assert (await api.logout()).status_code == 204

    api.http.cookies.set("recoup_session", stolen_cookie)
    assert (await api.graphql(VIEWER))["data"]["viewer"] is None


async def test_graphql_post_with_session_but_without_csrf_header_is_refused(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, PASSWORD)

    response = await api.http.post("/graphql", json={"query": VIEWER})

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


async def test_sign_out_without_csrf_header_is_refused(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, PASSWORD)
    assert (await api.http.post("/auth/logout")).status_code == 403
    assert (await api.graphql(VIEWER))["data"]["viewer"]["email"] == user.email


async def test_idle_session_expires(api: Api, factory: Any, demo: Any, settings: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, PASSWORD)
    async with system_session(demo) as db:
        row = (await db.execute(select(UserSession).where(UserSession.user_id == user.id))).scalar_one()
        row.last_seen_at = utc_now() - timedelta(minutes=settings.session_idle_minutes + 1)
        await db.commit()

    assert (await api.graphql(VIEWER))["data"]["viewer"] is None
    async with system_session(demo) as db:
        remaining = await db.execute(
            select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)
        )
        assert remaining.scalar_one() == 0


async def test_a_session_ends_at_its_absolute_timeout_even_while_in_use(api: Api, factory: Any, demo: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, PASSWORD)
    async with system_session(demo) as db:
        await db.execute(
            update(UserSession)
            .where(UserSession.user_id == user.id)
            .values(last_seen_at=utc_now(), expires_at=utc_now() - timedelta(seconds=1))
        )
        await db.commit()

    assert (await api.graphql(VIEWER))["data"]["viewer"] is None


async def test_cookies_are_secure_httponly_and_samesite_in_production(
    settings: Any, demo: Any, factory: Any, tmp_path: Path
) -> None:
    user = await factory.user("ar_clerk")
    write_manifest(tmp_path)
    app = create_app(production_settings(settings, tmp_path))
    client = Api(app, base_url="https://127.0.0.1")
    try:
        response = await client.login(user.email, PASSWORD)
        cookies = {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}
    finally:
        await client.close()
        await app.state.engine.dispose()

    assert response.status_code == 200
    assert {"Secure", "HttpOnly", "SameSite=lax"} <= {part.strip() for part in cookies["recoup_session"].split(";")}
    assert {"Secure", "SameSite=strict"} <= {part.strip() for part in cookies["recoup_csrf"].split(";")}


async def test_passwords_are_argon2id_and_rehashed_at_sign_in_when_the_parameters_changed(
    api: Api, factory: Any, demo: Any, production_password_hashing: None
) -> None:
    # given: a password hashed with weaker argon2id parameters than today's
    user = await factory.user("collector")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    async with system_session(demo) as db:
        fresh = (await db.execute(select(User.password_hash).where(User.id == user.id))).scalar_one()
        await db.execute(update(User).where(User.id == user.id).values(password_hash=weak))
        await db.commit()
    assert fresh.startswith("$argon2id$")

    # when: the user signs in
    assert (await api.login(user.email, PASSWORD)).status_code == 200

    # then: the stored hash uses today's parameters and still verifies the same password
    async with system_session(demo) as db:
        stored = (await db.execute(select(User.password_hash).where(User.id == user.id))).scalar_one()
    assert stored != weak and stored.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(stored) and PasswordHasher().verify(stored, PASSWORD)


async def test_login_rejects_a_body_that_is_not_the_expected_json(api: Api) -> None:
    response = await api.http.post(
        "/auth/login", content=b"email=a&password=b", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


PRE_SESSION_ROUTES = ("/auth/login", "/auth/accept-invite", "/auth/password-reset", "/auth/password-reset/confirm")


@pytest.mark.parametrize("route", PRE_SESSION_ROUTES)
async def test_a_form_on_another_site_cannot_sign_a_browser_in_or_use_a_link(
    api: Api, factory: Any, route: str
) -> None:
    """Login CSRF: a cross-site <form enctype="text/plain"> whose body parses as JSON, and the same body as JSON
    from another origin, are refused before anything is read; the browser gets no session."""
    user = await factory.user("ar_clerk", password=PASSWORD)
    # The body a text/plain form makes of <input name='{"email":"…","password":"' value='x"}'>: valid JSON.
    body = json.dumps({"email": user.email, "password": PASSWORD, "token": "x" * 20}).encode()
    if route == "/auth/login":
        body = json.dumps({"email": user.email, "password": PASSWORD}).encode()
    cross_site = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}

    as_text = await api.http.post(route, content=body, headers={"content-type": "text/plain", **cross_site})
    as_form = await api.http.post(route, content=b"a=b", headers={"content-type": "application/x-www-form-urlencoded"})
    as_json_from_elsewhere = await api.http.post(
        route, content=body, headers={"content-type": "application/json", "origin": "https://evil.example"}
    )
    from_a_sibling_site = await api.http.post(
        route, content=body, headers={"content-type": "application/json", "sec-fetch-site": "same-site"}
    )

    assert as_text.status_code == 415 and as_text.json()["code"] == "unsupported_media_type"
    assert as_form.status_code == 415
    assert as_json_from_elsewhere.status_code == 403 and as_json_from_elsewhere.json()["code"] == "forbidden"
    assert from_a_sibling_site.status_code == 403
    for refused in (as_text, as_form, as_json_from_elsewhere, from_a_sibling_site):
        assert "recoup_session" not in refused.cookies


async def test_our_own_page_signs_in_with_its_origin_and_fetch_metadata(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk", password=PASSWORD)
    own = {"origin": str(api.http.base_url).rstrip("/"), "sec-fetch-site": "same-origin"}
    response = await api.http.post(
        "/auth/login",
        json={"email": user.email, "password": PASSWORD},
        headers={"content-type": "application/json; charset=utf-8", **own},
    )
    assert response.status_code == 200 and response.cookies.get("recoup_session")


async def test_the_server_goes_on_answering_while_people_sign_in(
    api_factory: Any, factory: Any, production_password_hashing: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Argon2 is hashed off the event loop: every sign-in's hash runs on another thread, and the loop keeps turning
    while four of them are hashed at once.

    Asserted by where the hashes run and by the loop turning at all during them, not by how long a pause was: on a
    busy machine every thread waits for a core, and a pause measures the machine, not where the hashing runs."""
    from backend.domain.auth import passwords

    users = [await factory.user("ar_clerk", password=PASSWORD) for _ in range(5)]
    assert (await api_factory().login(users.pop().email, PASSWORD)).status_code == 200  # warm: statements compiled
    loop_thread = threading.get_ident()
    hashed_on: list[int] = []
    real_verify = passwords.verify_password

    def verify_and_note(password_hash: str | None, password: str) -> bool:
        hashed_on.append(threading.get_ident())
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", verify_and_note)
    turns = 0
    signing_in = True

    async def tick() -> None:
        nonlocal turns
        while signing_in:
            await asyncio.sleep(0)
            turns += 1

    ticker = asyncio.create_task(tick())
    answers = await asyncio.gather(*(api_factory().login(u.email, PASSWORD) for u in users))
    signing_in = False
    await ticker

    assert [a.status_code for a in answers] == [200] * 4
    assert len(hashed_on) == 4 and loop_thread not in hashed_on
    # Hashing on the loop would let it turn only between hashes; off it, the loop turns all through them.
    assert turns > 100, turns


async def test_text_holding_nul_is_a_bad_request_not_a_server_error(api: Api) -> None:
    """PostgreSQL cannot compare NUL: these lookups were 500s (found by `make reliability`)."""
    bodies = {
        "/auth/login": {"email": "ap\x00@northwind.example", "password": "x"},
        "/auth/password-reset": {"email": "ap\x00@northwind.example"},
        "/auth/accept-invite": {"token": "t\x00", "password": "correct horse battery"},
        "/auth/password-reset/confirm": {"token": "t\x00", "password": "correct horse battery"},
    }
    for path, body in bodies.items():
        response = await api.http.post(path, json=body)
        assert response.status_code == 400 and response.json()["code"] == "invalid_request", (path, response.text)
    token = await api.http.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": "demo-erp\x00", "client_secret": "x"}
    )
    assert token.status_code == 401 and token.json()["error"] == "invalid_client"
