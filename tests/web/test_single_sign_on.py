"""Staff single sign-on against a local identity-provider stand-in (SECURITY.md D20, issue 4 item 7)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from backend.app import create_app
from tests.support.api import Api
from tests.support.idp import CLIENT_ID, CLIENT_SECRET, StandInProvider, running_provider


@pytest.fixture
async def sso(settings: Any, demo: Any) -> AsyncIterator[tuple[Api, StandInProvider]]:
    with running_provider() as provider:
        app = create_app(
            replace(
                settings,
                oidc_issuer=provider.issuer,
                oidc_client_id=CLIENT_ID,
                oidc_client_secret=CLIENT_SECRET,
                public_url="http://127.0.0.1",
            )
        )
        api = Api(app)
        yield api, provider
        await api.close()
        await app.state.engine.dispose()


def sent_back_with(response: httpx.Response) -> str | None:
    """The reason the console's sign-in page is told, when the callback sent the browser back there."""
    assert response.status_code == 303, response.text
    location = urlparse(response.headers["location"])
    assert location.path == "/console/"
    return parse_qs(location.query).get("sso_error", [None])[0]


async def _through_provider(api: Api) -> tuple[httpx.Response, str]:
    """Browser steps: our login redirect, the provider's authorize redirect; returns our callback's response."""
    start = await api.http.get("/auth/oidc/login")
    assert start.status_code in {302, 307}, start.text
    authorize_url = start.headers["location"]
    query = parse_qs(urlparse(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    async with httpx.AsyncClient() as browser:
        back = await browser.get(authorize_url)
    callback = urlparse(back.headers["location"])
    response = await api.http.get(f"{callback.path}?{callback.query}")
    return response, callback.query


async def test_staff_sign_in_through_the_identity_provider(sso: Any) -> None:
    api, provider = sso
    provider.email, provider.role = "sso.clerk.one@recoup.example", "credit_manager"

    response, _ = await _through_provider(api)

    assert sent_back_with(response) is None
    viewer = (await api.graphql("{ viewer { email role isStaff } }"))["data"]["viewer"]
    assert viewer == {"email": "sso.clerk.one@recoup.example", "role": "CREDIT_MANAGER", "isStaff": True}


async def test_signing_in_through_the_provider_ends_the_browsers_earlier_session(sso: Any, factory: Any) -> None:
    api, provider = sso
    clerk = await factory.user("ar_clerk")
    assert (await api.login(clerk.email, "correct horse battery")).status_code == 200
    earlier = api.http.cookies["recoup_session"]
    provider.email, provider.role = "sso.rotation@recoup.example", "collector"

    response, _ = await _through_provider(api)

    assert sent_back_with(response) is None
    assert api.http.cookies["recoup_session"] != earlier
    api.http.cookies.set("recoup_session", earlier)
    assert (await api.graphql("{ viewer { email } }"))["data"]["viewer"] is None


@pytest.mark.parametrize(
    "mode", ["wrong_nonce", "wrong_audience", "wrong_issuer", "expired", "alg_none", "foreign_key"]
)
async def test_untrustworthy_id_tokens_are_rejected(sso: Any, mode: str) -> None:
    api, provider = sso
    provider.mode = mode

    response, _ = await _through_provider(api)

    assert sent_back_with(response) == "untrusted"
    assert "recoup_session" not in api.http.cookies
    assert (await api.graphql("{ viewer { email } }"))["data"]["viewer"] is None


async def test_a_mismatched_or_reused_state_is_rejected(sso: Any) -> None:
    api, _ = sso
    ok, query = await _through_provider(api)
    assert sent_back_with(ok) is None
    code = parse_qs(query)["code"][0]

    forged = await api.http.get("/auth/oidc/callback", params={"code": code, "state": "made-up-state"})
    replayed = await api.http.get(f"/auth/oidc/callback?{query}")

    assert sent_back_with(forged) == sent_back_with(replayed) == "expired"


async def test_cancelling_at_the_provider_returns_to_the_console_sign_in(sso: Any) -> None:
    api, _ = sso
    start = await api.http.get("/auth/oidc/login")
    state = parse_qs(urlparse(start.headers["location"]).query)["state"][0]

    response = await api.http.get("/auth/oidc/callback", params={"error": "access_denied", "state": state})

    assert sent_back_with(response) == "cancelled"
    assert (await api.graphql("{ viewer { email } }"))["data"]["viewer"] is None


async def test_an_unverified_email_address_cannot_take_over_a_staff_login(sso: Any, factory: Any) -> None:
    api, provider = sso
    admin = await factory.user("admin")
    provider.email, provider.role, provider.email_verified = admin.email, "admin", False

    response, _ = await _through_provider(api)

    assert sent_back_with(response) == "no_email"
    assert (await api.graphql("{ viewer { email } }"))["data"]["viewer"] is None


async def test_no_staff_role_claim_means_no_console(sso: Any) -> None:
    api, provider = sso
    provider.email, provider.role = "someone@recoup.example", None
    response, _ = await _through_provider(api)
    assert sent_back_with(response) == "no_role"


async def test_sso_is_off_until_configured(api: Api, sso: Any) -> None:
    response = await api.http.get("/auth/oidc/login")
    assert sent_back_with(response) == "not_configured"
    assert (await api.http.get("/auth/methods")).json() == {"password": True, "sso": False}
    configured, _ = sso
    assert (await configured.http.get("/auth/methods")).json() == {"password": True, "sso": True}
