"""Inserting many rows fast inside the caller's transaction: COPY on PostgreSQL, executemany elsewhere.

For imports of 100,000 lines: SQLAlchemy's multi-row INSERT spends most of its time compiling
and processing parameters; PostgreSQL's COPY (asyncpg's binary ``copy_records_to_table``) takes
the same rows several times faster. Values go through each column type's bind processor first,
so JSON, money and time columns are stored exactly as an ordinary INSERT would store them.
Column defaults are not applied: give every column that has no server default.

``collector_paused`` keeps CPython's cyclic garbage collector out of a bulk import's way.
"""

from __future__ import annotations

import gc
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, Generic, TypeVar

from sqlalchemy import JSON, Table, bindparam, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
CHUNK = 5000
_pausing = 0
"""How many ``collector_paused`` blocks are running (imports on one event loop overlap, not nest)."""
_collecting_before = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a bulk import without the cyclic garbage collector; it runs again once the last such block ends.

    An import builds hundreds of thousands of small objects (parsed rows, result rows, COPY tuples, audit events)
    that live until it ends; every few thousand of them the collector walks them all again. Measured on the bench
    book, a 100,000-line order feed and its delivery feed spent ~2.3 s of 13 in the collector (the delivery feed's
    order lookup alone 1.36 s → 0.48 s without it), a remittance file 1.5x longer for one file of 100,000 lines
    than for ten of 10,000. Reference counting still frees what the import drops; objects in reference cycles wait
    for the collector's next run. Blocks may overlap (two imports on one event loop): the collector runs again
    when the last one ends, if it ran before the first began."""
    global _pausing, _collecting_before
    if _pausing == 0:
        _collecting_before = gc.isenabled()
        gc.disable()
    _pausing += 1
    try:
        yield
    finally:
        _pausing -= 1
        if _pausing == 0 and _collecting_before:
            gc.enable()


async def bulk_insert(session: AsyncSession, target: Table | type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``target`` (a table, or a mapped class's table)."""
    if not rows:
        return
    table = target if isinstance(target, Table) else target.__table__
    assert isinstance(table, Table)
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        for start in range(0, len(rows), CHUNK):
            await connection.execute(insert(table), list(rows[start : start + CHUNK]))
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    processors = [column.type._cached_bind_processor(dialect) for column in columns]
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None

    def record(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            p(row[n]) if p is not None and row[n] is not None else row[n]
            for n, p in zip(names, processors, strict=True)
        )

    for start in range(0, len(rows), CHUNK):
        await raw.copy_records_to_table(
            table.name, records=[record(row) for row in rows[start : start + CHUNK]], columns=names
        )


