"""The live server every reliability test talks to over HTTP, and what tenant A owns in it.

``live_server`` (session): the app as its own process on a free loopback port, against the
PostgreSQL of ``RECOUP_TEST_DATABASE_URL`` (reset and demo-seeded) and the S3 emulator of
``RECOUP_TEST_S3_ENDPOINT``, with a procrastinate worker beside it. Use ``live_server.base_url``,
``live_server.database_url``, ``live_server.sign_in(role)`` (cookies + CSRF header, for any
client) and ``live_server.client(role)`` (an ``httpx.AsyncClient``; close it). Roles:
``anonymous``, ``customer_a`` (Northwind), ``customer_b`` (Contoso), ``ar_clerk``,
``collector``, ``credit_manager``, ``admin``, or any e-mail address.

``tenant_a`` (session): the ids of every record tenant A owns (invoices, lines, disputes,
documents, messages, payments, credit memos, users, the account), read from the database after
the fixture gave the tenant a message thread, an internal note and an uploaded document.

These tests reset the database they are given, so they run only when asked for by marker
(``pytest -m reliability tests/reliability``; ``make reliability``); a plain ``pytest tests`` leaves
them out (``tests/conftest.py``).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.support.files import pdf_bytes
from tests.support.live_server import LiveServer, plain_postgres_url

REPORT: list[str] = []
LAST = "test_generated_operations.py"  # changes whatever the schema lets each role change: after the others


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name == LAST)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What the runs measured (operations, statuses, load, latencies), after pytest's own summary."""
    if REPORT:
        terminalreporter.section("reliability measurements")
        for line in REPORT:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def reliability_report() -> list[str]:
    """Append a line of measurements; they are printed at the end of the run."""
    return REPORT


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    database_url = os.environ.get("RECOUP_TEST_DATABASE_URL", "")
    s3_endpoint = os.environ.get("RECOUP_TEST_S3_ENDPOINT", "")
    if not database_url.startswith("postgresql") or not s3_endpoint:
        pytest.fail(
            "reliability tests need PostgreSQL (RECOUP_TEST_DATABASE_URL) and the S3 emulator "
            "(RECOUP_TEST_S3_ENDPOINT); `make reliability` starts both"
        )
    server = LiveServer(database_url=database_url, s3_endpoint=s3_endpoint, work_dir=tmp_path_factory.mktemp("live"))
    try:
        server.start()
        asyncio.run(_give_tenant_a_a_conversation(server))
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class TenantIds:
    """Every id tenant A's rows carry; ``all`` is their union, as strings."""

    account_id: str
    invoices: frozenset[str]
    invoice_lines: frozenset[str]
    disputes: frozenset[str]
    documents: frozenset[str]
    messages: frozenset[str]
    payments: frozenset[str]
    credit_memos: frozenset[str]
    users: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return frozenset(
            {self.account_id}
            | self.invoices
            | self.invoice_lines
            | self.disputes
            | self.documents
            | self.messages
            | self.payments
            | self.credit_memos
            | self.users
        )


@pytest.fixture(scope="session")
def tenant_a(live_server: LiveServer) -> TenantIds:
    return asyncio.run(read_tenant_ids(live_server.database_url, "ap@northwind.example"))


async def read_tenant_ids(database_url: str, user_email: str) -> TenantIds:
    """The ids of everything the account of ``user_email`` owns, straight from the tables."""
    import asyncpg

    conn = await asyncpg.connect(plain_postgres_url(database_url))
    try:
        account = await conn.fetchval("SELECT account_id FROM users WHERE email = $1", user_email)

        async def ids(sql: str) -> frozenset[str]:
            return frozenset(str(row[0]) for row in await conn.fetch(sql, account))

        return TenantIds(
            account_id=str(account),
            invoices=await ids("SELECT id FROM invoices WHERE account_id = $1"),
            invoice_lines=await ids(
                "SELECT l.id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.account_id = $1"
            ),
            disputes=await ids("SELECT id FROM disputes WHERE account_id = $1"),
            documents=await ids("SELECT id FROM documents WHERE account_id = $1"),
            messages=await ids("SELECT id FROM messages WHERE account_id = $1"),
            payments=await ids("SELECT id FROM payments WHERE account_id = $1"),
            credit_memos=await ids("SELECT id FROM credit_memos WHERE account_id = $1"),
            users=await ids("SELECT id FROM users WHERE account_id = $1"),
        )
    finally:
        await conn.close()


