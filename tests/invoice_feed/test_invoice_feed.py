"""The ERP invoice feed through the console's upload route: upserts, idempotence, all-or-nothing, accept_valid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.accounts.models import CustomerAccount
from backend.domain.audit.models import AuditEvent
from backend.domain.invoices.models import Invoice, InvoiceLine
from tests.support.api import Api
from tests.support.factories import unique

HEADER = (
    "invoice_number,customer_number,customer_name,currency,issue_date,due_date,po_number,delivery_number,"
    "cash_discount_percent,cash_discount_due_on,line_number,sku,description,quantity,unit_price,line_amount\n"
)


def row(
    invoice: str,
    customer: str,
    line: int = 1,
    *,
    name: str = "Feed Co",
    issue: str = "2026-11-01",
    due: str = "2026-12-01",
    po: str = "PO-1",
    quantity: str = "2",
    price: str = "10.00",
    amount: str | None = None,
    discount: str = ",",
) -> str:
    amount = amount if amount is not None else str((Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01")))
    return (
        f"{invoice},{customer},{name},USD,{issue},{due},{po},DEL-9,{discount},{line},SKU-{line},"
        f"Widget {line},{quantity},{price},{amount}\n"
    )


async def signed_in(api: Api, factory: Any, role: str = "ar_clerk") -> None:
    user = await factory.user(role)
    assert (await api.login(user.email, "correct horse battery")).status_code == 200
    await api.http.get("/health")


async def upload(api: Api, body: bytes | str, *, accept_valid: bool = False) -> httpx.Response:
    data = body.encode() if isinstance(body, str) else body
    return await api.http.post(
        "/api/imports/invoices",
        files={"file": ("feed.csv", data, "text/csv")},
        data={"accept_valid": "true"} if accept_valid else {},
        headers={"x-csrf-token": api.csrf or ""},
    )


async def snapshot(demo: Any, *numbers: str) -> list[tuple[Any, ...]]:
    """Everything the feed may change about these invoices: header, money, version and lines."""
    async with system_session(demo) as db:
        invoices = (
            (await db.execute(select(Invoice).where(Invoice.number.in_(numbers)).order_by(Invoice.number)))
            .scalars()
            .all()
        )
        out: list[tuple[Any, ...]] = []
        for i in invoices:
            lines = (
                await db.execute(
                    select(InvoiceLine.line_number, InvoiceLine.sku, InvoiceLine.quantity, InvoiceLine.amount)
                    .where(InvoiceLine.invoice_id == i.id)
                    .order_by(InvoiceLine.line_number)
                )
            ).all()
            out.append(
                (
                    i.number,
                    i.account_id,
                    i.po_number,
                    i.due_date,
                    i.total_amount,
                    i.open_balance,
                    i.version,
                    tuple(lines),
                )
            )
        return out


async def audit_count(demo: Any) -> int:
    async with system_session(demo) as db:
        return (await db.execute(select(func.count()).select_from(AuditEvent))).scalar_one()


async def test_a_feed_creates_customers_invoices_and_lines(api: Api, factory: Any, demo: Any) -> None:
    # given
    await signed_in(api, factory)
    customer, first, second = unique("C-"), unique("INV-F-"), unique("INV-F-")
    body = HEADER + row(first, customer, 1) + row(second, customer, 1, price="5.00") + row(first, customer, 2)
    before = await audit_count(demo)

    # when
    response = await upload(api, body)

    # then
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["status"], report["created"], report["customers_created"], report["rows"]) == ("applied", 2, 1, 3)
    state = await snapshot(demo, first, second)
    assert [(s[0], s[4], s[5], len(s[7])) for s in state] == [
        (first, Decimal("40.00"), Decimal("40.00"), 2),
        (second, Decimal("10.00"), Decimal("10.00"), 1),
    ]
    async with system_session(demo) as db:
        account = (await db.execute(select(CustomerAccount).where(CustomerAccount.number == customer))).scalar_one()
        assert (account.name, account.currency, account.payment_terms_days) == ("Feed Co", "USD", 30)
        invoice = (await db.execute(select(Invoice).where(Invoice.number == first))).scalar_one()
        assert invoice.account_id == account.id and invoice.number_key and invoice.po_key == "1"
        event = (await db.execute(select(AuditEvent).order_by(AuditEvent.sequence.desc()).limit(1))).scalar_one()
    assert await audit_count(demo) == before + 1
    assert event.action == "invoice_feed.imported" and event.after and event.after["created"] == 2


async def test_the_same_file_twice_changes_nothing_the_second_time(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer, number = unique("C-"), unique("INV-F-")
    terms = "2.000,2026-11-11"
    body = HEADER + row(number, customer, 1, discount=terms) + row(number, customer, 2, discount=terms)
    assert (await upload(api, body)).status_code == 200
    state, events = await snapshot(demo, number), await audit_count(demo)

    response = await upload(api, body)

    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["updated"], report["unchanged"], report["customers_updated"]) == (0, 0, 1, 0)
    assert await snapshot(demo, number) == state
    assert await audit_count(demo) == events


async def test_a_changed_file_updates_header_lines_total_and_customer_name(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer, number = unique("C-"), unique("INV-F-")
    assert (await upload(api, HEADER + row(number, customer, 1) + row(number, customer, 2))).status_code == 200

    changed = HEADER + row(number, customer, 1, po="PO-2", quantity="3", name="Feed Co Renamed")
    response = await upload(api, changed)

    assert response.status_code == 200, response.text
    assert (response.json()["updated"], response.json()["customers_updated"]) == (1, 1)
    [state] = await snapshot(demo, number)
    assert (state[2], state[4], state[5]) == ("PO-2", Decimal("30.00"), Decimal("30.00"))
    assert state[7] == ((1, "SKU-1", Decimal("3.000"), Decimal("30.00")),)


async def test_a_total_below_what_is_paid_is_refused_and_nothing_changes(api: Api, factory: Any, demo: Any) -> None:
    # given: an invoice of 100.00 of which 80.00 is paid, and another invoice in the same file
    await signed_in(api, factory)
    account = await factory.account("Paid Co")
    invoice = await factory.invoice(account, total=Decimal("100.00"), paid=Decimal("80.00"))
    other = unique("INV-F-")
    body = (
        HEADER
        + row(invoice.number, account.number, 1, name="Paid Co", price="25.00", quantity="2")
        + row(other, account.number, 1, name="Paid Co")
    )
    before = await snapshot(demo, invoice.number)

    # when
    response = await upload(api, body)

    # then
    assert response.status_code == 422
    report = response.json()
    assert report["status"] == "rejected" and report["rejected_invoices"] == [invoice.number]
    assert "below what is already paid" in report["errors"][0]["message"] and report["errors"][0]["row"] == 2
    assert await snapshot(demo, invoice.number) == before
    assert await snapshot(demo, other) == []


async def test_an_invoice_of_another_customer_is_an_error(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    owner = await factory.account("Owner Co")
    invoice = await factory.invoice(owner)
    response = await upload(api, HEADER + row(invoice.number, owner.number + "X", 1))
    assert response.status_code == 422
    assert "belongs to another customer" in response.json()["errors"][0]["message"]


async def test_each_bad_row_is_named_with_its_row_number_and_why(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer = unique("C-")
    numbers = [unique("INV-F-") for _ in range(6)]
    body = (
        HEADER
        + row(numbers[0], customer, 1)  # row 2: good
        + row(numbers[1], customer, 1, issue="2026-13-01")  # row 3
        + row(numbers[2], customer, 1, price="ten", amount="20.00")  # row 4
        + row(numbers[3], customer, 1, quantity="3", price="0.335", amount="1.00")  # row 5: 1.005 -> 1.01
        + row(numbers[4], customer, 1)  # row 6
        + row(numbers[4], customer, 2, due="2026-12-15")  # row 7: header disagrees
        + row(numbers[5], customer, 1).replace(",DEL-9,", ",DEL-9,,,,")  # row 8: too many columns
    ).encode() + (numbers[5] + f",{customer},Caf\xe9 Co,USD,2026-11-01,2026-12-01,,,,,2,S,D,1,1.00,1.00\n").encode(
        "latin-1"
    )  # row 9: not UTF-8

    response = await upload(api, body)

    assert response.status_code == 422
    errors = {e["row"]: e for e in response.json()["errors"]}
    assert sorted(errors) == [3, 4, 5, 7, 8, 9]
    assert "issue_date is not a date" in errors[3]["message"]
    assert "unit_price is not a number" in errors[4]["message"]
    assert "line_amount 1.00 is not quantity × unit_price" in errors[5]["message"] and "1.01" in errors[5]["message"]
    assert "due_date" in errors[7]["message"] and "disagrees with row 6" in errors[7]["message"]
    assert "columns" in errors[8]["message"]
    assert "not UTF-8" in errors[9]["message"] and errors[9]["invoice_number"] == numbers[5]
    assert all(errors[n]["invoice_number"] for n in errors)
    assert await snapshot(demo, *numbers) == []


async def test_a_huge_or_exponent_number_is_a_row_error_not_a_server_error(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer = unique("C-")
    numbers = [unique("INV-F-") for _ in range(2)]
    body = (
        HEADER
        + row(numbers[0], customer, 1, quantity="1e999", price="1.00", amount="1.00")
        + row(numbers[1], customer, 1, quantity="1", price="1" + "0" * 40, amount="1.00")
    )

    response = await upload(api, body)

    assert response.status_code == 422
    errors = {e["row"]: e["message"] for e in response.json()["errors"]}
    assert "quantity is too large" in errors[2] and "unit_price is too large" in errors[3]
    assert await snapshot(demo, *numbers) == []


async def test_identifiers_outside_the_documented_characters_are_row_errors(api: Api, factory: Any, demo: Any) -> None:
    """A quote or a line break in an invoice number broke its PDF's download header; such numbers never get in."""
    await signed_in(api, factory)
    customer = unique("C-")
    good = unique("INV-F-")
    body = (
        HEADER
        + row(good + "/A", customer, 1)  # row 2: "/" is allowed
        + row(f'"{good}""Q"', customer, 1)  # row 3: a quote inside the number (CSV-escaped)
        + row(f'"{good}\r\nX"', customer, 1)  # row 4: a line break inside the number
        + row(unique("INV-F-"), customer, 1, name='"Feed\nCo"')  # row 5: a line break in the customer's name
        + row(unique("INV-F-"), customer, 1, po="=1+2")  # row 6: a PO number that is a formula
    )

    response = await upload(api, body)

    assert response.status_code == 422
    errors = {e["row"]: e["message"] for e in response.json()["errors"]}
    assert sorted(errors) == [3, 4, 5, 6]
    assert "invoice_number may hold only letters, digits" in errors[3] and "invoice_number" in errors[4]
    assert "customer_name holds a line break" in errors[5] and "po_number may hold only" in errors[6]
    assert await snapshot(demo, good + "/A") == []


