"""An import's read, match and post: streamed on PostgreSQL, the whole file at once otherwise.

**Streamed** (PostgreSQL): the file is matched batch by batch (``importer.py``) and each batch's
whole payments are checked and posted into the one posting transaction (``posting.Posting``)
while the next batch is matched, so the database stores one batch while Python matches the
next, and only the batch in hand is held: the plans, the line records and the invoice
snapshots are let go once posted (the matcher keeps what the file used of each invoice; the
audit events wait on disk). The last payment of a batch is held back until the next batch
shows it ended. A payment whose lines come apart in the file (a spreadsheet sorted by invoice)
is found by its key seen again after it was posted: the posting is rolled back and the file is
read again whole (``NotTogether``), or, over 10 MB, rejected naming the payment and line. A wrong line in a file not accepting good lines only stops
posting (rolled back); the rest is still read, so the report names every wrong line.

**Whole** (SQLite, and a file whose payments are apart): every line is matched and checked first,
then posted at once. SQLite has one writer: a posting transaction open while the file is read
would lock out the progress and the lease the import writes meanwhile.

Either way posting is one transaction whose last statement holds the import for this attempt
(``lease.hold``), so nothing is applied unless all of it is, and a worker that lost its lease
applies nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.bulk import Spool, bulk_insert_tuples
from backend.db.engine import system_session
from backend.domain.cash.advices import AdviceTaken, mark_used
from backend.domain.cash.importer import PlannedLine, check_payments, next_batch, read_and_match, reading
from backend.domain.cash.lease import hold, set_progress
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.cash.posting import LINE_COLUMNS, InvoiceChanged, Posted, Posting, line_values, post
from backend.domain.cash.remittance import FileRejected, RemittanceLine
from documents.storage import DocumentStore

log = logging.getLogger("recoup.cash")
PROGRESS_EVERY = 2.0
"""Seconds between progress writes while a streamed import posts. Each write is a new version of the import's row,
which the posting transaction's check of every line record's import walks past (its snapshot keeps them all): written
per batch, a 300,000-line file's checks took 4.5 s of the database's time instead of 0.3 s."""
BAD = ("error", "skipped")
"""The lines of a rejected file that keep their own status and message in its report; the others are listed as not
applied (:func:`_not_applied`)."""
NOT_APPLIED = (
    "Not applied: the file has wrong lines, and it was imported to apply nothing unless every line is right. Fix "
    "the wrong lines, or import it again accepting the good lines."
)


WHOLE_FILE_MAX_BYTES = 10 * 2**20
"""The largest file read again whole when its payments' lines are apart (~140,000 lines, ~0.8 GB while read);
a larger one is rejected with the payment and line that came apart."""


class NotTogether(Exception):
    """A payment's lines came apart in the file: it is read again whole (or, past WHOLE_FILE_MAX_BYTES, rejected)."""

    def __init__(self, plan: PlannedLine) -> None:
        reference = plan.source.payment_reference if plan.source is not None else ""
        super().__init__(
            f"Payment {reference!r} has lines apart in the file (line {plan.line} comes after other payments' "
            f"lines); a file over {WHOLE_FILE_MAX_BYTES // 2**20} MB must keep each payment's lines together. "
            "Sort it by payment and import it again; nothing was applied."
        )


@dataclass
class Outcome:
    status: str
    posted: Posted | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    lines: int = 0


def _summary(counts: Counter[str], total: int) -> dict[str, int]:
    return {
        "line_count": total,
        "applied_lines": counts["applied"],
        "exception_lines": counts["exception"],
        "error_lines": counts["error"] + counts["not_applied"],
        "skipped_lines": counts["skipped"],
    }


def ended(status: str, message: str, now: datetime) -> dict[str, object]:
    """The import ended without posting (rejected or failed): nothing to automate either."""
    return {
        "status": status,
        "message": message,
        "finished_at": now,
        "lease_until": None,
        "automation_done_at": now,
    }


async def finish(
    sessions: async_sessionmaker[AsyncSession],
    job: RemittanceImport,
    *,
    status: str,
    message: str,
    now: datetime,
) -> None:
    """Say how the import ended, while this attempt still holds it (else LeaseLost)."""
    await set_progress(sessions, job.id, attempt=job.attempts, **ended(status, message, now))


