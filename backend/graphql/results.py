"""Typed results for expected failures, and the one mapping from domain errors to them (SECURITY.md A6)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.errors import Conflict, DomainError, InvalidInput, NotFound

T = TypeVar("T")


@strawberry.type(description="One input field broke a rule; show the message beside that field.")
class FieldError:
    field: str
    code: str
    message: str


@strawberry.type(description="The input was refused; nothing was saved.")
class InvalidInputResult:
    errors: list[FieldError]


@strawberry.type(description="The record does not exist or is not yours.")
class NotFoundResult:
    message: str


@strawberry.type(description="Someone changed the record first, or the request repeats a key with other input.")
class ConflictResult:
    message: str


@strawberry.type(description="Too many of these requests in a short time; wait and retry.")
class RateLimitedResult:
    message: str


@strawberry.type(description="Your role may not do this.")
class NotPermittedResult:
    message: str


@strawberry.type(
    description="A service Recoup needs (such as the document archive) did not answer; nothing changed. Retry."
)
class UnavailableResult:
    message: str


@strawberry.type(description="Too early: something this needs has not happened yet (such as the file arriving).")
class NotReadyResult:
    message: str


ErrorResult = InvalidInputResult | NotFoundResult | ConflictResult | NotPermittedResult | RateLimitedResult


ArchiveErrorResult = ErrorResult | UnavailableResult | NotReadyResult


def archive_error_result(error: DomainError) -> ArchiveErrorResult:
    """:func:`error_result`, plus the archive's own: unreachable, and not arrived yet."""
    if error.code == "storage_unavailable":
        return UnavailableResult(message=error.message)
    if error.code == "upload_incomplete":
        return NotReadyResult(message=error.message)
    return error_result(error)


def error_result(error: DomainError) -> ErrorResult:
    """The typed result a frontend renders for a domain error."""
    if isinstance(error, InvalidInput):
        return InvalidInputResult(errors=[FieldError(field=error.field, code=error.code, message=error.message)])
    if isinstance(error, NotFound):
        return NotFoundResult(message=error.message)
    if isinstance(error, Conflict):
        return ConflictResult(message=error.message)
    if error.code == "rate_limited":
        return RateLimitedResult(message=error.message)
    if error.code == "not_permitted":
        return NotPermittedResult(message=error.message)
    return InvalidInputResult(errors=[FieldError(field="", code=error.code, message=error.message)])


def input_error(field: str, message: str, code: str = "invalid") -> InvalidInputResult:
    return InvalidInputResult(errors=[FieldError(field=field, code=code, message=message)])


ERROR_RESULTS = (InvalidInputResult, NotFoundResult, ConflictResult, NotPermittedResult, RateLimitedResult)
"""The classes of :data:`ErrorResult`, for ``isinstance``."""


async def committed(db: AsyncSession, work: Awaitable[T]) -> T | ErrorResult:
    """Await a domain call and commit; a domain error rolls the transaction back and becomes its typed result."""
    try:
        value = await work
        await db.commit()
    except DomainError as error:
        await db.rollback()
        return error_result(error)
    return value
