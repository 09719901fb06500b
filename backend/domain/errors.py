"""The shapes every domain's errors take, so one mapping turns them into typed GraphQL results."""

from __future__ import annotations


class DomainError(Exception):
    """An expected failure with a message written for the user."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """One input field breaks a rule; ``field`` names it so a form can show the message beside it."""

    code = "invalid"

    def __init__(self, field: str, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        if code:
            self.code = code


class NotFound(DomainError):
    """The record does not exist or is outside the caller's scope (never said which)."""

    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the record first, or an idempotency key was reused with other input."""

    code = "conflict"
