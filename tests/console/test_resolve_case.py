"""Resolving cases moves money correctly, once, and only within each role's limits (issue 4 items 4-5)."""

from __future__ import annotations

import asyncio
import io
import uuid
from decimal import Decimal
from typing import Any

from pypdf import PdfReader
from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.invoices.models import Invoice
from backend.domain.resolution.models import CreditMemo
from tests.support.api import Api

PASSWORD = "correct horse battery"
RESULT = """__typename ... on CaseUpdated { case { id version status } creditMemo { number amount } }
  ... on ConflictResult { message } ... on InvalidInputResult { errors { field code message } }
  ... on NotPermittedResult { message }"""


def approve(
    case_id: Any, version: int, amount: str | None = None, key: str | None = None
) -> tuple[str, dict[str, Any]]:
    body: dict[str, Any] = {
        "caseId": str(case_id),
        "version": version,
        "idempotencyKey": key or uuid.uuid4().hex,
        "rootCause": "PRICING_MASTER_DATA",
    }
    if amount is not None:
        body["amount"] = amount
    return f"mutation($input: ApproveCaseInput!) {{ approveCase(input: $input) {{ {RESULT} }} }}", {"input": body}


async def _clerk(api: Api, factory: Any, role: str = "ar_clerk") -> Any:
    user = await factory.user(role)
    await api.login(user.email, PASSWORD)
    return user


async def _case(factory: Any, total: str = "100.00", claim: str = "40.00") -> tuple[Any, Any]:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal(total))
    dispute = await factory.dispute(invoice, amount=Decimal(claim))
    return invoice, dispute


async def _invoice(demo: Any, invoice_id: Any) -> Invoice:
    async with system_session(demo) as db:
        return (await db.execute(select(Invoice).where(Invoice.id == invoice_id))).scalar_one()


async def _memos(demo: Any, dispute_id: Any) -> list[CreditMemo]:
    async with system_session(demo) as db:
        return list((await db.execute(select(CreditMemo).where(CreditMemo.dispute_id == dispute_id))).scalars())


