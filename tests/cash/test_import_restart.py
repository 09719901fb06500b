"""An import whose worker died mid-run is not taken while its lease lasts, then the runner takes it up and applies it once."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.cash.lease import claim
from backend.domain.cash.models import RemittanceImport
from backend.domain.invoices.models import Invoice
from backend.domain.payments.models import Payment
from backend.jobs.in_process import InProcessWorker
from tests.support.api import Api
from tests.support.imports import submit

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


async def _state(demo: Any, import_id: uuid.UUID, invoice_id: uuid.UUID) -> tuple[str, int, Decimal, int]:
    async with system_session(demo) as db:
        job = await db.get(RemittanceImport, import_id)
        invoice = await db.get(Invoice, invoice_id)
        payments = await db.scalar(
            select(func.count()).select_from(Payment).where(Payment.account_id == invoice.account_id)
        )
        assert job is not None and invoice is not None
        return job.status, job.attempts, invoice.paid_amount, payments


async def _queued_import(api: Api, factory: Any) -> tuple[uuid.UUID, Any]:
    """A clerk's queued import paying one invoice of 80.00 in full, and the invoice."""
    await api.login((await factory.user("ar_clerk")).email, "correct horse battery")
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("80.00"))
    csv_text = HEADER + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},80.00,{invoice.number},80.00,0,,,\n"
    response = await submit(api, csv_text.encode())
    assert response.status_code == 202, response.text
    return uuid.UUID(response.json()["id"]), invoice


async def test_the_in_process_runner_takes_up_a_dead_workers_import_once_its_lease_ran_out(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: a queued import that a worker claimed (lease: a minute) and then died with
    import_id, invoice = await _queued_import(api, factory)
    assert await claim(demo, import_id, now=utc_now(), lease=timedelta(minutes=1)) is not None
    runner = InProcessWorker()
    runner.jobs = app.state.background.jobs

    # when: the app's runner looks while the lease lasts, then after it ran out
    await runner.run_once()
    while_leased = await _state(demo, import_id, invoice.id)
    async with system_session(demo) as db:
        await db.execute(
            update(RemittanceImport)
            .where(RemittanceImport.id == import_id)
            .values(lease_until=utc_now() - timedelta(seconds=1))
        )
        await db.commit()
    await runner.run_once()

    # then: untouched while another worker might still hold it; then applied, once, by a second attempt
    assert while_leased == ("reading", 1, Decimal("0.00"), 0)
    assert await _state(demo, import_id, invoice.id) == ("applied", 2, Decimal("80.00"), 1)


async def test_an_import_whose_workers_keep_dying_fails_after_three_attempts_with_nothing_applied(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: an import three workers took up and died with (a file that runs a worker out of memory, say)
    import_id, invoice = await _queued_import(api, factory)
    for _ in range(3):
        assert await claim(demo, import_id, now=utc_now(), lease=timedelta(seconds=-1)) is not None
    runner = InProcessWorker()
    runner.jobs = app.state.background.jobs

    # when: the next runner finds its lease run out once more
    await runner.run_once()

    # then: it is not taken up a fourth time: failed, saying so, with nothing applied
    assert await _state(demo, import_id, invoice.id) == ("failed", 4, Decimal("0.00"), 0)
    async with system_session(demo) as db:
        job = await db.get(RemittanceImport, import_id)
    assert job is not None and "stopped the worker" in job.message and "nothing was applied" in job.message
    assert import_id not in await app.state.background.jobs.due_imports()
