"""Filing a dispute: the money rules, typed errors that leave nothing behind, idempotency under concurrency."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.disputes.models import Dispute, DisputeLine
from backend.domain.invoices.models import Invoice, InvoiceLine
from tests.support.api import Api

FILE = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) {
  __typename
  ... on DisputeFiled { dispute { id status amount reasonCode origin timeline { status note } } }
  ... on InvalidInputResult { errors { field code message } }
  ... on NotFoundResult { message }
  ... on ConflictResult { message }
} }"""


async def _signed_in_customer(api: Api, factory: Any, total: str = "100.00") -> tuple[Any, Invoice]:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal(total))
    user = await factory.user("customer_user", account)
    await api.login(user.email, "correct horse battery")
    return account, invoice


def _input(invoice: Invoice, **overrides: Any) -> dict[str, Any]:
    body = {
        "invoiceId": str(invoice.id),
        "reasonCode": "DAMAGED",
        "amount": "40.00",
        "description": "Two cases arrived crushed.",
        "idempotencyKey": uuid.uuid4().hex,
    }
    body.update(overrides)
    return body


async def _counts(sessionmaker: Any, invoice_id: uuid.UUID) -> tuple[int, int, Decimal]:
    async with system_session(sessionmaker) as db:
        disputes = (
            await db.execute(select(func.count()).select_from(Dispute).where(Dispute.invoice_id == invoice_id))
        ).scalar_one()
        audit = (
            await db.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "dispute.filed"))
        ).scalar_one()
        disputed = (await db.execute(select(Invoice.disputed_amount).where(Invoice.id == invoice_id))).scalar_one()
    return disputes, audit, disputed


async def test_customer_files_a_dispute_and_the_invoice_shows_it(api: Api, factory: Any, demo: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)

    result = (await api.graphql(FILE, {"input": _input(invoice)}))["data"]["fileDispute"]

    assert result["__typename"] == "DisputeFiled"
    assert result["dispute"]["status"] == "NEW" and result["dispute"]["amount"] == "40.00"
    assert result["dispute"]["origin"] == "PORTAL"
    assert [step["status"] for step in result["dispute"]["timeline"]] == ["NEW"]
    seen = await api.graphql(
        "query($id: ID!) { invoice(id: $id) { status disputedAmount disputableAmount disputes { id } } }",
        {"id": str(invoice.id)},
    )
    assert seen["data"]["invoice"] == {
        "status": "DISPUTED",
        "disputedAmount": "40.00",
        "disputableAmount": "60.00",
        "disputes": [{"id": result["dispute"]["id"]}],
    }
    listed = await api.graphql("{ disputes { totalCount edges { node { id status } } } }")
    assert listed["data"]["disputes"]["edges"] == [{"node": {"id": result["dispute"]["id"], "status": "NEW"}}]


