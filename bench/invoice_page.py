"""Invoice list page: GraphQL (as the frontends call it) against a plain JSON route doing the same data work.

Both run in-process over ASGI against the same seeded SQLite database, same page
size, same principal, so the ratio isolates what the GraphQL layer costs.
PERFORMANCE.md's target: GraphQL at >= 60 % of the plain route's throughput.
Never a CI gate: wall-clock numbers vary by machine.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from litestar import Request, get

from backend.app import create_app
from backend.db.engine import make_engine, make_sessionmaker, principal_session, system_session
from backend.demo.seed import seed_demo
from backend.domain.accounts.service import accounts_by_id
from backend.domain.auth.service import principal_for
from backend.domain.invoices.service import InvoiceFilter, lines_by_invoice, list_invoices
from backend.migrations import upgrade_to_head
from backend.settings import load_settings
from backend.web.identity import current_user

PAGE_SIZE = 25
REQUESTS = 300
WARMUP = 30
QUERY = """query($first: Int!) { invoices(first: $first) { totalCount
  edges { cursor node { id number poNumber issueDate dueDate status totalAmount openBalance account { name } } }
  pageInfo { hasNextPage endCursor } } }"""


@get("/bench/plain-invoices")
async def plain_invoices(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The baseline: the same domain calls, serialised by Litestar directly."""
    user = await current_user(request)
    assert user is not None
    async with principal_session(request.app.state.sessionmaker, principal_for(user)) as db:
        page = await list_invoices(db, today=date.today(), flt=InvoiceFilter(), first=PAGE_SIZE, after=None)
        accounts = await accounts_by_id(db, list({row.invoice.account_id for row in page.rows}))
        names = {a.id: a.name for a in accounts if a}
        await lines_by_invoice(db, [])  # same number of round trips as GraphQL when lines are not asked for
    return {
        "totalCount": page.total_count,
        "edges": [
            {
                "cursor": row.cursor,
                "node": {
                    "id": str(row.invoice.id),
                    "number": row.invoice.number,
                    "poNumber": row.invoice.po_number,
                    "issueDate": row.invoice.issue_date.isoformat(),
                    "dueDate": row.invoice.due_date.isoformat(),
                    "status": row.status.name,
                    "totalAmount": str(row.invoice.total_amount),
                    "openBalance": str(row.invoice.open_balance),
                    "account": {"name": names[row.invoice.account_id]},
                },
            }
            for row in page.rows
        ],
        "pageInfo": {"hasNextPage": page.has_next_page, "endCursor": page.rows[-1].cursor if page.rows else None},
    }


async def _timed(call: Any) -> list[float]:
    for _ in range(WARMUP):
        await call()
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


async def main() -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="recoup-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await asyncio.to_thread(upgrade_to_head, url)
        engine = make_engine(url)
        async with system_session(make_sessionmaker(engine)) as db:
            await seed_demo(db, password="bench", today=date.today())
            await db.commit()
        await engine.dispose()

        # The bench measures the API, not the per-address limit its loop of requests would reach.
        settings = replace(
            load_settings(), database_url=url, data_dir=Path(folder), seed_demo_data=False, rate_limit_per_minute=0
        )
        app = create_app(settings)
        app.register(plain_invoices)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            assert (
                await client.post("/auth/login", json={"email": "clerk@recoup.example", "password": "bench"})
            ).is_success
            csrf = {"x-csrf-token": client.cookies["recoup_csrf"]}

            async def graphql() -> None:
                response = await client.post(
                    "/graphql", json={"query": QUERY, "variables": {"first": PAGE_SIZE}}, headers=csrf
                )
                assert len(response.json()["data"]["invoices"]["edges"]) == PAGE_SIZE

            async def plain() -> None:
                response = await client.get("/bench/plain-invoices")
                assert len(response.json()["edges"]) == PAGE_SIZE

            plain_samples = await _timed(plain)
            graphql_samples = await _timed(graphql)
        await app.state.engine.dispose()

    def describe(name: str, samples: list[float]) -> float:
        median = statistics.median(samples)
        p95 = sorted(samples)[int(len(samples) * 0.95)]
        print(f"{name:34} median {median * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   {1 / median:7.1f} req/s")
        return median

    print(f"invoice list, {PAGE_SIZE} per page, {REQUESTS} sequential requests each, SQLite, in-process ASGI")
    baseline = describe("plain JSON route (baseline)", plain_samples)
    measured = describe("GraphQL + DataLoaders", graphql_samples)
    ratio = baseline / measured
    print(f"GraphQL throughput = {ratio:.0%} of the plain route (target >= 60%)")
    return 0


def run() -> int:
    return asyncio.run(main())
