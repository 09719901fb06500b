"""A mixed load of simulated people on the live server: customers filing and uploading, staff resolving.

A small asyncio + httpx driver rather than locust: it runs inside pytest on the same event loop as
the checks, needs no extra dependency, reads GraphQL's typed results (a limit is a
``RateLimitedResult`` with HTTP 200, a lost race a ``ConflictResult``), and records what the
database must show afterwards (the dispute each idempotency key filed, the credit memo each
approval issued). Every loop stops by itself at the deadline; all traffic goes to the loopback server.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

from tests.support.files import pdf_bytes

MASKED = "Unexpected error."
THINK_SECONDS = (0.1, 1.0)  # pause between one person's requests
TIMEOUT_SECONDS = 60.0
OPEN_STATUSES = "[NEW, ASSIGNED, IN_REVIEW, WAITING_ON_CUSTOMER, WAITING_ON_INTERNAL]"
REFUSED = "... on InvalidInputResult { errors { code message } } ... on NotFoundResult { message } " + (
    "... on ConflictResult { message } ... on NotPermittedResult { message } ... on RateLimitedResult { message }"
)

INVOICES = """query { invoices(first: 25, filter: {status: [OPEN, OVERDUE, DISPUTED]}) {
  edges { node { id number openBalance disputableAmount } } } }"""
FILE = f"""mutation($input: FileDisputeInput!) {{ fileDispute(input: $input) {{ __typename
  ... on DisputeFiled {{ dispute {{ id amount }} }} {REFUSED} }} }}"""
DISPUTE = """query($id: ID!) { dispute(id: $id) { id status amount timeline { status } messages { body }
  documents { id filename } } }"""
START_UPLOAD = """mutation($input: DocumentUploadInput!) { startDocumentUpload(input: $input) { __typename
  ... on UploadStarted { document { id } upload { method url fields { name value } } }
  ... on InvalidInputResult { errors { code message } } ... on NotFoundResult { message }
  ... on RateLimitedResult { message } ... on UnavailableResult { message } } }"""
CONFIRM_UPLOAD = """mutation($id: ID!) { confirmDocumentUpload(documentId: $id) { __typename
  ... on InvalidInputResult { errors { code } } ... on NotFoundResult { message } ... on UnavailableResult { message }
  ... on NotReadyResult { message } } }"""
QUEUE = f"""query {{ cases(first: 50, filter: {{status: {OPEN_STATUSES}}}, sort: NEWEST) {{
  totalCount edges {{ node {{ id version amount status }} }} }} }}"""
APPROVE = f"""mutation($input: ApproveCaseInput!) {{ approveCase(input: $input) {{ __typename
  ... on CaseUpdated {{ case {{ id status version }} creditMemo {{ id number amount }} }} {REFUSED} }} }}"""
WRITE_OFF = f"""mutation($input: WriteOffCaseInput!) {{ writeOffCase(input: $input) {{ __typename
  ... on CaseUpdated {{ case {{ id status version }} }} {REFUSED} }} }}"""
REASONS = "query { reasonCodes { code requiresDescription } }"


@dataclass
class Measurements:
    """Every request the load sent: latency per kind, HTTP statuses, GraphQL result types, what must be true after."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    """5xx answers and GraphQL errors masked as unexpected"""
    graphql_errors: list[str] = field(default_factory=list)
    """other GraphQL errors: none of the load's operations should get one"""
    transport_errors: list[str] = field(default_factory=list)
    filed: dict[str, str] = field(default_factory=dict)
    """idempotency key -> the dispute id the first answer named"""
    replay_mismatches: list[str] = field(default_factory=list)
    credit_memos: dict[str, str] = field(default_factory=dict)
    """credit memo id -> the case it was issued for"""
    contested: Counter[str] = field(default_factory=Counter)
    """how races between two clerks on one case ended: 'one won', 'both lost', 'both won'"""

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def percentile(self, share: float, kind: str | None = None) -> float:
        values = sorted(self.latencies[kind] if kind else [v for vs in self.latencies.values() for v in vs])
        return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0

    def lines(self, seconds: float, users: int) -> list[str]:
        """``seconds``: how long the whole run took, sign-ins included."""
        total = self.requests
        out = [
            f"load: {users} users, {seconds:.0f} s with the sign-ins: {total} requests ({total / seconds:.1f}/s), "
            f"HTTP {dict(sorted(self.statuses.items()))}, {len(self.server_errors)} server errors, "
            f"{len(self.graphql_errors)} other GraphQL errors, {len(self.transport_errors)} transport errors; "
            f"latency p50 {self.percentile(0.5) * 1000:.0f} ms, p95 {self.percentile(0.95) * 1000:.0f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.0f} ms",
        ]
        for kind in sorted(self.latencies):
            n = len(self.latencies[kind])
            out.append(
                f"load:   {kind:18} {n:6} requests, p50 {self.percentile(0.5, kind) * 1000:6.0f} ms, "
                f"p95 {self.percentile(0.95, kind) * 1000:6.0f} ms"
            )
        out.append("load: results " + ", ".join(f"{k} {n}" for k, n in sorted(self.results.items())))
        out.append("load: clerk races " + (", ".join(f"{k} {n}" for k, n in sorted(self.contested.items())) or "none"))
        return out


