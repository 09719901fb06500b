"""Orders and deliveries through the feeds: idempotent by number and revision, credit decided on arrival, row errors
with line numbers, and the three-way reconciliation's discrepancies found before any deduction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.audit.service import first_broken_event
from backend.domain.credit.models import CreditPosition
from backend.domain.orders.models import OrderDiscrepancy, OrderLine, SalesOrder
from backend.domain.orders.reconciliation import line_figures
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


async def _order(demo: Any, number: str) -> tuple[SalesOrder, list[OrderLine]]:
    async with system_session(demo) as db:
        order = (await db.execute(select(SalesOrder).where(SalesOrder.number == number))).scalar_one()
        lines = (
            (await db.execute(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.line_number)))
            .scalars()
            .all()
        )
        return order, list(lines)


async def _shipped(demo: Any, order_id: Any) -> list[tuple[str, str | None]]:
    """Each line's shipped and delivered quantity as the records give them (its shipments' sums), by line number."""
    async with system_session(demo) as db:
        figures = sorted((await line_figures(db, [order_id])).values(), key=lambda f: f.line.line_number)
        return [(f"{f.shipped}", None if f.delivered is None else f"{f.delivered}") for f in figures]


async def _discrepancies(demo: Any, order_id: Any) -> dict[str, OrderDiscrepancy]:
    async with system_session(demo) as db:
        rows = (await db.execute(select(OrderDiscrepancy).where(OrderDiscrepancy.order_id == order_id))).scalars()
        return {d.kind: d for d in rows}


async def _state(demo: Any, number: str) -> tuple[object, ...]:
    """An order as its customer and customer service see it: status, unshipped value, each line's shipped,
    delivered and reconciled figures, and its discrepancies with their money and words."""
    order, lines = await _order(demo, number)
    found = await _discrepancies(demo, order.id)
    return (
        order.status,
        order.unshipped_amount,
        order.status_since,
        await _shipped(demo, order.id),
        [line.reconciled for line in lines],
        sorted((d.kind, d.status, d.amount, d.detail) for d in found.values()),
    )


async def test_an_order_is_received_once_revised_with_history_and_refused_when_older(
    api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account("Order Co")
    await sign_in(api, factory)
    number = unique("SO-")
    body = (
        ORDER_HEADER
        + order_row(number, account.number, 1, "CF-1", "75", "4.00")
        + order_row(number, account.number, 2, "CF-2", "10", "10.00", discount="10")
    )
    first = await post_feed(api, "orders", body)
    assert first.status_code == 200, first.text
    assert first.json()["created"] == 1
    again = await post_feed(api, "orders", body)
    assert again.json() | {"errors": []} == again.json() and again.json()["unchanged"] == 1
    order, lines = await _order(demo, number)
    assert order.status == "approved" and order.total_amount == Decimal("390.00")
    assert [line.net_price for line in lines] == [Decimal("4.0000"), Decimal("9.0000")]

    revised = ORDER_HEADER + order_row(number, account.number, 1, "CF-1", "80", "4.00", revision=2)
    assert (await post_feed(api, "orders", revised)).json()["updated"] == 1
    order, lines = await _order(demo, number)
    assert order.revision == 2 and [line.quantity for line in lines] == [Decimal("80.000")]
    async with system_session(demo) as db:
        event = (
            await db.execute(
                select(AuditEvent).where(AuditEvent.action == "order.revised", AuditEvent.entity_id == str(order.id))
            )
        ).scalar_one()
    assert event.before is not None and "2" in event.before["lines"]  # the line the revision dropped is in history

    older = ORDER_HEADER + order_row(number, account.number, 1, "CF-1", "1", "4.00", revision=1)
    refused = await post_feed(api, "orders", older)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["row"] == 2 and "older" in refused.json()["errors"][0]["message"]
    same_revision_other_content = ORDER_HEADER + order_row(number, account.number, 1, "CF-1", "5", "4.00", revision=2)
    assert (
        "new revision" in (await post_feed(api, "orders", same_revision_other_content)).json()["errors"][0]["message"]
    )


async def test_a_bad_row_is_named_by_its_line_and_nothing_is_half_applied(api: Api, factory: Any, demo: Any) -> None:
    account = await factory.account()
    await sign_in(api, factory)
    good, bad = unique("SO-"), unique("SO-")
    body = (
        ORDER_HEADER
        + order_row(good, account.number, 1, "CF-1", "5", "4.00")
        + order_row(bad, account.number, 1, "CF-1", "-5", "4.00")
        + order_row(bad, "NO-SUCH-CUSTOMER", 2, "CF-1", "5", "4.00")
    )
    answer = await post_feed(api, "orders", body)
    assert answer.status_code == 422
    assert [e["row"] for e in answer.json()["errors"]][:1] == [3]
    async with system_session(demo) as db:
        assert (await db.execute(select(SalesOrder).where(SalesOrder.number.in_([good, bad])))).first() is None
    partly = await post_feed(api, "orders", body, accept_valid=True)
    assert partly.json()["status"] == "partial" and partly.json()["created"] == 1


async def test_an_order_over_the_limit_is_held_and_approved_orders_count_in_exposure(
    api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account()  # credit limit 1,000.00
    await sign_in(api, factory)
    small, large = unique("SO-"), unique("SO-")
    body = (
        ORDER_HEADER
        + order_row(small, account.number, 1, "CF-1", "100", "6.00")
        + order_row(large, account.number, 1, "CF-1", "100", "5.00", order_date="2026-11-03")
    )
    report = (await post_feed(api, "orders", body)).json()
    assert report["created"] == 2 and report["held"] == 1
    held, _ = await _order(demo, large)
    assert held.status == "on_hold" and "over the credit limit" in held.hold_reasons
    async with system_session(demo) as db:
        position = await db.get(CreditPosition, account.id)
        assert position is not None and position.orders_amount == Decimal("600.00")


async def test_short_delivery_invoiced_in_full_and_a_price_above_the_order_are_found_before_any_deduction(
    api: Api, factory: Any, demo: Any
) -> None:
    account = await factory.account()
    await sign_in(api, factory)
    order, delivery, invoice = unique("SO-"), unique("DL-"), unique("INV-")
    await post_feed(
        api,
        "orders",
        ORDER_HEADER
        + order_row(order, account.number, 1, "CF-1", "75", "4.00")
        + order_row(order, account.number, 2, "CF-2", "10", "9.20"),
    )
    shipped = (
        DELIVERY_HEADER
        + delivery_row(delivery, order, 1, "75", delivered="65")
        + delivery_row(delivery, order, 2, "10")
    )
    answer = await post_feed(api, "deliveries", shipped)
    assert answer.status_code == 200, answer.text
    assert (await post_feed(api, "deliveries", shipped)).json()["unchanged"] == 1
    # both feeds are in the audit trail (appended in bulk at the end of each import), and the chain holds
    async with system_session(demo) as db:
        received = (await db.execute(select(AuditEvent).where(AuditEvent.action == "order.received"))).scalars()
        recorded = (await db.execute(select(AuditEvent).where(AuditEvent.action == "delivery.recorded"))).scalars()
        assert [e.after["number"] for e in received if e.after and e.after["number"] == order] == [order]
        assert [e.after["order"] for e in recorded if e.after and e.after["number"] == delivery] == [order]
        assert await first_broken_event(db) is None
    feed = (
        INVOICE_HEADER
        + invoice_row(invoice, account.number, account.name, 1, "CF-1", "75", "4.00", order, 1)
        + (invoice_row(invoice, account.number, account.name, 2, "CF-2", "10", "10.00", order, 2))
    )
    billed = await post_feed(api, "invoices", feed)
    assert billed.status_code == 200, billed.text
    saved, lines = await _order(demo, order)
    assert saved.status == "invoiced"
    assert (await _shipped(demo, saved.id))[0] == ("75.000", "65.000")
    assert lines[0].invoiced_quantity == Decimal("75.000")
    found = await _discrepancies(demo, saved.id)
    # Delivered on 2026-11-06 and no proof of delivery linked since: a third discrepancy.
    assert set(found) == {"short_shipped", "price_above_order", "delivered_without_pod"}
    assert found["short_shipped"].amount == Decimal("40.00")  # 10 short × 4.00
    assert found["price_above_order"].amount == Decimal("8.00")  # 10 × (10.00 − 9.20)
    # prices as people write them, not as the column holds them (10.0000)
    assert "invoiced at 10.00, the order's price is 9.20." in found["price_above_order"].detail
    assert not lines[0].reconciled and (await _shipped(demo, saved.id))[1] == ("10.000", "10.000")


async def test_the_nightly_pass_finds_a_delivery_whose_proof_is_overdue(api: Api, factory: Any, demo: Any) -> None:
    from datetime import timedelta

    from backend.db.types import utc_now
    from backend.domain.orders.reconciliation import POD_GRACE_DAYS, reconcile_open_orders

    account = await factory.account()
    await sign_in(api, factory)
    order, delivery = unique("SO-"), unique("DL-")
    today = utc_now().date()
    await post_feed(api, "orders", ORDER_HEADER + order_row(order, account.number, 1, "CF-1", "5", "4.00"))
    await post_feed(
        api,
        "deliveries",
        DELIVERY_HEADER
        + delivery_row(delivery, order, 1, "5", shipped_on=str(today - timedelta(days=2)), delivered_on=str(today)),
    )
    saved, _ = await _order(demo, order)
    assert "delivered_without_pod" not in await _discrepancies(demo, saved.id)  # within its grace days
    async with system_session(demo) as db:
        assert await reconcile_open_orders(db, now=utc_now() + timedelta(days=POD_GRACE_DAYS + 1)) >= 1
    found = await _discrepancies(demo, saved.id)
    assert found["delivered_without_pod"].status == "open" and found["delivered_without_pod"].amount == Decimal("20.00")


async def test_a_customer_finds_an_order_by_any_part_of_its_number_in_any_case(api: Api, factory: Any) -> None:
    account = await factory.account()
    await sign_in(api, factory)
    number = unique("SO-")
    await post_feed(api, "orders", ORDER_HEADER + order_row(number, account.number, 1, "CF-1", "5", "4.00"))
    customer = await factory.user("customer_user", account)
    assert (await api.login(customer.email, "correct horse battery")).status_code == 200
    query = "query($q: String) { orders(search: $q) { totalCount edges { node { number } } } }"
    partial = await api.graphql(query, {"q": number.lower()[:-2]})
    assert [e["node"]["number"] for e in partial["data"]["orders"]["edges"]] == [number]
    middle = await api.graphql(query, {"q": number[3:-1]})  # without "SO-" and the last character
    assert [e["node"]["number"] for e in middle["data"]["orders"]["edges"]] == [number]
    assert (await api.graphql(query, {"q": "PO-77"}))["data"]["orders"]["totalCount"] >= 1
    assert (await api.graphql(query, {"q": "%"}))["data"]["orders"]["totalCount"] == 0


async def test_one_delivery_feed_moves_plain_orders_in_sql_and_finds_the_over_shipment_line_by_line(
    api: Api, factory: Any, demo: Any
) -> None:
    """Most orders of a delivery feed have nothing to find: shipping for the first time, they are reconciled from
    the feed itself (``FirstShipments``); one with an over-shipped line has a discrepancy; one of which nothing
    arrived, or delivered long ago without a proof, goes by the records. All end where the records put them (the
    nightly pass over the records changes nothing after), and a corrected delivery takes back what it no longer
    carries."""
    from datetime import timedelta

    from backend.db.types import utc_now
    from backend.domain.orders.reconciliation import reconcile

    account = await factory.account()
    await sign_in(api, factory)
    whole, partial, nothing, over, lost, twice, late, billed = (unique("SO-") for _ in range(8))
    today = utc_now().date()
    fresh = {"shipped_on": str(today - timedelta(days=1)), "delivered_on": str(today)}  # within the POD grace
    await post_feed(
        api,
        "orders",
        ORDER_HEADER
        + order_row(whole, account.number, 1, "CF-1", "10", "4.00")
        + order_row(partial, account.number, 1, "CF-1", "10", "4.00")
        + order_row(partial, account.number, 2, "CF-2", "3", "2.50")
        + order_row(nothing, account.number, 1, "CF-1", "4", "1.00")
        + order_row(over, account.number, 1, "CF-1", "5", "2.00")
        + order_row(lost, account.number, 1, "CF-1", "5", "2.00")
        + order_row(twice, account.number, 1, "CF-1", "8", "3.00")
        + order_row(twice, account.number, 2, "CF-2", "2", "1.25")
        + order_row(late, account.number, 1, "CF-1", "5", "2.00")
        + order_row(billed, account.number, 1, "CF-1", "4", "2.00"),
    )
    # invoiced before anything shipped: not fresh, its delivery goes by the records
    invoice = invoice_row(unique("INV-"), account.number, account.name, 1, "CF-1", "4", "2.00", billed, 1,
                          issue=str(today - timedelta(days=2)))  # fmt: skip
    assert (await post_feed(api, "invoices", INVOICE_HEADER + invoice)).status_code == 200
    delivery = unique("DL-")
    feed = (
        DELIVERY_HEADER
        + delivery_row(delivery + "A", whole, 1, "10", **fresh)
        + delivery_row(delivery + "B", partial, 1, "6", shipped_on=str(today), delivered_on="")
        + delivery_row(delivery + "C", nothing, 1, "4", delivered="0", **fresh)
        + delivery_row(delivery + "D", over, 1, "7", **fresh)
        + delivery_row(delivery + "E", lost, 1, "6", delivered="0", **fresh)
        # two deliveries of one order in the feed: line 1 in both (one still on its way), line 2 arrived short
        + delivery_row(delivery + "F", twice, 1, "5", **fresh)
        + delivery_row(delivery + "F", twice, 2, "2", delivered="1", **fresh)
        + delivery_row(delivery + "G", twice, 1, "3", shipped_on=str(today), delivered_on="")
        # delivered a week ago and no proof of delivery: past the grace
        + delivery_row(
            delivery + "H",
            late,
            1,
            "5",
            shipped_on=str(today - timedelta(days=9)),
            delivered_on=str(today - timedelta(days=7)),
        )
        + delivery_row(delivery + "I", billed, 1, "4", **fresh)
    )
    answer = await post_feed(api, "deliveries", feed)
    assert answer.status_code == 200, answer.text
    expected = {
        whole: ("delivered", Decimal("0.00"), [("10.000", "10.000", False)]),
        partial: ("shipped", Decimal("23.50"), [("6.000", None, False), ("0.000", None, False)]),  # 4 × 4.00 + 3 × 2.50
        nothing: ("delivered", Decimal("0.00"), [("4.000", "0.000", True)]),  # nothing arrived, nothing invoiced
        over: ("delivered", Decimal("0.00"), [("7.000", "7.000", False)]),
        # nothing arrived and nothing was invoiced, but one too many shipped: an open discrepancy, not reconciled
        lost: ("delivered", Decimal("0.00"), [("6.000", "0.000", False)]),
        twice: ("delivered", Decimal("0.00"), [("8.000", "5.000", False), ("2.000", "1.000", False)]),
        late: ("delivered", Decimal("0.00"), [("5.000", "5.000", False)]),
        billed: ("invoiced", Decimal("0.00"), [("4.000", "4.000", False)]),
    }
    findings = {
        over: {"over_shipment"},
        lost: {"over_shipment"},
        late: {"delivered_without_pod"},
        billed: {"invoiced_before_delivery"},
    }
    for number, (status, unshipped, figures) in expected.items():
        order, lines = await _order(demo, number)
        assert (order.status, order.unshipped_amount) == (status, unshipped), number
        shipped = await _shipped(demo, order.id)
        assert [(s, d, line.reconciled) for (s, d), line in zip(shipped, lines, strict=True)] == figures, number
        found = await _discrepancies(demo, order.id)
        assert set(found) == findings.get(number, set()), number
    over_order, _ = await _order(demo, over)
    assert (await _discrepancies(demo, over_order.id))["over_shipment"].amount == Decimal("4.00")  # 2 × 2.00
    async with system_session(demo) as db:
        moved = (await db.execute(select(AuditEvent).where(AuditEvent.action == "order.status_changed"))).scalars()
        assert {e.entity_id for e in moved} >= {str((await _order(demo, n))[0].id) for n in expected}
        position = await db.get(CreditPosition, account.id)
        assert position is not None and position.orders_amount == Decimal("23.50")
    # What the feed decided from itself is what the records say: reconciled from them again, nothing moves.
    before = [await _state(demo, number) for number in expected]
    async with system_session(demo) as db:
        await reconcile(db, [(await _order(demo, number))[0].id for number in expected], now=utc_now())
        await db.commit()
    assert [await _state(demo, number) for number in expected] == before
    # The partial delivery corrected: it carried line 2 after all, not line 1.
    corrected = DELIVERY_HEADER + delivery_row(delivery + "B", partial, 2, "3", shipped_on=str(today), delivered_on="")
    assert (await post_feed(api, "deliveries", corrected)).status_code == 200
    order, lines = await _order(demo, partial)
    assert await _shipped(demo, order.id) == [("0.000", None), ("3.000", None)]
    assert (order.status, order.unshipped_amount) == ("shipped", Decimal("40.00"))
