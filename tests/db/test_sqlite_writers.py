"""SQLite writers of one process queue in Python, first come first served (backend/db/engine.py): the next writer
starts the moment the last one's transaction ends, instead of sleeping in sqlite3's busy handler and waking late."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import sqlite_writer_queue, system_session
from backend.domain.accounts.models import CustomerAccount as Account


def _skip_unless_sqlite(demo: async_sessionmaker[AsyncSession]) -> None:
    bind = demo.kw["bind"]
    if bind.dialect.name != "sqlite":
        pytest.skip("the writer queue is SQLite's: PostgreSQL locks rows")


async def _rename(db: AsyncSession, account: Any, name: str) -> None:
    await db.execute(update(Account).where(Account.id == account.id).values(name=name))


async def _until(condition: Any) -> None:
    """Let the other tasks run until ``condition()`` holds (what they did, not how long it took)."""
    while not condition():  # noqa: ASYNC110 - the lock has no event for "a writer queued"
        await asyncio.sleep(0)


async def test_writers_wait_in_turn_and_start_when_the_writer_before_them_ends(demo: Any, factory: Any) -> None:
    _skip_unless_sqlite(demo)
    account = await factory.account("Queue")
    finished: list[str] = []

    async def writer(name: str) -> None:
        async with system_session(demo) as db:
            await _rename(db, account, name)
            await db.commit()
        finished.append(name)

    async with system_session(demo) as first:
        # given: a transaction that has written and not yet committed
        await _rename(first, account, "first")
        queue = sqlite_writer_queue(demo.kw["bind"])
        assert queue is not None and queue.locked()
        # when: two more writers come, one after the other
        second = asyncio.create_task(writer("second"))
        await asyncio.wait_for(_until(lambda: len(queue._waiters or ()) == 1), 30)
        third = asyncio.create_task(writer("third"))
        await asyncio.wait_for(_until(lambda: len(queue._waiters or ()) == 2), 30)
        # then: they wait in Python, in the order they came, while the first is open
        assert finished == []
        await first.commit()
    await asyncio.wait_for(asyncio.gather(second, third), 30)
    assert finished == ["second", "third"]
    assert not queue.locked()
    async with system_session(demo) as db:
        assert (await db.get(Account, account.id)).name == "third"  # type: ignore[union-attr]


async def test_a_rolled_back_or_failed_writer_lets_the_next_one_in(demo: Any, factory: Any) -> None:
    _skip_unless_sqlite(demo)
    account = await factory.account("Rollback")
    async with system_session(demo) as db:
        await _rename(db, account, "never")
        await db.rollback()
    queue = sqlite_writer_queue(demo.kw["bind"])
    assert queue is not None and not queue.locked()

    with pytest.raises(RuntimeError):
        async with system_session(demo) as db:
            await _rename(db, account, "never either")
            raise RuntimeError("the request failed half way")
    assert not queue.locked()

    async with system_session(demo) as db:
        await _rename(db, account, "kept")
        await db.commit()
    async with system_session(demo) as db:
        assert (await db.get(Account, account.id)).name == "kept"  # type: ignore[union-attr]
