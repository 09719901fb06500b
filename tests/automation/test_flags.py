"""Validation flags: each raised with the reason in words, and not raised when its condition is absent —
through the portal's filing and through a deduction created with ``after_case_created`` (issue 6 item 5)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.automation.models import Promotion
from backend.domain.documents.models import DocumentLinkSuggestion
from backend.domain.invoices.models import Invoice, InvoiceLine
from tests.automation.support import (
    case_of,
    create_deduction,
    customer_api,
    file_in_portal,
    flags_of,
)
from tests.support.api import Api

WITHDRAW = """mutation($id: ID!) { withdrawDispute(id: $id, reason: "filed twice") { __typename } }"""


async def test_a_second_claim_of_the_same_amount_is_flagged_duplicate_with_the_first_case(
    api: Api, factory: Any, demo: Any
) -> None:
    # given: a customer who already filed 10.00 on an invoice
    account = await factory.account()
    invoice = await factory.invoice(account)
    await customer_api(api, factory, account)
    first = await file_in_portal(api, invoice, "10.00")
    # when: the same amount is claimed again, and a different amount too
    second = await file_in_portal(api, invoice, "10.00")
    other = await file_in_portal(api, invoice, "11.00")
    # then
    today = date.today().isoformat()
    assert (await flags_of(demo, second))["duplicate_claim"] == (
        f"Already claimed: case for 10.00 on {invoice.number} filed {today} (new)"
    )
    assert "duplicate_claim" not in await flags_of(demo, first)
    assert "duplicate_claim" not in await flags_of(demo, other)


async def test_a_withdrawn_claim_does_not_make_the_next_one_a_duplicate(api: Api, factory: Any, demo: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account)
    await customer_api(api, factory, account)
    first = await file_in_portal(api, invoice, "10.00")
    assert (await api.graphql(WITHDRAW, {"id": str(first)}))["data"]["withdrawDispute"][
        "__typename"
    ] != "NotFoundResult"

    again = await create_deduction(demo, invoice, "10.00")

    assert "duplicate_claim" not in await flags_of(demo, again)


async def test_a_deduction_matching_a_resolved_valid_claim_is_a_duplicate(factory: Any, demo: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account)
    await factory.dispute(invoice, amount=Decimal("12.50"), status="resolved_valid")

    deduction = await create_deduction(demo, invoice, "12.50")

    assert (await flags_of(demo, deduction))["duplicate_claim"].endswith("(resolved valid)")


async def test_deducting_more_than_the_case_can_hold_is_flagged_exceeds_invoice(factory: Any, demo: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))

    over = await create_deduction(demo, invoice, "60.00", claimed_amount="150.00")
    exact = await create_deduction(demo, invoice, "20.00", claimed_amount="20.00")

    assert (await flags_of(demo, over))["exceeds_invoice"] == (
        f"The customer deducted 150.00 on {invoice.number} but the case can hold only 60.00"
    )
    assert "exceeds_invoice" not in await flags_of(demo, exact)


async def test_claims_on_one_line_beyond_its_amount_are_flagged_exceeds_line(api: Api, factory: Any, demo: Any) -> None:
    # given: an invoice of two lines of 100.00
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("200.00"))
    async with system_session(demo) as db:
        first_line = (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id))).scalar_one()
        first_line.amount, first_line.unit_price = Decimal("100.00"), Decimal("100.00")
        second_line = InvoiceLine(
            account_id=account.id,
            invoice_id=invoice.id,
            line_number=2,
            sku="SKU-2",
            description="Gadget",
            quantity=Decimal("1.000"),
            unit_price=Decimal("100.00"),
            amount=Decimal("100.00"),
        )
        db.add(second_line)
        await db.commit()
    await customer_api(api, factory, account)
    # when: 60.00 and then 50.00 are claimed on line 1, and 30.00 on line 2
    first = await file_in_portal(api, invoice, "60.00", lines=[{"lineId": str(first_line.id), "amount": "60.00"}])
    second = await file_in_portal(api, invoice, "50.00", lines=[{"lineId": str(first_line.id), "amount": "50.00"}])
    third = await file_in_portal(api, invoice, "30.00", lines=[{"lineId": str(second_line.id), "amount": "30.00"}])
    # then
    assert (await flags_of(demo, second))["exceeds_line"] == (
        "Line 1 (SKU-1): claims add up to 110.00, more than the line's 100.00"
    )
    assert "exceeds_line" not in await flags_of(demo, first)
    assert "exceeds_line" not in await flags_of(demo, third)


async def _discount_invoice(factory: Any, demo: Any, *, due_on: date | None, percent: str | None) -> Invoice:
    account = await factory.account()
    invoice: Invoice = await factory.invoice(account, total=Decimal("100.00"))
    async with system_session(demo) as db:
        row = (await db.execute(select(Invoice).where(Invoice.id == invoice.id))).scalar_one()
        row.cash_discount_due_on = due_on
        row.cash_discount_percent = Decimal(percent) if percent else None
        await db.commit()
    return invoice


async def test_a_discount_taken_after_its_date_is_flagged_and_one_in_time_is_not(factory: Any, demo: Any) -> None:
    due = date.today() - timedelta(days=5)
    late_invoice = await _discount_invoice(factory, demo, due_on=due, percent="2.000")
    timely_invoice = await _discount_invoice(factory, demo, due_on=due, percent="2.000")

    late = await create_deduction(
        demo, late_invoice, "2.00", reason="EARLY_PAY_DISCOUNT", paid_on=due + timedelta(days=3)
    )
    timely = await create_deduction(demo, timely_invoice, "2.00", reason="EARLY_PAY_DISCOUNT", paid_on=due)

    assert (await flags_of(demo, late))["discount_after_due_date"] == (
        f"Paid {(due + timedelta(days=3)).isoformat()}, after the discount date {due.isoformat()}"
        f" of {late_invoice.number}"
    )
    assert "discount_after_due_date" not in await flags_of(demo, timely)


async def test_a_discount_larger_than_the_terms_or_without_terms_is_flagged(factory: Any, demo: Any) -> None:
    due = date.today() + timedelta(days=5)
    with_terms = await _discount_invoice(factory, demo, due_on=due, percent="2.000")
    without_terms = await _discount_invoice(factory, demo, due_on=None, percent=None)

    too_much = await create_deduction(demo, with_terms, "3.00", reason="EARLY_PAY_DISCOUNT")
    no_terms = await create_deduction(demo, without_terms, "1.00", reason="EARLY_PAY_DISCOUNT")
    not_a_discount = await create_deduction(demo, without_terms, "1.50", reason="PRICING")

    assert (await flags_of(demo, too_much))["discount_after_due_date"] == (
        "Discount of 3.00 is more than 2 % of 100.00 (2.00)"
    )
    assert (await flags_of(demo, no_terms))["discount_after_due_date"] == (
        f"Cash discount taken, but {without_terms.number} has no cash-discount terms"
    )
    assert "discount_after_due_date" not in await flags_of(demo, not_a_discount)


async def test_a_portal_discount_claim_after_the_date_is_flagged_as_of_today(api: Api, factory: Any, demo: Any) -> None:
    due = date.today() - timedelta(days=1)
    invoice = await _discount_invoice(factory, demo, due_on=due, percent="2.000")
    await customer_api(api, factory, type("A", (), {"id": invoice.account_id})())

    case = await file_in_portal(api, invoice, "2.00", reason="EARLY_PAY_DISCOUNT")

    assert (await flags_of(demo, case))["discount_after_due_date"].startswith(f"Paid {date.today().isoformat()}")


async def test_a_promotion_claim_outside_every_active_promotion_is_flagged(api: Api, factory: Any, demo: Any) -> None:
    # given: a promotion for this customer covering the last ten days, and an inactive one around 200 days ago
    account = await factory.account()
    today = date.today()
    code = f"P{uuid.uuid4().hex[:8].upper()}"
    async with system_session(demo) as db:
        db.add_all(
            [
                Promotion(
                    account_id=account.id,
                    code=code,
                    name="Autumn",
                    starts_on=today - timedelta(days=10),
                    ends_on=today,
                    created_at=utc_now(),
                ),
                Promotion(
                    account_id=account.id,
                    code=code + "X",
                    name="Old",
                    starts_on=today - timedelta(days=250),
                    ends_on=today - timedelta(days=150),
                    active=False,
                    created_at=utc_now(),
                ),
            ]
        )
        await db.commit()
    inside = await factory.invoice(account, issue=today - timedelta(days=5))
    outside = await factory.invoice(account, issue=today - timedelta(days=200))  # not in the demo's promotions
    await customer_api(api, factory, account)
    # when
    inside_case = await file_in_portal(api, inside, "5.00", reason="PROMOTION")
    outside_case = await create_deduction(demo, outside, "5.00", reason="PROMOTION")
    # then
    assert "promotion_outside_period" not in await flags_of(demo, inside_case)
    message = (await flags_of(demo, outside_case))["promotion_outside_period"]
    assert message.startswith(
        f"{outside.number} issued {(today - timedelta(days=200)).isoformat()} is outside every active promotion"
        " for the customer (nearest: "
    )


async def test_no_evidence_is_flagged_and_cleared_when_a_document_is_linked(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    # given: a case filed without documents
    customer, clerk = api_factory(), api_factory()
    account = await factory.account()
    invoice = await factory.invoice(account)
    await customer_api(customer, factory, account)
    case = await file_in_portal(customer, invoice, "10.00")
    assert (await flags_of(demo, case))["no_evidence"] == (
        f"No document is linked to the case or to its invoice {invoice.number}"
    )
    # when: staff link a document the archive suggested for the invoice
    document = await factory.document(account.id, text=f"POD for {invoice.number}")
    async with system_session(demo) as db:
        db.add(
            DocumentLinkSuggestion(
                account_id=account.id,
                document_id=document.id,
                invoice_id=invoice.id,
                matched_by="invoice_number",
                matched_text=invoice.number,
                created_at=utc_now(),
            )
        )
        await db.commit()
    staff = await factory.user("ar_clerk")
    await clerk.login(staff.email, "correct horse battery")
    linked = await clerk.graphql(
        "mutation($d: ID!, $i: ID!) { linkDocumentToInvoice(documentId: $d, invoiceId: $i) { __typename } }",
        {"d": str(document.id), "i": str(invoice.id)},
    )
    # then
    assert linked["data"]["linkDocumentToInvoice"]["__typename"] == "DocumentLinked"
    assert "no_evidence" not in await flags_of(demo, case)
    assert (await case_of(demo, case)).status == "new"


async def test_a_deduction_on_an_invoice_with_a_document_has_no_no_evidence_flag(factory: Any, demo: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account)
    earlier = await factory.dispute(invoice, amount=Decimal("1.00"))
    await factory.document(account.id, text="signed POD", dispute=earlier)

    deduction = await create_deduction(demo, invoice, "5.00")

    assert await flags_of(demo, deduction) == {}


async def test_no_evidence_is_cleared_when_the_customer_uploads_evidence_to_the_case(
    api: Api, factory: Any, demo: Any
) -> None:
    from tests.support.files import pdf_bytes

    account = await factory.account()
    invoice = await factory.invoice(account)
    await customer_api(api, factory, account)
    case = await file_in_portal(api, invoice, "10.00")
    assert "no_evidence" in await flags_of(demo, case)

    uploaded = await api.upload(pdf_bytes(), "pod.pdf", disputeId=str(case))

    assert uploaded["__typename"] == "DocumentConfirmed", uploaded
    assert "no_evidence" not in await flags_of(demo, case)


async def test_standing_claims_adding_up_to_more_than_the_invoice_are_flagged(factory: Any, demo: Any) -> None:
    # given: a claim of 70.00 found valid on a 100.00 invoice whose balance was never credited (an old import)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    await factory.dispute(invoice, amount=Decimal("70.00"), status="resolved_valid")
    async with system_session(demo) as db:
        row = (await db.execute(select(Invoice).where(Invoice.id == invoice.id))).scalar_one()
        row.disputed_amount = Decimal("0.00")
        await db.commit()

    over = await create_deduction(demo, invoice, "40.00")

    assert (await flags_of(demo, over))["exceeds_invoice"] == (
        f"Claims on {invoice.number} add up to 110.00, more than its total of 100.00"
    )