def _not_applied(import_id: uuid.UUID, plan: PlannedLine) -> tuple[Any, ...]:
    """A good line of a rejected file as its report lists it: what the customer sent, not applied, applied to
    nothing."""
    return line_values(
        import_id, PlannedLine(plan.line, "not_applied", NOT_APPLIED, source=plan.source, account_id=plan.account_id)
    )


class LineNumbers:
    """A set of line numbers, as a bitmap: the wrong and skipped lines of a streamed file, which may be all of a
    million lines (a file imported before), in 125 KB instead of ~60 MB of a set of ints."""

    def __init__(self) -> None:
        self._bits = bytearray()

    def add(self, number: int) -> None:
        at = number >> 3
        if at >= len(self._bits):
            self._bits.extend(bytes(at - len(self._bits) + 4096))
        self._bits[at] |= 1 << (number & 7)

    def __contains__(self, number: int) -> bool:
        at = number >> 3
        return at < len(self._bits) and bool(self._bits[at] >> (number & 7) & 1)


async def _rejected(
    session: AsyncSession,
    job: RemittanceImport,
    counts: Counter[str],
    write_lines: Callable[[], Awaitable[None]],
    now: datetime,
) -> Outcome:
    """A wrong line and good lines not accepted: nothing applied. The report lists every line read: the wrong and
    skipped ones as they were found, every other one not applied (``write_lines`` writes them)."""
    total = sum(counts.values())
    # the good lines were not applied either (nor do they wait for a person): the report must not say they were
    summary = _summary(Counter(error=total - counts["skipped"], skipped=counts["skipped"]), total)
    await hold(
        session,
        job,
        **ended(
            "rejected",
            f"{counts['error']} line(s) are wrong; nothing was applied. Fix them, or import again accepting the good "
            "lines.",
            now,
        ),
        **summary,
    )
    await write_lines()
    await session.commit()
    return Outcome("rejected")


async def _applied(
    session: AsyncSession,
    job: RemittanceImport,
    posted: Posted,
    counts: Counter[str],
    *,
    now: datetime,
    seconds: dict[str, float],
) -> Outcome:
    """Only while this attempt still holds the import (else LeaseLost, and all of it rolls back): a worker that lost
    its lease mid-posting never applies the file a second time. Last, so the row is locked only for the commit and
    the lease stays renewable while posting runs."""
    status = "partially_applied" if counts["error"] else "applied"
    await hold(
        session,
        job,
        status=status,
        finished_at=now,
        lease_until=None,
        payments=posted.payments,
        deductions=posted.deductions,
        applied_amount=posted.applied_amount,
        message="",
        automation_done_at=None if posted.deductions else now,
        report={"seconds": seconds},
        **_summary(counts, sum(counts.values())),
    )
    await session.commit()
    return Outcome(status, posted, seconds, sum(counts.values()))


async def _failed(
    sessions: async_sessionmaker[AsyncSession], job: RemittanceImport, error: Exception, now: datetime
) -> Outcome:
    changed = "An invoice" if isinstance(error, InvoiceChanged) else "A remittance advice it used"
    await finish(
        sessions,
        job,
        status="failed",
        message=f"{changed} changed while the file was being imported; nothing was applied. Import it again.",
        now=now,
    )
    return Outcome("failed")


async def read_and_post(
    sessions: async_sessionmaker[AsyncSession], store: DocumentStore, job: RemittanceImport, *, now: datetime
) -> Outcome:
    """Read, match and post the import (streamed where the database allows); how it ended."""
    clock = time.perf_counter()
    async with system_session(sessions) as session:
        streams = session.get_bind().dialect.name == "postgresql"
    if streams:
        try:
            return await _streamed(sessions, store, job, now=now, clock=clock)
        except NotTogether as apart:
            if job.byte_count > WHOLE_FILE_MAX_BYTES:  # read whole, it would hold gigabytes
                await finish(sessions, job, status="rejected", message=str(apart), now=now)
                return Outcome("rejected")
            log.info("import %s: a payment's lines are apart in the file; reading it again whole", job.id)
            await set_progress(sessions, job.id, attempt=job.attempts, status="reading", bytes_read=0, line_count=0)
            clock = time.perf_counter()
    return await _whole(sessions, store, job, now=now, clock=clock)


