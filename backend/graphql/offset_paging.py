"""Cursors for lists paged by position (small, per-account lists such as disputes and payments)."""

from __future__ import annotations

import base64

from backend.graphql.errors import PublicError


def offset_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{position}".encode()).decode()


def offset_after(cursor: str | None) -> int:
    """The position to start from after ``cursor`` (0 without one)."""
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        if kind != "offset" or int(value) < 0:
            raise ValueError(cursor)
        return int(value) + 1
    except (ValueError, UnicodeDecodeError) as error:
        raise PublicError("The paging cursor is not valid; start from the first page.") from error
