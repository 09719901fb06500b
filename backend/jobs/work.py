"""The background jobs, the same whichever runner calls them."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.cash.service import due_imports, run_import
from backend.domain.credit import dunning
from backend.domain.credit.assessment import assess_all
from backend.domain.disputes.evidence import recheck_evidence
from backend.domain.documents.extraction import ExtractionOutcome, due_documents, run_extraction
from backend.domain.documents.uploads import Archive, remove_expired_uploads
from backend.domain.inbound_mail.mailbox import ImapConfig, MailboxConfig, PollSummary, poll, process_due
from backend.domain.orders.reconciliation import reconcile_open_orders
from backend.domain.reports.snapshots import take_daily_snapshots
from backend.domain.reports.weekly import send_weekly_digest
from backend.settings import Settings

log = logging.getLogger("recoup.jobs")


@dataclass(frozen=True)
class Jobs:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    archive: Archive

    async def extract(self, document_id: uuid.UUID) -> ExtractionOutcome:
        """Read and index one document (a no-op when it is not due or another worker holds it)."""
        outcome = await run_extraction(
            self.sessions,
            self.archive,
            document_id,
            now=utc_now(),
            lease=timedelta(seconds=self.settings.job_lease_seconds),
            max_attempts=self.settings.extraction_max_attempts,
        )
        (log.info if outcome.status in {"failed", "retry"} else log.debug)(
            "extraction of %s: %s", document_id, outcome.status
        )
        return outcome

    async def due(self, limit: int = 50) -> list[uuid.UUID]:
        """Documents due for extraction now: new, retrying, or left behind by a dead worker."""
        async with system_session(self.sessions) as session:
            return await due_documents(session, now=utc_now(), limit=limit)

    async def sweep_uploads(self) -> int:
        """Remove pending uploads that expired unconfirmed, object and row."""
        async with system_session(self.sessions) as session:
            return await remove_expired_uploads(session, self.archive.store, now=utc_now())

    async def import_remittance(self, import_id: uuid.UUID) -> str:
        """Run one remittance import as far as it is due (a no-op when another worker holds it).

        A worker that dies mid-import leaves its lease to run out (it is renewed only while the import runs);
        then the next runner that looks (``due_imports``) takes it up again, from the start.
        """
        status = await run_import(
            self.sessions,
            self.archive.store,
            import_id,
            now=utc_now(),
            lease=timedelta(seconds=self.settings.job_lease_seconds),  # renewed while the import runs
        )
        log.info("remittance import %s: %s", import_id, status)
        return status

    async def due_imports(self, limit: int = 20) -> list[uuid.UUID]:
        async with system_session(self.sessions) as session:
            return await due_imports(session, now=utc_now(), limit=limit)

    async def collections_day(self) -> str:
        """The daily run: open orders reconciled (a proof of delivery now overdue becomes a discrepancy), every account
        assessed (past due, promises, holds, approved unshipped orders), then the reminders due, every case's evidence
        re-checked, the reports' snapshot of the day that ended, and on the first run of a week the weekly report to
        credit managers.

        Idempotent: reconciliation and assessment recompute from the records, and a reminder goes once per invoice
        and level, so a second run on a day (a retry, a second worker) sends nothing twice."""
        now = utc_now()
        portal_url = f"{self.settings.public_url}/portal"
        async with system_session(self.sessions) as session:
            orders = await reconcile_open_orders(session, now=now, portal_url=portal_url)
        async with system_session(self.sessions) as session:
            assessed = await assess_all(session, today=now.date(), now=now)
        async with system_session(self.sessions) as session:
            summary = await dunning.run(
                session, today=now.date(), now=now, portal_url=f"{self.settings.public_url}/portal"
            )
        async with system_session(self.sessions) as session:
            mended = await recheck_evidence(session)
            await session.commit()
        async with system_session(self.sessions) as session:
            recorded = await take_daily_snapshots(session, today=now.date(), now=now)
            await session.commit()
        async with system_session(self.sessions) as session:
            digests = await send_weekly_digest(
                session, today=now.date(), now=now, console_url=f"{self.settings.public_url}/console"
            )
        outcome = (
            f"{orders} open orders reconciled, {assessed} accounts assessed, {summary.letters} reminders sent, "
            f"{recorded} days recorded for the reports, {digests} weekly reports queued, {mended} cases' evidence "
            "put right"
        )
        log.info("collections run: %s", outcome)
        return outcome

    def mailbox(self) -> MailboxConfig:
        """The drop folder and the IMAP mailbox the settings name."""
        s = self.settings
        imap = (
            ImapConfig(
                host=s.inbound_imap_host,
                port=s.inbound_imap_port,
                username=s.inbound_imap_username,
                password=s.inbound_imap_password,
                mailbox=s.inbound_imap_mailbox,
                tls=s.inbound_imap_tls,
            )
            if s.inbound_imap_host
            else None
        )
        return MailboxConfig(folder=s.inbound_mail_dir, imap=imap)

    async def poll_inbound_mail(self) -> PollSummary:
        """The mailbox job: new mail kept (drop folder, IMAP), then every kept message read. Never raises for one
        message: a bad message goes to the review list and the job goes on."""
        summary = await poll(self.sessions, self.archive, self.mailbox(), now=utc_now())
        if summary.received or summary.processed or summary.failed:
            log.info(
                "inbound mail: %d received, %d duplicates, %d read, %d failed",
                summary.received,
                summary.duplicates,
                summary.processed,
                summary.failed,
            )
        return summary

    async def read_inbound_mail(self) -> PollSummary:
        """Read the messages kept and not read yet (after an upload, or a sender assigned in the console)."""
        summary = PollSummary()
        await process_due(self.sessions, self.archive, summary, utc_now())
        return summary
