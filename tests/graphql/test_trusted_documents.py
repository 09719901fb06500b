"""Trusted documents (SECURITY.md A): in production only the frontends' own operations run, sent by their id."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)
from graphql.language import REMOVE, Visitor
from litestar import Litestar
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import TestClient
from strawberry.litestar.controller import GraphQLController
from strawberry.schema import schema as strawberry_schema

from backend.app import create_app
from backend.graphql.trusted_documents import (
    MANIFEST_NAME,
    MESSAGES,
    NOT_FOUND,
    REQUIRED,
    ManifestError,
    TrustedDocuments,
    trusted_document_of,
)
from backend.portal.mutations import file_dispute as file_dispute_resolver
from backend.schema import build_schema
from backend.settings import PROJECT_ROOT
from tests.authz.footprint import row_counts
from tests.support.api import Api
from tests.support.spies import count_calls
from tests.support.trusted_documents import production_settings, write_manifest

PASSWORD = "correct horse battery"
FILE_DISPUTE = """mutation FileDispute($input: FileDisputeInput!) {
  fileDispute(input: $input) {
    __typename
    ... on DisputeFiled { dispute { id status amount } }
    ... on InvalidInputResult { errors { field message } }
  }
}"""
INVOICES = "query PortalInvoices { invoices(first: 5) { totalCount } }"


def _refusal(code: str) -> dict[str, Any]:
    return {"data": None, "errors": [{"message": MESSAGES[code], "extensions": {"code": code}}]}


def _filing(invoice: Any) -> dict[str, Any]:
    return {
        "input": {
            "invoiceId": str(invoice.id),
            "reasonCode": "DAMAGED",
            "amount": "10.00",
            "description": "Two cases arrived crushed.",
            "idempotencyKey": uuid.uuid4().hex,
        }
    }


@pytest.fixture
async def production(settings: Any, demo: Any, tmp_path: Path) -> AsyncIterator[tuple[Litestar, dict[str, str]]]:
    """A production app whose build trusts the filing and the invoice list; their hashes by name."""
    trusted = write_manifest(tmp_path, FILE_DISPUTE, INVOICES)
    app = create_app(production_settings(settings, tmp_path))
    yield app, trusted
    await app.state.engine.dispose()


@pytest.fixture
def filings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts calls of the filing resolver's domain function, which still does its work."""
    return count_calls(monkeypatch, file_dispute_resolver, "file_dispute")


async def test_in_production_a_browser_runs_trusted_documents_only_and_a_refused_operation_changes_nothing(
    production: tuple[Litestar, dict[str, str]], factory: Any, demo: Any, filings: list[int]
) -> None:
    # given: a customer signed in in a browser (session cookie, CSRF header) on a production server
    app, trusted = production
    account = await factory.account()
    invoice = await factory.invoice(account)
    user = await factory.user("customer_user", account)
    browser = Api(app, base_url="https://127.0.0.1")
    try:
        assert (await browser.login(user.email, PASSWORD)).status_code == 200
        before = await row_counts(demo)

        # when: the filing arrives as text, as text under a known id, under an id the build never made, and malformed
        as_text = await browser.graphql(FILE_DISPUTE, _filing(invoice))
        text_and_id = await browser._result(
            browser.post_body(
                {
                    "query": FILE_DISPUTE,
                    "variables": _filing(invoice),
                    "extensions": {"persistedQuery": {"version": 1, "sha256Hash": trusted["FileDispute"]}},
                }
            )
        )
        unknown = await browser.graphql_document("0" * 64, _filing(invoice))
        malformed = await browser._result(browser.post_body({"extensions": {"persistedQuery": ["FileDispute"]}}))
        after_refusals = await row_counts(demo)
        refused_filings = len(filings)

        # and: by the ids the build made
        filed = await browser.graphql_document(trusted["FileDispute"], _filing(invoice))
        listed = await browser.graphql_document(trusted["PortalInvoices"])
    finally:
        await browser.close()

    # then: the refusals are typed, ran no resolver and left every table as it was; the trusted ones ran
    assert as_text == text_and_id == _refusal(REQUIRED)
    assert unknown == malformed == _refusal(NOT_FOUND)
    assert refused_filings == 0 and after_refusals == before
    assert filed["data"]["fileDispute"]["__typename"] == "DisputeFiled", filed
    assert listed == {"data": {"invoices": {"totalCount": 1}}}