async def test_dispute_on_two_lines_records_each_line(api: Api, factory: Any, demo: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    async with system_session(demo) as db:
        db.add(
            InvoiceLine(
                account_id=invoice.account_id,
                invoice_id=invoice.id,
                line_number=2,
                sku="SKU-2",
                description="Gadget",
                quantity=Decimal("2.000"),
                unit_price=Decimal("0.0001"),
                amount=Decimal("0.01"),
            )
        )
        await db.commit()
        lines = (
            (
                await db.execute(
                    select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id).order_by(InvoiceLine.line_number)
                )
            )
            .scalars()
            .all()
        )
    claims = [
        {"lineId": str(lines[0].id), "amount": "30.00", "quantity": "1"},
        {"lineId": str(lines[1].id), "amount": "0.01"},
    ]

    result = (await api.graphql(FILE, {"input": _input(invoice, amount="30.01", lines=claims)}))["data"]["fileDispute"]

    assert result["__typename"] == "DisputeFiled"
    async with system_session(demo) as db:
        saved = (
            (await db.execute(select(DisputeLine).where(DisputeLine.dispute_id == uuid.UUID(result["dispute"]["id"]))))
            .scalars()
            .all()
        )
    assert sorted(line.amount for line in saved) == [Decimal("0.01"), Decimal("30.00")]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"amount": "100.01"}, "amount", "amount_exceeds_disputable"),
        ({"amount": "10.001"}, "amount", "amount_too_precise"),
        ({"amount": "0"}, "amount", "amount_not_positive"),
        ({"amount": "-5.00"}, "amount", "amount_not_positive"),
        ({"reasonCode": "NO_SUCH_REASON"}, "reasonCode", "reason_not_active"),
        ({"reasonCode": "OTHER", "description": "  "}, "description", "description_required"),
        ({"idempotencyKey": "short"}, "idempotencyKey", "idempotency_key_invalid"),
    ],
)
async def test_rule_breaks_are_typed_errors_that_leave_nothing_behind(
    overrides: dict[str, Any], field: str, code: str, api: Api, factory: Any, demo: Any
) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    before = await _counts(demo, invoice.id)

    result = (await api.graphql(FILE, {"input": _input(invoice, **overrides)}))["data"]["fileDispute"]

    assert result["__typename"] == "InvalidInputResult"
    assert result["errors"][0]["field"] == field and result["errors"][0]["code"] == code
    assert result["errors"][0]["message"]
    assert await _counts(demo, invoice.id) == before


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "1e999", "12.5e1", 12.5])
async def test_non_decimal_amounts_are_refused_at_the_boundary(bad: Any, api: Api, factory: Any, demo: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    before = await _counts(demo, invoice.id)

    result = await api.graphql(FILE, {"input": _input(invoice, amount=bad)})

    assert result["data"] is None
    assert "Decimal values are strings" in result["errors"][0]["message"]
    assert await _counts(demo, invoice.id) == before


async def test_a_line_of_another_invoice_is_refused(api: Api, factory: Any, demo: Any) -> None:
    account, invoice = await _signed_in_customer(api, factory)
    other = await factory.invoice(account)
    async with system_session(demo) as db:
        other_line = (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == other.id))).scalar_one()
    before = await _counts(demo, invoice.id)

    result = (
        await api.graphql(
            FILE, {"input": _input(invoice, amount="5.00", lines=[{"lineId": str(other_line.id), "amount": "5.00"}])}
        )
    )["data"]["fileDispute"]

    assert result["errors"][0]["code"] == "line_not_on_invoice"
    assert await _counts(demo, invoice.id) == before


