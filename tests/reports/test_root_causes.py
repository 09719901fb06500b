"""Root cause beside reason: decisions record what really went wrong, the report counts them worked out by hand, and
each figure drills down to exactly its cases (docs/KPIS.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from backend.domain.reports.root_causes import root_cause_report
from tests.support.api import Api

D = Decimal
PASSWORD = "correct horse battery"
# The test database lives for the whole run: each test's book is in a currency no other test or demo invoice uses,
# so "every customer" in it is that book alone.
INPUTS = {"approveCase": "ApproveCaseInput", "denyCase": "DenyCaseInput", "writeOffCase": "WriteOffCaseInput"}
ANSWER = """__typename ... on CaseUpdated { case { status rootCause version } }
  ... on InvalidInputResult { errors { field code message } }"""


async def _case(demo: Any, factory: Any, account: Any, amount: str, reason: str, currency: str) -> Any:
    invoice = await factory.invoice(account, total=D("1000.00"))
    case = await factory.dispute(invoice, amount=D(amount))
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        assert row is not None
        row.currency = currency
        disputed = await db.get(Dispute, case.id)
        assert disputed is not None
        disputed.reason_code = reason
        disputed.created_at = datetime(2025, 11, 1, tzinfo=UTC)
        await db.commit()
        return disputed


async def _decide(api: Api, field: str, case: Any, root_cause: str | None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"caseId": str(case.id), "version": case.version, **extra}
    if field != "denyCase":
        body["idempotencyKey"] = uuid.uuid4().hex
    if root_cause is not None:
        body["rootCause"] = root_cause
    result = await api.graphql(f"mutation($i: {INPUTS[field]}!) {{ {field}(input: $i) {{ {ANSWER} }} }}", {"i": body})
    return result["data"][field]  # type: ignore[no-any-return]


async def _decided_on(demo: Any, case: Any, when: datetime) -> None:
    async with system_session(demo) as db:
        row = await db.get(Dispute, case.id)
        assert row is not None
        row.resolved_at = when
        await db.commit()


async def _book(api: Api, demo: Any, factory: Any, currency: str) -> dict[str, Any]:
    """Two customers' cases in ``currency``, decided by a clerk (and one by nobody), around January–March 2026:

    | case | customer | reason | amount | decision | root cause | decided |
    |---|---|---|---|---|---|---|
    | full | A | SHORTAGE | 30.00 | approved in full | warehouse | 10 Feb |
    | part | A | SHORTAGE | 20.00 | 5.00 approved (partly valid) | warehouse | 5 Mar |
    | denied | A | PRICING | 55.00 | denied | customer error | 20 Mar |
    | price | B | PRICING | 40.00 | approved | pricing master data | 15 Jan |
    | rule | B | SHORTAGE | 10.00 | written off, no root cause | — | 31 Mar 23:59 |
    | april | A | SHORTAGE | 15.00 | denied | warehouse | 1 Apr 00:00 (after) |
    | december | A | FREIGHT | 25.00 | written off | carrier | 15 Dec 2025 (before) |
    | dollars | A | SHORTAGE | 99.00 (USD) | approved | warehouse | 1 Feb (other currency) |
    """
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, PASSWORD)
    a, b = await factory.account("Root A"), await factory.account("Root B")
    book = {
        "full": await _case(demo, factory, a, "30.00", "SHORTAGE", currency),
        "part": await _case(demo, factory, a, "20.00", "SHORTAGE", currency),
        "denied": await _case(demo, factory, a, "55.00", "PRICING", currency),
        "price": await _case(demo, factory, b, "40.00", "PRICING", currency),
        "rule": await _case(demo, factory, b, "10.00", "SHORTAGE", currency),
        "april": await _case(demo, factory, a, "15.00", "SHORTAGE", currency),
        "december": await _case(demo, factory, a, "25.00", "FREIGHT", currency),
        "dollars": await _case(demo, factory, a, "99.00", "SHORTAGE", currency="USD"),
    }
    decisions = [
        ("full", "approveCase", "WAREHOUSE", {}, datetime(2026, 2, 10, 9, tzinfo=UTC)),
        ("part", "approveCase", "WAREHOUSE", {"amount": "5.00"}, datetime(2026, 3, 5, 9, tzinfo=UTC)),
        ("denied", "denyCase", "CUSTOMER_ERROR", {"reason": "The agreed price was billed."}, datetime(2026, 3, 20, 9, tzinfo=UTC)),
        ("price", "approveCase", "PRICING_MASTER_DATA", {}, datetime(2026, 1, 15, 9, tzinfo=UTC)),
        ("april", "denyCase", "WAREHOUSE", {"reason": "Delivered in full."}, datetime(2026, 4, 1, tzinfo=UTC)),
        ("december", "writeOffCase", "CARRIER", {"reason": "Small"}, datetime(2025, 12, 15, 9, tzinfo=UTC)),
        ("dollars", "approveCase", "WAREHOUSE", {}, datetime(2026, 2, 1, 9, tzinfo=UTC)),
    ]  # fmt: skip
    for name, field, cause, extra, when in decisions:
        assert (await _decide(api, field, book[name], cause, **extra))["__typename"] == "CaseUpdated"
        await _decided_on(demo, book[name], when)
    async with system_session(demo) as db:  # as a resolution rule leaves it: decided, no root cause recorded
        rule = await db.get(Dispute, book["rule"].id)
        assert rule is not None
        rule.status, rule.resolved_at = "written_off", datetime(2026, 3, 31, 23, 59, tzinfo=UTC)
        await db.commit()
    return {**book, "a": a, "b": b}


def _pairs(row: Any) -> tuple[Any, ...]:
    return row.root_cause, row.valid, row.invalid, row.written_off


async def test_the_quarter_per_root_cause_and_reason_worked_out_by_hand(api: Api, demo: Any, factory: Any) -> None:
    book = await _book(api, demo, factory, "CHF")

    async with system_session(demo) as db:
        every = await root_cause_report(db, currency="CHF", start=date(2026, 1, 1), end=date(2026, 3, 31))
        only_a = await root_cause_report(
            db, currency="CHF", start=date(2026, 1, 1), end=date(2026, 3, 31), account_id=book["a"].id
        )

    none = (D("0.00"), 0)
    # the largest decided value first, "not recorded" last; April, December and the dollars are outside
    assert [_pairs(r) for r in every.rows] == [
        ("customer_error", none, (D("55.00"), 1), none),
        ("warehouse", (D("50.00"), 2), none, none),  # 30.00 in full and the 20.00 claim partly found valid
        ("pricing_master_data", (D("40.00"), 1), none, none),
        (None, none, none, (D("10.00"), 1)),
    ]
    assert [r.decided for r in every.rows] == [(D("55.00"), 1), (D("50.00"), 2), (D("40.00"), 1), (D("10.00"), 1)]
    assert [[(r.reason_code, r.valid, r.invalid) for r in row.by_reason] for row in every.rows] == [
        [("PRICING", none, (D("55.00"), 1))],
        [("SHORTAGE", (D("50.00"), 2), none)],
        [("PRICING", (D("40.00"), 1), none)],
        [("SHORTAGE", none, none)],
    ]
    assert [_pairs(r) for r in only_a.rows] == [
        ("customer_error", none, (D("55.00"), 1), none),
        ("warehouse", (D("50.00"), 2), none, none),
    ]


async def test_the_trend_is_the_twelve_months_to_the_periods_end(api: Api, demo: Any, factory: Any) -> None:
    await _book(api, demo, factory, "SEK")

    async with system_session(demo) as db:
        report = await root_cause_report(db, currency="SEK", start=date(2026, 1, 1), end=date(2026, 3, 31))

    assert [m.month for m in report.trend] == [date(2025, m, 1) for m in range(4, 13)] + [
        date(2026, m, 1) for m in (1, 2, 3)
    ]
    filled = {m.month: m.by_root_cause for m in report.trend if m.by_root_cause}
    assert filled == {
        date(2025, 12, 1): {"carrier": (D("25.00"), 1)},
        date(2026, 1, 1): {"pricing_master_data": (D("40.00"), 1)},
        date(2026, 2, 1): {"warehouse": (D("30.00"), 1)},
        date(2026, 3, 1): {"warehouse": (D("20.00"), 1), "customer_error": (D("55.00"), 1), None: (D("10.00"), 1)},
    }


async def test_an_empty_period_has_no_rows_and_an_empty_trend(demo: Any) -> None:
    async with system_session(demo) as db:
        report = await root_cause_report(db, currency="XTS", start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert report.rows == () and len(report.trend) == 12 and not any(m.by_root_cause for m in report.trend)


async def test_a_decision_without_a_root_cause_is_refused_and_changes_nothing(
    api: Api, demo: Any, factory: Any
) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, PASSWORD)
    account = await factory.account()
    cases = [await _case(demo, factory, account, "12.00", "SHORTAGE", "NOK") for _ in range(3)]

    refused = [
        await _decide(api, "approveCase", cases[0], None),
        await _decide(api, "denyCase", cases[1], None, reason="Delivered in full."),
        await _decide(api, "writeOffCase", cases[2], None, reason="Small"),
    ]
    unknown = await api.graphql(
        f'mutation {{ denyCase(input: {{caseId: "{cases[1].id}", version: 2, reason: "No", rootCause: BAD_LUCK}}) '
        "{ __typename } }"
    )

    assert [r["__typename"] for r in refused] == ["InvalidInputResult"] * 3
    assert {(e["field"], e["code"]) for r in refused for e in r["errors"]} == {("rootCause", "root_cause_required")}
    assert "BAD_LUCK" in unknown["errors"][0]["message"] and unknown.get("data") is None
    async with system_session(demo) as db:
        rows = (await db.execute(select(Dispute).where(Dispute.id.in_([c.id for c in cases])))).scalars().all()
        audited = (
            await db.execute(select(AuditEvent).where(AuditEvent.entity_id.in_([str(c.id) for c in cases])))
        ).all()
    assert {(r.status, r.root_cause, r.resolved_at) for r in rows} == {("new", None, None)} and audited == []


async def test_the_root_cause_is_audited_shown_on_the_case_and_dropped_when_the_case_reopens(
    api: Api, demo: Any, factory: Any
) -> None:
    manager = await factory.user("credit_manager")
    await api.login(manager.email, PASSWORD)
    case = await _case(demo, factory, await factory.account(), "12.00", "FREIGHT", "NOK")

    decided = await _decide(api, "writeOffCase", case, "CARRIER", reason="Carrier lost a carton")
    shown = await api.graphql("query($id: ID!) { case(id: $id) { rootCause auditTrail { action after } } }",
                              {"id": str(case.id)})  # fmt: skip
    reopened = await api.graphql(
        'mutation($id: ID!, $v: Int!) { reopenCase(input: {caseId: $id, version: $v, reason: "POD found"}) '
        "{ ... on CaseUpdated { case { rootCause status } } } }",
        {"id": str(case.id), "v": decided["case"]["version"]},
    )

    assert (decided["case"]["status"], decided["case"]["rootCause"]) == ("WRITTEN_OFF", "CARRIER")
    assert shown["data"]["case"]["rootCause"] == "CARRIER"
    trail = {e["action"]: e["after"] for e in shown["data"]["case"]["auditTrail"]}
    assert trail["case.written_off"]["root_cause"] == "carrier"
    assert reopened["data"]["reopenCase"]["case"] == {"rootCause": None, "status": "IN_REVIEW"}
    async with system_session(demo) as db:
        event = (
            await db.execute(
                select(AuditEvent).where(AuditEvent.entity_id == str(case.id), AuditEvent.action == "case.reopened")
            )
        ).scalar_one()
    assert event.before is not None and event.before["root_cause"] == "carrier"


QUEUE = "query($f: CaseFilter) { cases(first: 100, filter: $f) { totalCount edges { node { id rootCause } } } }"
QUARTER = {"decidedAfter": "2026-01-01", "decidedBefore": "2026-03-31", "currency": "dkk"}


async def test_a_figure_drills_down_to_exactly_its_cases(api: Api, demo: Any, factory: Any) -> None:
    book = await _book(api, demo, factory, "DKK")

    warehouse_shortage = await api.graphql(
        QUEUE,
        {
            "f": {
                **QUARTER,
                "rootCause": "WAREHOUSE",
                "reasonCodes": ["SHORTAGE"],
                "status": ["RESOLVED_VALID", "RESOLVED_PARTIAL"],
            }
        },
    )
    not_recorded = await api.graphql(QUEUE, {"f": {**QUARTER, "rootCauseUnrecorded": True, "status": ["WRITTEN_OFF"]}})
    customer_a = await api.graphql(
        QUEUE, {"f": {**QUARTER, "rootCause": "CUSTOMER_ERROR", "accountIds": [str(book["a"].id)]}}
    )

    def ids(result: dict[str, Any]) -> set[str]:
        return {e["node"]["id"] for e in result["data"]["cases"]["edges"]}

    assert ids(warehouse_shortage) == {str(book["full"].id), str(book["part"].id)}
    assert {e["node"]["rootCause"] for e in warehouse_shortage["data"]["cases"]["edges"]} == {"WAREHOUSE"}
    assert ids(not_recorded) == {str(book["rule"].id)}
    assert ids(customer_a) == {str(book["denied"].id)}


REPORT = """query($c: String!, $customer: String) {
  rootCauseReport(currency: $c, start: "2026-01-01", end: "2026-03-31", customer: $customer) {
    currency accountId rows { rootCause decided { amount count } valid { amount count } invalid { amount count }
      writtenOff { amount count } byReason { reasonCode invalid { amount count } } }
    trend { month causes { rootCause amount count } } } }"""


async def test_the_console_query_gives_staff_the_figures_and_no_customer_any(
    api_factory: Any, demo: Any, factory: Any
) -> None:
    clerk_api, customer_api = api_factory(), api_factory()
    book = await _book(clerk_api, demo, factory, "PLN")
    customer = await factory.user("customer_admin", book["a"])
    await customer_api.login(customer.email, PASSWORD)

    staff = (await clerk_api.graphql(REPORT, {"c": "pln", "customer": book["a"].number}))["data"]["rootCauseReport"]
    refused = await customer_api.graphql(REPORT, {"c": "PLN", "customer": book["a"].number})

    assert (staff["currency"], staff["accountId"]) == ("PLN", str(book["a"].id))
    assert [(r["rootCause"], r["decided"], r["byReason"][0]["invalid"]) for r in staff["rows"]] == [
        ("CUSTOMER_ERROR", {"amount": "55.00", "count": 1}, {"amount": "55.00", "count": 1}),
        ("WAREHOUSE", {"amount": "50.00", "count": 2}, {"amount": "0.00", "count": 0}),
    ]
    march = staff["trend"][-1]
    assert march["month"] == "2026-03-01" and sorted(march["causes"], key=lambda c: c["rootCause"]) == [
        {"rootCause": "CUSTOMER_ERROR", "amount": "55.00", "count": 1},
        {"rootCause": "WAREHOUSE", "amount": "20.00", "count": 1},
    ]
    assert refused.get("data") is None and refused["errors"]