async def test_a_customers_trusted_query_asked_again_is_a_kept_answer(
    production: tuple[Litestar, dict[str, str]], factory: Any
) -> None:
    # given: a customer who has listed their invoices once, by the list's id
    app, trusted = production
    account = await factory.account()
    await factory.invoice(account)
    user = await factory.user("customer_user", account)
    browser = Api(app, base_url="https://127.0.0.1")
    cache = app.state.response_cache
    try:
        assert (await browser.login(user.email, PASSWORD)).status_code == 200
        first = await browser.graphql_document(trusted["PortalInvoices"])
        hits = cache.hits

        # when: the same list again
        second = await browser.graphql_document(trusted["PortalInvoices"])
    finally:
        await browser.close()

    # then: the same answer, kept (by the document's id: the request has no text)
    assert second == first == {"data": {"invoices": {"totalCount": 1}}}
    assert cache.hits == hits + 1


async def test_outside_production_text_and_trusted_ids_both_run_and_an_unknown_id_does_not(
    settings: Any, demo: Any, tmp_path: Path
) -> None:
    trusted = write_manifest(tmp_path, INVOICES)
    app = create_app(replace(settings, frontend_dist=tmp_path))
    api = Api(app)
    try:
        assert (await api.login("clerk@recoup.example")).status_code == 200
        as_text = await api.graphql(INVOICES)
        by_id = await api.graphql_document(trusted["PortalInvoices"])
        unknown = await api.graphql_document("f" * 64)
    finally:
        await api.close()
        await app.state.engine.dispose()

    assert as_text == by_id and as_text["data"]["invoices"]["totalCount"] > 0
    assert unknown == _refusal(NOT_FOUND)


