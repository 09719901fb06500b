"""Errors that may reach a client as they are; everything else is masked."""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError
from sqlalchemy.orm.exc import StaleDataError
from strawberry.extensions import MaskErrors

from backend.db.outage import UNAVAILABLE_MESSAGE, database_unreachable, lost_to_another

CONCURRENT_CHANGE_MESSAGE = "Someone changed this at the same moment; nothing was saved. Reload and try again."


class PublicError(Exception):
    """An error whose message is written for the user and safe to show."""


class NotAuthenticated(PublicError):
    """Nobody is signed in, or the session ended."""

    def __init__(self) -> None:
        super().__init__("Sign in to continue.")


class NotAllowed(PublicError):
    """The signed-in user's role may not use this field."""

    def __init__(self) -> None:
        super().__init__("You are not allowed to do this.")


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(message: str) -> str:
    """``message`` without graphql-core's "Did you mean 'first'?": in production the schema is nobody's business,
    and a misspelled argument, enum value, input field, variable field or type would spell it out."""
    return _SUGGESTION.sub("", message)


def _original(error: GraphQLError) -> BaseException | None:
    original = error.original_error
    while isinstance(original, GraphQLError):  # input coercion wraps the scalar's error in GraphQLErrors
        original = original.original_error
    return original


def should_mask(error: GraphQLError) -> bool:
    """Mask every error raised by code unless it is a :class:`PublicError`.

    Errors with no original exception come from parsing and validation (limits,
    unknown fields) and describe the request, not the server: those stay.
    """
    original = error.original_error
    while isinstance(original, GraphQLError):  # input coercion wraps the scalar's error in GraphQLErrors
        if original.original_error is None:
            return False
        original = original.original_error
    if original is None:
        return False
    return not isinstance(original, PublicError)


class MaskUnexpectedErrors(MaskErrors):
    """Masks what :func:`should_mask` says, except a lost database connection, which says "try again", and a
    record someone else changed between this request's read and its write (or a transaction the database broke off
    for another's: a deadlock, a serialization failure), which says so.

    Those errors are typed (``extensions.code`` is ``UNAVAILABLE`` or ``CONFLICT``) and name nothing of the
    server: the transaction was rolled back, so a frontend may reload and offer the same action again. Every
    mutation that reads, checks and writes locks what it reads (``FOR UPDATE``; on SQLite the write lock,
    ``backend.db.engine``) and answers a ``ConflictResult``; ``CONFLICT`` is the net under that.
    """

    def __init__(self, *args: Any, hide_suggestions: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = super()._process_errors(errors)
        if self.hide_suggestions:
            for error in processed:
                error.message = without_suggestions(error.message)
        return processed

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = _original(error)
        if database_unreachable(original):
            message, code = UNAVAILABLE_MESSAGE, "UNAVAILABLE"
        elif isinstance(original, StaleDataError) or lost_to_another(original):
            message, code = CONCURRENT_CHANGE_MESSAGE, "CONFLICT"
        else:
            return super().anonymise_error(error)
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code},
        )


log = logging.getLogger("strawberry.execution")


def log_errors(errors: list[GraphQLError]) -> None:
    """Log a request's GraphQL errors by what they are: a fault of ours at ERROR with its traceback; a lost
    database at WARNING; what the request itself got wrong (a bad cursor, not signed in, a limit, a misspelled
    field, an unknown trusted document) at INFO, one line, no traceback. Strawberry logs them all as errors with
    tracebacks, which buries the faults among users' typos."""
    for error in errors:
        original = _original(error)
        if database_unreachable(original):
            log.warning("database unavailable: %s", error.message)
        elif should_mask(error) and not isinstance(original, StaleDataError) and not lost_to_another(original):
            log.error(error, exc_info=original)
        else:
            log.info("request refused: %s", error.message)
