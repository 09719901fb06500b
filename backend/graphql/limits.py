"""The extensions that bound what one GraphQL request may cost or reveal."""

from __future__ import annotations

from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from backend.graphql.errors import should_mask

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000


def schema_extensions(*, production: bool) -> list[SchemaExtension | type[SchemaExtension]]:
    """Limits first, then caches; introspection only outside production."""
    extensions: list[SchemaExtension | type[SchemaExtension]] = [
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        MaskErrors(should_mask_error=should_mask, error_message="Unexpected error."),
        ParserCache(maxsize=256),
        ValidationCache(maxsize=256),
    ]
    if production:
        extensions.insert(0, DisableIntrospection())
    return extensions
