"""What people do with orders: a claim checked against the POD before filing and resolved by rule when the records
support it, a held order approved by a credit manager, a discrepancy settled with a credit memo before the
customer ever disputes it, a POD read for its received quantities."""

from __future__ import annotations

import random
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.automation.models import ResolutionRule
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.orders.models import OrderDiscrepancy, OrderLine, SalesOrder, Shipment
from backend.domain.orders.pod import link_pod, received_by, received_quantities
from tests.orders.feeds import (
    DELIVERY_HEADER,
    INVOICE_HEADER,
    ORDER_HEADER,
    delivery_row,
    invoice_row,
    order_row,
    post_feed,
    sign_in,
)
from tests.support.api import Api
from tests.support.factories import unique

CHECK = """query($reason: String!, $lines: [ClaimLineInput!]!) { claimCheck(reasonCode: $reason, lines: $lines) {
  verdict lines { lineNumber ordered shipped delivered invoiced orderPrice invoicedPrice verdict message } } }"""
FILE = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) {
  __typename ... on DisputeFiled { dispute { id status } } } }"""


async def _book(api: Api, factory: Any, staff_api: Api) -> tuple[Any, str, str, dict[int, str]]:
    """An account whose order of 75 + 10 was delivered 65 + 10 and invoiced 75 + 10 (line 2 above the order price)."""
    account = await factory.account("Claim Co")
    await sign_in(staff_api, factory)
    order, delivery, invoice = unique("SO-"), unique("DL-"), unique("INV-")
    rows = order_row(order, account.number, 1, "CF-1", "75", "4.00") + order_row(
        order, account.number, 2, "CF-2", "10", "9.20"
    )
    assert (await post_feed(staff_api, "orders", ORDER_HEADER + rows)).status_code == 200
    shipped = delivery_row(delivery, order, 1, "75", delivered="65") + delivery_row(
        delivery, order, 2, "10", delivered="10"
    )
    assert (await post_feed(staff_api, "deliveries", DELIVERY_HEADER + shipped)).status_code == 200
    billed = invoice_row(invoice, account.number, account.name, 1, "CF-1", "75", "4.00", order, 1) + invoice_row(
        invoice, account.number, account.name, 2, "CF-2", "10", "10.00", order, 2
    )
    assert (await post_feed(staff_api, "invoices", INVOICE_HEADER + billed)).status_code == 200
    customer = await factory.user("customer_admin", account)
    assert (await api.login(customer.email, "correct horse battery")).status_code == 200
    async with system_session(factory.sessionmaker) as db:
        inv = (await db.execute(select(Invoice).where(Invoice.number == invoice))).scalar_one()
        lines = {
            line.line_number: str(line.id)
            for line in (await db.execute(select(InvoiceLine).where(InvoiceLine.invoice_id == inv.id))).scalars()
        }
    return account, order, str(inv.id), lines


async def test_a_shortage_claim_is_checked_against_the_delivery_and_a_rule_resolves_it_when_the_records_agree(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    customer_api, staff_api = api_factory(), api_factory()
    account, _, invoice_id, lines = await _book(customer_api, factory, staff_api)
    matches = await customer_api.graphql(
        CHECK, {"reason": "SHORTAGE", "lines": [{"invoiceLineId": lines[1], "quantity": "10", "amount": "40.00"}]}
    )
    check = matches["data"]["claimCheck"]
    assert check["verdict"] == "SUPPORTED"
    assert check["lines"][0]["message"] == "Our delivery records show 65 of 75 delivered: your claim of 10 matches."
    too_much = await customer_api.graphql(
        CHECK, {"reason": "SHORTAGE", "lines": [{"invoiceLineId": lines[1], "quantity": "20", "amount": "80.00"}]}
    )
    assert too_much["data"]["claimCheck"]["verdict"] == "CONTRADICTED"
    nothing_short = await customer_api.graphql(
        CHECK, {"reason": "SHORTAGE", "lines": [{"invoiceLineId": lines[2], "quantity": "1", "amount": "10.00"}]}
    )
    assert "attach your receiving report" in nothing_short["data"]["claimCheck"]["lines"][0]["message"]
    price = await customer_api.graphql(
        CHECK, {"reason": "PRICING", "lines": [{"invoiceLineId": lines[2], "amount": "8.00"}]}
    )
    assert price["data"]["claimCheck"]["verdict"] == "SUPPORTED"

    async with system_session(demo) as db:
        db.add(
            ResolutionRule(
                priority=random.randint(10_000, 2_000_000),
                action="approve",
                account_id=account.id,
                reason_code="SHORTAGE",
                condition="records_support_claim",
                max_amount=Decimal("500.00"),
            )
        )
        await db.commit()
    filed = await customer_api.graphql(
        FILE,
        {
            "input": {
                "invoiceId": invoice_id,
                "reasonCode": "SHORTAGE",
                "amount": "40.00",
                "idempotencyKey": unique("k-"),
                "lines": [{"lineId": lines[1], "quantity": "10", "amount": "40.00"}],
            }
        },
    )
    assert "dispute" in filed["data"]["fileDispute"], filed
    assert filed["data"]["fileDispute"]["dispute"]["status"] == "RESOLVED_VALID"  # approved by the rule, no person
    case = await staff_api.graphql(
        "query($id: ID!) { case(id: $id) { recordsVerdict recordsDetail } }",
        {"id": filed["data"]["fileDispute"]["dispute"]["id"]},
    )
    assert case["data"]["case"]["recordsVerdict"] == "SUPPORTED"
    assert "65 of 75 delivered" in case["data"]["case"]["recordsDetail"]
    # The accepted claim credited the shortage: it is no longer at stake for customer service, and the same
    # shortage claimed again is not supported (no second credit for the same goods).
    async with system_session(demo) as db:
        order_id = (await db.execute(select(Invoice.order_id).where(Invoice.id == uuid.UUID(invoice_id)))).scalar_one()
        short = (
            await db.execute(
                select(OrderDiscrepancy.status).where(
                    OrderDiscrepancy.order_id == order_id, OrderDiscrepancy.kind == "short_shipped"
                )
            )
        ).scalar_one()
    assert short == "cleared"
    # the credit memo is not money received: no line of the order reads as paid (it read 30.00 and 10.00, the
    # credit spread over every line as if paid)
    async with system_session(demo) as db:
        paid = (await db.execute(select(OrderLine.paid_amount).where(OrderLine.order_id == order_id))).scalars().all()
    assert paid and set(paid) == {Decimal("0.00")}
    again = await customer_api.graphql(
        CHECK, {"reason": "SHORTAGE", "lines": [{"invoiceLineId": lines[1], "quantity": "10", "amount": "40.00"}]}
    )
    assert again["data"]["claimCheck"]["verdict"] == "CONTRADICTED"
    assert "already credited or are claimed" in again["data"]["claimCheck"]["lines"][0]["message"]
    # A claim the records contradict, filed anyway, waits for a person whatever rule would match it.
    anyway = await customer_api.graphql(
        FILE,
        {
            "input": {
                "invoiceId": invoice_id,
                "reasonCode": "SHORTAGE",
                "amount": "10.00",
                "idempotencyKey": unique("k-"),
                "lines": [{"lineId": lines[2], "quantity": "1", "amount": "10.00"}],
            }
        },
    )
    assert anyway["data"]["fileDispute"]["dispute"]["status"] in {"NEW", "ASSIGNED"}


async def test_a_discrepancy_is_settled_with_a_credit_memo_before_the_customer_disputes_it(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    customer_api, staff_api = api_factory(), api_factory()
    _, order, invoice_id, _ = await _book(customer_api, factory, staff_api)
    async with system_session(demo) as db:
        order_id = (await db.execute(select(SalesOrder.id).where(SalesOrder.number == order))).scalar_one()
    page = await staff_api.graphql(
        "query($id: ID!) { orderDetail(id: $id) { discrepancies { id version kind amount status } } }",
        {"id": str(order_id)},
    )
    short = next(d for d in page["data"]["orderDetail"]["discrepancies"] if d["kind"] == "SHORT_SHIPPED")
    assert short["amount"] == "40.00"
    too_much = await staff_api.graphql(
        """mutation($id: ID!, $v: Int!) { resolveDiscrepancy(discrepancyId: $id, version: $v, resolution: CREDIT_MEMO,
        amount: "40.01") { __typename ... on InvalidInputResult { errors { field message } } } }""",
        {"id": short["id"], "v": short["version"]},
    )
    assert too_much.get("data"), too_much
    assert too_much["data"]["resolveDiscrepancy"]["errors"][0]["field"] == "amount"
    settled = await staff_api.graphql(
        """mutation($id: ID!, $v: Int!) { resolveDiscrepancy(discrepancyId: $id, version: $v, resolution: CREDIT_MEMO)
        { __typename ... on OrderChanged { message } } }""",
        {"id": short["id"], "v": short["version"]},
    )
    assert settled["data"]["resolveDiscrepancy"]["message"].startswith("Settled with credit memo CM-")
    async with system_session(demo) as db:
        invoice = await db.get(Invoice, uuid.UUID(invoice_id))
        assert invoice is not None and invoice.credited_amount == Decimal("40.00")
    worklist = await staff_api.graphql("{ orderDiscrepancies(first: 100, status: OPEN) { edges { node { id } } } }")
    assert short["id"] not in {e["node"]["id"] for e in worklist["data"]["orderDiscrepancies"]["edges"]}


async def test_an_order_held_over_the_limit_is_approved_by_a_credit_manager_with_a_note(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    staff_api, manager_api = api_factory(), api_factory()
    account = await factory.account()  # limit 1,000.00
    await sign_in(staff_api, factory)
    number = unique("SO-")
    await post_feed(staff_api, "orders", ORDER_HEADER + order_row(number, account.number, 1, "CF-1", "300", "4.00"))
    async with system_session(demo) as db:
        order = (await db.execute(select(SalesOrder).where(SalesOrder.number == number))).scalar_one()
    assert order.status == "on_hold"
    await sign_in(manager_api, factory, "credit_manager")
    decide = """mutation($id: ID!, $note: String!) { decideHeldOrder(orderId: $id, version: 1, approve: true, note: $note)
      { __typename ... on InvalidInputResult { errors { field } } ... on OrderChanged { message } } }"""
    refused = await manager_api.graphql(decide, {"id": str(order.id), "note": " "})
    assert refused["data"]["decideHeldOrder"]["errors"][0]["field"] == "note"
    done = await manager_api.graphql(decide, {"id": str(order.id), "note": "Paid a deposit"})
    assert done["data"]["decideHeldOrder"]["message"] == "Order approved."
    async with system_session(demo) as db:
        order = (await db.execute(select(SalesOrder).where(SalesOrder.number == number))).scalar_one()
    assert (order.status, order.decision_note) == ("approved", "Paid a deposit")


def test_a_pod_text_gives_the_received_count_per_sku_and_who_signed() -> None:
    text = "Delivery DL-1\nCF-1001  received 65 of 75 cases\nCF-1002 qty received: 10\nReceived by: J. Ruiz\n"
    assert received_quantities(text, ["CF-1001", "CF-1002", "CF-1003"]) == {
        "CF-1001": Decimal(65),
        "CF-1002": Decimal(10),
    }
    assert received_by(text) == "J. Ruiz"
    assert received_quantities("CF-10010 received 3", ["CF-1001"]) == {}


async def test_a_proof_of_delivery_is_linked_to_its_delivery_and_its_count_replaces_the_shipped_one(
    api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account()
    await sign_in(api, factory)
    order, delivery = unique("SO-"), unique("DL-")
    await post_feed(api, "orders", ORDER_HEADER + order_row(order, account.number, 1, "CF-1", "75", "4.00"))
    await post_feed(api, "deliveries", DELIVERY_HEADER + delivery_row(delivery, order, 1, "75"))
    text = f"Proof of delivery {delivery}\nCF-1 received 70 of 75\nSigned by: Ana Ortiz\n"
    document = await factory.document(account.id, text=text, filename="pod.pdf", document_type="proof_of_delivery")
    async with system_session(demo) as db:
        doc = await db.get(type(document), document.id)
        assert doc is not None
        shipment = await link_pod(db, doc, text, now=utc_now())
        await db.commit()
        assert shipment is not None
        saved = (await db.execute(select(Shipment).where(Shipment.number == delivery))).scalar_one()
        found = (
            (
                await db.execute(
                    select(OrderDiscrepancy.kind).where(
                        OrderDiscrepancy.order_id == saved.order_id, OrderDiscrepancy.status == "open"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert (saved.pod_document_id, saved.received_by) == (document.id, "Ana Ortiz")
    assert "delivered_without_pod" not in found
