"""Fifty people at once for two minutes: customers filing and uploading, staff resolving, two of them abusive.

``RECOUP_RELIABILITY_LOAD_SECONDS`` (default 120; ``make test`` runs 20). Afterwards: no 5xx and no
server error of any kind, every limit answered as a limit (sign-in: 429; GraphQL: ``RateLimitedResult``),
replays named what the first answer named, two clerks racing for one case never both won, and in the
database every invoice's money adds up, no case holds two credit memos, the audit chain is unbroken.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import asyncpg
from sqlalchemy import select

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.accounts.models import CustomerAccount
from backend.domain.documents.uploads import UPLOADS_PER_10_MINUTES
from tests.reliability import load
from tests.reliability.ledger_checks import violations
from tests.support.factories import Factory
from tests.support.live_server import ROOT, LiveServer, plain_postgres_url

LOAD_SECONDS = float(os.environ.get("RECOUP_RELIABILITY_LOAD_SECONDS", "120"))
CUSTOMERS_PER_ACCOUNT = 11  # the three long-standing demo accounts: 33 customers
LOAD_ACCOUNTS = 3
"""The demo's first three accounts (Northwind, Contoso, Fabrikam) carry the load; the fourth, Litware, is the
small account the browser tests follow through collections."""
STAFF = {"ar_clerk": 5, "collector": 4, "credit_manager": 4, "admin": 2}  # 15
PASSWORD = "correct horse battery"  # tests/support/factories.py's default


async def _people(server: LiveServer) -> tuple[list[str], list[str], str]:
    """New users for the run: customers of every demo account, staff of each role, the two abusive customers
    (last in the list) and the open dispute the hammer uploads to."""
    engine = make_engine(server.database_url)
    try:
        sessions = make_sessionmaker(engine)
        factory = Factory(sessions)
        async with system_session(sessions) as db:
            accounts = list(
                (
                    await db.execute(select(CustomerAccount).order_by(CustomerAccount.number).limit(LOAD_ACCOUNTS))
                ).scalars()
            )
        customers = [
            (await factory.user("customer_user", account)).email
            for account in accounts
            for _ in range(CUSTOMERS_PER_ACCOUNT)
        ]
        staff = [(await factory.user(role)).email for role, n in STAFF.items() for _ in range(n)]
        hammer_account = accounts[0]
        customers.append((await factory.user("customer_user", hammer_account)).email)
        customers.append((await factory.user("customer_user", hammer_account)).email)
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(plain_postgres_url(server.database_url))
    try:
        dispute = await conn.fetchval(
            "SELECT id::text FROM disputes WHERE account_id = $1 AND status IN ('new', 'assigned', 'in_review') LIMIT 1",
            hammer_account.id,
        )
    finally:
        await conn.close()
    return customers, staff, dispute


async def _run(server: LiveServer, seconds: float) -> tuple[load.Measurements, int]:
    customers, staff_emails, hammer_dispute = await _people(server)
    stats = load.Measurements()
    guesser_email, hammer_email = customers.pop(), customers.pop()
    people = [load.Person(server.base_url, email, PASSWORD, stats) for email in customers]
    clerks = [load.Person(server.base_url, email, PASSWORD, stats) for email in staff_emails]
    hammer = load.Person(server.base_url, hammer_email, PASSWORD, stats)
    guesser = load.Person(server.base_url, guesser_email, "not the password", stats)
    everyone = [*people, *clerks, hammer]
    try:
        assert await hammer.sign_in() == 200
        signed_in, _ = await asyncio.gather(
            asyncio.gather(*(p.sign_in() for p in [*people, *clerks])),
            load.upload_hammer_warm_up(hammer, hammer_dispute, UPLOADS_PER_10_MINUTES),
        )
        assert set(signed_in) == {200}, signed_in
        reasons = [r["code"] for r in (await people[0].graphql("reason codes", load.REASONS))["reasonCodes"]]
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(load.customer(p, deadline, reasons) for p in people),
            *(load.staff(c, deadline, [r for r in clerks if r is not c]) for c in clerks),
            load.upload_hammer(hammer, deadline, hammer_dispute),
            load.password_guesser(guesser, deadline),
        )
    finally:
        await asyncio.gather(*(p.close() for p in [*everyone, guesser]))
    return stats, len(everyone) + 1


def _cpu(server: LiveServer) -> dict[str, float]:
    return {"app": server.cpu_seconds("app"), "worker": server.cpu_seconds("worker"), "driver": time.process_time()}


async def test_fifty_people_at_once_get_no_server_error_and_leave_the_ledger_true(
    live_server: LiveServer, reliability_report: list[str]
) -> None:
    started, cpu = time.monotonic(), _cpu(live_server)
    stats, users = await _run(live_server, LOAD_SECONDS)
    reliability_report.extend(stats.lines(time.monotonic() - started, users))
    used = {name: after - before for (name, before), after in zip(cpu.items(), _cpu(live_server).values(), strict=True)}
    reliability_report.append("load: CPU seconds used " + ", ".join(f"{k} {v:.0f}" for k, v in used.items()))

    assert users == 50
    assert not stats.server_errors, stats.server_errors[:10]
    assert not stats.transport_errors, stats.transport_errors[:10]
    assert not stats.graphql_errors, stats.graphql_errors[:10]
    assert not stats.replay_mismatches, stats.replay_mismatches
    assert stats.contested["both won"] == 0
    # Each limit answered as a limit: the sign-in throttle with 429, the per-person upload limit with its result type.
    max_failures = 5  # RECOUP_LOGIN_MAX_FAILURES' default
    assert stats.results["sign in -> HTTP 200"] == users - 1
    assert stats.results["sign in -> HTTP 401"] == max_failures
    assert stats.results["sign in -> HTTP 429"] > 0 and stats.statuses[429] == stats.results["sign in -> HTTP 429"]
    assert stats.results["start upload (hammer) -> RateLimitedResult"] > 0
    # Real work happened: filings, uploads, credit memos, write-offs.
    assert len(stats.filed) > 0 and stats.results["confirm upload -> DocumentConfirmed"] > 0
    assert stats.credit_memos and stats.results["write off -> CaseUpdated"] > 0

    conn = await asyncpg.connect(plain_postgres_url(live_server.database_url))
    try:
        assert await violations(conn) == {}
        filed = await conn.fetch(
            "SELECT idempotency_key, id::text FROM disputes WHERE idempotency_key = ANY($1::text[])", list(stats.filed)
        )
        assert dict(filed) == stats.filed  # every answered filing is one row, the one the answer named
        memos = await conn.fetch(
            "SELECT id::text, dispute_id::text FROM credit_memos WHERE id = ANY($1::uuid[])", list(stats.credit_memos)
        )
        assert dict(memos) == stats.credit_memos
    finally:
        await conn.close()
    audit = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "backend", "verify-audit"],
        cwd=ROOT,
        env=live_server.env(),
        capture_output=True,
        text=True,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
