"""The database connection terminated mid-transaction (``pg_terminate_backend``): typed errors, nothing written,
the pool recovers and the same request succeeds once."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from decimal import Decimal
from typing import Any

import asyncpg
import pytest

from backend.app import create_app
from backend.db.outage import UNAVAILABLE_MESSAGE
from tests.reliability.faults.conftest import IMPORT_HEADER, Rig, signed_in
from tests.support.api import Api
from tests.support.imports import finished, submit

pytestmark = pytest.mark.reliability


APPROVE = """mutation($i: ApproveCaseInput!) { approveCase(input: $i) { __typename
  ... on CaseUpdated { case { status version } creditMemo { number amount } } } }"""


async def _money_state(conn: asyncpg.Connection, invoice_id: uuid.UUID, dispute_id: uuid.UUID) -> dict[str, Any]:
    invoice = await conn.fetchrow(
        "SELECT paid_amount, credited_amount, written_off_amount, disputed_amount, open_balance, version"
        " FROM invoices WHERE id = $1",
        invoice_id,
    )
    dispute = await conn.fetchrow("SELECT status, version, resolved_at FROM disputes WHERE id = $1", dispute_id)
    return {
        "invoice": dict(invoice),
        "dispute": dict(dispute),
        "credit_memos": await conn.fetchval("SELECT count(*) FROM credit_memos WHERE dispute_id = $1", dispute_id),
        "audit": await conn.fetchval("SELECT count(*) FROM audit_events WHERE entity_id = $1", str(dispute_id)),
        "steps": await conn.fetchval("SELECT count(*) FROM dispute_status_changes WHERE dispute_id = $1", dispute_id),
        "keys": await conn.fetchval("SELECT count(*) FROM idempotency_keys WHERE dispute_id = $1", dispute_id),
        "chain": await conn.fetchval("SELECT max(sequence) FROM audit_events"),
    }


async def _blocked_behind(conn: asyncpg.Connection, holder_pid: int, seconds: float = 10.0) -> asyncpg.Record:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        blocked = await conn.fetchrow(
            "SELECT pid, backend_xid, query FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holder_pid
        )
        if blocked is not None:
            return blocked
        await asyncio.sleep(0.02)
    raise AssertionError("the request never reached the lock")


async def test_a_connection_killed_mid_transaction_is_unavailable_writes_nothing_and_the_retry_succeeds(
    rig: Rig,
) -> None:
    app = create_app(rig.settings)
    api = Api(app)
    holder, watcher = await asyncpg.connect(rig.dsn), await asyncpg.connect(rig.dsn)
    try:
        # given: an open 40.00 case on a 100.00 invoice, and a clerk approving it
        account = await rig.factory.account()
        invoice = await rig.factory.invoice(account, total=Decimal("100.00"))
        dispute = await rig.factory.dispute(invoice, amount=Decimal("40.00"))
        await signed_in(api, rig, "ar_clerk")
        before = await _money_state(holder, invoice.id, dispute.id)
        approval = {
            "i": {"caseId": str(dispute.id), "version": 1, "idempotencyKey": uuid.uuid4().hex, "rootCause": "CARRIER"}
        }

        # when: the approval is inside its transaction (invoice already updated, waiting for the credit memo
        # number, which this test holds), and its connection is terminated
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("SELECT next_value FROM number_sequences WHERE name = 'credit_memo' FOR UPDATE")
        request = asyncio.create_task(api.post_graphql(APPROVE, approval))
        # (watched from another connection: inside a transaction pg_stat_activity is a snapshot)
        blocked = await _blocked_behind(watcher, await holder.fetchval("SELECT pg_backend_pid()"))
        assert blocked["backend_xid"] is not None, "the transaction had not written anything yet"
        assert await watcher.fetchval("SELECT pg_terminate_backend($1)", blocked["pid"])
        await transaction.rollback()
        response = await request

        # then: a typed error that says "try again" and nothing of the server, and nothing was written
        assert response.status_code == 200
        body = response.json()
        assert body["data"] is None
        assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
            (UNAVAILABLE_MESSAGE, "UNAVAILABLE")
        ]
        assert "asyncpg" not in response.text and "Traceback" not in response.text
        assert await _money_state(holder, invoice.id, dispute.id) == before

        # when: every idle connection of the database dies too (a restart): the pool replaces them
        # (closed ones at checkout, unseen ones on their transaction's first statement)
        await holder.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND state = 'idle' AND query NOT ILIKE 'listen%'"
        )

        # then: the same request (same idempotency key) succeeds, once
        retried = (await api.graphql(APPROVE, approval))["data"]["approveCase"]
        assert retried["__typename"] == "CaseUpdated" and retried["creditMemo"]["amount"] == "40.00"
        after = await _money_state(holder, invoice.id, dispute.id)
        assert after["credit_memos"] == 1 and after["keys"] == 1 and after["dispute"]["status"] == "resolved_valid"
        assert after["invoice"]["credited_amount"] == Decimal("40.00") and after["invoice"]["open_balance"] == Decimal(
            "60.00"
        )
        assert after["invoice"]["disputed_amount"] == Decimal("0.00")
        replayed = (await api.graphql(APPROVE, approval))["data"]["approveCase"]
        assert replayed["creditMemo"]["number"] == retried["creditMemo"]["number"]
        assert (await _money_state(holder, invoice.id, dispute.id))["credit_memos"] == 1
    finally:
        await holder.close()
        await watcher.close()
        await api.close()
        await app.state.engine.dispose()


async def test_a_connection_killed_while_an_import_is_queued_is_a_503_queues_nothing_and_the_resend_is_taken(
    rig: Rig,
) -> None:
    app = create_app(rig.settings)
    api = Api(app)
    holder, watcher = await asyncpg.connect(rig.dsn), await asyncpg.connect(rig.dsn)
    try:
        # given: a clerk with a remittance file
        clerk = await signed_in(api, rig, "ar_clerk")
        account = await rig.factory.account()
        invoice = await rig.factory.invoice(account, total=Decimal("55.00"))
        content = (
            IMPORT_HEADER
            + f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},55.00,{invoice.number},55.00,0,,,\n"
        ).encode()
        sha256 = hashlib.sha256(content).hexdigest()

        # when: the import row is being inserted (its foreign key waits for the clerk's row, which this test
        # locks) and the connection is terminated
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("SELECT id FROM users WHERE id = $1 FOR UPDATE", clerk.id)
        request = asyncio.create_task(submit(api, content))
        blocked = await _blocked_behind(watcher, await holder.fetchval("SELECT pg_backend_pid()"))
        assert await watcher.fetchval("SELECT pg_terminate_backend($1)", blocked["pid"])
        await transaction.rollback()
        response = await request

        # then: the HTTP problem for "try again", and no import
        assert response.status_code == 503, response.text
        assert response.json() == {"code": "unavailable", "message": UNAVAILABLE_MESSAGE}
        assert not await watcher.fetchval("SELECT count(*) FROM remittance_imports WHERE sha256 = $1", sha256)

        # and: the same file sent again is queued and applied
        again = await submit(api, content)
        assert again.status_code == 202, again.text
        assert (await finished(app, uuid.UUID(again.json()["id"]))).status == "applied"
        assert await watcher.fetchval("SELECT count(*) FROM remittance_imports WHERE sha256 = $1", sha256) == 1
    finally:
        await holder.close()
        await watcher.close()
        await api.close()
        await app.state.engine.dispose()
