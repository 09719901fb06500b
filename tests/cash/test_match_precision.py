"""A reference is not taken on its word when the amount disagrees, and the shapes of payment that used to cost
precision or recall: a mistyped number that is another open invoice, scanned digits, partial payments over two
files, an early-payment discount taken late, and another customer's invoice named exactly."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from tests.support.api import Api
from tests.support.imports import import_file

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


def _row(account: Any, reference: str, paid: str, text: str = "") -> str:
    return f"CHK-{uuid.uuid4().hex[:10]},2026-11-20,{account.number},{paid},{reference},{paid},0,,,{text}\n"


async def _login(api: Api, factory: Any) -> None:
    user = await factory.user("ar_clerk")
    await api.login(user.email, "correct horse battery")


async def _numbered(demo: Any, factory: Any, account: Any, number: str, total: str) -> Invoice:
    """An open invoice of ``account`` with the number ``number``."""
    invoice = await factory.invoice(account, total=Decimal(total))
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        assert row is not None
        row.number = number
        await db.commit()
        return row


async def _invoice(demo: Any, invoice: Invoice) -> Invoice:
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        assert row is not None
        return row


async def _deductions(demo: Any, invoice: Invoice) -> list[Decimal]:
    async with system_session(demo) as db:
        return list((await db.execute(select(Dispute.amount).where(Dispute.invoice_id == invoice.id))).scalars())


async def test_a_mistyped_number_that_is_another_open_invoice_goes_to_the_invoice_the_amount_agrees_with(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _login(api, factory)
    account = await factory.account()
    run = uuid.uuid4().hex[:6].upper()
    meant = await _numbered(demo, factory, account, f"INV-{run}-1048", "812.40")
    named = await _numbered(demo, factory, account, f"INV-{run}-1049", "1250.00")

    result = await import_file(app, api, (HEADER + _row(account, named.number, "812.40")).encode())

    line = result.line(2)
    assert (line.status, line.rule, str(line.confidence)) == ("applied", "similar_reference", "0.91")
    assert [a["number"] for a in line.applied_to] == [meant.number]
    assert (await _invoice(demo, meant)).open_balance == Decimal("0.00")
    # the invoice the customer named is untouched, and no short pay was invented on it
    assert (await _invoice(demo, named)).open_balance == Decimal("1250.00") and await _deductions(demo, named) == []


async def test_a_scanned_number_with_letters_for_digits_is_read_as_the_digits(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _login(api, factory)
    account = await factory.account()
    run = uuid.uuid4().int % 10**6
    invoice = await _numbered(demo, factory, account, f"INV-{run:06d}105", "99.95")
    scanned = invoice.number[:-3] + "IOS"  # 1, 0 and 5 as a scanner misreads them

    result = await import_file(app, api, (HEADER + _row(account, scanned, "99.95")).encode())

    line = result.line(2)
    assert (line.status, line.rule) == ("applied", "ocr_reference")
    assert (await _invoice(demo, invoice)).open_balance == Decimal("0.00")


async def test_a_partial_payment_leaves_the_rest_open_and_the_next_file_pays_it(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _login(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("1000.00"))

    first = await import_file(app, api, (HEADER + _row(account, invoice.number, "400.00", "partial payment")).encode())

    assert (first.line(2).status, first.line(2).rule) == ("applied", "exact_reference")
    after_first = await _invoice(demo, invoice)
    assert (after_first.open_balance, after_first.disputed_amount) == (Decimal("600.00"), Decimal("0.00"))
    assert await _deductions(demo, invoice) == []  # a partial payment is not a short pay

    second = await import_file(app, api, (HEADER + _row(account, invoice.number, "600.00", "balance")).encode())

    assert (second.line(2).status, str(second.line(2).confidence)) == ("applied", "1.00")
    assert (await _invoice(demo, invoice)).open_balance == Decimal("0.00")


async def test_an_early_payment_discount_taken_without_saying_so_is_applied_with_the_short_pay_held(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _login(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("500.00"))
    await factory.invoice(account, total=Decimal("490.00"))  # what the discounted payment equals: not a match

    result = await import_file(app, api, (HEADER + _row(account, invoice.number, "490.00")).encode())

    line = result.line(2)
    assert (line.status, line.rule, str(line.confidence)) == ("applied", "exact_reference", "0.95")
    assert [a["number"] for a in line.applied_to] == [invoice.number]
    assert await _deductions(demo, invoice) == [Decimal("10.00")]


async def test_another_customers_invoice_named_exactly_waits_for_a_person(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _login(api, factory)
    payer, sister = await factory.account(), await factory.account()
    theirs = await factory.invoice(sister, total=Decimal("77.70"))
    ours = await factory.invoice(payer, total=Decimal("77.70"))  # the amount alone would have matched this one

    result = await import_file(app, api, (HEADER + _row(payer, theirs.number, "77.70")).encode())

    line = result.line(2)
    assert line.status == "exception"
    assert theirs.number in line.message and "another customer" in line.message
    assert (await _invoice(demo, ours)).open_balance == Decimal("77.70")
    assert (await _invoice(demo, theirs)).open_balance == Decimal("77.70")


async def test_a_remittance_sent_twice_names_the_invoice_it_already_paid(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _login(api, factory)
    account = await factory.account()
    paid = await factory.invoice(account, total=Decimal("412.30"))
    other = await factory.invoice(account, total=Decimal("420.00"))
    twice = await factory.invoice(account, total=Decimal("55.00"))
    first = await import_file(app, api, (HEADER + _row(account, paid.number, "412.30")).encode())
    assert first.line(2).status == "applied"

    # the same remittance again under new payment numbers, and in one file an invoice named twice
    again = await import_file(
        app,
        api,
        (
            HEADER
            + _row(account, paid.number.lower(), "412.30")
            + _row(account, twice.number, "55.00")
            + _row(account, twice.number, "55.00")
        ).encode(),
    )

    line = again.line(2)
    assert line.status == "exception"
    assert line.message.startswith(f"{paid.number} has nothing left open (paid, credited or disputed in full)")
    assert again.line(3).status == "applied"
    assert again.line(4).status == "exception"
    assert again.line(4).message.startswith(f"{twice.number} has nothing left open")
    assert (await _invoice(demo, other)).open_balance == Decimal("420.00")  # nothing moved to another invoice