async def _give_tenant_a_a_conversation(server: LiveServer) -> None:
    """The demo data has no messages: tenant A writes on an open dispute and uploads evidence, staff answer
    and keep an internal note, all through the API."""
    async with server.client("customer_a") as customer, server.client("ar_clerk") as clerk:
        listed = await customer.post(
            "/graphql",
            json={"query": "{ disputes(first: 5, status: [NEW, ASSIGNED, IN_REVIEW]) { edges { node { id } } } }"},
        )
        edges = listed.json()["data"]["disputes"]["edges"]
        assert edges, f"the demo data gave tenant A no open dispute: {listed.text}"
        dispute_id = edges[0]["node"]["id"]
        posted = await customer.post(
            "/graphql",
            json={
                "query": "mutation($id: ID!, $body: String!) { postDisputeMessage(disputeId: $id, body: $body) "
                "{ __typename } }",
                "variables": {"id": dispute_id, "body": "Our receiving team counted 3 cases short."},
            },
        )
        assert posted.json()["data"]["postDisputeMessage"]["__typename"] == "MessagePosted", posted.text
        for internal in (False, True):
            answered = await clerk.post(
                "/graphql",
                json={
                    "query": "mutation($id: ID!, $internal: Boolean!) { postCaseMessage(caseId: $id, "
                    'body: "Looking at the proof of delivery.", internal: $internal) { __typename } }',
                    "variables": {"id": dispute_id, "internal": internal},
                },
            )
            assert answered.json()["data"]["postCaseMessage"]["__typename"] == "CaseMessagePosted", answered.text
        await upload_evidence(customer, dispute_id=dispute_id)


async def upload_evidence(client: object, *, dispute_id: str, filename: str = "pod.pdf") -> str:
    """Start, send (straight to S3) and confirm a small PDF on a dispute; the document id, or the refusal raised."""
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    data = pdf_bytes()
    started = await client.post(
        "/graphql",
        json={
            "query": "mutation($input: DocumentUploadInput!) { startDocumentUpload(input: $input) { __typename "
            "... on UploadStarted { document { id } upload { method url fields { name value } } } } }",
            "variables": {
                "input": {
                    "filename": filename,
                    "contentType": "application/pdf",
                    "sizeBytes": len(data),
                    "documentType": "PROOF_OF_DELIVERY",
                    "disputeId": dispute_id,
                }
            },
        },
    )
    result = started.json()["data"]["startDocumentUpload"]
    if result["__typename"] != "UploadStarted":
        raise RuntimeError(f"upload refused: {started.text}")
    upload = result["upload"]
    if upload["method"] == "PUT":
        sent = await client.put(upload["url"], content=data)
    else:
        fields = {f["name"]: f["value"] for f in upload["fields"]}
        async with httpx.AsyncClient() as s3:
            sent = await s3.post(upload["url"], data=fields, files={"file": (filename, data, fields["Content-Type"])})
    assert sent.status_code in (200, 204), sent.text
    document_id = str(result["document"]["id"])
    confirmed = await client.post(
        "/graphql",
        json={
            "query": "mutation($id: ID!) { confirmDocumentUpload(documentId: $id) { __typename } }",
            "variables": {"id": document_id},
        },
    )
    assert confirmed.json()["data"]["confirmDocumentUpload"]["__typename"] == "DocumentConfirmed", confirmed.text
    return document_id
