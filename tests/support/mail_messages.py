"""E-mails for the inbound mailbox's tests: a customer's remittance advice or claim, and e-mail bombs."""

from __future__ import annotations

import email
import uuid
from collections.abc import Sequence
from decimal import Decimal
from email.message import EmailMessage
from email.policy import SMTP, default

from fpdf import FPDF


def message(
    sender: str,
    subject: str,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    *,
    body: str = "Please find attached.",
    message_id: str | None = None,
) -> bytes:
    """An e-mail from ``sender`` with ``attachments`` (file name, content type, bytes), as a mail server stores it."""
    mail = EmailMessage()
    mail["From"] = f"Accounts Payable <{sender}>"
    mail["To"] = "remittances@seller.example"
    mail["Subject"] = subject
    mail["Date"] = "Fri, 20 Nov 2026 09:30:00 +0000"
    mail["Message-ID"] = message_id or f"<{uuid.uuid4()}@customer.example>"
    mail.set_content(body)
    for filename, content_type, data in attachments:
        main, sub = content_type.split("/", 1)
        mail.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    return mail.as_bytes(policy=SMTP)


def pdf(*lines: str) -> bytes:
    """A one-page PDF whose text is ``lines`` (fpdf2, Helvetica: what a payables system prints)."""
    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=10)
    for line in lines:
        document.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def remittance_pdf(payment_reference: str, lines: Sequence[tuple[str, Decimal, Decimal]]) -> bytes:
    """A remittance advice PDF: each line (invoice number, invoice amount, paid), and the total paid."""
    total = sum((paid for _, _, paid in lines), Decimal("0.00"))
    return pdf(
        "REMITTANCE ADVICE",
        f"Payment reference: {payment_reference}    Payment date: 2026-11-20",
        "Invoice              Invoice amount        Paid",
        *(f"{number}              {amount:,.2f}             {paid:,.2f}" for number, amount, paid in lines),
        f"Total paid                                  {total:,.2f}",
    )


def nested_bomb(depth: int, sender: str) -> bytes:
    """A message whose attachment is a message whose attachment is a message … ``depth`` deep."""
    inner = message(sender, "level 0", [("claim.pdf", "application/pdf", pdf("Deduction claim"))])
    for level in range(1, depth + 1):
        wrapper = EmailMessage()
        wrapper["From"] = sender
        wrapper["Subject"] = f"level {level}"
        wrapper["Message-ID"] = f"<{uuid.uuid4()}@bomb.example>"
        wrapper.set_content("forwarded")
        wrapper.add_attachment(email.message_from_bytes(inner, policy=default))  # attached as a message, unencoded
        inner = wrapper.as_bytes(policy=SMTP)
    return inner


def many_parts(count: int, sender: str) -> bytes:
    """A message of ``count`` tiny attachments."""
    return message(sender, "many parts", [(f"part-{n}.txt", "text/plain", b"x") for n in range(count)])
