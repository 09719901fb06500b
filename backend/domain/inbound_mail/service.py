"""Inbound mail end to end: keep each message once (:func:`receive`), then read it (:func:`process`).

``receive`` stores the original .eml in the archive (``<account id>/…`` when the sender is known, ``inbound/…``
otherwise) and records the message, ``received``, in one commit — or, when its SHA-256 or its Message-ID was
seen before, changes nothing and answers with the earlier one. ``process`` then reads it, in one transaction:
attachments become waiting remittance advices and archived documents (``attachments.py``), and the message ends
``processed`` or ``review`` (unknown sender, unreadable attachment, nothing usable, past a limit). A failure on our
side rolls all of it back and discards the objects it wrote; after :data:`MAX_ATTEMPTS` the message waits for a
person (``failed``). Staff assign an unknown sender to a customer (the message is read again) or dismiss a message.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.engine import system_session
from backend.db.scope import Principal
from backend.domain.accounts.models import CustomerAccount
from backend.domain.administration.service import audit_change
from backend.domain.cash.column_mappings import account_by_number
from backend.domain.documents.uploads import Archive
from backend.domain.errors import Conflict, NotFound
from backend.domain.inbound_mail.attachments import Context, take_attachment
from backend.domain.inbound_mail.enums import MessageStatus, ReviewReason, SenderKind
from backend.domain.inbound_mail.messages import MAX_MESSAGE_BYTES, Headers, Unusable, read_headers, read_message
from backend.domain.inbound_mail.models import InboundMessage
from backend.domain.inbound_mail.senders import account_for_sender, remember_sender
from documents.storage import DocumentStore, DocumentStoreError, new_key

log = logging.getLogger("recoup.inbound_mail")
MAX_ATTEMPTS = 3
MAX_STORED_BYTES = 200 * 1024 * 1024
"""The largest original kept (a message over :data:`MAX_MESSAGE_BYTES` is kept, not read)."""


@dataclass(frozen=True)
class Received:
    message_id: uuid.UUID
    duplicate: bool


async def _earlier(session: AsyncSession, sha256: str, headers: Headers) -> uuid.UUID | None:
    same = InboundMessage.sha256 == sha256
    if headers.message_id:
        same = or_(same, InboundMessage.message_id == headers.message_id)
    return (await session.execute(select(InboundMessage.id).where(same).limit(1))).scalar_one_or_none()


async def receive(
    session: AsyncSession,
    store: DocumentStore,
    *,
    head: bytes,
    sha256: str,
    size: int,
    chunks: Iterable[bytes] | None,
    source: str,
    now: datetime,
) -> Received:
    """Keep one message (module docstring) and commit; the same message again changes nothing.

    ``head`` is the message's start (its headers), ``chunks`` the whole message for the archive — None for an
    IMAP message too large to fetch, recorded for review and left in the mailbox. Raises ``DocumentStoreError``
    when the archive does not answer: then nothing is recorded, and the message is taken again next time.
    """
    headers = read_headers(head)
    earlier = await _earlier(session, sha256, headers)
    if earlier is not None:
        return Received(earlier, duplicate=True)
    account_id = await account_for_sender(session, headers.sender) if headers.sender else None
    key = None
    if chunks is not None:
        key = new_key(str(account_id) if account_id else "inbound")
        await asyncio.to_thread(store.write, key, chunks, max_bytes=MAX_STORED_BYTES)
    message = InboundMessage(
        sha256=sha256,
        message_id=headers.message_id,
        source=source,
        sender=headers.sender,
        subject=headers.subject,
        sent_at=headers.sent_at,
        received_at=now,
        account_id=account_id,
        object_key=key,
        size_bytes=size,
        status=MessageStatus.RECEIVED.value,
        reason="",
        detail="",
        attachments=[],
        attempts=0,
        note="",
    )
    if key is None or size > MAX_MESSAGE_BYTES:
        message.status, message.reason = MessageStatus.REVIEW.value, ReviewReason.TOO_LARGE.value
        mb = size // (1024 * 1024)
        message.detail = f"It is {mb} MB; at most {MAX_MESSAGE_BYTES // (1024 * 1024)} MB are read" + (
            " (left in the mailbox, not fetched)." if key is None else " (the original is kept)."
        )
    session.add(message)
    try:
        await session.commit()
    except IntegrityError:  # the same message, received by another worker a moment ago
        await session.rollback()
        if key is not None:
            await asyncio.to_thread(store.discard_unconfirmed, key)
        earlier = await _earlier(session, sha256, headers)
        if earlier is None:
            raise
        return Received(earlier, duplicate=True)
    return Received(message.id, duplicate=False)


async def receive_bytes(
    session: AsyncSession, store: DocumentStore, raw: bytes, *, source: str, now: datetime
) -> Received:
    """:func:`receive` for a message held in memory (an IMAP fetch, an upload)."""
    return await receive(
        session,
        store,
        head=raw[: 256 * 1024],
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        chunks=[raw],
        source=source,
        now=now,
    )


async def due_messages(session: AsyncSession, *, limit: int = 50) -> list[uuid.UUID]:
    """Messages kept and not yet read, oldest first."""
    rows = await session.execute(
        select(InboundMessage.id)
        .where(InboundMessage.status == MessageStatus.RECEIVED.value)
        .order_by(InboundMessage.received_at, InboundMessage.id)
        .limit(limit)
    )
    return list(rows.scalars())


async def _claim(session: AsyncSession, message_id: uuid.UUID) -> InboundMessage | None:
    """This attempt's hold on a received message (one conditional UPDATE: two workers never read it both)."""
    message = await session.get(InboundMessage, message_id)
    if message is None or message.status != MessageStatus.RECEIVED.value:
        return None
    claimed = await session.execute(
        update(InboundMessage)
        .where(
            InboundMessage.id == message_id,
            InboundMessage.status == MessageStatus.RECEIVED.value,
            InboundMessage.attempts == message.attempts,
        )
        .values(attempts=message.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return None
    await session.refresh(message)
    return message


def _review(message: InboundMessage, reason: ReviewReason, detail: str, now: datetime) -> None:
    message.status, message.reason, message.detail = MessageStatus.REVIEW.value, reason.value, detail[:2000]
    message.processed_at = now


def _read_original(store: DocumentStore, key: str) -> bytes:
    with store.open(key, None) as handle:
        data: bytes = handle.read(MAX_MESSAGE_BYTES + 1)
        return data


async def process(
    sessions: async_sessionmaker[AsyncSession], archive: Archive, message_id: uuid.UUID, *, now: datetime
) -> str:
    """Read one received message (module docstring); the status it ends in, or ``not_due``."""
    async with system_session(sessions) as session:
        message = await _claim(session, message_id)
        if message is None:
            return "not_due"
        attempt = message.attempts
        written: list[str] = []
        documents: list[uuid.UUID] = []
        try:
            status = await _read(session, archive, message, written, documents, now)
            await session.commit()
        except Exception:
            await session.rollback()
            for key in written:
                try:
                    await asyncio.to_thread(archive.store.discard_unconfirmed, key)
                except DocumentStoreError:
                    log.warning("could not discard %s after a failed read of message %s", key, message_id)
            log.exception("reading inbound message %s failed (attempt %d)", message_id, attempt)
            if attempt >= MAX_ATTEMPTS:
                failed = await session.get(InboundMessage, message_id)
                if failed is not None and failed.status == MessageStatus.RECEIVED.value:
                    _review(failed, ReviewReason.FAILED, "Reading it failed on our side; nothing was taken.", now)
                    await session.commit()
                    return failed.status
            return "retry"
    for document_id in documents:
        await archive.queue.extraction_due(document_id)
    return status


async def _read(
    session: AsyncSession,
    archive: Archive,
    message: InboundMessage,
    written: list[str],
    documents: list[uuid.UUID],
    now: datetime,
) -> str:
    if message.account_id is None and message.sender:
        message.account_id = await account_for_sender(session, message.sender)
    if message.account_id is None:
        who = message.sender or "no sender address"
        _review(message, ReviewReason.UNKNOWN_SENDER, f"{who} is no customer's known address or domain.", now)
        return message.status
    account = await session.get(CustomerAccount, message.account_id)
    assert account is not None and message.object_key is not None
    raw = await asyncio.to_thread(_read_original, archive.store, message.object_key)
    try:
        read = read_message(raw)
    except Unusable as error:
        _review(message, error.reason, error.detail, now)
        return message.status
    if not read.attachments:
        _review(message, ReviewReason.NOTHING_USABLE, "It has no attachment: no advice, claim or document.", now)
        return message.status
    context = Context(
        account=account,
        message_id=message.id,
        subject=message.subject,
        received_on=(message.sent_at or now).date(),
        sha256=message.sha256,
        now=now,
    )
    outcomes = []
    unreadable = []
    for attachment in read.attachments:
        taken = await take_attachment(session, archive, attachment, context)
        outcomes.append(taken.outcome)
        written.extend(taken.written)
        documents.extend(taken.document_ids)
        if taken.unreadable:
            unreadable.append(f"{attachment.filename}: {taken.outcome['note']}")
    message.attachments = outcomes
    if unreadable:
        _review(message, ReviewReason.UNREADABLE_ATTACHMENT, " | ".join(unreadable), now)
    else:
        message.status, message.reason, message.detail = MessageStatus.PROCESSED.value, "", ""
        message.processed_at = now
    return message.status


async def _open_in_review(session: AsyncSession, message_id: uuid.UUID) -> InboundMessage:
    message = await session.get(InboundMessage, message_id)
    if message is None:
        raise NotFound("That message does not exist.")
    if message.status != MessageStatus.REVIEW.value:
        raise Conflict("That message is not waiting for a person (any more); reload.")
    return message


async def assign_sender(
    session: AsyncSession,
    *,
    principal: Principal,
    message_id: uuid.UUID,
    customer_number: str,
    remember: SenderKind | None,
    now: datetime,
) -> InboundMessage:
    """Staff say an unknown sender's message is a customer's: it is read again as theirs (the address or its
    domain remembered when asked). Audited ``inbound_mail.sender_assigned``. Commits."""
    message = await _open_in_review(session, message_id)
    if message.reason != ReviewReason.UNKNOWN_SENDER.value:
        raise Conflict("Only a message from an unknown sender is assigned to a customer.")
    account = await account_by_number(session, customer_number)
    if remember is not None and message.sender:
        value = message.sender if remember is SenderKind.ADDRESS else message.sender.rsplit("@", 1)[-1]
        await remember_sender(session, principal=principal, account_id=account.id, kind=remember, value=value, now=now)
    before = {"status": message.status, "reason": message.reason, "account_id": None}
    message.account_id = account.id
    message.status, message.reason, message.detail = MessageStatus.RECEIVED.value, "", ""
    message.attempts, message.resolved_by_id, message.resolved_at = 0, principal.user_id, now
    message.note = f"Assigned to {account.number}."
    await audit_change(
        session,
        principal,
        "inbound_mail.sender_assigned",
        "inbound_message",
        message.id,
        before,
        {"account_id": str(account.id), "sender": message.sender, "remember": remember.value if remember else None},
        now,
    )
    await session.commit()
    return message


async def dismiss(
    session: AsyncSession, *, principal: Principal, message_id: uuid.UUID, note: str, now: datetime
) -> InboundMessage:
    """Staff close a message of the review list (handled by hand, or nothing to do). Audited. Commits."""
    message = await _open_in_review(session, message_id)
    before = {"status": message.status, "reason": message.reason}
    message.status = MessageStatus.DISMISSED.value
    message.resolved_by_id, message.resolved_at, message.note = principal.user_id, now, " ".join(note.split())[:1000]
    await audit_change(
        session,
        principal,
        "inbound_mail.dismissed",
        "inbound_message",
        message.id,
        before,
        {"status": message.status, "note": message.note},
        now,
    )
    await session.commit()
    return message
