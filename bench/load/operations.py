"""The requests the suite sends: the frontends' own GraphQL operations, sent by their trusted document's hash
as the browser sends them (the server runs in production mode, which runs nothing else), and the plain baseline.

The operations are read by name from the build's manifest (``frontend/dist/trusted-documents.json``; ``make bench``
builds the frontend first): the portal's invoice list (``PortalInvoices``), the console's queue (``ConsoleQueue``),
document search (``SearchDocuments``), the portal's dispute filing (``FileDispute``) and the collector's worklist
(``CollectionsWorklist``), and the credit manager's Reports page (``ReceivablesReport``, ``ReceivablesTrend``,
``RootCauseReport``, ``DeductionReport``).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from backend.graphql.trusted_documents import TrustedDocuments, for_settings, persisted_body
from backend.schema import build_schema
from backend.settings import load_settings
from bench.load.dataset import Dataset
from bench.load.wrk import PreparedRequest
from bench.search import DOMAIN_WORDS


@dataclass(frozen=True)
class Step:
    """One measured operation: what it is, the prepared requests to rotate over, and what a good answer contains."""

    key: str
    label: str
    requests: list[PreparedRequest]
    success_marker: str
    writes: bool = False


def _graphql(documents: TrustedDocuments, operation: str, variables: dict[str, object]) -> str:
    return json.dumps(persisted_body(documents.named(operation), variables))


def trusted_documents() -> TrustedDocuments:
    """The build's manifest, checked against the schema as the production server checks it."""
    return for_settings(load_settings(), build_schema(production=True))


def cookie(token: str, csrf: str) -> str:
    return f"recoup_session={token}; recoup_csrf={csrf}"


