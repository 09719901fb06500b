"""Refuse text that PostgreSQL cannot store: a NUL character anywhere in a request's strings.

PostgreSQL's text types have no NUL; a string holding one fails inside the database driver wherever
it is bound (an idempotency key, a note, a search), which surfaced as a masked server error
(found by the reliability run's generated operations). One check before validation answers
every field alike, for literals in the document and for variables.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
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


_DOCUMENTS_SEEN = 512
_documents: OrderedDict[int, tuple[DocumentNode, bool]] = OrderedDict()


def _literals_hold_nul(document: DocumentNode) -> bool:
    """Whether a string literal of ``document`` holds NUL; remembered per parsed document (the parser cache hands
    out the same one for the same text), kept with the document so its id stays its own."""
    seen = _documents.get(id(document))
    if seen is not None and seen[0] is document:
        return seen[1]
    finder = _FindNul()
    visit(document, finder)
    _documents[id(document)] = (document, finder.found)
    if len(_documents) > _DOCUMENTS_SEEN:
        _documents.popitem(last=False)
    return finder.found


class RefuseNulText(SchemaExtension):
    """A request whose strings hold NUL gets one GraphQL error and is not executed."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if (document is not None and _literals_hold_nul(document)) or holds_nul(context.variables):
            context.pre_execution_errors = [*(context.pre_execution_errors or []), GraphQLError(MESSAGE)]
        yield
