"""The extensions that bound what one GraphQL request may cost or reveal."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from graphql.validation import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from backend.graphql.errors import MaskUnexpectedErrors, should_mask
from backend.graphql.text_input import RefuseNulText

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000


@cache
def _limit_rules(max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """The depth and alias rules, one set per pair of limits.

    Strawberry's limiters build a new validation-rule class per instance, and the validation cache is keyed by
    the rule classes: with a fresh instance per request every request missed the cache and was validated again
    (~12 % of an invoice page's time). Each request's extension reuses these.
    """
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    )


def schema_extensions(*, production: bool) -> list[Callable[[], SchemaExtension]]:
    """Limits first, then caches, then the NUL check; introspection and "Did you mean …?" only outside production.

    Factories, so each request gets fresh extension instances (the parser and
    validation caches live at module level in Strawberry and are shared anyway).
    """
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules(list(_limit_rules(MAX_DEPTH, MAX_ALIASES))),
        lambda: MaskUnexpectedErrors(
            should_mask_error=should_mask, error_message="Unexpected error.", hide_suggestions=production
        ),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        RefuseNulText,  # after the validation cache, which sets the validation errors it remembers
    ]
    if production:
        extensions.insert(0, DisableIntrospection)
    return extensions
