"""Errors of the invoice domain."""

from __future__ import annotations


class InvalidCursor(ValueError):
    """A paging cursor that this server did not hand out."""
