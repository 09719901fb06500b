"""Trusted documents (persisted operations): in production only the frontends' own operations run.

The frontend build writes ``frontend/dist/trusted-documents.json`` (``frontend/scripts/trusted-documents.js``):
every operation in ``frontend/src/**/*.graphql`` with the fragments it spreads, printed by graphql-js, under
the id ``sha256:<hex of the text>``. The browser sends only the hash, in Apollo's persisted-query extension::

    {"operationName": "PortalInvoices", "variables": {...},
     "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<64 hex digits>"}}}

Each document is parsed and validated against the schema once, when the app is built, so a manifest that no
longer fits the schema stops the start (``ManifestError``, a :class:`SettingsError`), not a request. A request
naming a known document runs that document's text, the same string object every time, so after its first use in
the process Strawberry's parser and validation caches answer it with a lookup, no parsing or validating. The
document is resolved first, before the kept answers (``endpoint.py``, keyed by its id) and before Strawberry
reads the body.

Refusals are HTTP 200 with one GraphQL error, ``data`` null, before any resolver runs:

* ``PERSISTED_DOCUMENTS_REQUIRED``: in production, a request that sends query text (or no document at all);
* ``PERSISTED_DOCUMENT_NOT_FOUND``: in any mode, a hash the manifest does not have (in the browser: a page
  loaded before a deploy), or a malformed ``persistedQuery``.

Outside production the text of any query is accepted too (``make run``, the test suites, the reliability
suite's generated operations), and the manifest may be missing (the frontend not built yet).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
    validate,
)
from litestar import Request, Response
from strawberry import Schema
from strawberry.http import GraphQLRequestData
from strawberry.litestar.controller import GraphQLController
from strawberry.types import ExecutionResult

from backend.graphql.limits import MAX_TOKENS
from backend.settings import Settings, SettingsError

MANIFEST_NAME = "trusted-documents.json"
MANIFEST_FORMAT = "recoup-trusted-documents"
ID_PREFIX = "sha256:"
REQUIRED = "PERSISTED_DOCUMENTS_REQUIRED"
NOT_FOUND = "PERSISTED_DOCUMENT_NOT_FOUND"
MESSAGES = {
    REQUIRED: "Only Recoup's own operations run here: send the document id of one, not query text.",
    NOT_FOUND: "Recoup has been updated since this page was loaded: reload the page.",
}
STATE_KEY = "trusted_document"
"""Where a request's resolved :class:`TrustedDocument` is kept (``request.state``, see :func:`trusted_document_of`)."""

log = logging.getLogger("recoup.graphql")


class ManifestError(SettingsError):
    """The manifest is missing in production, unreadable, or names a document that does not fit the schema."""


@dataclass(frozen=True, slots=True)
class TrustedDocument:
    """One operation of the frontends, as the manifest holds it, parsed and validated."""

    id: str
    """``sha256:`` and the hex SHA-256 of ``text``: what kept answers are keyed by."""
    name: str
    text: str
    document: DocumentNode
    is_query: bool


class DocumentRefused(Exception):
    """The request names no trusted document it may run; ``code`` is its ``extensions.code``."""

    def __init__(self, code: str) -> None:
        super().__init__(MESSAGES[code])
        self.code = code

    def result(self) -> ExecutionResult:
        return ExecutionResult(data=None, errors=[GraphQLError(str(self), extensions={"code": self.code})])


def manifest_path(settings: Settings) -> Path:
    """Where the build put the manifest: beside the apps it was built with (``RECOUP_FRONTEND_DIST``)."""
    return settings.frontend_dist / MANIFEST_NAME


def _document(entry: Any, schema: Schema) -> TrustedDocument:
    """One manifest entry, checked: its id is its text's hash, it holds one operation, it fits the schema."""
    name, text, document_id = entry.get("name"), entry.get("body"), entry.get("id")
    if not isinstance(text, str) or document_id != ID_PREFIX + hashlib.sha256(text.encode()).hexdigest():
        raise ManifestError(f"{name}: its id is not the SHA-256 of its text")
    document = parse(text, max_tokens=MAX_TOKENS)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].name is None or operations[0].name.value != name:
        raise ManifestError(f"{name}: a trusted document holds exactly the one operation it is named after")
    errors = validate(schema._schema, document, specified_rules)
    if errors:
        raise ManifestError(f"{name} does not fit the schema: {errors[0].message}")
    is_query = operations[0].operation == OperationType.QUERY
    return TrustedDocument(id=document_id, name=name, text=text, document=document, is_query=is_query)


