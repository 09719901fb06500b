"""Kept answers: a customer's query answered again from memory while nothing they can see has changed.

An answer is kept only for a signed-in customer, only for a query (never a mutation), only when it
had no errors, and is found again only by the same user (so the same account and role) asking the same
document with the same variables on the same day, and only while the account's and the global data
versions (``backend.db.data_versions``, read with the identity on every request) are exactly the ones
it was made under. A write to anything the customer sees bumps a version in the writing transaction,
so no kept answer outlives a committed write, in this process or in any other worker. Entries also
expire after ``MAX_AGE_SECONDS`` (answers carry download links signed for five minutes) and the
oldest go first when the process holds more than ``max_bytes`` of them.

Answers are kept as the bytes sent, never as Python objects: a cache of parsed answers would give
the garbage collector millions of long-lived objects to walk.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

MAX_AGE_SECONDS = 60.0
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """What an answer depends on. There is no key without the user, so none that two accounts could share."""

    user_id: uuid.UUID
    account_id: uuid.UUID
    role: str
    document: str
    """The trusted document's id and the operation name asked for, or SHA-256 of both for query text."""
    variables: bytes
    """The variables as canonical JSON."""
    today: date
    data_version: tuple[int, int]


def document_digest(query: str, operation_name: str | None) -> str:
    return hashlib.sha256(f"{operation_name or ''}\n{query}".encode()).hexdigest()


class ResponseCache:
    """A bounded, least-recently-used map of answer keys to the bytes answered, in this process."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, max_age_seconds: float = MAX_AGE_SECONDS) -> None:
        self.max_bytes = max_bytes
        self.max_age_seconds = max_age_seconds
        self._entries: OrderedDict[AnswerKey, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: AnswerKey) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[0] > self.max_age_seconds:
            if entry is not None:
                self._drop(key)
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: AnswerKey, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return
        if key in self._entries:
            self._drop(key)
        self._entries[key] = (time.monotonic(), body)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: AnswerKey) -> None:
        _, body = self._entries.pop(key)
        self._bytes -= len(body)

    def __len__(self) -> int:
        return len(self._entries)