async def test_open_disputes_reduce_what_can_still_be_disputed(api: Api, factory: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    first = (await api.graphql(FILE, {"input": _input(invoice, amount="70.00")}))["data"]["fileDispute"]
    second = (await api.graphql(FILE, {"input": _input(invoice, amount="30.01")}))["data"]["fileDispute"]
    assert first["__typename"] == "DisputeFiled"
    assert second["errors"][0]["code"] == "amount_exceeds_disputable"
    assert "30.00" in second["errors"][0]["message"]


async def test_same_key_same_input_returns_the_saved_dispute_other_input_is_a_conflict(api: Api, factory: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    body = _input(invoice)
    first = (await api.graphql(FILE, {"input": body}))["data"]["fileDispute"]
    again = (await api.graphql(FILE, {"input": body}))["data"]["fileDispute"]
    changed = (await api.graphql(FILE, {"input": {**body, "amount": "41.00"}}))["data"]["fileDispute"]
    assert again["dispute"]["id"] == first["dispute"]["id"]
    assert changed["__typename"] == "ConflictResult"


async def test_twenty_concurrent_filings_with_one_key_file_one_dispute(api: Api, factory: Any, demo: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    body = _input(invoice)

    results = await asyncio.gather(*(api.graphql(FILE, {"input": body}) for _ in range(20)))

    ids = {r["data"]["fileDispute"]["dispute"]["id"] for r in results}
    assert len(ids) == 1
    disputes, _, disputed = await _counts(demo, invoice.id)
    assert disputes == 1 and disputed == Decimal("40.00")


async def test_customer_cannot_file_against_another_accounts_invoice(api: Api, factory: Any, demo: Any) -> None:
    await _signed_in_customer(api, factory)
    foreign_invoice = await factory.invoice(await factory.account("Foreign"))

    result = (await api.graphql(FILE, {"input": _input(foreign_invoice)}))["data"]["fileDispute"]

    assert result == {"__typename": "NotFoundResult", "message": "Invoice not found."}
    assert (await _counts(demo, foreign_invoice.id))[0] == 0


async def test_customer_withdraws_an_open_dispute(api: Api, factory: Any) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    filed = (await api.graphql(FILE, {"input": _input(invoice)}))["data"]["fileDispute"]["dispute"]
    withdraw = """mutation($id: ID!) { withdrawDispute(id: $id, reason: "Found the cases") {
      __typename ... on DisputeWithdrawn { dispute { status timeline { status note } } } ... on ConflictResult { message } } }"""

    first = (await api.graphql(withdraw, {"id": filed["id"]}))["data"]["withdrawDispute"]
    second = (await api.graphql(withdraw, {"id": filed["id"]}))["data"]["withdrawDispute"]

    assert first["dispute"]["status"] == "WITHDRAWN"
    assert [s["status"] for s in first["dispute"]["timeline"]] == ["NEW", "WITHDRAWN"]
    assert second["__typename"] == "ConflictResult"
    invoice_now = await api.graphql(
        "query($id: ID!) { invoice(id: $id) { disputedAmount status } }", {"id": str(invoice.id)}
    )
    assert invoice_now["data"]["invoice"]["disputedAmount"] == "0.00"


async def test_the_invoice_list_counts_each_invoices_disputes_open_or_closed(api: Api, factory: Any) -> None:
    # given an invoice with one withdrawn and one open dispute, and one without any
    account, invoice = await _signed_in_customer(api, factory)
    untouched = await factory.invoice(account)
    withdrawn = (await api.graphql(FILE, {"input": _input(invoice)}))["data"]["fileDispute"]["dispute"]
    await api.graphql(
        'mutation($id: ID!) { withdrawDispute(id: $id, reason: "Found them") { __typename } }', {"id": withdrawn["id"]}
    )
    filed = (await api.graphql(FILE, {"input": _input(invoice, amount="5.00")}))["data"]["fileDispute"]
    assert filed["__typename"] == "DisputeFiled"

    # when the customer lists invoices
    listed = await api.graphql("{ invoices(first: 10) { edges { node { id disputeCount } } } }")

    # then each row carries its own count
    counts = {e["node"]["id"]: e["node"]["disputeCount"] for e in listed["data"]["invoices"]["edges"]}
    assert counts == {str(invoice.id): 2, str(untouched.id): 0}


async def test_filing_is_rate_limited_per_user(api: Api, factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.domain.disputes import service

    monkeypatch.setattr(service, "FILINGS_PER_HOUR", 2)
    _, invoice = await _signed_in_customer(api, factory)
    results = [
        (
            await api.graphql(
                FILE.replace("__typename", "__typename ... on RateLimitedResult { message }", 1),
                {"input": _input(invoice, amount="1.00")},
            )
        )["data"]["fileDispute"]
        for _ in range(3)
    ]
    assert [r["__typename"] for r in results] == ["DisputeFiled", "DisputeFiled", "RateLimitedResult"]
    assert "Wait a little" in results[2]["message"]


@pytest.mark.parametrize(
    ("quantity", "code"),
    [("0.0001", "quantity_too_precise"), ("1.2345", "quantity_too_precise"), ("0", "quantity_not_positive")],
)
async def test_a_claimed_quantity_the_ledger_cannot_keep_is_a_field_error_naming_the_precision(
    quantity: str, code: str, api: Api, factory: Any, demo: Any
) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    async with system_session(demo) as db:
        line = (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))).scalar_one()
    before = await _counts(demo, invoice.id)
    claims = [{"lineId": str(line.id), "amount": "10.00", "quantity": quantity}]

    result = (await api.graphql(FILE, {"input": _input(invoice, amount="10.00", lines=claims)}))["data"]["fileDispute"]

    assert result["__typename"] == "InvalidInputResult"
    (error,) = result["errors"]
    assert error["field"] == "lines" and error["code"] == code and "Line 1" in error["message"]
    if code == "quantity_too_precise":
        assert "at most 3 decimals" in error["message"]
    assert await _counts(demo, invoice.id) == before


async def test_the_claimed_lines_stay_visible_to_the_customer_and_staff_and_read_plainly_in_the_audit(
    api: Api, api_factory: Any, factory: Any, demo: Any
) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    async with system_session(demo) as db:
        line = (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))).scalar_one()
        line.quantity, line.unit_price, line.sku, line.description = (
            Decimal("10.000"),
            Decimal("10.0000"),
            "CF-1001",
            "Cement",
        )
        await db.commit()
    claims = [{"lineId": str(line.id), "amount": "40.00", "quantity": "4"}]
    filed = (await api.graphql(FILE, {"input": _input(invoice, lines=claims)}))["data"]["fileDispute"]
    wanted = "claimedLines { lineNumber sku description quantityClaimed quantityInvoiced unitPrice amountClaimed }"

    as_customer = await api.graphql(
        f"query($id: ID!) {{ dispute(id: $id) {{ {wanted} }} }}", {"id": filed["dispute"]["id"]}
    )
    staff = api_factory()
    await staff.login((await factory.user("ar_clerk")).email, "correct horse battery")
    as_staff = await staff.graphql(
        f"query($id: ID!) {{ case(id: $id) {{ {wanted} auditTrail {{ action after }} }} }}",
        {"id": filed["dispute"]["id"]},
    )

    expected = {
        "lineNumber": 1,
        "sku": "CF-1001",
        "description": "Cement",
        "quantityClaimed": "4.000",
        "quantityInvoiced": "10.000",
        "unitPrice": "10.0000",
        "amountClaimed": "40.00",
    }
    assert as_customer["data"]["dispute"]["claimedLines"] == [expected]
    assert as_staff["data"]["case"]["claimedLines"] == [expected]
    (filed_event,) = [e for e in as_staff["data"]["case"]["auditTrail"] if e["action"] == "dispute.filed"]
    assert filed_event["after"]["lines"] == ["Line 1 CF-1001 Cement: 4.000 of 10.000 at 10.0000, 40.00 claimed"]


