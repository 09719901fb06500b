"""Queueing e-mail with the change it reports, and delivering the queue."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.mail.compose import line
from backend.domain.mail.models import OutboxEmail

MAX_ATTEMPTS = 8

Sender = Callable[[EmailMessage], Awaitable[None]]
Attachments = Callable[[AsyncSession, str, uuid.UUID], Awaitable[tuple[str, bytes] | None]]
"""Renders an e-mail's attachment from its record: (file name, PDF bytes), or None when the record is gone."""


def enqueue_email(session: AsyncSession, *, to: str, subject: str, body: str, now: datetime) -> OutboxEmail:
    """Add an e-mail to the outbox in the caller's transaction: it is sent only if the change commits.

    ``body`` comes from :func:`backend.domain.mail.compose.compose`; the subject is made one inert line here."""
    email = OutboxEmail(recipient=to, subject=line(subject), body=body, created_at=now)
    session.add(email)
    return email


async def notify_account(
    session: AsyncSession, *, account_id: uuid.UUID, subject: str, body: str, now: datetime
) -> int:
    """Queue one e-mail to every active user of a customer account, in the caller's transaction."""
    from backend.domain.accounts.models import User

    recipients = (
        (await session.execute(select(User.email).where(User.account_id == account_id, User.is_active.is_(True))))
        .scalars()
        .all()
    )
    for address in recipients:
        enqueue_email(session, to=address, subject=subject, body=body, now=now)
    return len(recipients)


def as_message(
    email: OutboxEmail, sender: str, domain: str, attachment: tuple[str, bytes] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Message-ID"] = f"<{email.id}@{domain}>"
    message["Date"] = email.created_at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    message.set_content(email.body)
    if attachment is not None:
        filename, content = attachment
        message.add_attachment(content, maintype="application", subtype="pdf", filename=filename)
    return message


async def deliver_pending(
    session: AsyncSession,
    *,
    send: Sender,
    sender: str,
    domain: str,
    now: datetime,
    limit: int = 50,
    attachments: Attachments | None = None,
) -> int:
    """Send what the outbox holds, oldest first; mark each as sent. Returns how many were sent.

    A failure is recorded on the row and retried on the next run, up to MAX_ATTEMPTS.
    Rows are locked while sending (SKIP LOCKED on PostgreSQL), so two workers never
    send the same e-mail.
    """
    rows = (
        (
            await session.execute(
                select(OutboxEmail)
                .where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
                .order_by(OutboxEmail.created_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        .scalars()
        .all()
    )
    sent = 0
    for email in rows:
        email.attempts += 1
        try:
            attached = None
            if email.attachment_kind and email.attachment_id and attachments is not None:
                attached = await attachments(session, email.attachment_kind, email.attachment_id)
            await send(as_message(email, sender, domain, attached))
        except Exception as error:
            email.last_error = f"{type(error).__name__}: {error}"[:500]
            continue
        email.sent_at = now
        email.last_error = None
        sent += 1
    await session.commit()
    return sent
