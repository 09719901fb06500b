"""Relay-style page information and the server-side cap on page sizes."""

from __future__ import annotations

import strawberry


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def clamp_page_size(first: int, cap: int) -> int:
    """Whatever the client asks, a page holds between 1 and ``cap`` items."""
    return max(1, min(first, cap))
