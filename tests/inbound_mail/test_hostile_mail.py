"""E-mail bombs, malformed mail and attachments nobody can read: each kept, each in the review list with its reason,
nothing of it half-applied — and the mailbox job goes on with the next message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.documents.models import Document
from backend.domain.inbound_mail import attachments as attachment_rules
from backend.domain.inbound_mail import messages, service
from backend.domain.inbound_mail.models import InboundMessage
from tests.inbound_mail.support import advices_of, imap_jobs, message_from
from tests.support.imap import serving
from tests.support.mail_messages import many_parts, message, nested_bomb, pdf, remittance_pdf

D = Decimal


async def test_bombs_and_broken_mail_go_to_review_and_the_job_reads_the_next_message(
    factory: Any, app: Any, demo: Any
) -> None:
    # given: a customer; in the mailbox, four hostile messages from them, then a good advice
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("90.00"))
    payables = await factory.user("customer_user", account)
    good = message(
        payables.email,
        "Remittance",
        [("r.pdf", "application/pdf", remittance_pdf("", [(invoice.number, D("90.00"), D("90.00"))]))],
    )
    with serving() as imap:
        imap.deliver(nested_bomb(20, payables.email))
        imap.deliver(message(payables.email, "many", [(f"c{n}.pdf", "application/pdf", pdf("x")) for n in range(25)]))
        imap.deliver(many_parts(300, payables.email))
        imap.deliver(
            f"From: {payables.email}\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary=".encode()
            + b"\xff" * 3000
        )
        imap.deliver(good)

        # when
        summary = await imap_jobs(app, imap).poll_inbound_mail()
        everything_seen = all(imap.seen(m.uid) for m in imap.messages)

    # then: every message kept and taken off the mailbox; the good one read; the others in review, saying why
    assert summary.received == 5 and everything_seen
    kept = await message_from(demo, payables.email)
    outcomes = [(m.subject, m.status, m.reason) for m in kept]
    assert ("level 20", "review", "limits") in outcomes
    assert ("many", "review", "limits") in outcomes
    assert ("many parts", "review", "limits") in outcomes
    assert ("Remittance", "processed", "") in outcomes
    broken = next(m for m in kept if m.subject == "broken")
    assert broken.status == "review" and broken.reason in {"nothing_usable", "malformed"}
    assert all(m.object_key for m in kept)
    assert [advice.total for advice, _ in await advices_of(demo, account.id)] == [D("90.00")]


async def test_attachments_decoding_past_the_limit_take_nothing(
    factory: Any, app: Any, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "MAX_DECODED_BYTES", 200_000)
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("15.00"))
    payables = await factory.user("customer_user", account)
    advice = remittance_pdf("", [(invoice.number, D("15.00"), D("15.00"))])
    raw = message(
        payables.email,
        "Remittance",
        [("r.pdf", "application/pdf", advice), ("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 250_000)],
    )
    with serving() as imap:
        imap.deliver(raw)
        await imap_jobs(app, imap).poll_inbound_mail()

    (kept,) = await message_from(demo, payables.email)
    assert (kept.status, kept.reason) == ("review", "limits")
    assert "decode to more than" in kept.detail
    assert await advices_of(demo, account.id) == []


async def test_an_unknown_sender_is_kept_for_staff_only_and_nothing_is_read(factory: Any, app: Any, demo: Any) -> None:
    sender = f"someone@unknown-{id(app)}.example"
    with serving() as imap:
        imap.deliver(message(sender, "Remittance", [("r.pdf", "application/pdf", pdf("REMITTANCE", "INV-1 10.00"))]))
        await imap_jobs(app, imap).poll_inbound_mail()

    (kept,) = await message_from(demo, sender)
    assert (kept.status, kept.reason, kept.account_id) == ("review", "unknown_sender", None)
    assert kept.object_key is not None and kept.object_key.startswith("inbound/")
    assert kept.attachments == []


async def test_unreadable_attachments_go_to_review_while_the_readable_ones_are_taken(
    factory: Any, app: Any, demo: Any
) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("33.00"))
    payables = await factory.user("customer_user", account)
    raw = message(
        payables.email,
        "Remittance and more",
        [
            ("r.pdf", "application/pdf", remittance_pdf("", [(invoice.number, D("33.00"), D("33.00"))])),
            ("archive.zip", "application/zip", b"PK\x05\x06" + b"\0" * 18),
            ("fake.pdf", "application/pdf", b"<html>not a pdf</html>"),
            ("advice.csv", "text/csv", b"Invoice,Paid\r\nINV-1,10\r\n"),  # no mapping for this customer's layout
            ("remittance-bad.pdf", "application/pdf", pdf("REMITTANCE ADVICE", "nothing to read here")),
        ],
    )
    with serving() as imap:
        imap.deliver(raw)
        await imap_jobs(app, imap).poll_inbound_mail()

    (kept,) = await message_from(demo, payables.email)
    assert (kept.status, kept.reason) == ("review", "unreadable_attachment")
    assert [a["kind"] for a in kept.attachments] == [
        "remittance",
        "unreadable",
        "unreadable",
        "unreadable",
        "unreadable",
    ]
    notes = [a["note"] for a in kept.attachments]
    assert "not read" in notes[1]
    assert "columns are not mapped" in notes[3]
    assert "no line with an invoice number and an amount" in notes[4]
    assert len(await advices_of(demo, account.id)) == 1


async def test_a_failure_while_reading_leaves_nothing_half_applied_and_ends_in_review(
    factory: Any, app: Any, demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a message with a claim document and then an advice; reading the second attachment breaks on our side
    account = await factory.account()
    invoice = await factory.invoice(account, total=D("44.00"))
    payables = await factory.user("customer_user", account)
    raw = message(
        payables.email,
        "Claim and remittance",
        [
            ("claim.pdf", "application/pdf", pdf("Deduction claim", f"Invoice {invoice.number}")),
            ("r.pdf", "application/pdf", remittance_pdf("", [(invoice.number, D("44.00"), D("44.00"))])),
        ],
    )
    real = attachment_rules.take_attachment
    calls = 0

    async def breaks_on_the_second(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls % 2 == 0:
            raise RuntimeError("the database went away")
        return await real(*args, **kwargs)

    monkeypatch.setattr(service, "take_attachment", breaks_on_the_second)
    with serving() as imap:
        imap.deliver(raw)
        jobs = imap_jobs(app, imap)
        # when: the job tries as often as it may
        for _ in range(service.MAX_ATTEMPTS):
            await jobs.poll_inbound_mail()

    # then: no document, no advice; the message waits for a person
    (kept,) = await message_from(demo, payables.email)
    assert (kept.status, kept.reason, kept.attempts) == ("review", "failed", service.MAX_ATTEMPTS)
    assert await advices_of(demo, account.id) == []
    async with system_session(demo) as db:
        documents = (await db.execute(select(Document.id).where(Document.account_id == account.id))).all()
        left = (await db.execute(select(InboundMessage.attachments).where(InboundMessage.id == kept.id))).scalar_one()
    assert documents == [] and left == []
