"""The inbound mailbox end to end: an e-mailed remittance advice waits for its cash and matches the payment when a
lockbox import brings it; a claim becomes a document auto-linked to its deduction; every message is kept once."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceLineRecord
from backend.domain.disputes.models import Dispute
from backend.domain.documents.models import Document
from backend.domain.inbound_mail.models import InboundMessage
from backend.domain.invoices.models import Invoice
from tests.inbound_mail.support import advices_of, imap_jobs, message_from
from tests.support.api import Api
from tests.support.imap import serving
from tests.support.imports import import_file
from tests.support.mail_messages import message, pdf, remittance_pdf

D = Decimal
LOCKBOX = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


async def _clerk(api: Api, factory: Any) -> None:
    clerk = await factory.user("ar_clerk")
    await api.login(clerk.email, "correct horse battery")


async def _invoice(demo: Any, invoice_id: uuid.UUID) -> tuple[Decimal, Decimal, Decimal]:
    async with system_session(demo) as db:
        row = await db.get(Invoice, invoice_id)
        assert row is not None
        return row.paid_amount, row.open_balance, row.disputed_amount


async def test_an_emailed_remittance_pdf_is_matched_when_its_payment_arrives(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: a customer's open invoices, and their payables clerk's address
    account = await factory.account("Mailing Retail")
    first = await factory.invoice(account, total=D("1000.00"))
    second = await factory.invoice(account, total=D("250.00"))
    untouched = await factory.invoice(account, total=D("1200.00"))  # the lump sum's amount: not what it pays
    payables = await factory.user("customer_user", account)
    advice = remittance_pdf(
        "EFT-88120", [(first.number, D("1000.00"), D("950.00")), (second.number, D("250.00"), D("250.00"))]
    )

    # when: their remittance advice arrives in the IMAP mailbox and the mailbox job runs
    with serving() as imap:
        uid = imap.deliver(
            message(payables.email, "Remittance advice", [("remittance.pdf", "application/pdf", advice)])
        )
        summary = await imap_jobs(app, imap).poll_inbound_mail()
        seen = imap.seen(uid)
        commands = list(imap.commands)

    # then: the message is kept, read, flagged seen; the advice waits for a payment of 1,200.00
    assert (summary.received, summary.processed) == (1, 1)
    assert seen and "UID FETCH 1 (BODY.PEEK[])" in commands
    (kept,) = await message_from(demo, payables.email)
    assert (kept.status, kept.account_id, kept.source) == ("processed", account.id, "imap")
    assert kept.object_key is not None and kept.object_key.startswith(f"{account.id}/")
    assert [a["kind"] for a in kept.attachments] == ["remittance"]
    assert "waiting for a payment of 1,200.00 (EFT-88120)" in kept.attachments[0]["note"]  # as money is written
    ((waiting, lines),) = await advices_of(demo, account.id)
    assert (waiting.status, waiting.total, waiting.payment_reference) == ("waiting", D("1200.00"), "EFT-88120")
    assert lines == [(first.number, D("950.00")), (second.number, D("250.00"))]

    # when: the lockbox brings the customer's lump sum, with no invoice named
    await _clerk(api, factory)
    reference = f"LBX-{uuid.uuid4().hex[:8]}"
    imported = await import_file(
        app, api, (LOCKBOX + f"{reference},2026-11-21,{account.number},1200.00,,1200.00,0,,,\n").encode()
    )

    # then: the payment is applied by the advice's lines: cash on its invoices, the 50.00 it kept a deduction
    assert imported.job is not None and imported.job.status == "applied", imported.job
    assert (imported.job.payments, imported.job.applied_amount, imported.job.deductions) == (1, D("1200.00"), 1)
    assert await _invoice(demo, first.id) == (D("950.00"), D("50.00"), D("50.00"))
    assert await _invoice(demo, second.id) == (D("250.00"), D("0.00"), D("0.00"))
    assert await _invoice(demo, untouched.id) == (D("0.00"), D("1200.00"), D("0.00"))
    assert [(line.invoice_reference, line.status) for line in imported.lines] == [
        (first.number, "applied"),
        (second.number, "applied"),
    ]
    ((used, _),) = await advices_of(demo, account.id)
    assert (used.status, used.import_id) == ("used", imported.job.id)

    # and: the same payment in a later file is skipped, the used advice not taken again
    again = await import_file(
        app, api, (LOCKBOX + f"{reference},2026-11-21,{account.number},1200.00,,1200.00,0,,,\r\n").encode()
    )
    assert again.job is not None and [line.status for line in again.lines] == ["skipped"]
    assert await _invoice(demo, untouched.id) == (D("0.00"), D("1200.00"), D("0.00"))


async def test_a_payment_whose_own_reference_names_an_invoice_keeps_it(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: an advice waiting for 300.00, and a payment of 300.00 that names its invoice itself
    account = await factory.account()
    named = await factory.invoice(account, total=D("300.00"))
    advised = await factory.invoice(account, total=D("300.00"))
    payables = await factory.user("customer_user", account)
    advice = remittance_pdf("", [(advised.number, D("300.00"), D("300.00"))])
    with serving() as imap:
        imap.deliver(message(payables.email, "Payment advice", [("advice.pdf", "application/pdf", advice)]))
        await imap_jobs(app, imap).poll_inbound_mail()
    await _clerk(api, factory)

    imported = await import_file(
        app,
        api,
        (
            LOCKBOX + f"CHK-{uuid.uuid4().hex[:6]},2026-11-21,{account.number},300.00,{named.number},300.00,0,,,\n"
        ).encode(),
    )

    assert imported.job is not None and imported.job.status == "applied"
    assert await _invoice(demo, named.id) == (D("300.00"), D("0.00"), D("0.00"))
    assert await _invoice(demo, advised.id) == (D("0.00"), D("300.00"), D("0.00"))
    ((waiting, _),) = await advices_of(demo, account.id)
    assert waiting.status == "waiting"


async def test_a_claim_from_the_drop_folder_becomes_a_document_linked_to_its_deduction(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    # given: an invoice with an open deduction, and the customer's mail domain, given by an admin
    account = await factory.account("Claims Co")
    invoice = await factory.invoice(account, total=D("400.00"), po_number=f"PO-{uuid.uuid4().int % 10**10}")
    deduction = await factory.dispute(invoice, amount=D("40.00"))
    admin = await factory.user("admin")
    await api.login(admin.email, "correct horse battery")
    domain = f"claims-{uuid.uuid4().hex[:8]}.example"
    saved = await api.graphql(
        "mutation($n: String!, $d: String!) { saveInboundMailDomain(customerNumber: $n, domain: $d) { __typename } }",
        {"n": account.number, "d": domain},
    )
    assert saved["data"]["saveInboundMailDomain"]["__typename"] == "InboundMailSenderSaved", saved
    jobs = app.state.background.jobs
    folder: Path = jobs.settings.inbound_mail_dir
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (a test's own folder)
    claim = pdf("DEDUCTION CLAIM", f"Purchase order {invoice.po_number}", "Two cases short on delivery: 40.00")
    sender = f"deductions@{domain}"
    (folder / "claim.eml").write_bytes(
        message(sender, f"Deduction {uuid.uuid4().hex[:6]}", [("claim-backup.pdf", "application/pdf", claim)])
    )

    # when: the mailbox job reads the drop folder, then the document's text is extracted
    summary = await jobs.poll_inbound_mail()
    (kept,) = await message_from(demo, sender)
    document_id = uuid.UUID(kept.attachments[0]["document_id"])
    await jobs.extract(document_id)

    # then: the claim is the customer's document, linked by the PO number it names to the invoice and its deduction
    assert summary.received >= 1 and kept.status == "processed" and kept.source == "folder"
    assert not (folder / "claim.eml").exists() and (folder / "processed" / "claim.eml").exists()
    async with system_session(demo) as db:
        document = await db.get(Document, document_id)
        assert document is not None
    assert (document.account_id, document.invoice_id, document.dispute_id) == (account.id, invoice.id, deduction.id)
    assert (document.document_type, document.is_internal, document.uploaded_by_id) == ("claim_form", False, None)


async def test_the_same_email_twice_changes_nothing(app: Any, factory: Any, demo: Any) -> None:
    # given: a customer's advice, read once
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("75.00"))
    payables = await factory.user("customer_user", account)
    raw = message(
        payables.email,
        "Remittance",
        [("r.pdf", "application/pdf", remittance_pdf("", [(invoice.number, D("75.00"), D("75.00"))]))],
    )
    jobs = app.state.background.jobs
    folder: Path = jobs.settings.inbound_mail_dir
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (a test's own folder)
    (folder / "first.eml").write_bytes(raw)
    await jobs.poll_inbound_mail()

    # when: the very same bytes come again, by the folder and by IMAP, and a copy with other headers but the same
    # Message-ID (delivered twice by two routes)
    (folder / "again.eml").write_bytes(raw)
    with serving() as imap:
        imap.deliver(raw)
        imap.deliver(b"Received: from relay-2.example\r\n" + raw)
        summary = await imap_jobs(app, imap).poll_inbound_mail()
        all_seen = all(imap.seen(m.uid) for m in imap.messages)
    folder_summary = await jobs.poll_inbound_mail()

    # then: one message, one advice; the copies were taken off the mailbox and the folder all the same
    assert (summary.received, summary.duplicates) == (0, 2) and all_seen
    assert folder_summary.duplicates == 1 and (folder / "processed" / "again.eml").exists()
    assert len(await message_from(demo, payables.email)) == 1
    assert len(await advices_of(demo, account.id)) == 1


async def test_the_mailbox_job_reads_what_it_kept_once_even_when_asked_twice(app: Any, factory: Any, demo: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("20.00"))
    payables = await factory.user("customer_user", account)
    with serving() as imap:
        imap.deliver(
            message(
                payables.email,
                "Remittance",
                [("r.pdf", "application/pdf", remittance_pdf("", [(invoice.number, D("20.00"), D("20.00"))]))],
            )
        )
        jobs = imap_jobs(app, imap)
        await jobs.poll_inbound_mail()
        await jobs.poll_inbound_mail()
        await jobs.read_inbound_mail()
    assert len(await advices_of(demo, account.id)) == 1
    async with system_session(demo) as db:
        rows = (await db.execute(select(InboundMessage.attempts).where(InboundMessage.sender == payables.email))).all()
        lines = (
            await db.execute(select(RemittanceLineRecord.id).where(RemittanceLineRecord.account_id == account.id))
        ).all()
    assert rows == [(1,)] and lines == []


async def test_a_used_advice_raced_by_another_import_fails_the_second_cleanly(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    """Two imports matched the same waiting advice: the one that posts second changes nothing (``failed``)."""
    from backend.domain.cash.posting import Posting

    account = await factory.account()
    invoice = await factory.invoice(account, total=D("60.00"))
    payables = await factory.user("customer_user", account)
    with serving() as imap:
        imap.deliver(
            message(
                payables.email,
                "Remittance",
                [("r.pdf", "application/pdf", remittance_pdf("", [(invoice.number, D("60.00"), D("60.00"))]))],
            )
        )
        await imap_jobs(app, imap).poll_inbound_mail()
    ((advice, _),) = await advices_of(demo, account.id)
    await _clerk(api, factory)
    original = Posting.add

    async def used_meanwhile(posting: Posting, plans: Any) -> Any:
        async with system_session(demo) as other:  # another import used the advice a moment before this one posts
            row = await other.get(type(advice), advice.id)
            assert row is not None
            row.status = "used"
            await other.commit()
        return await original(posting, plans)

    Posting.add = used_meanwhile  # type: ignore[method-assign]
    try:
        imported = await import_file(
            app, api, (LOCKBOX + f"R-{uuid.uuid4().hex[:6]},2026-11-21,{account.number},60.00,,60.00,0,,,\n").encode()
        )
    finally:
        Posting.add = original  # type: ignore[method-assign]

    assert imported.job is not None and imported.job.status == "failed"
    assert "remittance advice" in imported.job.message
    assert await _invoice(demo, invoice.id) == (D("0.00"), D("60.00"), D("0.00"))
    async with system_session(demo) as db:
        deductions = (await db.execute(select(Dispute.id).where(Dispute.invoice_id == invoice.id))).all()
    assert deductions == []