async def _whole(
    sessions: async_sessionmaker[AsyncSession],
    store: DocumentStore,
    job: RemittanceImport,
    *,
    now: datetime,
    clock: float,
) -> Outcome:
    try:
        matcher = await read_and_match(sessions, store, job)
    except FileRejected as error:
        await finish(sessions, job, status="rejected", message=str(error), now=now)
        return Outcome("rejected")
    await matcher.check_payments(accept_valid=job.accept_valid)
    plans = matcher.plans
    counts = Counter(plan.status for plan in plans)
    async with system_session(sessions) as session:
        if counts["error"] and not job.accept_valid:
            rows = [line_values(job.id, p) if p.status in BAD else _not_applied(job.id, p) for p in plans]
            return await _rejected(
                session,
                job,
                counts,
                lambda: bulk_insert_tuples(session, RemittanceLineRecord, LINE_COLUMNS, rows),
                now,
            )
        read_seconds = time.perf_counter() - clock
        await set_progress(sessions, job.id, attempt=job.attempts, status="applying")
        try:
            posted = await post(session, job, plans, now=now, actor_user_id=job.imported_by_id)
            await mark_used(session, job.id, plans, now=now)  # e-mailed advices its payments were matched by
        except (InvoiceChanged, AdviceTaken) as error:
            await session.rollback()
            return await _failed(sessions, job, error, now)
        seconds = {"read": round(read_seconds, 3), "post": round(time.perf_counter() - clock - read_seconds, 3)}
        return await _applied(session, job, posted, counts, now=now, seconds=seconds)


def _whole_payments(plans: list[PlannedLine]) -> tuple[list[PlannedLine], list[PlannedLine]]:
    """``plans`` split before the last payment's lines (the next batch may go on with it): what can be posted now,
    and what waits."""
    last = len(plans)
    while last > 0 and plans[last - 1].payment_key is None:
        last -= 1
    if last == 0:
        return plans, []
    key = plans[last - 1].payment_key
    start = last - 1
    while start > 0 and plans[start - 1].payment_key in (key, None):
        start -= 1
    return plans[:start], plans[start:]


class _Stream:
    """The streamed import's state: the posting (once the first batch is posted), the batch being posted, and what
    the report needs of the lines already let go."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], session: AsyncSession, job: RemittanceImport, now: datetime
    ) -> None:
        self.sessions = sessions
        self.session = session
        self.job = job
        self.now = now
        self.posting: Posting | None = None
        self.running: asyncio.Task[None] | None = None
        self.counts: Counter[str] = Counter()
        self.bad: Spool[tuple[Any, ...]] = Spool()
        """The wrong and skipped lines' records, for the report if the file is rejected (on disk past a few
        thousand: a file of payments imported before is all skipped lines)."""
        self.bad_lines = LineNumbers()
        """Their line numbers: the other lines are read again for a rejected file's report (:func:`_good_lines`)."""
        self.seen: set[int] = set()
        """The hashes of the payments dispatched so far (a payment seen again means its lines are apart)."""
        self.rejecting = False

    async def settle(self) -> None:
        """Wait for the batch being posted (its errors are raised here)."""
        running, self.running = self.running, None
        if running is not None:
            await running

    async def abandon(self) -> None:
        """Stop posting: the batch being posted let finish (or fail), the transaction rolled back."""
        running, self.running = self.running, None
        if running is not None:
            with contextlib.suppress(Exception):
                await running
        await self.session.rollback()

    async def dispatch(self, plans: list[PlannedLine]) -> None:
        """Check these lines' payments (whole) and post them while the next batch is matched."""
        if not plans:
            return
        await check_payments(self.sessions, plans, accept_valid=self.job.accept_valid)
        keys = {hash(key) for plan in plans if (key := plan.payment_key) is not None}
        if not keys.isdisjoint(self.seen):
            raise NotTogether(next(p for p in plans if (k := p.payment_key) is not None and hash(k) in self.seen))
        self.seen |= keys
        self.counts.update(plan.status for plan in plans)
        if not self.job.accept_valid:  # only a file not accepting good lines is rejected
            bad = [p for p in plans if p.status in BAD]
            self.bad.extend(line_values(self.job.id, p) for p in bad)
            for plan in bad:
                self.bad_lines.add(plan.line)
        if self.counts["error"] and not self.job.accept_valid:
            if not self.rejecting:
                self.rejecting = True
                await self.abandon()
            return
        await self.settle()
        if self.posting is None:
            await set_progress(self.sessions, self.job.id, attempt=self.job.attempts, status="applying")
            self.posting = await Posting.begin(
                self.session, self.job, now=self.now, actor_user_id=self.job.imported_by_id
            )
        self.running = asyncio.create_task(self._post(self.posting, plans))

    async def _post(self, posting: Posting, plans: list[PlannedLine]) -> None:
        await posting.add(plans)
        await mark_used(self.session, self.job.id, plans, now=self.now)  # e-mailed advices its payments were matched by


