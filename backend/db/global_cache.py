"""What a process keeps of the small global tables (reason codes, routing, resolution and credit-hold rules).

Every filing read all four, a quarter of its statements. Each of these tables bumps the global data version when
it changes (``backend.db.data_versions``, migrations 0018 and 0022), and every signed-in request reads that
version with its identity; so what was read under version V is still what the tables hold while requests see V.
A request that saw another version reads afresh (and keeps that); a session that saw none (jobs, imports) always
reads afresh, and so does a session that has itself written to a kept table (its own change is not yet in any
version another request could see). These tables are not tenant-scoped, so what is read is the same whoever
asked. What is kept is shared by every request of the process: the rows are ORM objects the reading session lets
go of at once (expunged, so its later rollback or close cannot expire them), read only — never change one.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from itertools import chain
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Table, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from backend.db.data_versions import global_version_seen

T = TypeVar("T")

_KEPT_TABLES: set[str] = set()
_WROTE_KEPT_TABLE = "recoup_wrote_kept_table"


class KeptPerGlobalVersion(Generic[T]):
    """Rows of the mapped class ``model``'s table read by ``read``, kept while the global version the requests see stays the same (per
    database: a process that talks to two, as the tests do, never mixes their rows)."""

    def __init__(self, model: type[Any], read: Callable[[AsyncSession], Awaitable[list[T]]]) -> None:
        _KEPT_TABLES.add(model.__tablename__)
        self._read = read
        self._kept: weakref.WeakKeyDictionary[Engine, tuple[int, list[T]]] = weakref.WeakKeyDictionary()

    async def get(self, session: AsyncSession) -> list[T]:
        version = None if session.sync_session.info.get(_WROTE_KEPT_TABLE) else global_version_seen(session)
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


def _table_name(instance: Any) -> str | None:
    table = getattr(type(instance), "__table__", None)
    return table.name if isinstance(table, Table) else None


@event.listens_for(Session, "after_flush")
def _note_flushed_writes(session: Session, _flush: UOWTransaction) -> None:
    if any(_table_name(o) in _KEPT_TABLES for o in chain(session.new, session.dirty, session.deleted)):
        session.info[_WROTE_KEPT_TABLE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_writes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if isinstance(table, Table) and table.name in _KEPT_TABLES:
            state.session.info[_WROTE_KEPT_TABLE] = True
