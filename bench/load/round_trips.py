"""Round trips to PostgreSQL, counted where they happen: in asyncpg, under SQLAlchemy.

A statement counted by SQLAlchemy's ``before_cursor_execute`` is not the whole story: a transaction's
BEGIN and its COMMIT or ROLLBACK, a pool's pre-ping and a statement prepared for the first time on a
connection each cost one more exchange with the server. Every asyncpg call that waits for the server
is counted once while the block runs (in this process only: the in-process app the suite builds).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from asyncpg.connection import Connection  # type: ignore[import-untyped]
from asyncpg.prepared_stmt import PreparedStatement  # type: ignore[import-untyped]

# (class, method): each call is one exchange with the server.
_CALLS = (
    (Connection, "execute"),  # BEGIN, COMMIT, ROLLBACK (asyncpg's Transaction) and plain statements
    (Connection, "prepare"),  # Parse/Describe of a statement new to this connection
    (Connection, "fetch"),
    (Connection, "fetchrow"),  # SQLAlchemy's pre-ping
    (Connection, "fetchval"),
    (Connection, "executemany"),
    (Connection, "copy_records_to_table"),
    (PreparedStatement, "fetch"),
    (PreparedStatement, "cursor"),
)


@dataclass
class RoundTrips:
    count: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@contextmanager
def counting() -> Iterator[RoundTrips]:
    """Count asyncpg's server exchanges (by method) until the block ends."""
    seen = RoundTrips()
    originals = [(cls, name, getattr(cls, name)) for cls, name in _CALLS]

    def wrap(kind: str, method: Any) -> Any:
        async def counted(*args: Any, **kwargs: Any) -> Any:
            seen.count += 1
            seen.by_kind[kind] = seen.by_kind.get(kind, 0) + 1
            return await method(*args, **kwargs)

        return counted

    for cls, name, method in originals:
        setattr(cls, name, wrap(f"{cls.__name__}.{name}", method))
    try:
        yield seen
    finally:
        for cls, name, method in originals:
            setattr(cls, name, method)
