"""Matching learns from staff: a confirmed exception teaches how the customer writes references, the next file from
that customer matches the same way, only that customer's, and an admin sees and removes what was learned."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.invoices.models import Invoice
from tests.support.api import Api
from tests.support.imports import import_file

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"
CONFIRM = """
mutation($l: ID!, $i: [ID!]!) { confirmRemittanceMatch(lineId: $l, invoiceIds: $i) {
  __typename ... on RemittanceLineConfirmed { line { status } }
} }"""
PATTERNS = """
query($c: String!) { cashMatchPatterns(customer: $c) { totalCount items {
  id customerNumber description exampleReference exampleInvoice confirmed contradicted observedPrecision appliesCash
  applied learnedBy
} } }"""
REMOVE = "mutation($id: ID!) { removeCashMatchPattern(id: $id) { __typename } }"


def _row(account: Any, reference: str, paid: str) -> str:
    return f"CHK-{uuid.uuid4().hex[:10]},2026-11-20,{account.number},{paid},{reference},{paid},0,,,\n"


def _house_style(invoice: Invoice) -> str:
    """How this customer's AP system writes a reference: its remittance run, store, the number, month and year."""
    return f"REM/4711/{int(invoice.number.split('-')[1]):010d}/11/26"


async def _invoice(demo: Any, factory: Any, account: Any, total: str) -> Invoice:
    """An open invoice numbered INV-<digits>, as the customer's house style expects."""
    invoice = await factory.invoice(account, total=Decimal(total))
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice.id)
        assert row is not None
        row.number = f"INV-{uuid.uuid4().int % 10**9}"
        await db.commit()
        return row


async def _staff(api: Api, factory: Any, role: str = "ar_clerk") -> None:
    user = await factory.user(role)
    await api.login(user.email, "correct horse battery")


async def _confirm(api: Api, line_id: uuid.UUID, invoice: Invoice) -> None:
    answer = await api.graphql(CONFIRM, {"l": str(line_id), "i": [str(invoice.id)]})
    assert answer["data"]["confirmRemittanceMatch"]["__typename"] == "RemittanceLineConfirmed", answer


async def test_a_confirmed_exception_teaches_the_customers_reference_style_to_the_next_file_only_for_that_customer(
    app: Any, api: Api, api_factory: Any, factory: Any, demo: Any
) -> None:
    await _staff(api, factory)
    contoso, fabrikam = await factory.account(), await factory.account()
    first, second, spare = [await _invoice(demo, factory, contoso, t) for t in ("500.00", "300.00", "260.00")]
    theirs = await _invoice(demo, factory, fabrikam, "300.00")

    # a short pay (no adjustment) under a reference no built-in rule reads: a person decides
    taught = await import_file(app, api, (HEADER + _row(contoso, _house_style(first), "480.00")).encode())
    assert taught.line(2).status == "exception"
    await _confirm(api, taught.line(2).id, first)

    listed = (await api.graphql(PATTERNS, {"c": contoso.number}))["data"]["cashMatchPatterns"]
    assert listed["totalCount"] == 1
    (pattern,) = listed["items"]
    assert pattern["description"] == "The invoice number is the 3rd group from the end of their reference."
    assert (pattern["exampleReference"], pattern["exampleInvoice"]) == (_house_style(first), first.number)
    assert (pattern["confirmed"], pattern["contradicted"], pattern["appliesCash"]) == (1, 0, True)

    # the next file from the same customer: the same style on another invoice applies itself; a short payment under
    # a habit seen only once waits for a person, with the pattern's reading as its suggestion
    learned = await import_file(
        app,
        api,
        (
            HEADER
            + _row(contoso, _house_style(second), "300.00")
            + _row(fabrikam, _house_style(theirs), "300.00")
            + _row(contoso, _house_style(spare), "250.00")
        ).encode(),
    )

    line = learned.line(2)
    assert (line.status, line.rule, str(line.confidence)) == ("applied", "learned_pattern", "0.96")
    assert [a["number"] for a in line.applied_to] == [second.number]
    # Fabrikam writes the same way, but nothing was learned from Fabrikam: its line waits
    assert learned.line(3).status == "exception", (learned.line(3).rule, learned.line(3).confidence)
    short = learned.line(4)
    assert short.status == "exception", (short.rule, short.confidence, short.applied_to)
    assert (short.suggestions[0]["rule"], short.suggestions[0]["confidence"]) == ("learned_pattern", "0.88")
    async with system_session(demo) as db:
        assert (await db.get(Invoice, theirs.id)).open_balance == Decimal("300.00")  # type: ignore[union-attr]
    listed = (await api.graphql(PATTERNS, {"c": contoso.number}))["data"]["cashMatchPatterns"]
    assert listed["items"][0]["applied"] == 1
    assert (await api.graphql(PATTERNS, {"c": fabrikam.number}))["data"]["cashMatchPatterns"]["totalCount"] == 0
    async with system_session(demo) as db:
        assert (await db.get(Invoice, spare.id)).open_balance == Decimal("260.00")  # type: ignore[union-attr]


async def test_a_contradicted_pattern_only_suggests_and_an_admin_removes_it(
    app: Any, api: Api, api_factory: Any, factory: Any, demo: Any
) -> None:
    await _staff(api, factory)
    account = await factory.account()
    first, second, third = [await _invoice(demo, factory, account, t) for t in ("500.00", "300.00", "260.00")]
    taught = await import_file(app, api, (HEADER + _row(account, _house_style(first), "480.00")).encode())
    await _confirm(api, taught.line(2).id, first)

    # a line the pattern reads as the third invoice (which cannot take it all), but staff know it pays the second:
    # the pattern was wrong once
    doubted = await import_file(app, api, (HEADER + _row(account, _house_style(third), "300.00")).encode())
    assert doubted.line(2).status == "exception"
    await _confirm(api, doubted.line(2).id, second)
    (pattern,) = (await api.graphql(PATTERNS, {"c": account.number}))["data"]["cashMatchPatterns"]["items"]
    assert (pattern["confirmed"], pattern["contradicted"], pattern["observedPrecision"]) == (1, 1, "0.50")
    assert pattern["appliesCash"] is False

    suggested = await import_file(app, api, (HEADER + _row(account, _house_style(third), "250.00")).encode())
    line = suggested.line(2)
    assert line.status == "exception"
    assert (line.suggestions[0]["rule"], line.suggestions[0]["numbers"]) == ("learned_pattern", [third.number])

    # a clerk may not remove it; an admin may, audited, and the next file no longer reads it
    assert (await api.graphql(REMOVE, {"id": pattern["id"]}))["data"]["removeCashMatchPattern"][
        "__typename"
    ] == "NotPermittedResult"
    admin = api_factory()
    await _staff(admin, factory, "admin")
    assert (await admin.graphql(REMOVE, {"id": pattern["id"]}))["data"]["removeCashMatchPattern"][
        "__typename"
    ] == "SettingSaved"
    async with system_session(demo) as db:
        removed = (
            (await db.execute(select(AuditEvent).where(AuditEvent.action == "cash.pattern_removed"))).scalars().all()
        )
    assert [e.entity_id for e in removed][-1] == pattern["id"]
    after = await import_file(app, api, (HEADER + _row(account, _house_style(third), "250.00")).encode())
    assert after.line(2).suggestions == [] or after.line(2).suggestions[0]["rule"] != "learned_pattern"
