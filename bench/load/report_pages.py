"""``python -m bench reports``: the report pages alone, against a book already in the database
``RECOUP_BENCH_POSTGRES_URL`` names (one ``make bench SCALE=full BENCH_KEEP_BOOK=1`` left, or any book at the
migration head): the snapshot job and history first (``reports_run``), then each report page over HTTP as a credit
manager's browser sends it (trusted-document hash, session cookie), through the production server with one worker,
wrk at one connection, rotating this month, last month, this quarter and last quarter — p50, p95 and the app's
CPU per request against the target p95 < 200 ms. Minutes instead of the whole suite's hour."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from backend.db.engine import make_engine, make_sessionmaker, system_session
from backend.domain.accounts.enums import UserRole
from backend.domain.accounts.models import User
from backend.domain.auth.service import open_session
from backend.migrations import upgrade_to_head
from backend.settings import PROJECT_ROOT, load_settings
from backend.web.identity import session_policy
from bench.load import process_stats, reports_run, wrk
from bench.load.operations import _graphql, cookie, report_periods, trusted_documents
from bench.load.report import REPORT_P95_MS
from bench.load.server import running_server, server_environment
from bench.load.suite import csrf_token

SECONDS = 20
PAGES = {
    # page: (operation, whether it takes the currency, the marker of a good answer)
    "report": ("ReceivablesReport", False, '"dsoSimple"'),
    "report_deductions": ("DeductionReport", False, '"deductionReport"'),
    "report_root_causes": ("RootCauseReport", True, '"rootCauseReport"'),
}


async def _manager_session(url: str) -> str:
    """A session of a credit manager (one is made when the book has none)."""
    engine = make_engine(url)
    try:
        async with system_session(make_sessionmaker(engine)) as db:
            manager = (
                (await db.execute(select(User).where(User.role == UserRole.CREDIT_MANAGER.value, User.is_active)))
                .scalars()
                .first()
            )
            if manager is None:
                manager = User(email=f"bench-{uuid.uuid4().hex[:6]}@bench.example", full_name="Bench Credit Manager",
                               password_hash="!", role=UserRole.CREDIT_MANAGER.value, is_active=True)  # fmt: skip
                db.add(manager)
                await db.flush()
            token = await open_session(db, user=manager, now=datetime.now(UTC), policy=session_policy(load_settings()))
            await db.commit()
            return token
    finally:
        await engine.dispose()


def run() -> int:
    url = os.environ.get("RECOUP_BENCH_POSTGRES_URL")
    if not url:
        print("set RECOUP_BENCH_POSTGRES_URL to a database holding a book (make bench SCALE=full BENCH_KEEP_BOOK=1)")
        return 2
    upgrade_to_head(url)
    print(f"  reports: {reports_run.describe(asyncio.run(reports_run.measure(url)))}")
    token = asyncio.run(_manager_session(url))
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory(prefix="recoup-bench-reports-") as folder:
        log = PROJECT_ROOT / ".bench-results" / "report-pages-server.log"
        log.parent.mkdir(exist_ok=True)
        with running_server(server_environment(url, Path(folder)), 1, log) as server:
            csrf = csrf_token(server.base)
            documents = trusted_documents()
            workers = process_stats.children(server.pid) or [server.pid]
            pages = dict(PAGES, report_trend=("ReceivablesTrend", True, '"dsoSimple"'))
            for page, (operation, with_currency, marker) in pages.items():
                bodies = [
                    _graphql(documents, operation, {"currency": "USD"})
                    if operation == "ReceivablesTrend"
                    else _graphql(
                        documents,
                        operation,
                        {
                            "start": start.isoformat(),
                            "end": end.isoformat(),
                            **({"currency": "USD"} if with_currency else {}),
                        },
                    )
                    for start, end in report_periods(today)
                ]
                requests = [wrk.PreparedRequest("POST", "/graphql", cookie(token, csrf), body) for body in bodies]
                lua = wrk.script(requests, csrf, marker)
                wrk.drive(server.base, lua, connections=1, seconds=2)
                before = process_stats.cpu_seconds(workers)
                measured = wrk.drive(server.base, lua, connections=1, seconds=SECONDS)
                cpu_ms = (process_stats.cpu_seconds(workers) - before) * 1000 / max(measured.requests, 1)
                verdict = "met" if measured.p95_ms < REPORT_P95_MS else "MISSED"
                print(
                    f"  {page:20} {measured.requests} requests ({measured.failed} failed): p50 {measured.p50_ms:.1f} ms, "
                    f"p95 {measured.p95_ms:.1f} ms, app CPU {cpu_ms:.1f} ms/request — target p95 < "
                    f"{REPORT_P95_MS:.0f} ms: {verdict}"
                )
    return 0
