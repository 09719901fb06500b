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