async def test_a_missing_column_rejects_the_file_at_row_one(api: Api, factory: Any) -> None:
    await signed_in(api, factory)
    response = await upload(api, HEADER.replace(",po_number", "") + "INV-1,C-1\n")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["row"] == 1 and "Missing: po_number" in error["message"]


async def test_accept_valid_applies_the_good_invoices_and_lists_the_rest(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer, good, bad = unique("C-"), unique("INV-F-"), unique("INV-F-")
    body = HEADER + row(good, customer, 1) + row(bad, customer, 1) + row(bad, customer, 2, amount="99.99")

    response = await upload(api, body, accept_valid=True)

    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["status"], report["created"], report["rejected_invoices"]) == ("partial", 1, [bad])
    assert [(e["row"], e["invoice_number"]) for e in report["errors"]] == [(4, bad)]
    assert [s[0] for s in await snapshot(demo, good, bad)] == [good]


async def test_only_admins_and_clerks_import_invoices(api: Api, factory: Any) -> None:
    await signed_in(api, factory, "collector")
    response = await upload(api, HEADER)
    assert response.status_code == 403


async def test_the_upload_needs_the_csrf_header(api: Api, factory: Any) -> None:
    await signed_in(api, factory, "admin")
    response = await api.http.post("/api/imports/invoices", files={"file": ("f.csv", HEADER.encode(), "text/csv")})
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


