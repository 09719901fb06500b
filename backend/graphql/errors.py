"""Errors that may reach a client as they are; everything else is masked."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from backend.db.outage import UNAVAILABLE_MESSAGE, database_unreachable


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
    """Masks what :func:`should_mask` says, except a lost database connection, which says "try again".

    That error is typed (``extensions.code`` is ``UNAVAILABLE``) and names nothing of the server: the
    transaction was rolled back, so a frontend may offer the same action again.
    """

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if not database_unreachable(_original(error)):
            return super().anonymise_error(error)
        return GraphQLError(
            message=UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "UNAVAILABLE"},
        )
