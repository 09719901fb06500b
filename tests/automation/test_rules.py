"""Resolution by rule: the first matching rule writes off or approves a new case as the system actor,
audited like a person; staff reopen reverses both (issue 6 item 6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.accounts.models import User
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.automation.rules import records_shortage
from backend.domain.automation.service import after_documents_moved
from backend.domain.disputes.models import DisputeStatusChange
from backend.domain.documents.evidence_links import link_evidence
from backend.domain.documents.models import Document
from backend.domain.resolution.models import CreditMemo
from tests.automation.support import (
    PASSWORD,
    add_rule,
    case_of,
    create_deduction,
    customer_api,
    events_of,
    file_in_portal,
    invoice_of,
)
from tests.support.api import Api

REOPEN = """mutation($input: ReopenCaseInput!) { reopenCase(input: $input) {
  __typename ... on CaseUpdated { case { status } } ... on ConflictResult { message } } }"""
APPROVE = """mutation($input: ApproveCaseInput!) { approveCase(input: $input) { __typename } }"""


async def test_a_write_off_rule_closes_a_case_under_its_tolerance_and_leaves_one_above_open(
    api: Api, factory: Any, demo: Any
) -> None:
    # given: a write-off rule of 25.00 for this customer
    account = await factory.account("Tolerance Co")
    rule = await add_rule(demo, action="write_off", account_id=account.id, max_amount=Decimal("25.00"))
    invoice = await factory.invoice(account)
    await customer_api(api, factory, account)
    # when: the customer files 20.00 and 30.00
    small = await file_in_portal(api, invoice, "20.00")
    large = await file_in_portal(api, invoice, "30.00")
    # then: the small one is written off by the rule, the large one waits for a person
    assert (await case_of(demo, small)).status == "written_off"
    assert (await case_of(demo, large)).status == "new"
    after = await invoice_of(demo, invoice.id)
    assert (after.written_off_amount, after.disputed_amount, after.open_balance) == (
        Decimal("20.00"),
        Decimal("30.00"),
        Decimal("80.00"),
    )
    # audited like a person's action, by the system actor, naming the rule
    written = [e for e in await events_of(demo, small) if e.action == "case.written_off"]
    assert len(written) == 1 and written[0].actor_user_id == SYSTEM_USER_ID
    assert (
        written[0].after["note"] == f"Written off by rule {rule.priority} (up to 25.00 for any reason of Tolerance Co)."
    )
    async with system_session(demo) as db:
        steps = list(
            (await db.execute(select(DisputeStatusChange).where(DisputeStatusChange.dispute_id == small))).scalars()
        )
        actor = await db.get(User, SYSTEM_USER_ID)
    step = next(s for s in steps if s.to_status == "written_off")
    assert step.actor_user_id == SYSTEM_USER_ID and step.note == "Written off."  # the tolerance stays internal
    assert actor is not None and actor.full_name == "Recoup automation" and actor.password_hash is None
    assert not actor.is_active


async def test_per_customer_and_per_reason_tolerances_pick_the_first_matching_rule(factory: Any, demo: Any) -> None:
    # given: DAMAGED up to 50.00, then any reason up to 10.00, both for one customer
    account, other = await factory.account("Picky Co"), await factory.account("Other Co")
    damaged = await add_rule(
        demo, action="write_off", account_id=account.id, reason_code="DAMAGED", max_amount=Decimal("50.00")
    )
    anything = await add_rule(demo, action="write_off", account_id=account.id, max_amount=Decimal("10.00"))
    invoice, other_invoice = await factory.invoice(account), await factory.invoice(other)
    # when
    damaged_case = await create_deduction(demo, invoice, "40.00", reason="DAMAGED")
    pricing_case = await create_deduction(demo, invoice, "40.00", reason="PRICING")
    small_case = await create_deduction(demo, invoice, "5.00", reason="PRICING")
    other_case = await create_deduction(demo, other_invoice, "5.00", reason="PRICING")
    # then
    assert (await case_of(demo, damaged_case)).status == "written_off"
    assert (await case_of(demo, pricing_case)).status == "new"
    assert (await case_of(demo, small_case)).status == "written_off"
    assert (await case_of(demo, other_case)).status == "new"
    notes = {
        case: next(e.after["note"] for e in await events_of(demo, case) if e.action == "case.written_off")
        for case in (damaged_case, small_case)
    }
    assert notes[damaged_case].startswith(f"Written off by rule {damaged.priority} (up to 50.00 for DAMAGED")
    assert notes[small_case].startswith(f"Written off by rule {anything.priority} (up to 10.00 for any reason")


async def test_a_rule_writes_off_above_every_role_limit_within_its_tolerance(factory: Any, demo: Any) -> None:
    account = await factory.account()
    await add_rule(demo, action="write_off", account_id=account.id, max_amount=Decimal("900.00"))
    invoice = await factory.invoice(account, total=Decimal("1000.00"))

    case = await create_deduction(demo, invoice, "600.00")  # the clerk's limit is 250.00

    assert (await case_of(demo, case)).status == "written_off"


async def test_no_rule_acts_on_a_case_flagged_duplicate_or_exceeding_the_invoice(factory: Any, demo: Any) -> None:
    account = await factory.account()
    await add_rule(demo, action="write_off", account_id=account.id, max_amount=Decimal("25.00"))
    invoice = await factory.invoice(account)
    await factory.dispute(invoice, amount=Decimal("9.00"))

    duplicate = await create_deduction(demo, invoice, "9.00")
    over = await create_deduction(demo, invoice, "8.00", claimed_amount="120.00")

    assert (await case_of(demo, duplicate)).status == "new"
    assert (await case_of(demo, over)).status == "new"


async def _pod_case(factory: Any, demo: Any, pod_text: str) -> Any:
    """A SHORTAGE deduction under a POD rule; then its proof of delivery is read (as extraction does)."""
    account = await factory.account("Dock Co")
    await add_rule(
        demo, action="approve", account_id=account.id, reason_code="SHORTAGE", condition="pod_confirms_shortage"
    )
    invoice = await factory.invoice(account)
    case_id = await create_deduction(demo, invoice, "30.00")
    assert (await case_of(demo, case_id)).status == "new"  # no POD yet
    case = await case_of(demo, case_id)
    document = await factory.document(account.id, text=pod_text, dispute=case, document_type="proof_of_delivery")
    async with system_session(demo) as db:
        row = (await db.execute(select(Document).where(Document.id == document.id))).scalar_one()
        await link_evidence(db, row, pod_text, now=utc_now())
        await db.commit()
    return invoice, case_id


async def test_the_pod_rule_approves_a_shortage_the_linked_pod_records(factory: Any, demo: Any) -> None:
    invoice, case_id = await _pod_case(
        factory, demo, "Cartons shipped: 20. Cartons received: 17.\nExceptions: 3 cartons short."
    )

    assert (await case_of(demo, case_id)).status == "resolved_valid"
    async with system_session(demo) as db:
        memo = (await db.execute(select(CreditMemo).where(CreditMemo.dispute_id == case_id))).scalar_one()
    assert memo.amount == Decimal("30.00") and memo.issued_by_id == SYSTEM_USER_ID and memo.number.startswith("CM-")
    assert (await invoice_of(demo, invoice.id)).credited_amount == Decimal("30.00")
    approved = next(e for e in await events_of(demo, case_id) if e.action == "case.approved")
    assert approved.actor_user_id == SYSTEM_USER_ID
    assert (
        approved.after["note"].startswith("Approved by rule ")
        and "when the POD confirms the shortage" in approved.after["note"]
    )


async def test_the_pod_rule_leaves_a_shortage_open_when_the_pod_records_none(factory: Any, demo: Any) -> None:
    _, case_id = await _pod_case(factory, demo, "Cartons shipped: 20. Cartons received: 20.\nExceptions: none.")

    assert (await case_of(demo, case_id)).status == "new"


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("2 cartons short", True),
        ("Shortage of one pallet", True),
        ("one case missing on arrival", True),
        ("received 18 of 20 cartons", True),
        ("Received: 20 of 20", False),
        ("no shortage, nothing missing", False),
        ("Exceptions: none. Delivered in full.", False),
        ("shortbread biscuits", False),
    ],
)
def test_what_counts_as_a_pod_recording_a_shortage(text: str, short: bool) -> None:
    assert records_shortage(text) is short


async def _staff(api: Api, factory: Any, role: str) -> None:
    user = await factory.user(role)
    assert (await api.login(user.email, PASSWORD)).status_code == 200


async def test_a_credit_manager_reopens_a_rule_write_off_and_the_amount_is_held_again(
    api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account()
    await add_rule(demo, action="write_off", account_id=account.id, max_amount=Decimal("25.00"))
    invoice = await factory.invoice(account)
    case_id = await create_deduction(demo, invoice, "15.00")
    case = await case_of(demo, case_id)
    await _staff(api, factory, "credit_manager")

    result = await api.graphql(REOPEN, {"input": {"caseId": str(case_id), "version": case.version, "reason": "check"}})

    assert result["data"]["reopenCase"]["case"]["status"] == "IN_REVIEW"
    after = await invoice_of(demo, invoice.id)
    assert (after.written_off_amount, after.disputed_amount, after.open_balance) == (
        Decimal("0.00"),
        Decimal("15.00"),
        Decimal("100.00"),
    )

    # a document arriving later re-checks the case, but a case staff took back stays theirs
    await factory.document(account.id, invoice=invoice, text="Proof of delivery")
    async with system_session(demo) as db:
        await after_documents_moved(db, invoice_ids=[invoice.id], now=utc_now())
        await db.commit()
    assert (await case_of(demo, case_id)).status == "in_review"
    assert (await invoice_of(demo, invoice.id)).written_off_amount == Decimal("0.00")


async def test_a_credit_manager_reverses_a_rule_credit_memo_but_a_staff_one_stays_final(
    api: Api, factory: Any, demo: Any
) -> None:
    # given: a case a POD rule approved
    invoice, case_id = await _pod_case(factory, demo, "Exceptions: 2 cartons missing.")
    case = await case_of(demo, case_id)
    await _staff(api, factory, "credit_manager")
    # when: the credit manager reopens it
    result = await api.graphql(
        REOPEN, {"input": {"caseId": str(case_id), "version": case.version, "reason": "POD unclear"}}
    )
    # then: the credit is undone through the ledger, the case is open and held again, audited
    assert result["data"]["reopenCase"]["case"]["status"] == "IN_REVIEW"
    after = await invoice_of(demo, invoice.id)
    assert (after.credited_amount, after.disputed_amount, after.open_balance) == (
        Decimal("0.00"),
        Decimal("30.00"),
        Decimal("100.00"),
    )
    async with system_session(demo) as db:
        memo = (await db.execute(select(CreditMemo).where(CreditMemo.dispute_id == case_id))).scalar_one()
    assert memo.reversed_at is not None
    reopened = next(e for e in await events_of(demo, case_id) if e.action == "case.reopened")
    assert reopened.after["credit_reversed"] == "30.00" and reopened.after["credit_memo"] == memo.number
    # and: once staff approve it themselves, the credit memo is final
    case = await case_of(demo, case_id)
    approved = await api.graphql(
        APPROVE,
        {
            "input": {
                "caseId": str(case_id),
                "version": case.version,
                "idempotencyKey": "k" * 16,
                "rootCause": "CARRIER",
            }
        },
    )
    assert approved["data"]["approveCase"]["__typename"] == "CaseUpdated"
    case = await case_of(demo, case_id)
    refused = await api.graphql(REOPEN, {"input": {"caseId": str(case_id), "version": case.version}})
    assert refused["data"]["reopenCase"]["__typename"] == "ConflictResult"


async def test_a_clerk_cannot_reverse_a_rule_credit_memo(api: Api, factory: Any, demo: Any) -> None:
    _, case_id = await _pod_case(factory, demo, "3 cartons short")
    case = await case_of(demo, case_id)
    await _staff(api, factory, "ar_clerk")

    result = await api.graphql(REOPEN, {"input": {"caseId": str(case_id), "version": case.version}})

    assert result["data"]["reopenCase"]["__typename"] != "CaseUpdated"
    assert (await case_of(demo, case_id)).status == "resolved_valid"