class TrustedDocuments:
    """The manifest's documents by id, and which requests may run."""

    def __init__(self, documents: list[TrustedDocument], *, required: bool) -> None:
        self.by_id = {document.id: document for document in documents}
        self.required = required

    @classmethod
    def load(cls, path: Path, schema: Schema, *, required: bool) -> TrustedDocuments:
        """Read and check the manifest at ``path``; when ``required`` (production) it must be there."""
        if not path.is_file():
            if required:
                raise ManifestError(f"{path} is missing: production runs only the frontends' operations (build them)")
            log.warning("no trusted documents", extra={"manifest": str(path)})
            return cls([], required=False)
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest.get("format") != MANIFEST_FORMAT or manifest.get("version") != 1:
                raise ManifestError(f"not a {MANIFEST_FORMAT} manifest, version 1")
            documents = [_document(entry, schema) for entry in manifest["documents"]]
        except (ManifestError, ValueError, KeyError, TypeError, AttributeError, GraphQLError) as error:
            raise ManifestError(f"{path}: {error} (rebuild the frontend: make frontend-build)") from error
        return cls(documents, required=required)

    def named(self, name: str) -> TrustedDocument:
        """The document of the operation ``name`` (a ``KeyError`` when the build has none)."""
        for document in self.by_id.values():
            if document.name == name:
                return document
        raise KeyError(f"the build has no operation named {name}")

    def resolve(self, body: dict[str, Any]) -> TrustedDocument | None:
        """The trusted document a request's JSON ``body`` names; ``None`` when it sends text that may run as it is.

        Raises :class:`DocumentRefused` for an unknown or malformed hash, and, when documents are required,
        for text.
        """
        extensions = body.get("extensions")
        if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
            if self.required:
                raise DocumentRefused(REQUIRED)
            return None
        if self.required and body.get("query"):
            raise DocumentRefused(REQUIRED)
        persisted = extensions["persistedQuery"]
        sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        document = self.by_id.get(ID_PREFIX + sha256) if isinstance(sha256, str) else None
        if document is None:
            raise DocumentRefused(NOT_FOUND)
        return document


def persisted_body(document: TrustedDocument, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The request body the frontends send for ``document`` (for programs and tests that act as one)."""
    sha256 = document.id.removeprefix(ID_PREFIX)
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256}}
    return {"operationName": document.name, "variables": variables or {}, "extensions": extensions}


def for_settings(settings: Settings, schema: Schema) -> TrustedDocuments:
    """The build's trusted documents for ``settings``: required in production, where they are all that runs."""
    return TrustedDocuments.load(manifest_path(settings), schema, required=settings.is_production)


def trusted_document_of(request: Request[Any, Any, Any]) -> TrustedDocument | None:
    """The trusted document the request runs (``None`` for text, outside production): ``info.context.request``."""
    document: TrustedDocument | None = request.state.get(STATE_KEY)
    return document


def with_trusted_documents(controller: type[GraphQLController], settings: Settings) -> type[GraphQLController]:
    """``controller`` (``endpoint.graphql_controller``'s) running only trusted documents in production.

    The document is resolved first, before the controller's kept answers (keyed by its id) and before
    Strawberry reads the body; Strawberry then gets the document's text in place of the request's.
    """
    documents = for_settings(settings, controller.schema)  # type: ignore[arg-type]  # built by backend.schema

    class TrustedDocumentsController(controller):  # type: ignore[valid-type, misc]
        # No WebSocket protocols: the schema has no subscriptions, and a socket would carry text past this check.
        protocols = ()

        async def execute_request(self, request: Request[Any, Any, Any], context: Any, root_value: Any) -> Any:
            if request.method == "POST":
                try:
                    body = json.loads(await request.body())
                except ValueError:
                    body = None  # Strawberry answers 400
                try:
                    request.state[STATE_KEY] = documents.resolve(body) if isinstance(body, dict) else None
                except DocumentRefused as refused:
                    log.info("graphql document refused", extra={"code": refused.code})
                    answer = await self.process_result(request, refused.result())
                    return self.create_response(answer, await self.get_sub_response(request))
            return await super().execute_request(request, context, root_value)

        async def execute_operation(
            self,
            request: Request[Any, Any, Any],
            request_adapter: AsyncHTTPRequestAdapter,
            request_data: GraphQLRequestData | list[GraphQLRequestData],
            context: Any,
            root_value: Any,
            sub_response: Response[Any],
        ) -> Any:
            # GET and batches run nothing (as Strawberry answers them here), so nothing passes the check above.
            if request_adapter.method != "POST" or isinstance(request_data, list):
                raise HTTPException(400, "One GraphQL operation per POST.")
            document = trusted_document_of(request)
            if document is not None:
                request_data.query = document.text
            elif documents.required:  # a body that was no JSON object: Strawberry refuses it while parsing
                return DocumentRefused(REQUIRED).result()
            return await super().execute_operation(
                request=request,
                request_adapter=request_adapter,
                request_data=request_data,
                context=context,
                root_value=root_value,
                sub_response=sub_response,
            )

    return TrustedDocumentsController
