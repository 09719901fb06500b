"""Many clicks on one dispute at the same moment, on the embedded default (SQLite) and on PostgreSQL.

A clerk approves a case ten times (the same version, ten idempotency keys: ten tabs) while the customer
withdraws it ten times; or the customer alone sends twenty withdrawals (a double-click, many times over).
Every request must get a typed answer (the one winner's result, or ``ConflictResult``) within a second,
another tenant's requests must not wait on the race, and the ledger must hold afterwards.

The SQLite server is the product as ``make run`` starts it (two app workers on one database file, jobs in
process, documents on disk); the PostgreSQL one is the reliability suite's live server.

The second is the budget on an idle machine; on a loaded one a request costs more, so the budget is
stretched by how much slower than idle the same server answers one write right now (the second slowest of five
writes, before and after the race, the slower counts, never below idle), which keeps the test about waiting on the race and not about the
machine. Likewise tenant B's slowdown is its median read during the race (three readers, so the median is over
reads spread across it) less its median read before or after it, the slower of the two.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.reliability.ledger_checks import violations_at
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.reliability

ANSWER_BUDGET = 1.0
"""Seconds within which every racing request is answered, on an idle machine."""
BYSTANDER_SLOWDOWN = 0.1
"""Seconds by which another tenant's median answer may slow down during the race."""
BYSTANDER_READERS = 3
"""Tenant B's readers during the race, each reading one request after another."""
IDLE_WRITE_SECONDS = 0.05
"""What one write (a message on a dispute) costs on this server when the machine is idle: the budgets' unit."""

FILE = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) { __typename
  ... on DisputeFiled { dispute { id } } } }"""
CASE_VERSION = "query($id: ID!) { case(id: $id) { version } }"
APPROVE = """mutation($input: ApproveCaseInput!) { approveCase(input: $input) { __typename
  ... on CaseUpdated { case { status } creditMemo { amount } } ... on ConflictResult { message } } }"""
WITHDRAW = """mutation($id: ID!) { withdrawDispute(id: $id, reason: "clicked twice") { __typename
  ... on DisputeWithdrawn { dispute { status } } ... on ConflictResult { message } } }"""
MESSAGE = """mutation($id: ID!, $body: String!) { postDisputeMessage(disputeId: $id, body: $body) { __typename } }"""
VIEWER = "{ viewer { id } }"
TYPED = {"CaseUpdated", "DisputeWithdrawn", "ConflictResult"}


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    work = tmp_path_factory.mktemp("sqlite-live")
    server = LiveServer(database_url=f"sqlite+aiosqlite:///{work / 'recoup.db'}", s3_endpoint="", work_dir=work)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest) -> LiveServer:
    fixture = "sqlite_server" if request.param == "sqlite" else "live_server"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


async def _answer(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> tuple[float, str]:
    """(seconds, what came back): the result's type name, or the errors when there is none."""
    started = time.monotonic()
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    seconds = time.monotonic() - started
    body = response.json()
    result = next(iter((body.get("data") or {}).values()), None)
    if isinstance(result, dict) and "__typename" in result:
        return seconds, str(result["__typename"])
    return seconds, f"HTTP {response.status_code}: {body.get('errors')}"


async def _new_dispute(customer: httpx.AsyncClient) -> str:
    listed = await customer.post(
        "/graphql", json={"query": "{ invoices(first: 50) { edges { node { id disputableAmount } } } }"}
    )
    invoice = next(
        edge["node"]["id"]
        for edge in listed.json()["data"]["invoices"]["edges"]
        if Decimal(edge["node"]["disputableAmount"]) >= Decimal("6.28")
    )
    variables = {
        "input": {
            "invoiceId": invoice,
            "reasonCode": "SHORTAGE",
            "amount": "6.28",
            "description": "Two cases short (race test)",
            "idempotencyKey": uuid.uuid4().hex,
        }
    }
    filed = await customer.post("/graphql", json={"query": FILE, "variables": variables})
    return str(filed.json()["data"]["fileDispute"]["dispute"]["id"])


async def _stretch(customer: httpx.AsyncClient, dispute_id: str) -> float:
    """How much slower than idle this machine answers one write now (at least 1): the second slowest of five, since
    the budget is held against the slowest of the racing answers (the median read x1.0 once while the slowest
    racing answer took 1.03 s under make test's other lanes)."""
    seconds = [(await _answer(customer, MESSAGE, {"id": dispute_id, "body": f"Measuring {n}"}))[0] for n in range(5)]
    return max(1.0, sorted(seconds)[-2] / IDLE_WRITE_SECONDS)


