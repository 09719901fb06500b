"""Evidence auto-linking: a document uploaded without context lands on the invoice and case its text names."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.documents.models import Document
from tests.support.api import Api
from tests.support.audit import audit_trail
from tests.support.files import text_pdf
from tests.support.jobs import run_due_jobs

PASSWORD = "correct horse battery"
CASE = """query($id: ID!) { case(id: $id) { documents { id }
  suggestedDocuments { document { id filename } matchedBy matchedText } } }"""


async def _document(demo: Any, document_id: str) -> Document:
    async with system_session(demo) as db:
        return (await db.execute(select(Document).where(Document.id == uuid.UUID(document_id)))).scalar_one()


async def _customer(api: Api, factory: Any, account: Any) -> None:
    await api.login((await factory.user("customer_user", account)).email, PASSWORD)


async def test_a_pod_uploaded_without_context_lands_on_its_invoice_and_open_case(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: an invoice with one open case, and a POD that names the invoice's number
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("300.00"))
    await factory.invoice(account, total=Decimal("80.00"))  # another invoice, not named
    dispute = await factory.dispute(invoice)
    await _customer(api, factory, account)
    pod = text_pdf(f"PROOF OF DELIVERY\nInvoice {invoice.number}\nReceived 10 cartons, signed J. Smith")

    # when: the customer uploads it to their account, with neither invoice nor dispute
    uploaded = await api.upload(pod, "scan0001.pdf")
    assert uploaded["__typename"] == "DocumentConfirmed" and uploaded["document"]["invoiceId"] is None
    await run_due_jobs(app)

    # then: it is linked to that invoice and its case, and the link is audited as the system's
    linked = await _document(demo, uploaded["document"]["id"])
    assert (linked.invoice_id, linked.dispute_id) == (invoice.id, dispute.id)
    docs = await api.graphql("query($id: ID!) { dispute(id: $id) { documents { id } } }", {"id": str(dispute.id)})
    assert docs["data"]["dispute"]["documents"] == [{"id": uploaded["document"]["id"]}]
    async with system_session(demo) as db:
        event = (
            await db.execute(
                select(AuditEvent).where(
                    AuditEvent.entity_id == uploaded["document"]["id"], AuditEvent.action == "document.linked"
                )
            )
        ).scalar_one()
    assert event.actor_user_id is None and event.after is not None and invoice.number in event.after["matched"]


async def test_po_and_delivery_numbers_link_too(app: Any, api: Api, factory: Any, demo: Any) -> None:
    account = await factory.account()
    by_po = await factory.invoice(account, po_number=f"PO-45{uuid.uuid4().int % 10**8:08d}")
    by_delivery = await factory.invoice(account, delivery_number=f"DN-{uuid.uuid4().int % 10**7:07d}")
    await _customer(api, factory, account)

    po_doc = await api.upload(text_pdf(f"Purchase order {by_po.po_number.removeprefix('PO-')} confirmed"), "po.pdf")
    dn_doc = await api.upload(text_pdf(f"Delivery {by_delivery.delivery_number}: 4 pallets"), "dn.pdf")
    await run_due_jobs(app)

    assert (await _document(demo, po_doc["document"]["id"])).invoice_id == by_po.id
    assert (await _document(demo, dn_doc["document"]["id"])).invoice_id == by_delivery.id


async def test_an_ambiguous_document_is_offered_to_staff_who_link_it_with_one_click(
    app: Any, api_factory: Any, factory: Any, demo: Any
) -> None:
    # given: a document naming two of the customer's invoices, both with open cases
    customer, clerk = api_factory(), api_factory()
    account = await factory.account()
    first, second = await factory.invoice(account), await factory.invoice(account)
    first_case, second_case = await factory.dispute(first), await factory.dispute(second)
    await _customer(customer, factory, account)
    clerk_user = await factory.user("ar_clerk")
    await clerk.login(clerk_user.email, PASSWORD)
    uploaded = await customer.upload(text_pdf(f"Statement covering {first.number} and {second.number}"), "claim.pdf")
    await run_due_jobs(app)
    assert (await _document(demo, uploaded["document"]["id"])).invoice_id is None

    # when: the clerk opens the second case, sees the suggestion and links it
    offered = (await clerk.graphql(CASE, {"id": str(second_case.id)}))["data"]["case"]
    linked = await clerk.graphql(
        "mutation($d: ID!, $i: ID!) { linkDocumentToInvoice(documentId: $d, invoiceId: $i) { __typename } }",
        {"d": uploaded["document"]["id"], "i": str(second.id)},
    )

    # then: the document is on that case, and offered nowhere any more
    assert offered["suggestedDocuments"] == [
        {
            "document": {"id": uploaded["document"]["id"], "filename": "claim.pdf"},
            "matchedBy": "invoice_number",
            "matchedText": second.number,
        }
    ]
    assert linked["data"]["linkDocumentToInvoice"]["__typename"] == "DocumentLinked"
    after = (await clerk.graphql(CASE, {"id": str(second_case.id)}))["data"]["case"]
    assert after["documents"] == [{"id": uploaded["document"]["id"]}] and after["suggestedDocuments"] == []
    first_after = (await clerk.graphql(CASE, {"id": str(first_case.id)}))["data"]["case"]
    assert first_after["suggestedDocuments"] == []
    assert ("document.linked", str(clerk_user.id)) in await audit_trail(demo, uploaded["document"]["id"])


async def test_another_customers_invoice_numbers_never_link(app: Any, api: Api, factory: Any, demo: Any) -> None:
    mine, theirs = await factory.account(), await factory.account()
    their_invoice = await factory.invoice(theirs)
    await factory.dispute(their_invoice)
    await _customer(api, factory, mine)

    uploaded = await api.upload(text_pdf(f"Copy of {their_invoice.number}"), "copy.pdf")
    await run_due_jobs(app)

    document = await _document(demo, uploaded["document"]["id"])
    assert document.invoice_id is None and document.account_id == mine.id
