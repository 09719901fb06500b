"""The daily collections run keeps what the reports read: it records the day that ended (committed: a report the
next morning reads it) and puts right a case whose evidence flag a concurrent write left wrong."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.domain.reports.models import SnapshotDay


async def test_the_daily_run_records_yesterday_and_mends_a_wrong_evidence_flag(
    app: Any, factory: Any, demo: Any
) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account)
    with_document, without = await factory.dispute(invoice), await factory.dispute(await factory.invoice(account))
    await factory.document(account.id, dispute=with_document)
    async with system_session(demo) as db:  # as two racing transactions could leave them
        await db.execute(update(Dispute).where(Dispute.id == with_document.id).values(has_evidence=False))
        await db.execute(update(Dispute).where(Dispute.id == without.id).values(has_evidence=True))
        await db.commit()

    said = await app.state.background.jobs.collections_day()

    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    async with system_session(demo) as db:
        recorded = await db.scalar(select(SnapshotDay.balances_at).where(SnapshotDay.day == yesterday))
        flags = dict(
            (await db.execute(select(Dispute.id, Dispute.has_evidence).where(Dispute.account_id == account.id))).all()
        )
    assert recorded is not None, said
    assert (bool(flags[with_document.id]), bool(flags[without.id])) == (True, False)
    mended = re.search(r"(\d+) cases' evidence put right", said)
    assert mended is not None and int(mended.group(1)) >= 2, said  # ours (the shared database may hold more)
