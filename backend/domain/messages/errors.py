"""Why a message cannot be posted."""

from __future__ import annotations

from backend.domain.errors import InvalidInput

MAX_BODY = 10_000


class MessageEmpty(InvalidInput):
    def __init__(self) -> None:
        super().__init__("body", "Write a message first.", "message_empty")


class MessageTooLong(InvalidInput):
    def __init__(self) -> None:
        super().__init__("body", f"Keep the message under {MAX_BODY} characters.", "message_too_long")