async def test_partial_approval_issues_a_credit_memo_and_the_rest_is_due_again(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    clerk_api, customer_api = api_factory(), api_factory()
    await _clerk(clerk_api, factory)
    invoice, dispute = await _case(factory)
    customer = await factory.user("customer_user", type("A", (), {"id": invoice.account_id})())

    result = (await clerk_api.graphql(*approve(dispute.id, 1, "25.00")))["data"]["approveCase"]

    assert result["case"]["status"] == "RESOLVED_PARTIAL" and result["case"]["version"] == 2
    assert result["creditMemo"]["amount"] == "25.00" and result["creditMemo"]["number"].startswith("CM-")
    after = await _invoice(demo, invoice.id)
    assert (after.credited_amount, after.open_balance, after.disputed_amount) == (
        Decimal("25.00"),
        Decimal("75.00"),
        Decimal("0.00"),
    )
    await customer_api.login(customer.email, PASSWORD)
    seen = await customer_api.graphql(
        "query($id: ID!) { invoice(id: $id) { openBalance creditMemos { number amount } disputes { status timeline { status } } } }",
        {"id": str(invoice.id)},
    )
    assert seen["data"]["invoice"]["openBalance"] == "75.00"
    assert seen["data"]["invoice"]["creditMemos"] == [{"number": result["creditMemo"]["number"], "amount": "25.00"}]
    assert seen["data"]["invoice"]["disputes"][0]["timeline"][-1]["status"] == "RESOLVED_PARTIAL"


async def test_credit_memo_numbers_are_unique_and_consecutive(api: Api, factory: Any) -> None:
    await _clerk(api, factory)
    numbers = []
    for _ in range(3):
        _, dispute = await _case(factory)
        numbers.append((await api.graphql(*approve(dispute.id, 1)))["data"]["approveCase"]["creditMemo"]["number"])
    values = [int(n.split("-")[1]) for n in numbers]
    assert values == list(range(values[0], values[0] + 3))


async def test_a_stale_version_is_a_conflict_and_changes_nothing(api_factory: Any, factory: Any, demo: Any) -> None:
    first, second = api_factory(), api_factory()
    await _clerk(first, factory)
    await _clerk(second, factory)
    invoice, dispute = await _case(factory)

    ok = (await first.graphql(*approve(dispute.id, 1)))["data"]["approveCase"]
    late = (await second.graphql(*approve(dispute.id, 1)))["data"]["approveCase"]

    assert ok["__typename"] == "CaseUpdated"
    assert late["__typename"] == "ConflictResult" and "changed this case" in late["message"]
    assert len(await _memos(demo, dispute.id)) == 1
    assert (await _invoice(demo, invoice.id)).credited_amount == Decimal("40.00")


async def test_twenty_concurrent_identical_approvals_issue_one_credit_memo(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    invoice, dispute = await _case(factory)
    query, variables = approve(dispute.id, 1, key="same-key-" + uuid.uuid4().hex[:8])

    results = await asyncio.gather(*(api.graphql(query, variables) for _ in range(20)))

    typenames = {r["data"]["approveCase"]["__typename"] for r in results}
    assert typenames == {"CaseUpdated"}, results
    assert {r["data"]["approveCase"]["creditMemo"]["number"] for r in results} == {
        (await _memos(demo, dispute.id))[0].number
    }
    assert len(await _memos(demo, dispute.id)) == 1
    assert (await _invoice(demo, invoice.id)).credited_amount == Decimal("40.00")


async def test_a_key_reused_with_another_amount_is_a_conflict_and_credits_nothing_more(
    api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    invoice, dispute = await _case(factory)
    key = "reused-key-" + uuid.uuid4().hex[:8]

    first = (await api.graphql(*approve(dispute.id, 1, "10.00", key=key)))["data"]["approveCase"]
    again = (await api.graphql(*approve(dispute.id, 1, "10.00", key=key)))["data"]["approveCase"]
    other = (await api.graphql(*approve(dispute.id, 1, "25.00", key=key)))["data"]["approveCase"]

    assert first["__typename"] == again["__typename"] == "CaseUpdated"
    assert again["creditMemo"] == first["creditMemo"]
    assert other["__typename"] == "ConflictResult" and "different action" in other["message"]
    assert [memo.amount for memo in await _memos(demo, dispute.id)] == [Decimal("10.00")]
    assert (await _invoice(demo, invoice.id)).credited_amount == Decimal("10.00")


async def test_twenty_concurrent_identical_write_offs_write_off_once(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    invoice, dispute = await _case(factory, claim="40.00")
    mutation = f"mutation($input: WriteOffCaseInput!) {{ writeOffCase(input: $input) {{ {RESULT} }} }}"
    body = {
        "caseId": str(dispute.id),
        "version": 1,
        "reason": "Below threshold",
        "idempotencyKey": uuid.uuid4().hex,
        "rootCause": "WAREHOUSE",
    }

    results = await asyncio.gather(*(api.graphql(mutation, {"input": body}) for _ in range(20)))

    assert {r["data"]["writeOffCase"]["__typename"] for r in results} == {"CaseUpdated"}, results
    assert {r["data"]["writeOffCase"]["case"]["status"] for r in results} == {"WRITTEN_OFF"}
    after = await _invoice(demo, invoice.id)
    assert (after.written_off_amount, after.open_balance) == (Decimal("40.00"), Decimal("60.00"))
    async with system_session(demo) as db:
        events = (
            await db.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity_id == str(dispute.id), AuditEvent.action == "case.written_off")
            )
        ).scalar_one()
    assert events == 1


async def test_write_off_over_the_clerks_limit_is_refused_and_changes_nothing(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    clerk_api, manager_api = api_factory(), api_factory()
    await _clerk(clerk_api, factory, "ar_clerk")
    await _clerk(manager_api, factory, "credit_manager")
    invoice, dispute = await _case(factory, total="1000.00", claim="300.00")
    mutation = f"mutation($input: WriteOffCaseInput!) {{ writeOffCase(input: $input) {{ {RESULT} }} }}"
    body = {
        "caseId": str(dispute.id),
        "version": 1,
        "reason": "Not worth pursuing",
        "idempotencyKey": uuid.uuid4().hex,
        "rootCause": "OTHER",
    }
    async with system_session(demo) as db:
        audits_before = (await db.execute(select(func.count()).select_from(AuditEvent))).scalar_one()

    refused = (await clerk_api.graphql(mutation, {"input": body}))["data"]["writeOffCase"]

    assert refused["__typename"] == "InvalidInputResult"
    assert refused["errors"][0]["code"] == "over_write_off_limit" and "250.00" in refused["errors"][0]["message"]
    unchanged = await _invoice(demo, invoice.id)
    assert (unchanged.written_off_amount, unchanged.disputed_amount) == (Decimal("0.00"), Decimal("300.00"))
    async with system_session(demo) as db:
        assert (await db.execute(select(func.count()).select_from(AuditEvent))).scalar_one() == audits_before
    allowed = (await manager_api.graphql(mutation, {"input": {**body, "idempotencyKey": uuid.uuid4().hex}}))["data"][
        "writeOffCase"
    ]
    assert allowed["case"]["status"] == "WRITTEN_OFF"
    written = await _invoice(demo, invoice.id)
    assert (written.written_off_amount, written.open_balance) == (Decimal("300.00"), Decimal("700.00"))


async def test_deny_makes_the_amount_due_again_and_tells_the_customer(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    invoice, dispute = await _case(factory)
    mutation = f"mutation($input: DenyCaseInput!) {{ denyCase(input: $input) {{ {RESULT} }} }}"

    result = await api.graphql(
        mutation,
        {
            "input": {
                "caseId": str(dispute.id),
                "version": 1,
                "reason": "POD signed clean.",
                "rootCause": "CUSTOMER_ERROR",
            }
        },
    )

    assert result["data"]["denyCase"]["case"]["status"] == "RESOLVED_INVALID"
    after = await _invoice(demo, invoice.id)
    assert (after.open_balance, after.disputed_amount, after.credited_amount) == (
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    timeline = await api.graphql(
        "query($id: ID!) { case(id: $id) { timeline { status note } } }", {"id": str(dispute.id)}
    )
    assert "POD signed clean." in timeline["data"]["case"]["timeline"][-1]["note"]


async def test_request_information_waits_on_the_customer_who_sees_the_question(api_factory: Any, factory: Any) -> None:
    clerk_api, customer_api = api_factory(), api_factory()
    await _clerk(clerk_api, factory)
    invoice, dispute = await _case(factory)
    customer = await factory.user("customer_user", type("A", (), {"id": invoice.account_id})())
    mutation = f"mutation($input: RequestInformationInput!) {{ requestCaseInformation(input: $input) {{ {RESULT} }} }}"

    result = await clerk_api.graphql(
        mutation, {"input": {"caseId": str(dispute.id), "version": 1, "question": "Send the signed POD."}}
    )

    assert result["data"]["requestCaseInformation"]["case"]["status"] == "WAITING_ON_CUSTOMER"
    await customer_api.login(customer.email, PASSWORD)
    seen = await customer_api.graphql(
        "query($id: ID!) { dispute(id: $id) { status messages { body fromStaff } } }", {"id": str(dispute.id)}
    )
    assert seen["data"]["dispute"] == {
        "status": "WAITING_ON_CUSTOMER",
        "messages": [{"body": "Send the signed POD.", "fromStaff": True}],
    }


async def test_approving_more_than_the_claim_is_refused(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    _, dispute = await _case(factory)
    result = (await api.graphql(*approve(dispute.id, 1, "40.01")))["data"]["approveCase"]
    assert result["errors"][0]["code"] == "amount_exceeds_claim"
    assert await _memos(demo, dispute.id) == []


BULK_WRITE_OFF = """mutation($cases: [CaseVersionInput!]!, $key: String!) {
  bulkWriteOffCases(cases: $cases, idempotencyKey: $key, reason: "Under tolerance", rootCause: CARRIER) {
    succeeded { id status } failed { caseId message } } }"""


async def test_bulk_write_off_applies_the_limit_to_each_case_and_reports_each_failure(
    api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    small_invoice, small = await _case(factory, claim="30.00")
    big_invoice, big = await _case(factory, total="1000.00", claim="600.00")
    _, stale = await _case(factory, claim="20.00")
    cases = [
        {"caseId": str(small.id), "version": 1},
        {"caseId": str(big.id), "version": 1},
        {"caseId": str(stale.id), "version": 7},
    ]

    result = (await api.graphql(BULK_WRITE_OFF, {"cases": cases, "key": uuid.uuid4().hex}))["data"]["bulkWriteOffCases"]

    assert result["succeeded"] == [{"id": str(small.id), "status": "WRITTEN_OFF"}]
    failures = {f["caseId"]: f["message"] for f in result["failed"]}
    assert set(failures) == {str(big.id), str(stale.id)}
    assert "at most 250.00" in failures[str(big.id)] and "changed this case" in failures[str(stale.id)]
    assert (await _invoice(demo, small_invoice.id)).written_off_amount == Decimal("30.00")
    assert (await _invoice(demo, big_invoice.id)).written_off_amount == Decimal("0.00")


async def test_bulk_approve_retried_with_the_same_key_issues_no_second_credit(
    api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    _, first = await _case(factory)
    _, second = await _case(factory)
    mutation = """mutation($cases: [CaseVersionInput!]!, $key: String!) {
      bulkApproveCases(cases: $cases, idempotencyKey: $key, rootCause: WAREHOUSE) {
        succeeded { id status } failed { caseId } } }"""
    variables = {
        "cases": [{"caseId": str(first.id), "version": 1}, {"caseId": str(second.id), "version": 1}],
        "key": uuid.uuid4().hex,
    }

    once = (await api.graphql(mutation, variables))["data"]["bulkApproveCases"]
    again = (await api.graphql(mutation, variables))["data"]["bulkApproveCases"]

    assert [c["status"] for c in once["succeeded"]] == ["RESOLVED_VALID"] * 2
    assert again == once
    assert len(await _memos(demo, first.id)) == len(await _memos(demo, second.id)) == 1


async def test_the_customers_answer_puts_the_case_back_in_review(api_factory: Any, factory: Any) -> None:
    from tests.support.files import pdf_bytes

    clerk_api, customer_api = api_factory(), api_factory()
    await _clerk(clerk_api, factory)
    invoice, dispute = await _case(factory)
    customer = await factory.user("customer_user", type("A", (), {"id": invoice.account_id})())
    ask = "mutation($input: RequestInformationInput!) { requestCaseInformation(input: $input) { __typename } }"
    await clerk_api.graphql(ask, {"input": {"caseId": str(dispute.id), "version": 1, "question": "POD please"}})
    await customer_api.login(customer.email, PASSWORD)

    uploaded = await customer_api.upload(pdf_bytes(), disputeId=str(dispute.id))

    assert uploaded["__typename"] == "DocumentConfirmed"
    case = await clerk_api.graphql(
        "query($id: ID!) { case(id: $id) { status documents { filename } } }", {"id": str(dispute.id)}
    )
    assert case["data"]["case"]["status"] == "IN_REVIEW" and len(case["data"]["case"]["documents"]) == 1


async def test_reopening_a_write_off_reverses_it_and_holds_the_claim_again(api: Api, factory: Any, demo: Any) -> None:
    # given: a credit manager wrote off a 40.00 claim on a 100.00 invoice
    await _clerk(api, factory, "credit_manager")
    invoice, dispute = await _case(factory)
    write_off = f"mutation($input: WriteOffCaseInput!) {{ writeOffCase(input: $input) {{ {RESULT} }} }}"
    written = await api.graphql(
        write_off,
        {
            "input": {
                "caseId": str(dispute.id),
                "version": 1,
                "reason": "Small",
                "idempotencyKey": uuid.uuid4().hex,
                "rootCause": "WAREHOUSE",
            }
        },
    )
    version = written["data"]["writeOffCase"]["case"]["version"]
    assert (await _invoice(demo, invoice.id)).open_balance == Decimal("60.00")

    # when: they reopen it
    reopen = f"mutation($input: ReopenCaseInput!) {{ reopenCase(input: $input) {{ {RESULT} }} }}"
    reopened = await api.graphql(
        reopen, {"input": {"caseId": str(dispute.id), "version": version, "reason": "Customer sent the POD late."}}
    )

    # then: the write-off is undone, the claim is held again, and the step is audited with the amounts
    assert reopened["data"]["reopenCase"]["case"]["status"] == "IN_REVIEW"
    after = await _invoice(demo, invoice.id)
    assert (after.written_off_amount, after.open_balance, after.disputed_amount) == (
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("40.00"),
    )
    async with system_session(demo) as db:
        event = (
            (
                await db.execute(
                    select(AuditEvent)
                    .where(AuditEvent.entity_id == str(dispute.id), AuditEvent.action == "case.reopened")
                    .order_by(AuditEvent.sequence.desc())
                )
            )
            .scalars()
            .first()
        )
    assert event is not None and event.after is not None
    assert event.before["status"] == "written_off" and event.after["status"] == "in_review"
    assert event.after["write_off_reversed"] == "40.00" and event.after["invoice_open_balance"] == "100.00"


async def test_a_credited_case_cannot_be_reopened(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory, "admin")
    invoice, dispute = await _case(factory)
    query, variables = approve(dispute.id, 1)
    approved = await api.graphql(query, variables)
    version = approved["data"]["approveCase"]["case"]["version"]

    reopen = f"mutation($input: ReopenCaseInput!) {{ reopenCase(input: $input) {{ {RESULT} }} }}"
    refused = await api.graphql(reopen, {"input": {"caseId": str(dispute.id), "version": version}})

    assert refused["data"]["reopenCase"]["__typename"] == "ConflictResult"
    assert "credit memo is final" in refused["data"]["reopenCase"]["message"]
    after = await _invoice(demo, invoice.id)
    assert (after.credited_amount, after.open_balance, after.disputed_amount) == (
        Decimal("40.00"),
        Decimal("60.00"),
        Decimal("0.00"),
    )


WRITE_OFF = f"mutation($input: WriteOffCaseInput!) {{ writeOffCase(input: $input) {{ {RESULT} }} }}"
CUSTOMER_TIMELINE = "query($id: ID!) { dispute(id: $id) { status timeline { status note } } }"


async def test_a_write_off_reason_stays_with_staff_and_the_customer_reads_only_what_is_meant_for_them(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    clerk_api, customer_api = api_factory(), api_factory()
    await _clerk(clerk_api, factory)
    invoices = [await _case(factory, claim="12.00") for _ in range(2)]
    internal = "customer is litigious, not worth fighting"
    message = "We have credited this as a goodwill gesture."

    silent = (
        await clerk_api.graphql(
            WRITE_OFF,
            {
                "input": {
                    "caseId": str(invoices[0][1].id),
                    "version": 1,
                    "reason": internal,
                    "idempotencyKey": uuid.uuid4().hex,
                    "rootCause": "OTHER",
                }
            },
        )
    )["data"]["writeOffCase"]
    with_message = (
        await clerk_api.graphql(
            WRITE_OFF,
            {
                "input": {
                    "caseId": str(invoices[1][1].id),
                    "version": 1,
                    "reason": internal,
                    "customerMessage": message,
                    "idempotencyKey": uuid.uuid4().hex,
                    "rootCause": "OTHER",
                }
            },
        )
    )["data"]["writeOffCase"]

    assert silent["__typename"] == with_message["__typename"] == "CaseUpdated"
    seen = []
    for invoice, dispute in invoices:
        customer = await factory.user("customer_user", await _account_of(demo, invoice))
        await customer_api.login(customer.email, PASSWORD)
        seen.append((await customer_api.graphql(CUSTOMER_TIMELINE, {"id": str(dispute.id)}))["data"]["dispute"])
    assert seen[0]["timeline"][-1] == {"status": "WRITTEN_OFF", "note": "Written off."}
    assert seen[1]["timeline"][-1] == {"status": "WRITTEN_OFF", "note": f"Written off. {message}"}
    assert all(internal not in str(s) for s in seen)
    staff_trail = await clerk_api.graphql(
        "query($id: ID!) { case(id: $id) { auditTrail { action after } } }", {"id": str(invoices[0][1].id)}
    )
    assert internal in str(staff_trail["data"]["case"]["auditTrail"])


async def _account_of(demo: Any, invoice: Any) -> Any:
    from backend.domain.accounts.models import CustomerAccount

    async with system_session(demo) as db:
        return (await db.execute(select(CustomerAccount).where(CustomerAccount.id == invoice.account_id))).scalar_one()


async def test_a_partly_accepted_dispute_shows_claimed_accepted_refused_its_memo_and_what_is_still_due(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    clerk_api, customer_api, stranger_api = api_factory(), api_factory(), api_factory()
    await _clerk(clerk_api, factory)
    invoice, dispute = await _case(factory, total="100.00", claim="40.00")
    customer = await factory.user("customer_user", await _account_of(demo, invoice))
    stranger = await factory.user("customer_user", await factory.account())
    memo = (await clerk_api.graphql(*approve(dispute.id, 1, "25.00")))["data"]["approveCase"]["creditMemo"]
    await customer_api.login(customer.email, PASSWORD)
    await stranger_api.login(stranger.email, PASSWORD)

    seen = await customer_api.graphql(
        """query($id: ID!) { dispute(id: $id) { reference timeline { note } outcome { claimed accepted refused
          writtenOff stillDueOnInvoice creditMemos { id number amount } } } }""",
        {"id": str(dispute.id)},
    )
    outcome = seen["data"]["dispute"]["outcome"]
    assert {k: v for k, v in outcome.items() if k != "creditMemos"} == {
        "claimed": "40.00",
        "accepted": "25.00",
        "refused": "15.00",
        "writtenOff": "0.00",
        "stillDueOnInvoice": "75.00",
    }
    assert [(m["number"], m["amount"]) for m in outcome["creditMemos"]] == [(memo["number"], "25.00")]
    note = seen["data"]["dispute"]["timeline"][-1]["note"]
    assert note.startswith(f"Partly accepted: 25.00 of the 40.00 USD claimed, credit memo {memo['number']}; 15.00 USD")
    assert "Still due on" in note and "75.00 USD" in note

    memo_id = outcome["creditMemos"][0]["id"]
    pdf = await customer_api.http.get(f"/api/credit-memos/{memo_id}/pdf")
    staff_pdf = await clerk_api.http.get(f"/api/credit-memos/{memo_id}/pdf")
    foreign = await stranger_api.http.get(f"/api/credit-memos/{memo_id}/pdf")
    anonymous = await api_factory().http.get(f"/api/credit-memos/{memo_id}/pdf")

    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and staff_pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert memo["number"] in text and invoice.number in text and seen["data"]["dispute"]["reference"] in text
    assert f'filename="{memo["number"]}.pdf"' in pdf.headers["content-disposition"]
    assert foreign.status_code == 404 and memo["number"].encode() not in foreign.content
    assert anonymous.status_code == 401