async def test_strawberry_gets_the_manifests_own_text_validates_it_once_and_the_request_names_the_document(
    production: tuple[Litestar, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: what Strawberry is handed, what it validates and what the request carries, watched
    app, trusted = production
    validated: list[int] = []
    real_validate = strawberry_schema.validate
    monkeypatch.setattr(strawberry_schema, "validate", lambda *a, **k: validated.append(1) or real_validate(*a, **k))
    handed: list[tuple[Any, Any]] = []
    real_single = GraphQLController.execute_single

    async def single(self: Any, **kwargs: Any) -> Any:
        handed.append((kwargs["request_data"].query, trusted_document_of(kwargs["request"])))
        return await real_single(self, **kwargs)

    monkeypatch.setattr(GraphQLController, "execute_single", single)
    browser = Api(app, base_url="https://127.0.0.1")
    try:
        assert (await browser.login("clerk@recoup.example")).status_code == 200

        # when: the list is asked for three times
        answers = [await browser.graphql_document(trusted["PortalInvoices"]) for _ in range(3)]
    finally:
        await browser.close()

    # then: each time the same string object of the manifest, so the parser and validation caches hit by identity
    assert all("errors" not in answer for answer in answers)
    assert len(validated) <= 1
    documents = {document for _, document in handed}
    (document,) = documents
    assert document is not None and document.id == f"sha256:{trusted['PortalInvoices']}"
    assert all(text is document.text for text, _ in handed)


def test_no_operation_runs_over_a_websocket(settings: Any, demo: Any) -> None:
    # the schema has no subscriptions; a socket would carry query text past the trusted documents
    app = create_app(settings)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        with pytest.raises(WebSocketDisconnect) as closed:
            with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket:
                socket.send_json({"type": "connection_init"})
                socket.receive_json()

    assert closed.value.code == 4406


STALE = "query Stale { invoices(first: 1) { numbr } }"


@pytest.mark.parametrize("case", ["missing in production", "does not fit the schema", "id is not its hash"])
def test_a_manifest_that_cannot_be_trusted_stops_the_start(case: str, settings: Any, tmp_path: Path) -> None:
    if case == "does not fit the schema":
        write_manifest(tmp_path, STALE)
    if case == "id is not its hash":
        write_manifest(tmp_path, INVOICES)
        manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
        manifest["documents"][0]["body"] = INVOICES.replace("first: 5", "first: 100")
        (tmp_path / MANIFEST_NAME).write_text(json.dumps(manifest))
    chosen = production_settings(settings, tmp_path) if case == "missing in production" else settings

    with pytest.raises(ManifestError) as refused:
        create_app(replace(chosen, frontend_dist=tmp_path))

    assert {"missing in production": "missing", "does not fit the schema": "Stale", "id is not its hash": "SHA-256"}[
        case
    ] in str(refused.value)


def test_development_starts_without_a_manifest(settings: Any, tmp_path: Path) -> None:
    create_app(replace(settings, frontend_dist=tmp_path))


FRONTEND = PROJECT_ROOT / "frontend"
CLIENT_MODULE = FRONTEND / "src/shared/graphql/documentIds.ts"


def _spread(node: Any, fragments: dict[str, FragmentDefinitionNode], found: set[str]) -> set[str]:
    for name in [n.name.value for n in _nodes(node, FragmentSpreadNode)]:
        if name not in found:
            found.add(name)
            _spread(fragments[name], fragments, found)
    return found


def _nodes(node: Any, kind: type) -> list[Any]:
    seen: list[Any] = []

    class Collect(Visitor):
        def enter(self, node: Any, *_: Any) -> None:
            if isinstance(node, kind):
                seen.append(node)

    visit(node, Collect())
    return seen


def _without_typenames(node: Any) -> str:
    class Strip(Visitor):
        def enter_field(self, field: FieldNode, *_: Any) -> Any:
            return REMOVE if field.name.value == "__typename" else None

    return print_ast(visit(node, Strip()))


def test_the_built_manifest_holds_every_frontend_operation_as_written_and_the_client_module_matches_it() -> None:
    manifest = FRONTEND / "dist" / MANIFEST_NAME
    assert manifest.is_file() and CLIENT_MODULE.is_file(), "build the frontend first: npm --prefix frontend run build"
    # given: the operations and fragments as the frontends' .graphql files have them
    written: list[Any] = []
    for path in sorted((FRONTEND / "src").rglob("*.graphql")):
        written += parse(path.read_text()).definitions
    operations = {d.name.value: d for d in written if isinstance(d, OperationDefinitionNode)}
    fragments = {d.name.value: d for d in written if isinstance(d, FragmentDefinitionNode)}

    # when: the built manifest is loaded as production loads it (ids are hashes, documents fit today's schema)
    loaded = TrustedDocuments.load(manifest, build_schema(production=True), required=True)
    built = {document.name: document for document in loaded.by_id.values()}

    # then: one document per operation, holding it as written (plus urql's __typename) and the fragments it spreads
    assert sorted(built) == sorted(operations) and len(operations) > 50
    for name, document in built.items():
        trusted: DocumentNode = document.document
        (operation,) = (d for d in trusted.definitions if isinstance(d, OperationDefinitionNode))
        used = {d.name.value: d for d in trusted.definitions if isinstance(d, FragmentDefinitionNode)}
        assert set(used) == _spread(operations[name], fragments, set()), name
        assert _without_typenames(operation) == _without_typenames(operations[name]), name
        assert all(_without_typenames(used[f]) == _without_typenames(fragments[f]) for f in used), name
    # and: the client sends exactly these ids
    client = dict(re.findall(r"^\s+(\w+): '(sha256:[0-9a-f]{64})',$", CLIENT_MODULE.read_text(), re.MULTILINE))
    assert client == {name: document.id for name, document in built.items()}