async def _bystander(client: httpx.AsyncClient, until: asyncio.Event) -> list[float]:
    """Another tenant reading its own page, one request after another, until the race is over."""
    seconds = []
    while not until.is_set():
        took, answer = await _answer(client, VIEWER, {})
        assert answer.startswith("HTTP 200"), answer  # `viewer` has no __typename asked: the data is the answer
        seconds.append(took)
    return seconds


async def _reads(client: httpx.AsyncClient, count: int = 10) -> list[float]:
    """Tenant B's page read ``count`` times in a row, quietly: the bystander's pace outside the race."""
    return [(await _answer(client, VIEWER, {}))[0] for _ in range(count)]


async def _race(server: LiveServer, clicks: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    """Send the clicks at once (each by ``customer`` or ``clerk``) while tenant B reads; what everyone saw."""
    clients = {
        name: server.client(role, timeout=60) for name, role in (("customer", "customer_a"), ("clerk", "ar_clerk"))
    }
    other = server.client("customer_b", timeout=60)
    try:
        dispute_id = await _new_dispute(clients["customer"])
        stretch = await _stretch(clients["customer"], dispute_id)
        before = await _reads(other)
        version = await clients["clerk"].post("/graphql", json={"query": CASE_VERSION, "variables": {"id": dispute_id}})
        variables = {"id": dispute_id, "version": version.json()["data"]["case"]["version"]}
        done = asyncio.Event()
        # several readers, so the median is over reads spread across the race, not the two or three that start
        # with its first burst (they share the workers' CPU with twenty requests: that is not waiting on the race)
        reading = [asyncio.create_task(_bystander(other, done)) for _ in range(BYSTANDER_READERS)]
        answers = await asyncio.gather(
            *(_answer(clients[who], query, build(variables)) for who, query, build in clicks)  # type: ignore[operator]
        )
        done.set()
        during = [took for reader in reading for took in await reader]
        # the machine may have got busier during the race (other suites share it): the budgets follow the slower
        stretch = max(stretch, await _stretch(clients["customer"], dispute_id))
        after = await _reads(other)
    finally:
        for client in (*clients.values(), other):
            await client.aclose()
    return {"answers": answers, "stretch": stretch, "before": before, "during": during, "after": after}


def _approve(variables: dict[str, Any]) -> dict[str, Any]:
    return {
        "input": {
            "caseId": variables["id"],
            "version": variables["version"],
            "idempotencyKey": uuid.uuid4().hex,
            "rootCause": "WAREHOUSE",
        }
    }


def _withdraw(variables: dict[str, Any]) -> dict[str, Any]:
    return {"id": variables["id"]}


async def _check(server: LiveServer, seen: dict[str, Any], report: list[str], label: str) -> None:
    answers, stretch = seen["answers"], seen["stretch"]
    kinds = sorted(kind for _, kind in answers)
    slowest = max(seconds for seconds, _ in answers)
    pace = max(statistics.median(seen["before"]), statistics.median(seen["after"]))
    slowdown = statistics.median(seen["during"]) - pace
    report.append(
        f"race {label} on {server.database_url.split(':', 1)[0]}: slowest answer {slowest * 1000:.0f} ms, "
        f"tenant B's median {slowdown * 1000:+.0f} ms over {len(seen['during'])} reads "
        f"(budget stretch x{stretch:.1f}); answers {dict((k, kinds.count(k)) for k in set(kinds))}"
    )
    assert set(kinds) <= TYPED, kinds
    assert sum(kind != "ConflictResult" for kind in kinds) == 1, kinds  # exactly one click wins
    assert slowest <= ANSWER_BUDGET * stretch, (slowest, stretch)
    assert seen["during"] and slowdown <= BYSTANDER_SLOWDOWN * stretch, (slowdown, stretch)
    assert await violations_at(server.database_url) == {}


async def test_ten_approvals_and_ten_withdrawals_at_once_each_get_a_typed_answer_within_a_second(
    server: LiveServer, reliability_report: list[str]
) -> None:
    clicks = [("clerk", APPROVE, _approve)] * 10 + [("customer", WITHDRAW, _withdraw)] * 10
    seen = await _race(server, clicks)
    await _check(server, seen, reliability_report, "10 approvals x 10 withdrawals")


async def test_twenty_withdrawals_of_one_dispute_each_get_a_typed_answer_within_a_second(
    server: LiveServer, reliability_report: list[str]
) -> None:
    seen = await _race(server, [("customer", WITHDRAW, _withdraw)] * 20)
    await _check(server, seen, reliability_report, "20 withdrawals")
    assert sorted(kind for _, kind in seen["answers"]).count("DisputeWithdrawn") == 1
