"""What a process keeps of the small global tables (reason codes, routing, resolution and credit-hold rules).

Every filing read all four, a quarter of its statements. Each of these tables bumps the global data version when
it changes (``backend.db.data_versions``, migrations 0018 and 0022), and every signed-in request reads that
version with its identity; so what was read under version V is still what the tables hold while requests see V.
A request that saw another version reads afresh (and keeps that); a session that saw none (jobs, imports) always
reads afresh. These tables are not tenant-scoped, so what is read is the same whoever asked. What is kept is shared
by every request of the process: the rows are ORM objects the reading session lets go of at once (expunged, so
its later rollback or close cannot expire them), read only — never change one.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.data_versions import global_version_seen

T = TypeVar("T")


class KeptPerGlobalVersion(Generic[T]):
    """Rows read by ``read`` from global tables, kept while the global version the requests see stays the same (per
    database: a process that talks to two, as the tests do, never mixes their rows)."""

    def __init__(self, read: Callable[[AsyncSession], Awaitable[list[T]]]) -> None:
        self._read = read
        self._kept: weakref.WeakKeyDictionary[Engine, tuple[int, list[T]]] = weakref.WeakKeyDictionary()

    async def get(self, session: AsyncSession) -> list[T]:
        version = global_version_seen(session)
        bind = session.get_bind()
        database = bind if isinstance(bind, Engine) else bind.engine
        kept = self._kept.get(database)
        if version is not None and kept is not None and kept[0] == version:
            return kept[1]
        value = await self._read(session)
        if version is not None:
            for row in value:
                session.expunge(row)
            self._kept[database] = (version, value)
        return value
