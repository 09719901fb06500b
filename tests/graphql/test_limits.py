"""Bounds on what one GraphQL request may cost or reveal (SECURITY.md A1–A3, A5)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from backend.app import create_app
from backend.domain.invoices import service as invoices_service
from backend.graphql.limits import MAX_ALIASES, MAX_DEPTH
from tests.support.api import Api


async def _as_clerk(api: Api) -> Api:
    assert (await api.login("clerk@recoup.example")).status_code == 200
    return api


async def test_too_deep_query_is_refused_before_any_resolver_runs(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    await _as_clerk(api)
    called: list[int] = []

    async def spy(*args: Any, **kwargs: Any) -> None:
        called.append(1)

    monkeypatch.setattr(invoices_service, "list_invoices", spy)
    selection = "id"
    for _ in range(MAX_DEPTH + 1):
        selection = f"account {{ {selection} }}"
    deep = "{ invoices { edges { node { " + selection + " } } } }"
    hidden = "query { ...F } fragment F on Query { invoices { edges { node { " + selection + " } } } }"

    for query in (deep, hidden):
        result = await api.graphql(query)
        assert result["data"] is None
        assert any("exceeds maximum operation depth" in error["message"] for error in result["errors"])
    assert called == []


async def test_too_many_aliases_are_refused_also_inside_a_fragment(api: Api) -> None:
    await _as_clerk(api)
    aliases = " ".join(f"a{i}: viewer {{ email }}" for i in range(MAX_ALIASES + 1))
    plain = await api.graphql("{ " + aliases + " }")
    hidden = await api.graphql("query { ...F } fragment F on Query { " + aliases + " }")
    for result in (plain, hidden):
        assert result["data"] is None
        assert "aliases" in result["errors"][0]["message"].lower()


async def test_too_many_tokens_are_refused(api: Api) -> None:
    await _as_clerk(api)
    fields = " ".join(["email"] * 2100)
    result = await api.graphql("{ viewer { " + fields + " } }")
    assert result["data"] is None
    assert "token" in result["errors"][0]["message"].lower()


async def test_page_size_is_clamped_on_the_server(api: Api, settings: Any) -> None:
    await _as_clerk(api)
    result = await api.graphql("{ invoices(first: 99999999) { edges { cursor } pageInfo { hasNextPage } } }")
    assert len(result["data"]["invoices"]["edges"]) == settings.graphql_page_cap
    assert result["data"]["invoices"]["pageInfo"]["hasNextPage"] is True


async def test_misspelled_field_error_gives_no_suggestions(api: Api) -> None:
    await _as_clerk(api)
    result = await api.graphql('{ invoice(id: "x") { numbr } }')
    message = result["errors"][0]["message"]
    assert "numbr" in message and "Did you mean" not in message


async def test_database_errors_are_masked(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    await _as_clerk(api)

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("SELECT secret_column FROM invoices", {}, Exception("password authentication failed"))

    monkeypatch.setattr(invoices_service, "list_invoices", broken)
    response = await api.post_graphql("{ invoices { totalCount } }")

    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == "Unexpected error."
    assert "secret_column" not in response.text and "password" not in response.text


async def test_bad_cursor_is_a_plain_error(api: Api) -> None:
    await _as_clerk(api)
    result = await api.graphql('{ invoices(after: "not-a-cursor") { totalCount } }')
    assert result["errors"][0]["message"] == "The paging cursor is not valid; start from the first page."


async def test_introspection_is_off_in_production_and_on_in_development(settings: Any, demo: Any) -> None:
    production = create_app(replace(settings, environment="production", cookie_secure=True))
    development = create_app(settings)
    for app, allowed in ((production, False), (development, True)):
        client = Api(app, base_url="https://127.0.0.1" if not allowed else "http://127.0.0.1")
        try:
            result = await client.graphql("{ __schema { queryType { name } } }")
            if allowed:
                assert result["data"]["__schema"]["queryType"]["name"] == "Query"
            else:
                assert result["data"] is None
                assert "introspection" in result["errors"][0]["message"].lower()
            ide = await client.http.get("/graphql", headers={"accept": "text/html"})
            assert (ide.status_code == 200) == allowed
        finally:
            await client.close()
            await app.state.engine.dispose()


async def test_a_repeated_query_is_validated_once_and_still_limited(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    # given the validation step counted
    from strawberry.schema import schema as strawberry_schema

    validated: list[int] = []
    original = strawberry_schema.validate

    def counting(*args: Any, **kwargs: Any) -> Any:
        validated.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "validate", counting)
    await _as_clerk(api)
    query = "query Repeated { invoices(first: 3) { totalCount } }"

    # when the same query arrives three times
    answers = [await api.graphql(query) for _ in range(3)]

    # then it is answered each time but validated at most once (the cache is keyed by the limit rules)
    assert all("errors" not in answer for answer in answers)
    assert len(validated) <= 1
    too_deep = (
        "{ invoices { edges { node { " + "account { " * (MAX_DEPTH + 1) + "id" + " }" * (MAX_DEPTH + 1) + " } } } }"
    )
    for _ in range(2):
        assert (await api.graphql(too_deep))["data"] is None
