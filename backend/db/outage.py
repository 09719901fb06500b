"""Telling a lost or unreachable database apart from a bug, so clients get "try again", not "unexpected error".

A connection killed mid-transaction (a restart, a failover, ``pg_terminate_backend``) rolls the
transaction back in the server: nothing was written, and the same request can simply be sent
again. SQLAlchemy marks such errors ``connection_invalidated`` and drops the connection from the
pool, so the next request gets a fresh one (``backend.db.engine``: a pooled connection the server closed is
replaced at checkout, and a transaction's first statement is sent again once on a fresh connection).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import exc

UNAVAILABLE_MESSAGE = "The database did not answer; nothing was changed. Try again in a moment."


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    """``error`` and what caused it, each once."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def database_unreachable(error: BaseException | None) -> bool:
    """True when ``error`` (or what caused it) says the database connection was lost or could not be made."""
    return any(
        (isinstance(e, exc.DBAPIError) and e.connection_invalidated)
        or isinstance(e, exc.TimeoutError)  # no pooled connection became free in time
        or isinstance(e, ConnectionRefusedError | ConnectionResetError)  # asyncpg's connect, unwrapped
        for e in _chain(error)
    )


LOST_TO_ANOTHER = frozenset({"40P01", "40001"})
"""PostgreSQL's deadlock_detected and serialization_failure: the server rolled this transaction back so that another
could go on. Nothing of it was written; the same work can be done again."""


def lost_to_another(error: BaseException | None) -> bool:
    """True when ``error`` (or what caused it) says the database broke this transaction off in favour of another
    (a deadlock or a serialization failure)."""
    return any(
        isinstance(e, exc.DBAPIError) and getattr(e.orig, "sqlstate", None) in LOST_TO_ANOTHER for e in _chain(error)
    )
