"""The outbox delivered as the mail pump does, attachments rendered, for tests to read what was sent."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.mail.service import deliver_pending
from backend.reports.attachments import render_attachment


async def sent_to(demo: Any, recipient: str) -> list[EmailMessage]:
    """Deliver the outbox as the mail pump does, keeping what went to ``recipient``."""
    sent: list[EmailMessage] = []

    async def send(message: EmailMessage) -> None:
        sent.append(message)

    async with system_session(demo) as db:
        while await deliver_pending(db, send=send, sender="ar@seller.example", domain="seller.example",
                                    now=utc_now(), limit=200, attachments=render_attachment):  # fmt: skip
            pass
    return [m for m in sent if m["To"] == recipient]
