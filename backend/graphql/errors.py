"""Errors that may reach a client as they are; everything else is masked."""

from __future__ import annotations

from graphql import GraphQLError


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
