"""A job worker SIGKILLed while it posts a remittance import: nothing applied, another worker applies it once."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

import asyncpg
import pytest

from backend.app import create_app
from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceImport
from backend.jobs.work import Jobs
from tests.reliability.faults.conftest import IMPORT_HEADER, Rig, signed_in
from tests.support.api import Api
from tests.support.imports import submit
from tests.support.processes import launch

pytestmark = pytest.mark.reliability


UNMATCHED_LINES = 80_000
INVOICES = 60
SHORT_BY = Decimal("7.00")


def _remittance(run: str, account: Any, invoices: list[Any]) -> bytes:
    """One payment per line: each invoice paid (every third short by 7.00: a deduction), then payments that
    match nothing (exceptions), enough to keep a worker busy for a few seconds."""
    rows = [IMPORT_HEADER]
    for index, invoice in enumerate(invoices):
        if index % 3 == 0:
            paid = invoice.total_amount - SHORT_BY
            rows.append(
                f"R{run}-{index},2026-11-20,{account.number},{paid},{invoice.number},{paid},{SHORT_BY},x12,04,Damaged\n"
            )
        else:
            paid = invoice.total_amount
            rows.append(f"R{run}-{index},2026-11-20,{account.number},{paid},{invoice.number},{paid},0,,,\n")
    for index in range(UNMATCHED_LINES):
        rows.append(f"U{run}-{index},2026-11-20,{account.number},1.23,NOPE-{run}-{index},1.23,0,,,\n")
    return "".join(rows).encode()


async def _import_row(rig: Rig, import_id: uuid.UUID) -> RemittanceImport:
    async with system_session(rig.sessions) as db:
        job = await db.get(RemittanceImport, import_id)
        assert job is not None
        return job


async def _ledger(conn: asyncpg.Connection, account_id: uuid.UUID, run: str) -> dict[str, Any]:
    return {
        "payments": await conn.fetchval(
            "SELECT count(*) FROM payments WHERE account_id = $1 AND (reference LIKE $2 OR reference LIKE $3)",
            account_id,
            f"R{run}-%",
            f"U{run}-%",
        ),
        "distinct_references": await conn.fetchval(
            "SELECT count(DISTINCT reference) FROM payments WHERE account_id = $1", account_id
        ),
        "deductions": await conn.fetchval("SELECT count(*) FROM disputes WHERE account_id = $1", account_id),
        "paid": await conn.fetchval("SELECT sum(paid_amount) FROM invoices WHERE account_id = $1", account_id),
        "disputed": await conn.fetchval("SELECT sum(disputed_amount) FROM invoices WHERE account_id = $1", account_id),
        "unbalanced_invoices": await conn.fetchval(
            "SELECT count(*) FROM invoices i WHERE account_id = $1 AND (i.total_amount <> i.paid_amount"
            " + i.credited_amount + i.written_off_amount + i.open_balance OR i.disputed_amount <> (SELECT"
            " coalesce(sum(d.amount), 0) FROM disputes d WHERE d.invoice_id = i.id AND d.status IN"
            " ('new', 'assigned', 'in_review', 'waiting_on_customer')))",
            account_id,
        ),
    }


async def _wait_until(rig: Rig, import_id: uuid.UUID, done: Any, seconds: float, what: str) -> RemittanceImport:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = await _import_row(rig, import_id)
        if done(job):
            return job
        await asyncio.sleep(0.02)
    raise AssertionError(f"import {import_id} not {what} after {seconds} s: {job.status} (see {rig.logs})")


async def test_a_worker_killed_mid_import_changes_nothing_and_another_applies_the_file_exactly_once(rig: Rig) -> None:
    # A short lease, renewed every 5 s: many times the longest an import blocks the worker's loop here (~0.6 s
    # idle), with room for a loaded machine (a 6 s lease ran out once while the PostgreSQL and browser lanes ran
    # beside it: the renewal waited over 4 s). The file takes ~9 s idle, so the working lease is renewed at least once (a 10 s lease ran out in make test too).
    settings = replace(rig.settings, jobs="queue", job_lease_seconds=15)
    app = create_app(settings)
    await app.state.background.start()  # the app defers jobs; the workers below run them
    api = Api(app)
    conn = await asyncpg.connect(rig.dsn)
    env = {
        "RECOUP_DATABASE_URL": settings.database_url,
        "RECOUP_DATA_DIR": str(settings.data_dir),
        "RECOUP_DOCUMENTS_DIR": str(settings.documents_dir),
        "RECOUP_SECRET_KEY": settings.secret_key,
        "RECOUP_JOBS": "queue",
        "RECOUP_JOB_LEASE_SECONDS": str(settings.job_lease_seconds),
    }
    workers = contextlib.ExitStack()  # each worker stopped (SIGTERM, then SIGKILL) at the end
    try:
        # given: open invoices, and a clerk's remittance file for them, queued
        account = await rig.factory.account("Killed Worker Co")
        invoices = [await rig.factory.invoice(account, total=Decimal("100.00")) for _ in range(INVOICES)]
        run = uuid.uuid4().hex[:6]
        await signed_in(api, rig, "ar_clerk")
        submitted = await submit(api, _remittance(run, account, invoices))
        assert submitted.status_code == 202, submitted.text
        import_id = uuid.UUID(submitted.json()["id"])
        before = await _ledger(conn, account.id, run)

        # when: a worker takes it up and is killed while it posts
        first = workers.enter_context(launch("worker", env, log_dir=rig.logs, name="worker-1"))
        posting = await _wait_until(rig, import_id, lambda job: job.status == "applying", 60, "applying")
        first.kill()

        # then: nothing of it was applied (posting is one transaction, rolled back with the connection)
        assert posting.attempts == 1
        assert (await _import_row(rig, import_id)).status == "applying"
        assert await _ledger(conn, account.id, run) == before

        # when: two new workers start (the dead one's lease runs out; the one that takes the import keeps
        # renewing its short lease, so the other never takes it too)
        for name in ("worker-2", "worker-3"):
            workers.enter_context(launch("worker", env, log_dir=rig.logs, name=name))
        retaken = await _wait_until(rig, import_id, lambda job: job.attempts == 2, 60, "taken up again")
        assert retaken.status in {"reading", "applying"}
        jobs = Jobs(settings=settings, sessions=rig.sessions, archive=app.state.background.archive)
        leases = set()
        while (job := await _import_row(rig, import_id)).status in {"reading", "applying"}:
            if import_id in await jobs.due_imports():
                # due either because its lease ran out (still working), or because it was applied between the two
                # reads and its deductions wait for automation: read it again to tell which
                again = await _import_row(rig, import_id)
                assert again.status not in {"reading", "applying"}, f"attempt {again.attempts}'s lease ran out"
            leases.add(job.lease_until)
            await asyncio.sleep(0.1)
        assert len(leases) > 1, "the running import never renewed its lease"
        finished = await _wait_until(rig, import_id, lambda job: job.automation_done_at is not None, 60, "automated")

        # then: the file is applied once: every payment once, every short pay one deduction, every invoice balanced
        assert (finished.status, finished.attempts) == ("applied", 2), finished.message
        assert (finished.payments, finished.deductions) == (INVOICES + UNMATCHED_LINES, INVOICES // 3)
        after = await _ledger(conn, account.id, run)
        assert after["payments"] == after["distinct_references"] == INVOICES + UNMATCHED_LINES
        assert after["deductions"] == INVOICES // 3 and after["unbalanced_invoices"] == 0
        assert after["paid"] == INVOICES * Decimal("100.00") - INVOICES // 3 * SHORT_BY
        assert after["disputed"] == INVOICES // 3 * SHORT_BY
        lines = await conn.fetchval("SELECT count(*) FROM remittance_lines WHERE import_id = $1", import_id)
        assert lines == INVOICES + UNMATCHED_LINES
    finally:
        workers.close()
        await conn.close()
        await api.close()
        await app.state.background.stop()
        await app.state.engine.dispose()
