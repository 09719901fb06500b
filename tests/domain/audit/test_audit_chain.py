"""The audit log is a hash chain: altering any row makes verification fail (SECURITY.md F31)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.audit.service import EventList, EventRecord, append_events, first_broken_event, record_event


async def test_chain_verifies_and_tampering_is_detected(demo: Any, factory: Any) -> None:
    account = await factory.account()
    async with system_session(demo) as db:
        first = await record_event(
            db,
            action="test.one",
            entity_type="invoice",
            entity_id="1",
            account_id=account.id,
            after={"amount": "10.00"},
        )
        second = await record_event(
            db,
            action="test.two",
            entity_type="invoice",
            entity_id="1",
            before={"amount": "10.00"},
            after={"amount": "5.00"},
        )
        await db.commit()
        assert second.prev_hash == first.hash
        assert await first_broken_event(db) is None

        await db.execute(
            update(AuditEvent).where(AuditEvent.sequence == first.sequence).values(after={"amount": "99.00"})
        )
        await db.commit()
        assert await first_broken_event(db) == first.sequence

        # put it back so the shared chain stays valid for other tests
        await db.execute(
            update(AuditEvent).where(AuditEvent.sequence == first.sequence).values(after={"amount": "10.00"})
        )
        await db.commit()
        assert await first_broken_event(db) is None


async def test_events_are_not_kept_when_the_transaction_rolls_back(demo: Any) -> None:
    async with system_session(demo) as db:
        await record_event(db, action="test.rolled_back", entity_type="invoice", entity_id="x")
        await db.rollback()
        assert (await db.execute(select(AuditEvent).where(AuditEvent.action == "test.rolled_back"))).first() is None


def test_verify_audit_command_reports_an_intact_chain_and_a_tampered_one(settings: Any, demo: Any) -> None:
    import asyncio
    import os
    import subprocess
    import sys

    from backend.db.engine import make_engine

    env = {**os.environ, "RECOUP_DATABASE_URL": settings.database_url, "RECOUP_DATA_DIR": str(settings.data_dir)}
    intact = subprocess.run(
        [sys.executable, "-m", "backend", "verify-audit"], env=env, capture_output=True, text=True, check=False
    )
    assert intact.returncode == 0, intact.stderr
    assert "intact" in intact.stdout

    async def delete_last() -> None:
        engine = make_engine(settings.database_url)
        async with engine.begin() as conn:
            last = (
                await conn.execute(select(AuditEvent.sequence).order_by(AuditEvent.sequence.desc()).limit(1))
            ).scalar_one()
            row = (await conn.execute(select(AuditEvent.__table__).where(AuditEvent.sequence == last))).one()
            await conn.execute(AuditEvent.__table__.delete().where(AuditEvent.sequence == last))
        await engine.dispose()
        saved.append(row)

    saved: list[Any] = []
    asyncio.run(delete_last())
    try:
        tampered = subprocess.run(
            [sys.executable, "-m", "backend", "verify-audit"], env=env, capture_output=True, text=True, check=False
        )
        assert tampered.returncode == 1 and "TAMPERED" in tampered.stderr
    finally:

        async def restore() -> None:
            engine = make_engine(settings.database_url)
            async with engine.begin() as conn:
                await conn.execute(AuditEvent.__table__.insert().values(**saved[0]._mapping))
            await engine.dispose()

        asyncio.run(restore())


async def test_an_open_transaction_does_not_hold_up_other_audited_writes(demo: Any) -> None:
    # given a transaction that has recorded an event and is still working
    import asyncio

    async with system_session(demo) as slow, system_session(demo) as quick:
        first = await record_event(slow, action="test.slow", entity_type="invoice", entity_id="slow")

        # when another transaction records and commits an event meanwhile
        second = await record_event(quick, action="test.quick", entity_type="invoice", entity_id="quick")
        await asyncio.wait_for(quick.commit(), timeout=5)  # the chain head was locked until slow committed
        await slow.commit()

        # then both are in the chain, in commit order, and it verifies
        assert second.sequence is not None and first.sequence is not None and second.sequence < first.sequence
        assert first.prev_hash == second.hash
        assert await first_broken_event(slow) is None


async def test_a_bulk_appended_event_of_money_days_and_ids_verifies_as_stored(demo: Any, factory: Any) -> None:
    """Feeds append their events in bulk, hashing each as it goes to the database: what is hashed must be what
    verification reads back, whatever the values (money, days, ids, nested or not)."""
    account = await factory.account()
    payloads = [
        {"total": Decimal("12.30"), "on": date(2026, 12, 4), "id": uuid.uuid4(), "held": True, "lines": 5, "po": None},
        {"lines": {"1": "SKU-1 5.000 × 2.5000"}, "at": datetime(2026, 12, 4, 9, 30, tzinfo=UTC)},
        {"amounts": [Decimal("1.00"), Decimal("2.50")], "rate": 1.5},
    ]
    records = [EventRecord("test.bulk", "sales_order", uuid.uuid4(), account_id=account.id, after=p) for p in payloads]
    stored = await _appended(demo, records)
    assert stored[0] == {"total": "12.30", "on": "2026-12-04", "id": str(payloads[0]["id"]), "held": True, "lines": 5,
                         "po": None}  # fmt: skip
    assert stored[1] == {"lines": {"1": "SKU-1 5.000 × 2.5000"}, "at": "2026-12-04 09:30:00+00:00"}
    assert stored[2] == {"amounts": ["1.00", "2.50"], "rate": 1.5}


async def test_events_made_ready_ahead_then_added_to_are_chained_in_their_order(demo: Any, factory: Any) -> None:
    """An import gets some events ready while the database stores its rows, adds more (reconciliation's), and
    appends them all: in the order they were listed, and the chain verifies."""
    account = await factory.account()
    events = EventList(
        EventRecord("test.ahead", "sales_order", uuid.uuid4(), account_id=account.id, after={"n": n}) for n in range(3)
    )
    steps = events.steps()
    next(steps)
    next(steps)  # two of three ready
    events += [EventRecord("test.ahead", "sales_order", uuid.uuid4(), account_id=account.id, after={"n": 3})]
    assert await _appended(demo, events) == [{"n": 0}, {"n": 1}, {"n": 2}, {"n": 3}]


async def _appended(demo: Any, records: list[EventRecord]) -> list[Any]:
    """Append ``records`` in bulk and commit; the chain must verify; what each stored event says after, in order."""
    async with system_session(demo) as db:
        await append_events(db, records)
        await db.commit()
        assert await first_broken_event(db) is None
        ids = [str(r.entity_id) for r in records]
        found = await db.execute(
            select(AuditEvent.after).where(AuditEvent.entity_id.in_(ids)).order_by(AuditEvent.sequence)
        )
        return list(found.scalars())