def steps(dataset: Dataset, staff_tokens: dict[str, str], customer_tokens: list[str], csrf: str) -> list[Step]:
    rng = random.Random(7)
    documents = trusted_documents()
    customers = [cookie(t, csrf) for t in customer_tokens]
    clerk = cookie(staff_tokens["ar_clerk"], csrf)
    collector = cookie(staff_tokens["collector"], csrf)
    manager = cookie(staff_tokens["credit_manager"], csrf)
    reports = [
        _graphql(documents, "ReceivablesReport", {"start": start.isoformat(), "end": end.isoformat()})
        for start, end in report_periods(datetime.now(UTC).date())
    ]
    trend = _graphql(documents, "ReceivablesTrend", {"currency": "USD"})  # the bench book is in dollars
    deductions = [
        _graphql(documents, "DeductionReport", {"start": start.isoformat(), "end": end.isoformat()})
        for start, end in report_periods(datetime.now(UTC).date())
    ]
    root_causes = [
        _graphql(documents, "RootCauseReport", {"currency": "USD", "start": start.isoformat(), "end": end.isoformat()})
        for start, end in report_periods(datetime.now(UTC).date())
    ]
    filters: list[dict[str, object]] = [
        {},
        {"onHold": True},
        {"actionDue": True},
        {"search": "Customer 1"},
        {"unassigned": True},
    ]
    worklist = [_graphql(documents, "CollectionsWorklist", {"first": 50, "filter": flt}) for flt in filters]
    invoices = _graphql(documents, "PortalInvoices", {"first": 50, "sort": "ISSUED_NEWEST"})
    orders = _graphql(documents, "PortalOrders", {"first": 50})
    discrepancies = [
        _graphql(documents, "ConsoleDiscrepancies", {"first": 50, "mine": False, **filters})
        for filters in ({"status": "OPEN"}, {"status": "OPEN", "kind": "SHORT_SHIPPED"}, {"status": "RESOLVED"})
    ]
    queue = [
        _graphql(
            documents,
            "ConsoleQueue",
            {
                "first": 50,
                "sort": "NEWEST",
                "filter": {
                    "status": ["NEW", "ASSIGNED", "IN_REVIEW"],
                    "reasonCodes": [code],
                    "amountMin": amount,
                },
            },
        )
        for code in dataset.reason_codes
        for amount in ("5.00", "25.00", "100.00")
    ]
    words = (
        DOMAIN_WORDS
        + dataset.vocabulary[40:2000:20]
        + [f"{rng.choice(DOMAIN_WORDS)} {rng.choice(dataset.vocabulary[100:2000])}" for _ in range(40)]
        + dataset.document_pos[:40]
    )
    search = [_graphql(documents, "SearchDocuments", {"query": w, "first": 20}) for w in words]
    filings = []
    for (_user, account_id), token in zip(dataset.customer_users, customer_tokens, strict=True):
        for invoice_id in dataset.invoices_by_account[account_id][:5]:
            variables: dict[str, object] = {
                "input": {
                    "invoiceId": str(invoice_id),
                    "reasonCode": "SHORTAGE",
                    "amount": "1.00",
                    "description": "Two cases short on delivery (load test)",
                    "idempotencyKey": "@KEY@",
                }
            }
            body = _graphql(documents, "FileDispute", variables)
            filings.append(PreparedRequest("POST", "/graphql", cookie(token, csrf), body))
    return [
        Step(
            "invoices_graphql",
            "portal invoice list, GraphQL (the portal's own query: 50 rows, status, balance)",
            [PreparedRequest("POST", "/graphql", c, invoices) for c in customers],
            '"totalCount"',
        ),
        Step(
            "invoices_plain",
            "same rows, plain Litestar JSON route (baseline)",
            [PreparedRequest("GET", "/bench/plain-invoices", c) for c in customers],
            '"totalCount"',
        ),
        Step(
            "queue",
            "console queue, three filters (status, reason, amount)",
            [PreparedRequest("POST", "/graphql", clerk, body) for body in queue],
            '"totalCount"',
        ),
        Step(
            "search",
            "document search (staff, words and PO numbers)",
            [PreparedRequest("POST", "/graphql", clerk, body) for body in search],
            '"totalCount"',
        ),
        Step("filing", "dispute filing (customers, 1.00 each)", filings, '"DisputeFiled"', writes=True),
        Step(
            "orders",
            "portal order list (customers, 50 newest)",
            [PreparedRequest("POST", "/graphql", c, orders) for c in customers],
            '"totalCount"',
        ),
        Step(
            "discrepancies",
            "discrepancy worklist (AR clerk, oldest first; three filters)",
            [PreparedRequest("POST", "/graphql", clerk, body) for body in discrepancies],
            '"totalCount"',
        ),
        Step(
            "worklist",
            "collections worklist (collector, by priority; five filters)",
            [PreparedRequest("POST", "/graphql", collector, body) for body in worklist],
            '"totalCount"',
        ),
        Step(
            "report",
            "receivables report (credit manager: this month, last month, this and last quarter)",
            [PreparedRequest("POST", "/graphql", manager, body) for body in reports],
            '"dsoSimple"',
        ),
        Step(
            "report_trend",
            "receivables trend (credit manager: 12 months)",
            [PreparedRequest("POST", "/graphql", manager, trend)],
            '"dsoSimple"',
        ),
        Step(
            "report_deductions",
            "deductions report (credit manager: the same four periods, every figure of the section)",
            [PreparedRequest("POST", "/graphql", manager, body) for body in deductions],
            '"deductionReport"',
        ),
        Step(
            "report_root_causes",
            "root-cause report (credit manager: the same four periods, with its 12-month trend)",
            [PreparedRequest("POST", "/graphql", manager, body) for body in root_causes],
            '"rootCauseReport"',
        ),
    ]


def report_periods(today: date) -> list[tuple[date, date]]:
    """The Reports page's ready-made periods: this month, last month, this quarter and last quarter."""
    month = today.replace(day=1)
    last_month = (month - timedelta(days=1)).replace(day=1)
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    last_quarter = (quarter - timedelta(days=1)).replace(day=1)
    last_quarter = last_quarter.replace(month=(last_quarter.month - 1) // 3 * 3 + 1)
    return [
        (month, today),
        (last_month, month - timedelta(days=1)),
        (quarter, today),
        (last_quarter, quarter - timedelta(days=1)),
    ]


def floor_step(page: Step) -> Step:
    """The floor route of ``page``: each of its requests' recorded SQL over the raw driver (``bench.load.floor``)."""
    return Step(
        page.key.removesuffix("_graphql") + "_floor",
        f"floor: the same SQL over raw asyncpg, JSON rows ({page.key})",
        [PreparedRequest("GET", f"/bench/floor/{page.key}/{n}", r.cookie) for n, r in enumerate(page.requests)],
        "[[",
    )
