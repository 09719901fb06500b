"""``POST /graphql``: Strawberry's Litestar controller with what the request path needs around it.

* Answers a customer already had are sent again from ``backend.graphql.response_cache`` when nothing they
  can see has changed, before any parsing, validation or resolver work.
* Answers are encoded with msgspec (bytes straight from the result, faster than ``json.dumps``).
* The empty response object Strawberry asks for per request is made on the event loop, not in a worker
  thread (Strawberry's default provider runs it with ``sync_to_thread``: a thread hop per request).
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

import msgspec
from graphql import DocumentNode, GraphQLError, OperationType, get_operation_ast, parse
from litestar import Request, Response
from litestar.background_tasks import BackgroundTasks
from litestar.di import Provide
from litestar.enums import MediaType
from litestar.types import AnyCallable
from strawberry import Schema
from strawberry.litestar import make_graphql_controller
from strawberry.types import ExecutionResult

from backend.graphql.context import Context
from backend.graphql.response_cache import AnswerKey, ResponseCache, document_digest
from backend.graphql.trusted_documents import trusted_document_of

_CLEAN = "recoup_graphql_clean"


def _empty_response() -> Response[Any]:
    return Response({}, background=BackgroundTasks([]))


@functools.lru_cache(maxsize=512)
def _is_query(query: str, operation_name: str | None) -> bool:
    """True when the operation the request names is a query (a parse error is not: Strawberry reports it)."""
    try:
        document: DocumentNode = parse(query, max_tokens=5000)
    except GraphQLError:
        return False
    operation = get_operation_ast(document, operation_name)
    return operation is not None and operation.operation == OperationType.QUERY


async def answer_key(request: Request[Any, Any, Any], context: Context) -> AnswerKey | None:
    """The key of this request's answer when it may be kept: a signed-in customer's query. None otherwise."""
    principal, user = context.principal, context.user
    if principal is None or user is None or principal.is_staff or principal.account_id is None:
        return None
    try:
        body = msgspec.json.decode(await request.body())
    except msgspec.DecodeError:
        return None
    if not isinstance(body, dict):
        return None
    query, variables, operation_name = body.get("query"), body.get("variables"), body.get("operationName")
    if not isinstance(variables, dict | None) or not isinstance(operation_name, str | None):
        return None
    trusted = trusted_document_of(request)
    if trusted is not None:  # what the frontends send: its id names the text
        if not trusted.is_query:
            return None
        document = f"{trusted.id}\n{operation_name or ''}"
    elif isinstance(query, str) and _is_query(query, operation_name):
        document = document_digest(query, operation_name)
    else:
        return None
    return AnswerKey(
        user_id=principal.user_id,
        account_id=principal.account_id,
        role=principal.role,
        document=document,
        variables=msgspec.json.encode(variables or {}, order="sorted"),
        today=context.today,
        data_version=user.data_version,
    )


def graphql_controller(
    schema: Schema, *, production: bool, context_getter: AnyCallable, cache: ResponseCache | None
) -> type[Any]:
    """The controller class to register at ``/graphql``."""
    base: Any = make_graphql_controller(
        schema,
        path="/graphql",
        graphql_ide=None if production else "graphiql",
        allow_queries_via_get=False,
        context_getter=context_getter,
        multipart_uploads_enabled=False,
    )

    class GraphQLEndpoint(base):  # type: ignore[misc, valid-type]
        dependencies: ClassVar[dict[str, Provide]] = {
            **base.dependencies,
            "response": Provide(_empty_response, sync_to_thread=False),
        }

        def encode_json(self, data: object) -> bytes:
            return msgspec.json.encode(data)

        async def process_result(self, request: Request[Any, Any, Any], result: ExecutionResult) -> Any:
            request.scope["state"][_CLEAN] = not result.errors
            return await super().process_result(request, result)

        async def execute_request(
            self, request: Request[Any, Any, Any], context: Any, root_value: Any
        ) -> Response[Any]:
            key = await answer_key(request, context) if cache is not None and request.method == "POST" else None
            if key is not None:
                assert cache is not None
                kept = cache.get(key)
                if kept is not None:
                    return Response(kept, media_type=MediaType.JSON)
            response: Response[Any] = await super().execute_request(request, context, root_value)
            if key is not None and response.status_code == 200 and request.scope["state"].get(_CLEAN):
                assert cache is not None
                cache.put(key, response.content)
            return response

    return GraphQLEndpoint