async def _streamed(
    sessions: async_sessionmaker[AsyncSession],
    store: DocumentStore,
    job: RemittanceImport,
    *,
    now: datetime,
    clock: float,
) -> Outcome:
    try:
        matcher, parser, advices = await reading(sessions, job)
    except FileRejected as error:
        await finish(sessions, job, status="rejected", message=str(error), now=now)
        return Outcome("rejected")
    assert job.object_key is not None
    async with system_session(sessions) as session:
        stream = _Stream(sessions, session, job, now)
        try:
            source = await asyncio.to_thread(store.open, job.object_key, None)
            items: Any = parser(source)  # type: ignore[arg-type]
            try:
                waiting: list[PlannedLine] = []
                written = 0.0
                while batch := await asyncio.to_thread(next_batch, items):
                    await matcher.add_batch(await advices.expand(batch))
                    ready, waiting = _whole_payments(waiting + matcher.take_plans())
                    await stream.dispatch(ready)
                    if time.perf_counter() - written >= PROGRESS_EVERY:
                        # the stream's position: how much of the file the parser has read (the progress bar)
                        await set_progress(
                            sessions,
                            job.id,
                            attempt=job.attempts,
                            bytes_read=source.tell(),
                            line_count=sum(stream.counts.values()) + len(waiting),
                        )
                        written = time.perf_counter()
                await stream.dispatch(waiting)
            finally:
                if close := getattr(items, "close", None):  # the parser's own clean-up first (it may stop midway)
                    close()
                await asyncio.to_thread(source.close)
            await stream.settle()
        except FileRejected as error:
            await stream.abandon()
            await finish(sessions, job, status="rejected", message=str(error), now=now)
            return Outcome("rejected")
        except (InvoiceChanged, AdviceTaken) as error:
            await stream.abandon()
            return await _failed(sessions, job, error, now)
        except BaseException:
            await stream.abandon()
            raise
        if stream.rejecting:

            async def write_lines() -> None:
                await bulk_insert_tuples(session, RemittanceLineRecord, LINE_COLUMNS, stream.bad)
                await _good_lines(session, store, job, parser, stream.bad_lines)

            try:
                return await _rejected(session, job, stream.counts, write_lines, now)
            finally:
                stream.bad.close()
        stream.bad.close()
        read_seconds = time.perf_counter() - clock
        try:
            posting = stream.posting or await Posting.begin(session, job, now=now, actor_user_id=job.imported_by_id)
            posted = await posting.finish()
        except (InvoiceChanged, AdviceTaken) as error:
            await session.rollback()
            return await _failed(sessions, job, error, now)
        # "read": until the last line was matched and its batch posted (the two overlap); "post": the rest to the commit
        seconds = {"read": round(read_seconds, 3), "post": round(time.perf_counter() - clock - read_seconds, 3)}
        return await _applied(session, job, posted, stream.counts, now=now, seconds=seconds)


async def _good_lines(
    session: AsyncSession, store: DocumentStore, job: RemittanceImport, parser: Any, bad: LineNumbers
) -> None:
    """A rejected streamed file's other lines, read again and written as not applied, a batch at a time (the stream
    let them go once matched; a rejection is rare, so it pays this second read instead of every import keeping
    them)."""
    assert job.object_key is not None
    source = await asyncio.to_thread(store.open, job.object_key, None)
    items = parser(source)
    try:
        while batch := await asyncio.to_thread(next_batch, items):
            rows = [
                _not_applied(job.id, PlannedLine(item.line, "not_applied", source=item))
                for item in batch
                if isinstance(item, RemittanceLine) and item.line not in bad
            ]
            await bulk_insert_tuples(session, RemittanceLineRecord, LINE_COLUMNS, rows)
    finally:
        if close := getattr(items, "close", None):
            close()
        await asyncio.to_thread(source.close)
