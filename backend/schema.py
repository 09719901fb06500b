"""The one schema: shared fields plus the portal's and the console's operations.

Assembled here, at the top of ``backend`` beside ``app.py``, because it imports
``archive``, ``portal`` and ``console``, which import ``graphql`` (imports run one way).
"""

from __future__ import annotations

from decimal import Decimal

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from backend.archive.schema import ArchiveMutation, ArchiveQuery
from backend.console.schema import ConsoleMutation, ConsoleReadQuery
from backend.graphql.errors import log_errors
from backend.graphql.executor import ProjectingExecutionContext
from backend.graphql.limits import schema_extensions
from backend.graphql.queries import SharedQuery
from backend.graphql.scalars import DecimalScalar
from backend.portal.schema import PortalMutation, PortalQuery


@strawberry.type
class Query(SharedQuery, ArchiveQuery, PortalQuery, ConsoleReadQuery):
    pass


@strawberry.type
class Mutation(ArchiveMutation, PortalMutation, ConsoleMutation):
    pass


class RecoupSchema(strawberry.Schema):
    """Strawberry's schema, logging each error by what it is (``errors.log_errors``)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        log_errors(errors)


def build_schema(*, production: bool) -> strawberry.Schema:
    """The API schema; introspection is off in production."""
    return RecoupSchema(
        query=Query,
        mutation=Mutation,
        extensions=schema_extensions(production=production),
        config=StrawberryConfig(disable_field_suggestions=True, scalar_map={Decimal: DecimalScalar}),
        execution_context_class=ProjectingExecutionContext,
    )


def schema_sdl() -> str:
    """The SDL committed as ``schema.graphql``."""
    return build_schema(production=False).as_str() + "\n"
