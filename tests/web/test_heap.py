"""The server's heap (backend/heap.py): frozen after warm-up, and again after each full collection, so a full
collection only ever walks what was made since the last one."""

from __future__ import annotations

import gc
from typing import Any

from backend.heap import FreezeAfterWarmUp


async def _page(scope: Any, receive: Any, send: Any) -> None:
    return None


async def test_after_a_full_collection_the_next_request_freezes_what_survived_it() -> None:
    app = FreezeAfterWarmUp(_page, after=1)
    http: dict[str, Any] = {"type": "http"}
    try:
        await app(http, None, None)  # warm-up done: frozen once
        frozen = gc.get_freeze_count()
        kept = [[i] for i in range(20_000)]  # long-lived (tracked) objects a new kind of page made
        await app(http, None, None)
        assert gc.get_freeze_count() < frozen + len(kept), "frozen without a full collection in between"
        gc.collect(2)
        await app(http, None, None)
        assert gc.get_freeze_count() >= frozen + len(kept)
        assert not app.fully_collected
    finally:
        gc.callbacks.remove(app._note_collection)
        gc.unfreeze()
        del kept


async def test_nothing_is_frozen_while_another_request_runs_and_finished_requests_cycles_are_freed_first() -> None:
    """A request's objects caught in a reference cycle (a statement's clauses refer to each other) are freed by the
    collector only: frozen while that request ran, or before the collector freed them, they were kept for the
    process's life (a worker under steady load grew ~4 MB a minute)."""
    import asyncio
    import weakref

    made_by_requests: list[weakref.ref[Any]] = []
    release = asyncio.Event()
    started = asyncio.Event()

    class Cycle:
        def __init__(self) -> None:
            self.me = self
            made_by_requests.append(weakref.ref(self))

    async def slow_page(scope: Any, receive: Any, send: Any) -> None:
        made = [Cycle() for _ in range(5_000)]  # garbage in cycles once this request ends
        started.set()
        await release.wait()
        del made

    async def page_leaving_cycles(scope: Any, receive: Any, send: Any) -> None:
        if scope.get("slow"):
            await slow_page(scope, receive, send)
        else:
            [Cycle() for _ in range(5_000)]

    app = FreezeAfterWarmUp(page_leaving_cycles, after=1)
    try:
        slow = asyncio.create_task(app({"type": "http", "slow": True}, None, None))
        await started.wait()
        frozen = gc.get_freeze_count()
        await app({"type": "http"}, None, None)  # warm-up over, but the slow request still runs
        assert gc.get_freeze_count() == frozen, "froze while another request ran"
        assert app.due
        release.set()
        await slow  # the last request ends: the finished requests' cycles are collected, then the rest frozen
        assert not app.due
        assert not any(ref() is not None for ref in made_by_requests), "a finished request's cycles were kept"
        assert gc.get_freeze_count() > 0
    finally:
        gc.callbacks.remove(app._note_collection)
        gc.unfreeze()
