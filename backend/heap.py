"""Garbage collection for a server process: what start-up and warm-up made is never scanned again.

A worker holds a few hundred thousand long-lived objects (modules, the schema, SQLAlchemy's mappers and
compiled statements). CPython's full collection walks all of them: measured on the bench book, one every
~40 page requests, 200–240 ms each, stalling every request on the worker. ``gc.freeze()`` moves the objects
alive at that moment into a generation the collector ignores; it is called once the app is built and once
more after the first requests have filled the lazily built caches. Young-generation collections run less
often (a larger first threshold), since a request's objects mostly die by reference count anyway; the middle
generation is collected after 3 young collections instead of 10, so each of its collections looks at fewer
objects (the setting of the bench run in docs/benchmarks.md; the longest pauses before were gen-2 collections of
request garbage caught in reference cycles, which the request path no longer makes).
Cyclic garbage is still collected; only what was alive at a freeze is kept for the process's life.

After warm-up the caches still grow with each new kind of page (compiled statements, parsed documents), and every
full collection walked all of it again: the full bench measured 18–20 ms pauses on the collections worklist,
the last page it visits. So the heap is frozen again after a full collection, and the next full collection walks
only what was made since. Every freeze waits for a moment no request is running and first collects what the
finished ones left in reference cycles (a report's statements are such cycles): frozen, a running request's
objects and uncollected garbage would be kept for the process's life — freezing at the end of any request did
that, and a worker under 16 requests at a time grew ~4 MB a minute for as long as the load lasted. Under load that
never pauses nothing is frozen again, and full collections free the cycles as usual.
"""

from __future__ import annotations

import gc

from litestar.types import ASGIApp, Receive, Scope, Send

YOUNG_THRESHOLD = 5_000
"""Net new container objects before a generation-0 collection (CPython's default is 700)."""
MIDDLE_THRESHOLD = 3
"""Young collections before a middle-generation one (CPython's default is 10)."""
WARM_AFTER_REQUESTS = 300
"""Requests after which the caches built on first use are frozen too."""


def freeze_heap() -> None:
    """Collect what start-up left behind, freeze the rest, and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _, _, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, old)


class FreezeAfterWarmUp:
    """Wraps an ASGI app: after ``WARM_AFTER_REQUESTS`` HTTP requests, freezes what they built; from then on,
    freezes again after a full collection. Each freeze waits for the end of a request that no other request
    overlaps and collects first (a request arriving meanwhile waits for that collection; none is running)."""

    def __init__(self, app: ASGIApp, after: int = WARM_AFTER_REQUESTS) -> None:
        self.app = app
        self.remaining = after
        self.fully_collected = False
        self.in_flight = 0
        self.collecting = False
        self.due = False
        """A freeze is due (warm-up over, or a full collection since the last one): done once no request runs."""
        gc.callbacks.append(self._note_collection)

    def _note_collection(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info.get("generation") == 2 and not self.collecting:
            self.fully_collected = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
        if self.remaining > 0:
            self.remaining -= 1
            self.due = self.remaining == 0
        elif self.fully_collected:
            self.fully_collected, self.due = False, True
        if self.due and not self.in_flight:
            # Only once no request is under way, and after collecting what the finished ones left in reference
            # cycles (a statement's clauses): frozen, either would never be freed. Freezing whenever a request
            # ended froze the others still running: with 16 requests at a time the frozen heap grew by thousands of
            # objects every 15 s and the worker ~4 MB a minute, for as long as the load lasted. The collection
            # pauses no request (none is running); its own end does not make another freeze due.
            self.due = False
            self.collecting = True
            try:
                gc.collect()
            finally:
                self.collecting = False
            gc.freeze()