class Person:
    """One signed-in browser: cookies, the CSRF header, and the measurements it adds to."""

    def __init__(self, base_url: str, email: str, password: str, stats: Measurements) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_SECONDS)
        self.email = email
        self.password = password
        self.stats = stats

    async def request(self, kind: str, method: str, url: str, **kwargs: Any) -> httpx.Response | None:
        started = time.monotonic()
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.TransportError as error:
            self.stats.transport_errors.append(f"{kind}: {type(error).__name__}: {error}")
            return None
        self.stats.latencies[kind].append(time.monotonic() - started)
        self.stats.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.stats.server_errors.append(f"{kind}: HTTP {response.status_code} {response.text[:300]}")
        return response

    async def sign_in(self) -> int:
        response = await self.request(
            "sign in", "POST", "/auth/login", json={"email": self.email, "password": self.password}
        )
        if response is not None and response.status_code == 200:
            self.http.headers["x-csrf-token"] = self.http.cookies["recoup_csrf"]
        self.stats.results[f"sign in -> HTTP {response.status_code if response is not None else 'none'}"] += 1
        return response.status_code if response is not None else 0

    async def graphql(self, kind: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of the answer ({} when there is none); GraphQL errors masked as unexpected are server errors."""
        response = await self.request(kind, "POST", "/graphql", json={"query": query, "variables": variables or {}})
        if response is None or response.status_code >= 500:
            return {}
        payload = response.json()
        for error in payload.get("errors") or []:
            message = f"{kind}: {error.get('message')}"
            (self.stats.server_errors if error.get("message") == MASKED else self.stats.graphql_errors).append(message)
        data = payload.get("data") or {}
        for value in data.values():
            if isinstance(value, dict) and "__typename" in value:
                codes = ",".join(sorted({e.get("code", "?") for e in value.get("errors") or []}))
                self.stats.results[f"{kind} -> {value['__typename']}" + (f" ({codes})" if codes else "")] += 1
        return dict(data)

    async def close(self) -> None:
        await self.http.aclose()


async def _think() -> None:
    await asyncio.sleep(random.uniform(*THINK_SECONDS))


def _claim(invoice: dict[str, Any]) -> Decimal | None:
    """A small claim that fits what is still disputable on the invoice, or None."""
    disputable = Decimal(invoice["disputableAmount"])
    if disputable < Decimal("0.02"):
        return None
    return min(disputable, Decimal(random.randint(1, 500)) / 100).quantize(Decimal("0.01"))


async def customer(person: Person, deadline: float, reasons: list[str]) -> None:
    """Lists invoices, files small disputes (a fifth of them sent twice, half of those at once), uploads evidence."""
    mine: list[str] = []
    invoices: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        roll = random.random()
        if roll < 0.35 or not invoices:
            data = await person.graphql("list invoices", INVOICES)
            invoices = [e["node"] for e in (data.get("invoices") or {}).get("edges", [])]
        elif roll < 0.65:
            invoice = random.choice(invoices)
            amount = _claim(invoice)
            if amount is not None:
                dispute_id = await _file(person, invoice["id"], amount, random.choice(reasons))
                if dispute_id:
                    mine.append(dispute_id)
                invoices.remove(invoice)
        elif roll < 0.85 and mine:
            await upload(person, random.choice(mine))
        elif mine:
            await person.graphql("view dispute", DISPUTE, {"id": random.choice(mine)})
        await _think()


async def _file(person: Person, invoice_id: str, amount: Decimal, reason: str) -> str | None:
    key = str(uuid.uuid4())
    variables = {
        "input": {
            "invoiceId": invoice_id,
            "reasonCode": reason,
            "amount": format(amount, "f"),
            "description": "Short shipped: counted at receiving.",
            "idempotencyKey": key,
        }
    }
    repeat = random.random()
    if repeat < 0.1:  # a double click: the same form sent twice at once
        answers = await asyncio.gather(*(person.graphql("file dispute", FILE, variables) for _ in range(2)))
    elif repeat < 0.2:  # a retry after a lost answer
        answers = [await person.graphql("file dispute", FILE, variables)]
        answers.append(await person.graphql("file dispute (retry)", FILE, variables))
    else:
        answers = [await person.graphql("file dispute", FILE, variables)]
    ids = {a["fileDispute"]["dispute"]["id"] for a in answers if a.get("fileDispute", {}).get("dispute")}
    if len(ids) > 1:
        person.stats.replay_mismatches.append(f"key {key} filed {sorted(ids)}")
    if ids:
        person.stats.filed[key] = next(iter(ids))
        return next(iter(ids))
    return None


async def upload(person: Person, dispute_id: str) -> None:
    """The browser's three steps: start, send the bytes straight to S3, confirm."""
    data = pdf_bytes()
    started = await person.graphql(
        "start upload",
        START_UPLOAD,
        {
            "input": {
                "filename": "pod.pdf",
                "contentType": "application/pdf",
                "sizeBytes": len(data),
                "documentType": "PROOF_OF_DELIVERY",
                "disputeId": dispute_id,
            }
        },
    )
    result = started.get("startDocumentUpload") or {}
    if result.get("__typename") != "UploadStarted":
        return
    fields = {f["name"]: f["value"] for f in result["upload"]["fields"]}
    begun = time.monotonic()
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as s3:
            sent = await s3.post(
                result["upload"]["url"], data=fields, files={"file": ("pod.pdf", data, fields["Content-Type"])}
            )
    except httpx.TransportError as error:
        person.stats.transport_errors.append(f"S3 upload: {error}")
        return
    person.stats.latencies["S3 upload (moto)"].append(time.monotonic() - begun)
    if sent.status_code in (200, 204):
        await person.graphql("confirm upload", CONFIRM_UPLOAD, {"id": result["document"]["id"]})


def _hammer_start(dispute_id: str) -> dict[str, Any]:
    return {
        "input": {
            "filename": "scan.png",
            "contentType": "image/png",
            "sizeBytes": 1000,
            "documentType": "PHOTO",
            "disputeId": dispute_id,
        }
    }


async def upload_hammer_warm_up(person: Person, dispute_id: str, starts: int) -> None:
    """A script that has already started ``starts`` uploads, four at a time (before the load's clock starts)."""
    remaining = iter(range(starts))

    async def tab() -> None:
        for _ in remaining:
            await person.graphql("start upload (hammer)", START_UPLOAD, _hammer_start(dispute_id))

    await asyncio.gather(*(tab() for _ in range(4)))


async def upload_hammer(person: Person, deadline: float, dispute_id: str) -> None:
    """The same script goes on from four tabs; once the limit answers it slows to a walk."""

    async def tab() -> None:
        while time.monotonic() < deadline:
            answer = await person.graphql("start upload (hammer)", START_UPLOAD, _hammer_start(dispute_id))
            if (answer.get("startDocumentUpload") or {}).get("__typename") == "RateLimitedResult":
                await _think()

    await asyncio.gather(*(tab() for _ in range(4)))


async def password_guesser(person: Person, deadline: float) -> None:
    """Wrong passwords for one address as fast as answers come: after the allowed failures sign-in answers 429
    (and then the guesser slows down)."""
    while time.monotonic() < deadline:
        if await person.sign_in() == 429:
            await _think()


async def staff(person: Person, deadline: float, rivals: list[Person]) -> None:
    """Lists the open queue and resolves cases from the top of it: approves (a credit memo, the request sometimes
    sent twice with its key), writes off, and now and then races a colleague for the same case."""
    while time.monotonic() < deadline:
        data = await person.graphql("list queue", QUEUE)
        cases = [e["node"] for e in (data.get("cases") or {}).get("edges", [])]
        if cases:
            case = random.choice(cases[:10])
            roll = random.random()
            if roll < 0.15 and rivals:
                await _race(person, random.choice(rivals), case)
            elif roll < 0.6:
                await _approve(person, case, repeat=random.random() < 0.2)
            else:
                await person.graphql(
                    "write off",
                    WRITE_OFF,
                    {
                        "input": {
                            "caseId": case["id"],
                            "version": case["version"],
                            "reason": "Below the cost of chasing.",
                            "idempotencyKey": str(uuid.uuid4()),
                            "rootCause": "OTHER",
                        }
                    },
                )
        await _think()


async def _approve(person: Person, case: dict[str, Any], *, repeat: bool) -> dict[str, Any]:
    variables = {"input": {**_decision(case), "idempotencyKey": str(uuid.uuid4())}}
    answer = (await person.graphql("approve", APPROVE, variables)).get("approveCase") or {}
    _note_memo(person.stats, answer)
    if repeat:
        again = (await person.graphql("approve (retry)", APPROVE, variables)).get("approveCase") or {}
        if answer.get("creditMemo") and (again.get("creditMemo") or {}).get("id") != answer["creditMemo"]["id"]:
            person.stats.replay_mismatches.append(f"approval of {case['id']} replayed as {again}")
    return answer


def _decision(case: dict[str, Any]) -> dict[str, Any]:
    """The case at the version seen, and what went wrong (every staff decision records a root cause)."""
    return {"caseId": case["id"], "version": case["version"], "rootCause": "WAREHOUSE"}


def _note_memo(stats: Measurements, answer: dict[str, Any]) -> None:
    if answer.get("__typename") == "CaseUpdated" and answer.get("creditMemo"):
        stats.credit_memos[answer["creditMemo"]["id"]] = answer["case"]["id"]


async def _race(person: Person, rival: Person, case: dict[str, Any]) -> None:
    """Two clerks approve the same case at the same version at the same moment: one may win, never both."""
    answers = await asyncio.gather(
        *(
            who.graphql(
                "approve (race)",
                APPROVE,
                {"input": {**_decision(case), "idempotencyKey": str(uuid.uuid4())}},
            )
            for who in (person, rival)
        )
    )
    results = [a.get("approveCase") or {} for a in answers]
    for result in results:
        _note_memo(person.stats, result)
    won = sum(1 for r in results if r.get("__typename") == "CaseUpdated")
    person.stats.contested[{0: "both lost", 1: "one won"}.get(won, "both won")] += 1
