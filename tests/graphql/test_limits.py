"""Bounds on what one GraphQL request may cost or reveal (SECURITY.md A1–A3, A5)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLObjectType, build_schema
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from backend.app import create_app
from backend.console import cash, cash_mappings, inbound_mail
from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.models import (
    MatchPattern,
    RemittanceColumnMapping,
    RemittanceImport,
    RemittanceLineRecord,
)
from backend.domain.inbound_mail.models import InboundMessage
from backend.domain.invoices import service as invoices_service
from backend.graphql import limits
from backend.graphql.limits import MAX_ALIASES, MAX_TOKENS
from backend.graphql.trusted_documents import REQUIRED
from backend.schema import schema_sdl
from tests.support.api import Api
from tests.support.spies import count_calls
from tests.support.trusted_documents import production_settings, write_manifest

PASSWORD = "correct horse battery"


async def _as_clerk(api: Api) -> Api:
    assert (await api.login("clerk@recoup.example")).status_code == 200
    return api


# The deepest valid query of today's schema is 6 fields deep, under MAX_DEPTH: the depth cases lower
# the limit for the request, so the refused query is one that would otherwise run.
DEEP_BUT_VALID = "invoices(first: 1) { edges { node { account { aging { current } } } } }"
DEPTH_FOR_TEST = 4


def _over_limit(case: str) -> str:
    aliases = " ".join(f"a{i}: invoices(first: 1) {{ totalCount }}" for i in range(MAX_ALIASES + 1))
    ids = " ".join(["id"] * MAX_TOKENS)
    return {
        "too deep": "{ " + DEEP_BUT_VALID + " }",
        "too deep inside a fragment": "query { ...F } fragment F on Query { " + DEEP_BUT_VALID + " }",
        "too many aliases": "{ " + aliases + " }",
        "too many aliases inside a fragment": "query { ...F } fragment F on Query { " + aliases + " }",
        "too many tokens": "{ invoices(first: 1) { edges { node { " + ids + " } } } }",
    }[case]


ERROR_WORDS = {"too deep": "exceeds maximum operation depth", "too many aliases": "aliases", "too many tokens": "token"}


@pytest.fixture
def resolver_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of the invoice list resolver's domain function, which still does its work."""
    return count_calls(monkeypatch, invoices_service, "list_invoices")


OVER_LIMIT = [
    "too deep",
    "too deep inside a fragment",
    "too many aliases",
    "too many aliases inside a fragment",
    "too many tokens",
]


