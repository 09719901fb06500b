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


def offset_page_info(cursors: list[str], offset: int, total: int) -> PageInfo:
    """Page information for a page of ``len(cursors)`` items starting at ``offset`` of ``total``."""
    return PageInfo(
        has_next_page=offset + len(cursors) < total,
        has_previous_page=offset > 0,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