async def test_a_bom_quoted_fields_and_rows_out_of_order_are_read(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer, first, second = unique("C-"), unique("INV-F-"), unique("INV-F-")
    quoted = row(first, customer, 2).replace("Widget 2", '"Widget, large ""XL"""')
    body = "\ufeff" + HEADER + row(first, customer, 1) + row(second, customer, 1) + quoted

    response = await upload(api, body)

    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2
    async with system_session(demo) as db:
        invoice = (await db.execute(select(Invoice).where(Invoice.number == first))).scalar_one()
        descriptions = (
            await db.execute(
                select(InvoiceLine.description)
                .where(InvoiceLine.invoice_id == invoice.id)
                .order_by(InvoiceLine.line_number)
            )
        ).scalars()
        assert list(descriptions) == ["Widget 1", 'Widget, large "XL"']


async def test_a_total_below_what_is_disputed_is_refused_and_a_duplicate_line_is_named(
    api: Api, factory: Any, demo: Any
) -> None:
    # given: 100.00 invoiced, 30.00 paid, 50.00 under dispute: the total may not fall below 80.00
    await signed_in(api, factory)
    account = await factory.account("Disputed Co")
    invoice = await factory.invoice(account, total=Decimal("100.00"), paid=Decimal("30.00"))
    await factory.dispute(invoice, amount=Decimal("50.00"))
    other = unique("INV-F-")
    body = (
        HEADER
        + row(invoice.number, account.number, 1, name="Disputed Co", quantity="7", price="10.00")
        + row(other, account.number, 1, name="Disputed Co")
        + row(other, account.number, 1, name="Disputed Co")
    )
    before = await snapshot(demo, invoice.number)

    response = await upload(api, body)

    assert response.status_code == 422
    errors = {e["row"]: e["message"] for e in response.json()["errors"]}
    assert "new total 70.00 is below" in errors[2] and "(80.00)" in errors[2]
    assert "Line 1 appears twice" in errors[4]
    assert await snapshot(demo, invoice.number) == before


async def test_an_accepted_valid_update_raises_the_open_balance_by_the_difference(
    api: Api, factory: Any, demo: Any
) -> None:
    await signed_in(api, factory)
    account = await factory.account("Grow Co")
    invoice = await factory.invoice(account, total=Decimal("100.00"), paid=Decimal("40.00"))

    response = await upload(api, HEADER + row(invoice.number, account.number, 1, name="Grow Co", quantity="12"))

    assert response.status_code == 200, response.text
    [state] = await snapshot(demo, invoice.number)
    assert (state[4], state[5]) == (Decimal("120.00"), Decimal("80.00"))


async def test_a_new_customer_name_alone_renames_the_customer(api: Api, factory: Any, demo: Any) -> None:
    await signed_in(api, factory)
    customer, number = unique("C-"), unique("INV-F-")
    assert (await upload(api, HEADER + row(number, customer, 1))).status_code == 200
    state = await snapshot(demo, number)

    response = await upload(api, HEADER + row(number, customer, 1, name="Feed Co Holdings"))

    report = response.json()
    assert (report["customers_updated"], report["updated"], report["unchanged"]) == (1, 0, 1)
    assert await snapshot(demo, number) == state
    async with system_session(demo) as db:
        account = (await db.execute(select(CustomerAccount).where(CustomerAccount.number == customer))).scalar_one()
    assert account.name == "Feed Co Holdings"


async def test_a_disputed_line_cannot_be_dropped_by_the_feed(api: Api, factory: Any, demo: Any) -> None:
    from backend.domain.disputes.models import DisputeLine

    # given: an invoice of two lines, the second under dispute
    await signed_in(api, factory)
    customer, number = unique("C-"), unique("INV-F-")
    assert (await upload(api, HEADER + row(number, customer, 1) + row(number, customer, 2))).status_code == 200
    async with system_session(demo) as db:
        invoice = (await db.execute(select(Invoice).where(Invoice.number == number))).scalar_one()
        line = (
            await db.execute(
                select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id, InvoiceLine.line_number == 2)
            )
        ).scalar_one()
    dispute = await factory.dispute(invoice, amount=Decimal("5.00"))
    async with system_session(demo) as db:
        db.add(
            DisputeLine(
                account_id=invoice.account_id, dispute_id=dispute.id, invoice_line_id=line.id, amount=Decimal("5.00")
            )
        )
        await db.commit()
    before = await snapshot(demo, number)

    # when: the feed re-sends the invoice without line 2
    response = await upload(api, HEADER + row(number, customer, 1, quantity="4"))

    # then
    assert response.status_code == 422
    assert "under dispute" in response.json()["errors"][0]["message"]
    assert await snapshot(demo, number) == before
