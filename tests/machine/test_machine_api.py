"""The machine API: OAuth2 client credentials at /oauth/token, Bearer tokens with scopes on /api/machine/invoices,
and the admin GraphQL that creates and revokes clients."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select, update

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.api_clients.models import ApiAccessToken, ApiClient
from backend.domain.audit.models import AuditEvent
from backend.domain.invoices.models import Invoice
from tests.invoice_feed.test_invoice_feed import HEADER, row
from tests.support.api import Api
from tests.support.audit import audit_trail
from tests.support.factories import unique

CREATE = """mutation($n: String!, $s: [String!]!) { createApiClient(name: $n, scopes: $s) { __typename
  ... on ApiClientCreated { clientSecret client { id clientId name scopes isActive } }
  ... on InvalidInputResult { errors { field message } } ... on NotPermittedResult { message } } }"""
REVOKE = "mutation($id: ID!) { revokeApiClient(id: $id) { __typename ... on ApiClientRevoked { client { isActive revokedAt } } } }"


async def admin_api(api_factory: Any, factory: Any) -> Api:
    api: Api = api_factory()
    admin = await factory.user("admin")
    assert (await api.login(admin.email, "correct horse battery")).status_code == 200
    return api


async def new_client(admin: Api, scopes: list[str]) -> dict[str, Any]:
    result = await admin.graphql(CREATE, {"n": unique("ERP "), "s": scopes})
    created = result["data"]["createApiClient"]
    assert created["__typename"] == "ApiClientCreated", created
    return dict(created)


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


async def token(http: httpx.AsyncClient, created: dict[str, Any], scope: str | None = None) -> httpx.Response:
    form = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
    return await http.post(
        "/oauth/token", data=form, headers=basic(created["client"]["clientId"], created["clientSecret"])
    )


async def post_feed(http: httpx.AsyncClient, access_token: str | None, body: str, **params: str) -> httpx.Response:
    headers = {"content-type": "text/csv"} | ({"Authorization": f"Bearer {access_token}"} if access_token else {})
    return await http.post("/api/machine/invoices", content=body.encode(), headers=headers, params=params)


async def test_a_client_gets_a_token_and_imports_a_feed_audited_as_itself(
    api: Api, api_factory: Any, factory: Any, demo: Any
) -> None:
    # given
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    number, customer = unique("INV-M-"), unique("C-")

    # when
    issued = await token(api.http, created)
    answer = issued.json()
    response = await post_feed(api.http, answer["access_token"], HEADER + row(number, customer, 1))

    # then
    assert issued.status_code == 200 and issued.headers["cache-control"] == "no-store"
    assert (answer["token_type"], answer["expires_in"], answer["scope"]) == ("Bearer", 900, "invoices:import")
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["created"]) == ("applied", 1)
    async with system_session(demo) as db:
        assert (await db.execute(select(Invoice).where(Invoice.number == number))).scalar_one()
        event = (
            await db.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "invoice_feed.imported")
                .order_by(AuditEvent.sequence.desc())
                .limit(1)
            )
        ).scalar_one()
        stored = (await db.execute(select(ApiAccessToken.token_hash))).scalars().all()
    assert event.actor_user_id is None and event.after and event.after["api_client_id"] == created["client"]["clientId"]
    assert answer["access_token"] not in stored  # only its digest is kept


async def test_form_client_authentication_and_scope_narrowing(api: Api, api_factory: Any, factory: Any) -> None:
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import", "remittances:import"])
    form = {
        "grant_type": "client_credentials",
        "client_id": created["client"]["clientId"],
        "client_secret": created["clientSecret"],
        "scope": "remittances:import",
    }

    narrowed = await api.http.post("/oauth/token", data=form)
    too_wide = await token(api.http, (await new_client(admin, ["remittances:import"])), "invoices:import")

    assert narrowed.status_code == 200 and narrowed.json()["scope"] == "remittances:import"
    # a token narrowed to remittances does not import invoices
    refused = await post_feed(api.http, narrowed.json()["access_token"], HEADER)
    assert refused.status_code == 403 and refused.json()["error"] == "insufficient_scope"
    challenge = refused.headers["www-authenticate"]  # RFC 6750 section 3: the 403 says what it lacks
    assert challenge.startswith("Bearer ") and 'error="insufficient_scope"' in challenge
    assert 'scope="invoices:import"' in challenge
    assert too_wide.status_code == 400 and too_wide.json()["error"] == "invalid_scope"


async def test_wrong_secret_unknown_client_and_wrong_grant_are_rfc6749_errors(
    api: Api, api_factory: Any, factory: Any
) -> None:
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    client_id = created["client"]["clientId"]

    wrong = await api.http.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=basic(client_id, "nope")
    )
    unknown = await api.http.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": "rc_unknown", "client_secret": "x"}
    )
    grant = await api.http.post("/oauth/token", data={"grant_type": "password"}, headers=basic(client_id, "x"))

    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"


async def test_repeated_wrong_secrets_are_throttled_like_sign_in(api: Api, api_factory: Any, factory: Any) -> None:
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    client_id = created["client"]["clientId"]
    for _ in range(5):
        await api.http.post("/oauth/token", data={"grant_type": "client_credentials"}, headers=basic(client_id, "bad"))

    blocked = await token(api.http, created)

    assert blocked.status_code == 429


async def test_no_token_or_an_unknown_one_is_401(api: Api) -> None:
    missing = await post_feed(api.http, None, HEADER)
    unknown = await post_feed(api.http, "not-a-token", HEADER)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].lower().startswith("bearer")
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_token"


async def test_a_forged_token_made_from_a_real_one_is_401(api: Api, api_factory: Any, factory: Any) -> None:
    admin = await admin_api(api_factory, factory)
    access = (await token(api.http, await new_client(admin, ["invoices:import"]))).json()["access_token"]
    forged = [access[:-1] + ("A" if access[-1] != "A" else "B"), access + "x", access[:-4]]

    answers = [await post_feed(api.http, value, HEADER) for value in forged]

    assert [(a.status_code, a.json()["error"]) for a in answers] == [(401, "invalid_token")] * 3
    assert (await post_feed(api.http, access, HEADER)).status_code == 200


async def test_an_expired_token_is_401(api: Api, api_factory: Any, factory: Any, demo: Any) -> None:
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    access = (await token(api.http, created)).json()["access_token"]
    async with system_session(demo) as db:  # move time: the token was issued 901 seconds ago
        client = (
            await db.execute(select(ApiClient).where(ApiClient.client_id == created["client"]["clientId"]))
        ).scalar_one()
        await db.execute(
            update(ApiAccessToken)
            .where(ApiAccessToken.client_pk == client.id)
            .values(expires_at=utc_now() - timedelta(seconds=1))
        )
        await db.commit()

    response = await post_feed(api.http, access, HEADER)

    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


async def test_a_revoked_clients_token_stops_and_it_gets_no_new_one(
    api: Api, api_factory: Any, factory: Any, demo: Any
) -> None:
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    access = (await token(api.http, created)).json()["access_token"]
    assert (await post_feed(api.http, access, HEADER)).status_code == 200  # works (an empty feed changes nothing)

    revoked = await admin.graphql(REVOKE, {"id": created["client"]["id"]})

    assert revoked["data"]["revokeApiClient"]["client"]["isActive"] is False
    assert [a for a, _ in await audit_trail(demo, created["client"]["id"])][-1] == "admin.api_client_revoked"
    assert (await post_feed(api.http, access, HEADER)).status_code == 401
    again = await token(api.http, created)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"


async def test_session_cookies_do_not_open_machine_endpoints(api: Api, factory: Any) -> None:
    for role, account in (("admin", None), ("customer_admin", await factory.account())):
        user = await factory.user(role, account)
        assert (await api.login(user.email, "correct horse battery")).status_code == 200
        response = await api.http.post(
            "/api/machine/invoices",
            files={"file": ("feed.csv", HEADER.encode(), "text/csv")},
            headers={"x-csrf-token": api.csrf or ""},
        )
        assert response.status_code == 401, role
        await api.logout()


async def test_multipart_upload_and_accept_valid_on_the_machine_endpoint(
    api: Api, api_factory: Any, factory: Any
) -> None:
    admin = await admin_api(api_factory, factory)
    access = (await token(api.http, await new_client(admin, ["invoices:import"]))).json()["access_token"]
    customer, good, bad = unique("C-"), unique("INV-M-"), unique("INV-M-")
    body = HEADER + row(good, customer, 1) + row(bad, customer, 1, amount="1.00")

    response = await api.http.post(
        "/api/machine/invoices",
        params={"accept_valid": "true"},
        files={"file": ("feed.csv", body.encode(), "text/csv")},
        headers={"Authorization": f"Bearer {access}"},
    )

    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["created"], response.json()["rejected_invoices"]) == (
        "partial",
        1,
        [bad],
    )


async def test_only_admins_manage_clients_and_the_secret_is_never_shown_again(
    api: Api, api_factory: Any, factory: Any
) -> None:
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    listed = await admin.graphql("{ apiClients { id clientId name scopes isActive lastUsedAt } }")
    assert created["client"]["id"] in {c["id"] for c in listed["data"]["apiClients"]}
    assert created["clientSecret"] not in str(listed)
    schema_fields = await admin.graphql('{ __type(name: "ApiClient") { fields { name } } }')
    assert "clientSecret" not in {f["name"] for f in schema_fields["data"]["__type"]["fields"]}

    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")
    refused = await api.graphql(CREATE, {"n": "Sneaky", "s": ["invoices:import"]})
    assert refused["data"]["createApiClient"]["__typename"] == "NotPermittedResult"
    not_listed = await api.graphql("{ apiClients { id } }")
    assert not_listed["data"] is None or not_listed["data"]["apiClients"] is None
    bad_scope = await admin.graphql(CREATE, {"n": "ERP", "s": ["everything"]})
    assert bad_scope["data"]["createApiClient"]["__typename"] == "InvalidInputResult"


async def test_the_demo_erp_client_gets_a_token_with_its_printed_secret(api: Api) -> None:
    from backend.demo.seed import DEMO_API_CLIENT_ID, DEMO_API_CLIENT_SECRET

    response = await api.http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "invoices:import"},
        headers=basic(DEMO_API_CLIENT_ID, DEMO_API_CLIENT_SECRET),
    )

    assert response.status_code == 200 and response.json()["scope"] == "invoices:import"


async def test_tokens_live_as_long_as_the_lifetime_setting_says(api_factory: Any, factory: Any, settings: Any) -> None:
    import asyncio
    from dataclasses import replace

    from backend.app import create_app

    # given: an app whose machine tokens live two seconds
    admin = await admin_api(api_factory, factory)
    created = await new_client(admin, ["invoices:import"])
    short_lived = create_app(replace(settings, machine_token_seconds=2))
    client = Api(short_lived)
    try:
        issued = (await token(client.http, created)).json()
        assert issued["expires_in"] == 2
        assert (await post_feed(client.http, issued["access_token"], HEADER)).status_code == 200

        # when: they have passed
        await asyncio.sleep(2.1)

        # then
        expired = await post_feed(client.http, issued["access_token"], HEADER)
        assert expired.status_code == 401 and expired.json()["error"] == "invalid_token"
    finally:
        await client.close()
        await short_lived.state.engine.dispose()