async def test_every_dispute_has_its_own_human_reference_and_staff_find_a_case_by_it(
    api: Api, api_factory: Any, factory: Any, demo: Any
) -> None:
    _, invoice = await _signed_in_customer(api, factory)
    wanted = "... on DisputeFiled { dispute { id reference } }"
    query = FILE.replace(
        "... on DisputeFiled { dispute { id status amount reasonCode origin timeline { status note } } }", wanted
    )
    first = (await api.graphql(query, {"input": _input(invoice, amount="10.00")}))["data"]["fileDispute"]["dispute"]
    second = (await api.graphql(query, {"input": _input(invoice, amount="5.00")}))["data"]["fileDispute"]["dispute"]

    year = date.today().year
    assert re.fullmatch(rf"D-{year}-\d{{6,}}", first["reference"]) and first["reference"] != second["reference"]
    staff = api_factory()
    await staff.login((await factory.user("ar_clerk")).email, "correct horse battery")
    found = await staff.graphql(
        "query($s: String!) { cases(filter: {search: $s}) { edges { node { id reference } } } }",
        {"s": second["reference"].lower()},
    )
    assert [e["node"] for e in found["data"]["cases"]["edges"]] == [second]


class _Deadlock(Exception):
    sqlstate = "40P01"  # what asyncpg's deadlock error carries, as SQLAlchemy wraps it


async def test_a_filing_the_database_broke_off_for_a_deadlock_is_filed_once_on_its_own(
    api: Api, factory: Any, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty people filing at once met a deadlock once (two filings each waiting for the other): the customer got
    "unexpected error". The rolled-back filing is filed again, once."""
    from sqlalchemy.exc import DBAPIError

    from backend.domain.disputes import service

    real, broken = service._record_filing, []

    async def deadlocked_once(*args: Any, **kwargs: Any) -> Any:
        dispute = await real(*args, **kwargs)  # its writes are made, then the database breaks the transaction off
        if not broken:
            broken.append(dispute.id)
            raise DBAPIError("INSERT INTO disputes …", {}, _Deadlock("deadlock detected"))
        return dispute

    monkeypatch.setattr(service, "_record_filing", deadlocked_once)
    _, invoice = await _signed_in_customer(api, factory)
    before_audit = (await _counts(demo, invoice.id))[1]

    result = (await api.graphql(FILE, {"input": _input(invoice)}))["data"]["fileDispute"]

    assert broken and result["__typename"] == "DisputeFiled"
    disputes, audit, disputed = await _counts(demo, invoice.id)
    assert (disputes, audit - before_audit, disputed) == (1, 1, Decimal("40.00"))  # filed once, not twice


def test_a_transaction_broken_off_by_the_database_is_told_apart_from_a_bug() -> None:
    from sqlalchemy.exc import DBAPIError

    from backend.db.outage import lost_to_another

    assert lost_to_another(DBAPIError("UPDATE …", {}, _Deadlock("deadlock detected")))
    unique = _Deadlock("duplicate key")
    unique.sqlstate = "23505"
    assert not lost_to_another(DBAPIError("INSERT …", {}, unique))
    assert not lost_to_another(ValueError("a bug"))
