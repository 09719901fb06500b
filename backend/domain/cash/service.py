"""Remittance imports end to end: submit a file (stored, queued), run the job, then put the new deductions
through flags and rules. See ``applying.py`` (read, match and post, streamed on PostgreSQL), ``importer.py``
(matching) and ``posting.py`` (one transaction) for the guarantees.

The same file submitted again while an earlier copy is queued, running or applied is a
duplicate: the answer is the earlier import and nothing changes. A payment already imported
(same customer and payment reference) is skipped on any later file, so overlapping files
never apply the same money twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.bulk import collector_paused
from backend.db.engine import system_session
from backend.domain.automation.flags import NewCase
from backend.domain.automation.service import after_cases_created
from backend.domain.cash.applying import finish, read_and_post
from backend.domain.cash.column_mappings import ColumnMappingRequired, account_by_number, column_map_for
from backend.domain.cash.formats import ADVICE, IMPORT_FORMATS, detect_format
from backend.domain.cash.formats.sheets import read_layout, spooled
from backend.domain.cash.importer import LIVE_STATUSES
from backend.domain.cash.lease import LeaseLost, claim, lease_kept, set_progress
from backend.domain.cash.models import RemittanceImport, RemittanceLineRecord
from backend.domain.cash.remittance import FileRejected
from backend.domain.credit.assessment import assess
from backend.domain.disputes.models import Dispute
from backend.domain.errors import DomainError, NotFound
from backend.domain.invoices.models import Invoice
from documents.storage import DocumentStore, DocumentStoreError, ObjectTooLarge, StoredObject, new_key

log = logging.getLogger("recoup.cash")
MAX_IMPORT_BYTES = 200 * 1024 * 1024
AUTOMATION_BATCH = 500
MAX_ATTEMPTS = 3
"""Attempts an import gets: one whose worker died (killed, out of memory) this often is failed, not taken up again."""


class ImportRejected(DomainError):
    code = "import_rejected"


class ImportStoreUnavailable(DomainError):
    """The archive did not take the file; no import was queued, and the same file can be sent again."""

    code = "storage_unavailable"

    def __init__(self) -> None:
        super().__init__(
            "The file store is not reachable right now; nothing was imported. Send the file again shortly."
        )


@dataclass(frozen=True)
class Submitter:
    """Who submits a file: a staff user, or a machine client (OAuth2 client id)."""

    user_id: uuid.UUID | None = None
    client_id: str | None = None


@dataclass(frozen=True)
class Submission:
    job: RemittanceImport
    duplicate: bool


def _sniff(store: DocumentStore, key: str) -> str | None:
    with store.open(key, None) as handle:
        return detect_format(handle.read(4096))


def _layout(store: DocumentStore, key: str) -> Any:
    with store.open(key, None) as handle, spooled(handle) as path:
        return read_layout(path)


async def submit_import(
    session: AsyncSession,
    store: DocumentStore,
    *,
    submitter: Submitter,
    filename: str,
    chunks: Iterable[bytes],
    file_format: str | None,
    accept_valid: bool,
    now: datetime,
    customer: str | None = None,
) -> Submission:
    """Store the file and queue its import (or answer with the earlier import of the same file). Commits.

    A customer's own advice (``advice``, any CSV or XLSX layout, or a file of no known format sent with a
    ``customer``) is read through the column mapping saved for that customer and header:
    :class:`ColumnMappingRequired` (nothing stored, nothing queued) when there is none yet."""
    if file_format is not None and file_format not in IMPORT_FORMATS:
        raise ImportRejected(f"Unknown format {file_format!r}; use one of {', '.join(sorted(IMPORT_FORMATS))}.")
    key = new_key("imports")
    try:
        stored = await asyncio.to_thread(store.write, key, chunks, max_bytes=MAX_IMPORT_BYTES)
        chosen = await _checked_upload(session, store, key, stored, file_format, customer)
        advice = await _advice_columns(session, store, key, stored, customer, now) if chosen == ADVICE else None
    except ObjectTooLarge as error:
        raise ImportRejected(f"Import files are limited to {MAX_IMPORT_BYTES // (1024 * 1024)} MB.") from error
    except DocumentStoreError as error:
        raise ImportStoreUnavailable() from error
    if isinstance(chosen, RemittanceImport):
        return Submission(job=chosen, duplicate=True)
    job = RemittanceImport(
        sha256=stored.sha256,
        filename=(filename or "remittance")[:255],
        file_format=chosen,
        status="queued",
        accept_valid=accept_valid,
        object_key=key,
        byte_count=stored.size,
        bytes_read=0,
        line_count=0,
        report={},
        imported_by_id=submitter.user_id,
        imported_by_client=submitter.client_id,
        imported_at=now,
        account_id=advice[0] if advice else None,
        column_map=advice[1] if advice else None,
    )
    session.add(job)
    await session.commit()
    return Submission(job=job, duplicate=False)


async def _advice_columns(
    session: AsyncSession,
    store: DocumentStore,
    key: str,
    stored: StoredObject,
    customer: str | None,
    now: datetime,
) -> tuple[uuid.UUID, dict[str, Any]]:
    """The chosen customer and how their advice is read; the stored file is removed when it cannot be imported."""
    try:
        if not (customer or "").strip():
            raise ImportRejected("Choose the customer whose remittance advice this is.")
        try:
            account = await account_by_number(session, customer or "")
        except NotFound as error:
            raise ImportRejected(error.message) from None
        try:
            layout = await asyncio.to_thread(_layout, store, key)
        except FileRejected as error:
            raise ImportRejected(str(error)) from None
        columns = await column_map_for(session, account, layout, sha256=stored.sha256, today=now.date())
    except (ImportRejected, ColumnMappingRequired):
        await asyncio.to_thread(store.discard_unconfirmed, key)
        raise
    return account.id, columns.to_json()


async def _checked_upload(
    session: AsyncSession,
    store: DocumentStore,
    key: str,
    stored: StoredObject,
    file_format: str | None,
    customer: str | None = None,
) -> str | RemittanceImport:
    """The stored file's format, or the earlier live import of the same file; an empty or unknown file is refused.

    A refused or duplicate file's object is removed again.
    """
    if stored.size == 0:
        await asyncio.to_thread(store.discard_unconfirmed, key)
        raise ImportRejected("The file is empty.")
    earlier = (
        (
            await session.execute(
                select(RemittanceImport)
                .where(RemittanceImport.sha256 == stored.sha256, RemittanceImport.status.in_(LIVE_STATUSES))
                .order_by(RemittanceImport.imported_at)
            )
        )
        .scalars()
        .first()
    )
    if earlier is not None:
        await asyncio.to_thread(store.discard_unconfirmed, key)
        return earlier
    chosen = file_format or await asyncio.to_thread(_sniff, store, key)
    if chosen is None and (customer or "").strip():
        chosen = ADVICE  # no bank or EDI format: the customer's own spreadsheet
    if chosen is None:
        await asyncio.to_thread(store.discard_unconfirmed, key)
        raise ImportRejected(
            "Could not tell the file's format; choose it (lockbox CSV, camt.053, camt.054, X12 820, BAI2 or "
            "EDIFACT REMADV), or choose the customer for the customer's own spreadsheet."
        )
    return chosen


async def due_imports(session: AsyncSession, *, now: datetime, limit: int = 20) -> list[uuid.UUID]:
    """Imports to work on: queued, left by a dead worker, or applied with their deductions not yet automated."""
    rows = await session.execute(
        select(RemittanceImport.id)
        .where(
            or_(
                RemittanceImport.status == "queued",
                RemittanceImport.status.in_(("reading", "applying")) & (RemittanceImport.lease_until < now),
                RemittanceImport.status.in_(("applied", "partially_applied"))
                & RemittanceImport.automation_done_at.is_(None),
            )
        )
        .order_by(RemittanceImport.imported_at)
        .limit(limit)
    )
    return list(rows.scalars())


async def run_import(
    sessions: async_sessionmaker[AsyncSession],
    store: DocumentStore,
    import_id: uuid.UUID,
    *,
    now: datetime,
    lease: timedelta,
) -> str:
    """Work one import as far as it is due; the status it ends in (or ``not_due``)."""
    async with system_session(sessions) as session:
        current = await session.get(RemittanceImport, import_id)
        if current is None:
            return "not_due"
        if current.status in {"applied", "partially_applied"} and current.automation_done_at is None:
            await automate(sessions, import_id, now=now)
            return current.status
    job = await claim(sessions, import_id, now=now, lease=lease)
    if job is None:
        return "not_due"
    if job.attempts > MAX_ATTEMPTS:  # each attempt before died with its worker: do not feed it another
        with contextlib.suppress(LeaseLost):
            await finish(
                sessions,
                job,
                status="failed",
                message=f"The import stopped the worker that ran it {MAX_ATTEMPTS} times; nothing was applied. "
                "Split the file and import the parts, or tell support if it fails again.",
                now=now,
            )
        return "failed"
    clock = time.perf_counter()
    try:
        async with lease_kept(sessions, job, lease):
            return await _read_and_post(sessions, job, store, now=now, clock=clock)
    except LeaseLost:
        log.warning("import %s was taken over by another worker (attempt %d lost its lease)", job.id, job.attempts)
        return "not_due"
    except Exception:
        # A bug or an outage mid-import: posting is one transaction, so nothing was applied. Say so on the
        # import (the same file may be submitted again); if even that fails, the lease runs out and a
        # worker takes the import up again.
        log.exception("import %s failed", job.id)
        with contextlib.suppress(LeaseLost):
            await finish(
                sessions,
                job,
                status="failed",
                message="The import could not finish because of an error on our side; nothing was applied. "
                "Submit the file again, or tell support if it fails again.",
                now=now,
            )
        return "failed"


async def _read_and_post(
    sessions: async_sessionmaker[AsyncSession],
    job: RemittanceImport,
    store: DocumentStore,
    *,
    now: datetime,
    clock: float,
) -> str:
    # Reading and posting build hundreds of thousands of small acyclic objects that the cyclic collector would walk
    # again and again (a 100,000-line file read 1.5x slower than ten 10,000-line ones): paused for them
    # (``collector_paused``), running again for automation, which works with ORM objects that do make cycles.
    with collector_paused():
        outcome = await read_and_post(sessions, store, job, now=now)
    if outcome.posted is None:
        return outcome.status
    posted_seconds = time.perf_counter() - clock
    if outcome.posted.deductions:
        try:
            await automate(sessions, job.id, now=now)
        except Exception:
            # The cash is applied and committed; flags and rules are retried by the next worker round
            # (automation_done_at stays empty).
            log.exception("automation of import %s failed; it will be retried", job.id)
            return outcome.status
        seconds = {**outcome.seconds, "automation": round(time.perf_counter() - clock - posted_seconds, 3)}
        await set_progress(sessions, job.id, report={"seconds": seconds})
    log.info(
        "import %s: %d lines read and matched in %.2f s, posted in %.2f s, %d deductions automated in %.2f s",
        job.id,
        outcome.lines,
        outcome.seconds["read"],
        outcome.seconds["post"],
        outcome.posted.deductions,
        time.perf_counter() - clock - posted_seconds,
    )
    return outcome.status


async def automate(sessions: async_sessionmaker[AsyncSession], import_id: uuid.UUID, *, now: datetime) -> None:
    """Flags and rules for the import's new deductions, a batch per transaction; marks the import done."""
    async with system_session(sessions) as session:
        rows = (
            await session.execute(
                select(
                    RemittanceLineRecord.deduction_id,
                    RemittanceLineRecord.received_on,
                    RemittanceLineRecord.adjustment_amount,
                ).where(RemittanceLineRecord.import_id == import_id, RemittanceLineRecord.deduction_id.is_not(None))
            )
        ).all()
    for start in range(0, len(rows), AUTOMATION_BATCH):
        chunk = rows[start : start + AUTOMATION_BATCH]
        async with system_session(sessions) as session:
            cases = {
                d.id: d
                for d in (
                    await session.execute(select(Dispute).where(Dispute.id.in_([r.deduction_id for r in chunk])))
                ).scalars()
            }
            invoices = {
                i.id: i
                for i in (
                    await session.execute(select(Invoice).where(Invoice.id.in_({c.invoice_id for c in cases.values()})))
                ).scalars()
            }
            batch = []
            for deduction_id, received_on, claimed in chunk:
                case = cases[deduction_id]  # type: ignore[index]
                batch.append(
                    NewCase(
                        dispute=case,
                        invoice=invoices[case.invoice_id],
                        paid_on=received_on or now.date(),
                        claimed_amount=claimed if claimed > case.amount else None,
                    )
                )
            await after_cases_created(session, batch, now=now)
            # a rule may have credited or written off money: the accounts' holds and priority follow
            await assess(session, list({c.account_id for c in cases.values()}), today=now.date(), now=now)
            await session.commit()
    await set_progress(sessions, import_id, automation_done_at=now)
