"""A customer's own advice imported over HTTP: the first file of a layout asks which column is which, the mapping is
saved for that customer, the next file imports directly; hostile files are refused and change nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.cash.models import RemittanceColumnMapping, RemittanceImport
from backend.domain.disputes.models import Dispute
from backend.domain.invoices.models import Invoice
from tests.support.api import Api
from tests.support.imports import finished, submit
from tests.support.workbooks import csv_file, encrypted_workbook, million_rows, workbook, zip_bomb

HEADER = ["Our ref", "Your invoice", "Paid", "Deduction", "Why", "Cheque"]
SAVE = """mutation($n: String!, $h: [String!]!, $c: [ColumnChoiceInput!]!) {
  saveRemittanceColumnMapping(customerNumber: $n, header: $h, columns: $c) {
    __typename
    ... on ColumnMappingSaved { mapping { id customerNumber header columns { role column title } } }
    ... on InvalidInputResult { errors { field code message } }
    ... on NotFoundResult { message }
  } }"""
MAPPINGS = "query($c: String!) { remittanceColumnMappings(customer: $c) { totalCount items { id header } } }"
REMOVE = "mutation($id: ID!) { removeRemittanceColumnMapping(id: $id) { __typename } }"
CHOICES = [
    {"role": "INVOICE_REFERENCE", "column": 1},
    {"role": "PAID_AMOUNT", "column": 2},
    {"role": "ADJUSTMENT_AMOUNT", "column": 3},
    {"role": "ADJUSTMENT_TEXT", "column": 4},
    {"role": "PAYMENT_REFERENCE", "column": 5},
]


async def _clerk(api: Api, factory: Any) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")


async def _imports_of(demo: Any) -> int:
    async with system_session(demo) as db:
        return int((await db.execute(select(func.count()).select_from(RemittanceImport))).scalar_one())


async def _balances(demo: Any, *invoices: Any) -> list[tuple[Decimal, Decimal]]:
    async with system_session(demo) as db:
        rows = (await db.execute(select(Invoice).where(Invoice.id.in_([i.id for i in invoices])))).scalars().all()
        by_id = {row.id: row for row in rows}
        return [(by_id[i.id].paid_amount, by_id[i.id].disputed_amount) for i in invoices]


async def test_the_first_advice_asks_for_its_columns_and_the_next_one_imports_directly(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: a customer with three open invoices, and their spreadsheet (a title row above the header)
    await _clerk(api, factory)
    account = await factory.account("Advice Retail")
    first = await factory.invoice(account, total=Decimal("100.00"))
    second = await factory.invoice(account, total=Decimal("250.00"))
    third = await factory.invoice(account, total=Decimal("80.00"))
    cheque = f"CHK-{uuid.uuid4().hex[:6]}"
    advice = workbook(
        [
            ["Remittance advice from Advice Retail"],
            HEADER,
            ["PO-1", first.number, "100.00", None, None, cheque],
            ["PO-2", second.number.lower(), "$230.00", "(20.00)", "2 cases damaged", cheque],
        ]
    )
    before = await _imports_of(demo)

    # when: the clerk imports it for that customer
    asked = await submit(api, advice, filename="advice.xlsx", customer=account.number)

    # then: the import asks which column is which, and nothing was queued
    assert asked.status_code == 422, asked.text
    answer = asked.json()
    assert answer["code"] == "column_mapping_required"
    assert (answer["customer"], answer["header"], answer["header_row"]) == (account.number, HEADER, 2)
    assert answer["samples"][0] == ["PO-1", first.number, "100.00", "", "", cheque]
    assert await _imports_of(demo) == before

    # when: the clerk says so, and sends the file again
    saved = await api.graphql(SAVE, {"n": account.number, "h": answer["header"], "c": CHOICES})
    assert saved["data"]["saveRemittanceColumnMapping"]["__typename"] == "ColumnMappingSaved", saved
    mapping = saved["data"]["saveRemittanceColumnMapping"]["mapping"]
    assert {c["role"]: c["title"] for c in mapping["columns"]}["PAID_AMOUNT"] == "Paid"
    queued = await submit(api, advice, filename="advice.xlsx", customer=account.number)

    # then: it imports: cash on both invoices, the short pay a deduction with its reason from the text
    assert queued.status_code == 202, queued.text
    assert queued.json()["format"] == "advice"
    job = await finished(app, uuid.UUID(queued.json()["id"]))
    assert (job.status, job.payments, job.deductions, job.applied_amount) == ("applied", 1, 1, Decimal("330.00"))
    assert await _balances(demo, first, second) == [
        (Decimal("100.00"), Decimal("0.00")),
        (Decimal("230.00"), Decimal("20.00")),
    ]
    async with system_session(demo) as db:
        deduction = (await db.execute(select(Dispute).where(Dispute.invoice_id == second.id))).scalar_one()
    assert (deduction.reason_code, deduction.amount) == ("DAMAGED", Decimal("20.00"))

    # when: the customer's next advice, same columns, other invoices (as CSV this time)
    later = csv_file([HEADER, ["PO-3", third.number, "80", "", "", f"{cheque}-2"]])
    direct = await submit(api, later, filename="advice-2.csv", customer=account.number)

    # then: no question asked
    assert direct.status_code == 202, direct.text
    job = await finished(app, uuid.UUID(direct.json()["id"]))
    assert job.status == "applied"
    assert await _balances(demo, third) == [(Decimal("80.00"), Decimal("0.00"))]


async def test_a_customer_with_two_layouts_keeps_two_mappings_and_another_customer_is_asked(
    api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account, other = await factory.account("Two Layouts"), await factory.account("Other Layouts")
    old = ["Invoice", "Amount"]
    new = ["Inv #", "Net paid", "Memo"]
    for header in (old, new):
        result = await api.graphql(
            SAVE,
            {
                "n": account.number,
                "h": header,
                "c": [{"role": "INVOICE_REFERENCE", "column": 0}, {"role": "PAID_AMOUNT", "column": 1}],
            },
        )
        assert result["data"]["saveRemittanceColumnMapping"]["__typename"] == "ColumnMappingSaved"

    listed = (await api.graphql(MAPPINGS, {"c": account.number}))["data"]["remittanceColumnMappings"]
    assert sorted(item["header"] for item in listed["items"]) == sorted([old, new])
    asked = await submit(api, csv_file([["INVOICE ", "amount"], ["INV-1", "5"]]), customer=other.number)
    assert asked.status_code == 422 and asked.json()["code"] == "column_mapping_required"
    # the same header, spelt in another case and spacing, is the same layout
    known = await submit(api, csv_file([["INVOICE ", "amount"], ["INV-1", "5"]]), customer=account.number)
    assert known.status_code == 202, known.text


async def test_a_mapping_must_name_the_invoice_and_paid_columns_once_each(api: Api, factory: Any) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    missing = await api.graphql(
        SAVE, {"n": account.number, "h": ["A", "B"], "c": [{"role": "INVOICE_REFERENCE", "column": 0}]}
    )
    twice = await api.graphql(
        SAVE,
        {
            "n": account.number,
            "h": ["A", "B"],
            "c": [{"role": "INVOICE_REFERENCE", "column": 0}, {"role": "PAID_AMOUNT", "column": 0}],
        },
    )
    unknown = await api.graphql(SAVE, {"n": "NO-SUCH-CUSTOMER", "h": ["A", "B"], "c": CHOICES[:2]})
    assert missing["data"]["saveRemittanceColumnMapping"]["errors"][0]["code"] == "column_required"
    assert twice["data"]["saveRemittanceColumnMapping"]["errors"][0]["code"] == "column_twice"
    assert unknown["data"]["saveRemittanceColumnMapping"]["__typename"] == "NotFoundResult"


async def test_saving_and_removing_a_mapping_are_audited_and_removal_asks_again(
    api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    header = ["Invoice", "Paid"]
    saved = await api.graphql(SAVE, {"n": account.number, "h": header, "c": CHOICES[:2]})
    assert saved["data"]["saveRemittanceColumnMapping"]["__typename"] == "InvalidInputResult"  # column 2 of two
    saved = await api.graphql(
        SAVE,
        {
            "n": account.number,
            "h": header,
            "c": [{"role": "INVOICE_REFERENCE", "column": 0}, {"role": "PAID_AMOUNT", "column": 1}],
        },
    )
    mapping_id = saved["data"]["saveRemittanceColumnMapping"]["mapping"]["id"]
    file = csv_file([header, ["INV-X", "1"]])
    assert (await submit(api, file, customer=account.number)).status_code == 202

    removed = await api.graphql(REMOVE, {"id": mapping_id})

    assert removed["data"]["removeRemittanceColumnMapping"]["__typename"] == "SettingSaved"
    again = await submit(api, csv_file([header, ["INV-Y", "2"]]), customer=account.number)
    assert again.status_code == 422 and again.json()["code"] == "column_mapping_required"
    async with system_session(demo) as db:
        events = (
            await db.execute(
                select(AuditEvent.action, AuditEvent.after)
                .where(AuditEvent.entity_id == mapping_id)
                .order_by(AuditEvent.sequence)
            )
        ).all()
        left = (
            await db.execute(
                select(func.count())
                .select_from(RemittanceColumnMapping)
                .where(RemittanceColumnMapping.account_id == account.id)
            )
        ).scalar_one()
    assert [action for action, _ in events] == ["cash.column_mapping_saved", "cash.column_mapping_removed"]
    assert events[0][1]["columns"] == {"invoice_reference": "Invoice", "paid_amount": "Paid"}
    assert left == 0


async def test_an_advice_without_a_customer_is_refused(api: Api, factory: Any) -> None:
    await _clerk(api, factory)
    response = await submit(api, workbook([["Invoice", "Paid"], ["INV-1", 1]]), filename="advice.xlsx")
    assert response.status_code == 422
    assert response.json() == {
        "code": "import_rejected",
        "message": "Choose the customer whose remittance advice this is.",
    }


async def test_hostile_workbooks_are_refused_at_once_and_change_nothing(api: Api, factory: Any, demo: Any) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    before = await _imports_of(demo)
    for content, said in (
        (zip_bomb(), "zip bomb"),
        (encrypted_workbook(), "protected with a password"),
        (b"PK\x03\x04 not a zip at all", "not a readable .xlsx"),
        (million_rows(declared=True), "declares 1,000,001 rows"),
        ("Invoice,Paid\r\nR\xe9f,1\r\n".encode("latin-1"), "not UTF-8"),
    ):
        response = await submit(api, content, filename="advice.xlsx", customer=account.number)
        assert response.status_code == 422, response.text
        assert said in response.json()["message"]
    assert await _imports_of(demo) == before


async def test_an_advice_with_a_formula_left_uncalculated_is_rejected_whole(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    await _clerk(api, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("40.00"))
    other = await factory.invoice(account, total=Decimal("60.00"))
    header = ["Invoice", "Paid"]
    await api.graphql(
        SAVE,
        {
            "n": account.number,
            "h": header,
            "c": [{"role": "INVOICE_REFERENCE", "column": 0}, {"role": "PAID_AMOUNT", "column": 1}],
        },
    )
    content = workbook([header, [invoice.number, 40], [other.number, "=B2*1.5"]])

    response = await submit(api, content, filename="advice.xlsx", customer=account.number)
    job = await finished(app, uuid.UUID(response.json()["id"]))

    assert job.status == "rejected" and job.applied_lines == 0
    assert await _balances(demo, invoice, other) == [(Decimal("0.00"), Decimal("0.00"))] * 2