@pytest.mark.parametrize("case", OVER_LIMIT)
async def test_an_over_limit_query_is_refused_with_no_data_before_any_resolver_runs(
    case: str, api: Api, resolver_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _as_clerk(api)
    if case.startswith("too deep"):
        monkeypatch.setattr(limits, "MAX_DEPTH", DEPTH_FOR_TEST)

    result = await api.graphql(_over_limit(case))

    assert result["data"] is None
    words = next(words for prefix, words in ERROR_WORDS.items() if case.startswith(prefix))
    assert any(words in error["message"].lower() for error in result["errors"]), result["errors"]
    assert resolver_calls == []


async def test_a_query_at_the_limits_runs(api: Api, resolver_calls: list[int]) -> None:
    await _as_clerk(api)
    aliases = " ".join(f"a{i}: invoices(first: 1) {{ totalCount }}" for i in range(MAX_ALIASES))

    deep = await api.graphql("{ " + DEEP_BUT_VALID + " }")
    aliased = await api.graphql("{ " + aliases + " }")

    assert "errors" not in deep and "errors" not in aliased
    assert deep["data"]["invoices"]["edges"][0]["node"]["account"]["aging"]["current"]
    assert len(resolver_calls) == 1 + MAX_ALIASES


async def test_page_size_is_clamped_on_the_server(api: Api, settings: Any) -> None:
    await _as_clerk(api)
    result = await api.graphql("{ invoices(first: 99999999) { edges { cursor } pageInfo { hasNextPage } } }")
    assert len(result["data"]["invoices"]["edges"]) == settings.graphql_page_cap
    assert result["data"]["invoices"]["pageInfo"]["hasNextPage"] is True


PAGED = {
    "Query.collectionsWorklist": (
        "collector",
        "{ collectionsWorklist(first: 99999999, filter: {includeCurrent: true}) { entries { currency } } }",
        ("collectionsWorklist", "entries"),
    ),
    "Query.invoices": ("clerk", "{ invoices(first: 99999999) { edges { cursor } } }", ("invoices", "edges")),
    "Query.customerInvoices": (
        "clerk",
        "query($a: ID!) { customerInvoices(accountId: $a, first: 99999999) { edges { cursor } } }",
        ("customerInvoices", "edges"),
    ),
    "Query.cases": ("clerk", "{ cases(first: 99999999) { edges { cursor } } }", ("cases", "edges")),
    "Query.receivedPayments": (
        "clerk",
        "{ receivedPayments(first: 99999999) { edges { cursor } } }",
        ("receivedPayments", "edges"),
    ),
    "Query.remittanceImports": ("clerk", "{ remittanceImports(first: 99999999) { id } }", ("remittanceImports",)),
    "Query.remittanceImportLines": (
        "clerk",
        "query($i: ID!) { remittanceImportLines(importId: $i, first: 99999999) { items { id } } }",
        ("remittanceImportLines", "items"),
    ),
    "Query.remittanceExceptions": (
        "clerk",
        "query($c: String!) { remittanceExceptions(customer: $c, first: 99999999) { items { id } } }",
        ("remittanceExceptions", "items"),
    ),
    "Query.cashMatchPatterns": (
        "clerk",
        "{ cashMatchPatterns(first: 99999999) { items { id } } }",
        ("cashMatchPatterns", "items"),
    ),
    "Query.remittanceColumnMappings": (
        "clerk",
        "{ remittanceColumnMappings(first: 99999999) { items { id } } }",
        ("remittanceColumnMappings", "items"),
    ),
    "Query.inboundMessages": (
        "clerk",
        "{ inboundMessages(first: 99999999) { items { id } } }",
        ("inboundMessages", "items"),
    ),
    "Query.orders": ("clerk", "{ orders(first: 99999999) { edges { cursor } } }", ("orders", "edges")),
    "Query.orderDiscrepancies": (
        "clerk",
        "{ orderDiscrepancies(first: 99999999) { edges { cursor } } }",
        ("orderDiscrepancies", "edges"),
    ),
    "Query.disputes": ("customer", "{ disputes(first: 99999999) { edges { cursor } } }", ("disputes", "edges")),
    "Query.searchDocuments": (
        "customer",
        "query($q: String!) { searchDocuments(query: $q, first: 99999999) { edges { node { id } } } }",
        ("searchDocuments", "edges"),
    ),
    "CustomerAccount.payments": (
        "customer",
        "{ viewer { account { payments(first: 99999999) { edges { cursor } } } } }",
        ("viewer", "account", "payments", "edges"),
    ),
}


def _page_size_fields() -> set[str]:
    schema = build_schema(schema_sdl())
    return {
        f"{type_.name}.{name}"
        for type_ in schema.type_map.values()
        if isinstance(type_, GraphQLObjectType) and not type_.name.startswith("__")
        for name, field in type_.fields.items()
        if "first" in field.args
    }


async def _three_of_everything(factory: Any, demo: Any) -> dict[str, Any]:
    """A customer with three disputes and three documents naming one word, an import with three exception lines."""
    account = await factory.account()
    word = f"clampword{uuid.uuid4().hex[:8]}"
    for _ in range(3):
        dispute = await factory.dispute(await factory.invoice(account, total=Decimal("10.00")))
        await factory.document(account.id, text=f"Delivery note {word}", dispute=dispute)
    customer_number = f"CLAMP{uuid.uuid4().hex[:8]}"
    async with system_session(demo) as db:
        imports = [
            RemittanceImport(
                sha256=uuid.uuid4().hex * 2,
                filename="clamp.csv",
                status="rejected",
                line_count=3,
                imported_at=utc_now(),
            )
            for _ in range(3)
        ]
        db.add_all(imports)
        await db.flush()
        db.add_all(
            RemittanceLineRecord(import_id=imports[0].id, line=n, status="exception", customer_number=customer_number)
            for n in range(1, 4)
        )
        db.add_all(
            MatchPattern(account_id=account.id, target="number", from_end=n, groups=1, example_reference="R 1 2 3",
                         example_invoice="INV-1", confirmed=1, contradicted=0, applied=0, learned_at=utc_now())
            for n in range(1, 4)
        )  # fmt: skip
        db.add_all(
            RemittanceColumnMapping(account_id=account.id, header_key=f"{n}" * 64, header=["A", "B"],
                                    columns={"invoice_reference": 0, "paid_amount": 1}, saved_at=utc_now())
            for n in range(1, 4)
        )  # fmt: skip
        db.add_all(
            InboundMessage(sha256=uuid.uuid4().hex * 2, source="upload", received_at=utc_now(), status="dismissed")
            for _ in range(3)
        )
        await db.commit()
    for _ in range(3):
        await factory.order(account, await factory.invoice(account, total=Decimal("10.00")))
    customer = await factory.user("customer_user", account)
    payer = await factory.user("customer_user", await _demo_account(demo, "Northwind Traders"))
    return {"customer": customer, "payer": payer, "word": word, "import": str(imports[0].id), "number": customer_number,
            "account": str(account.id)}  # fmt: skip


async def _demo_account(demo: Any, name: str) -> Any:
    async with system_session(demo) as db:
        return (await db.execute(select(CustomerAccount).where(CustomerAccount.name == name))).scalar_one()


async def test_every_page_size_argument_is_clamped_on_the_server(
    settings: Any, demo: Any, factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a cap of 2 on every page (the cash pages have their own), and at least 3 of everything
    assert set(PAGED) == _page_size_fields(), "a field with a page size argument has no row in PAGED"
    monkeypatch.setattr(cash, "MAX_PAGE", 2)
    monkeypatch.setattr(cash_mappings, "MAX_PAGE", 2)
    monkeypatch.setattr(inbound_mail, "MAX_PAGE", 2)
    world = await _three_of_everything(factory, demo)
    app = create_app(replace(settings, graphql_page_cap=2))
    clients = {"clerk": Api(app), "customer": Api(app), "collector": Api(app)}
    try:
        await clients["clerk"].login((await factory.user("ar_clerk")).email, PASSWORD)
        await clients["collector"].login((await factory.user("collector")).email, PASSWORD)
        sizes: dict[str, int] = {}
        for field, (who, query, path) in sorted(PAGED.items()):
            if field == "CustomerAccount.payments":
                await clients["customer"].login(world["payer"].email, PASSWORD)
            elif who == "customer":
                await clients["customer"].login(world["customer"].email, PASSWORD)
            # when: each asks for 99,999,999 items
            variables = {"i": world["import"], "c": world["number"], "q": world["word"], "a": world["account"]}
            result = await clients[who].graphql(query, variables)
            assert "errors" not in result, (field, result)
            found: Any = result["data"]
            for key in path:
                found = found[key]
            sizes[field] = len(found)
    finally:
        for client in clients.values():
            await client.close()
        await app.state.engine.dispose()

    # then: every page holds the cap, not what was asked
    assert sizes == dict.fromkeys(PAGED, 2)


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


async def test_introspection_is_off_in_production_and_on_in_development(
    settings: Any, demo: Any, tmp_path: Path
) -> None:
    # production runs only trusted documents: even one that introspects is refused there
    introspect = "query Introspect { __schema { queryType { name } } }"
    trusted = write_manifest(tmp_path, introspect)
    production = create_app(production_settings(settings, tmp_path))
    development = create_app(settings)
    for app, allowed in ((production, False), (development, True)):
        client = Api(app, base_url="https://127.0.0.1" if not allowed else "http://127.0.0.1")
        try:
            if allowed:
                result = await client.graphql(introspect)
            else:
                result = await client.graphql_document(trusted["Introspect"])
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


async def test_production_refuses_type_lookups_suggests_no_fields_and_serves_no_queries_over_get(
    settings: Any, demo: Any, tmp_path: Path
) -> None:
    trusted = write_manifest(tmp_path, 'query TypeLookup { __type(name: "Invoice") { fields { name } } }')
    app = create_app(production_settings(settings, tmp_path))
    client = Api(app, base_url="https://127.0.0.1")
    try:
        type_lookup = await client.graphql_document(trusted["TypeLookup"])
        # a misspelled field cannot be a trusted document (the manifest would not load): as text it is refused unread
        misspelled = await client.graphql('{ invoice(id: "x") { numbr } }')
        over_get = await client.http.get("/graphql", params={"query": "{ viewer { email } }"})
    finally:
        await client.close()
        await app.state.engine.dispose()

    assert type_lookup["data"] is None and "introspection" in type_lookup["errors"][0]["message"].lower()
    assert misspelled["data"] is None and misspelled["errors"][0]["extensions"]["code"] == REQUIRED
    assert "Did you mean" not in misspelled["errors"][0]["message"]
    assert over_get.status_code == 400 and "data" not in over_get.text


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
    monkeypatch.setattr(limits, "MAX_DEPTH", DEPTH_FOR_TEST)
    for _ in range(2):
        refused = await api.graphql("{ " + DEEP_BUT_VALID + " }")
        assert refused["data"] is None and "exceeds maximum operation depth" in refused["errors"][0]["message"]


MISSPELLED = {
    "argument": ("query { invoices(frist: 3) { totalCount } }", None),
    "enum value": ("query { invoices(filter: {status: [OPN]}) { totalCount } }", None),
    "input field": ('query { invoices(filter: {serch: "x"}) { totalCount } }', None),
    "type name": ("query($f: InvoiceFiltr) { invoices(filter: $f) { totalCount } }", None),
    "variable's enum value": (
        "query($f: InvoiceFilter) { invoices(filter: $f) { totalCount } }",
        {"f": {"status": ["OPN"]}},
    ),
    "variable's field": ("query($f: InvoiceFilter) { invoices(filter: $f) { totalCount } }", {"f": {"serch": "x"}}),
}


@pytest.mark.parametrize("kind", list(MISSPELLED))
async def test_production_spells_out_no_part_of_the_schema_for_any_kind_of_misspelling(kind: str) -> None:
    """Production's schema answers each misspelling without "Did you mean …?" (the trusted-documents gate in front
    of it refuses query text anyway; variables still reach it). Development keeps the hint for developers, but
    never for fields (Strawberry's ``disable_field_suggestions``)."""
    from backend.graphql.errors import without_suggestions
    from backend.schema import build_schema as build_api_schema

    query, variables = MISSPELLED[kind]
    production = await build_api_schema(production=True).execute(query, variable_values=variables)
    development = await build_api_schema(production=False).execute(query, variable_values=variables)

    assert production.errors and development.errors
    assert all("Did you mean" not in error.message for error in production.errors), production.errors
    assert any("Did you mean" in error.message for error in development.errors), development.errors
    assert [without_suggestions(e.message) for e in development.errors] == [e.message for e in production.errors]


async def test_in_production_a_misspelled_enum_in_a_trusted_documents_variables_gets_no_suggestion(
    settings: Any, demo: Any, tmp_path: Path
) -> None:
    trusted = write_manifest(
        tmp_path, "query Filtered($f: InvoiceFilter) { invoices(first: 3, filter: $f) { totalCount } }"
    )
    app = create_app(production_settings(settings, tmp_path))
    client = Api(app, base_url="https://127.0.0.1")
    try:
        await client.login("clerk@recoup.example")
        answer = await client.graphql_document(trusted["Filtered"], {"f": {"status": ["OPN"], "serch": "x"}})
    finally:
        await client.close()
        await app.state.engine.dispose()

    assert answer["data"] is None and answer["errors"]
    assert all("Did you mean" not in error["message"] for error in answer["errors"])
