"""Refuse text that PostgreSQL cannot store: a NUL character anywhere in a request's strings.

PostgreSQL's text types have no NUL; a string holding one fails inside the database driver wherever
it is bound (an idempotency key, a note, a search), which surfaced as a masked server error
(found by the reliability run's generated operations). One check before validation answers
every field alike, for literals in the document and for variables.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

NUL = "\x00"
MESSAGE = "Text cannot contain the NUL character (\\u0000)."


def holds_nul(value: Any) -> bool:
    """True when ``value`` (decoded JSON: strings, lists, objects) has a NUL in any string, key included."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_nul(v) for v in value)
    return False


class _FindNul(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        self.found = self.found or NUL in node.value


@lru_cache(maxsize=256)
def _literal_holds_nul(document: DocumentNode) -> bool:
    """Whether a string literal of ``document`` holds NUL.

    Remembered per document: the parser cache hands out one document object per text, so a repeated
    operation (every trusted document) is walked once per process, not on every request.
    """
    finder = _FindNul()
    visit(document, finder)
    return finder.found


class RefuseNulText(SchemaExtension):
    """A request whose strings hold NUL gets one GraphQL error and is not executed."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if (document is not None and _literal_holds_nul(document)) or holds_nul(context.variables):
            context.pre_execution_errors = [*(context.pre_execution_errors or []), GraphQLError(MESSAGE)]
        yield