async def bulk_insert_tuples(
    session: AsyncSession, target: Table | type[Any], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``target``: for the hottest bulk writes (a dunning run's
    million letter items, an order feed's lines), where building a dict and running every column's bind processor
    per value costs more than the COPY. On PostgreSQL the values go to one COPY as they are, so they must be what
    asyncpg takes natively (UUID, Decimal at the column's scale, date, aware datetime, bool, str, None); ``rows``
    may be a generator, which the COPY draws on as it sends, so the server stores the first rows while the rest
    are being made. JSON columns take the Python value (a dict), as everywhere. Elsewhere they go through the
    column types as an ordinary INSERT."""
    if isinstance(rows, Sequence) and not rows:
        return
    table = target if isinstance(target, Table) else target.__table__
    assert isinstance(table, Table)
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        names = list(columns)
        await bulk_insert(session, table, [dict(zip(names, row, strict=True)) for row in rows])
        return
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    # JSON columns take the Python value, as the ORM does: the column type writes its text.
    json_at = [(i, table.c[n].type._cached_bind_processor(connection.dialect)) for i, n in enumerate(columns)
               if isinstance(table.c[n].type, JSON)]  # fmt: skip
    if json_at:
        rows = _with_json_text(rows, json_at)
    await raw.copy_records_to_table(table.name, records=rows, columns=list(columns))


def _with_json_text(rows: Iterable[tuple[Any, ...]], json_at: list[tuple[int, Any]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        values = list(row)
        for i, write in json_at:
            if values[i] is not None:
                values[i] = write(values[i])
        yield tuple(values)


def interleaved(rows: Iterable[T], work: Iterator[object], every: int) -> Iterator[T]:
    """``rows``, advancing ``work`` one step after every ``every`` of them: for a COPY the server takes longer to
    store than the client to make, whose idle client time can get other work done (an import's audit events
    made ready, ``EventList``)."""
    for n, row in enumerate(rows, start=1):
        yield row
        if n % every == 0:
            next(work, None)


async def bulk_update(
    session: AsyncSession,
    target: Table | type[Any],
    rows: Sequence[dict[str, Any]],
    *,
    key: str = "id",
    native: bool = False,
) -> None:
    """Update many rows by ``key``, each to its own values, inside the caller's transaction.

    PostgreSQL: one ``UPDATE … FROM unnest($1::type[], …)`` for all the rows — a fixed statement whatever their
    number (no per-row bind parameters for SQLAlchemy to compile), and statement triggers (data versions, credit
    positions) fire once instead of once per row. Elsewhere an executemany. Every row names the same columns;
    values go through each column type's bind processor, as an ordinary UPDATE would store them — unless ``native``:
    then on PostgreSQL they go to the driver as they are (see ``bulk_insert_tuples``), for figures the caller summed
    from stored values (a reconciliation's 100,000 lines, where the processors cost as much as the UPDATE).
    """
    if not rows:
        return
    table = target if isinstance(target, Table) else target.__table__
    assert isinstance(table, Table)
    names = list(rows[0])
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        statement = (
            update(table)
            .where(table.c[key] == bindparam(f"b_{key}"))
            .values({n: bindparam(f"b_{n}") for n in names if n != key})
        )
        await connection.execute(statement, [{f"b_{n}": row[n] for n in names} for row in rows])
        return
    columns = [table.c[n] for n in names]
    processors = [c.type._cached_bind_processor(dialect) for c in columns]
    arrays = [
        [row[n] for row in rows] if native or p is None else [p(row[n]) if row[n] is not None else None for row in rows]
        for n, p in zip(names, processors, strict=True)
    ]
    kinds = [c.type.compile(dialect=dialect) for c in columns]
    unnest = ", ".join(f"${i}::{kind}[]" for i, kind in enumerate(kinds, start=1))
    # Only the table's own column names and types go into the text (never a value): they come from the model.
    sets = ", ".join(f'"{n}" = given."{n}"' for n in names if n != key)
    listed = ", ".join(f'"{n}"' for n in names)
    sql = (
        f'UPDATE "{table.name}" SET {sets} FROM unnest({unnest}) AS given({listed}) '  # noqa: S608
        f'WHERE "{table.name}"."{key}" = given."{key}"'
    )
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.execute(sql, *arrays)


class Spool(Generic[T]):
    """Rows kept for one later bulk write, in order: in memory up to ``keep``, past it pickled to a temporary file,
    so a long import holds none of them while it reads (an import's audit events, a rejected file's wrong lines).
    Read back by iterating; ``close`` drops them."""

    def __init__(self, keep: int = 10_000) -> None:
        self.keep = keep
        self.count = 0
        self._held: list[T] = []
        self._spilled: IO[bytes] | None = None

    def extend(self, rows: Iterable[T]) -> None:
        before = len(self._held)
        self._held.extend(rows)
        self.count += len(self._held) - before
        if len(self._held) >= self.keep:
            if self._spilled is None:
                self._spilled = tempfile.TemporaryFile()
            pickle.dump(self._held, self._spilled, protocol=pickle.HIGHEST_PROTOCOL)
            self._held = []

    def __iter__(self) -> Iterator[T]:
        if self._spilled is not None:
            self._spilled.seek(0)
            while True:
                try:
                    batch = pickle.load(self._spilled)  # noqa: S301 - our own file, written above
                except EOFError:
                    break
                yield from batch
        yield from self._held

    def close(self) -> None:
        if self._spilled is not None:
            self._spilled.close()
            self._spilled = None
        self._held = []
