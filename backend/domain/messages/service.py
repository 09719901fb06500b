"""The conversation on a dispute: customer and staff messages, and staff-only internal notes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import User
from backend.domain.audit.service import record_event
from backend.domain.disputes.models import Dispute
from backend.domain.disputes.transitions import resume_if_waiting_on_customer
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.mail.compose import compose
from backend.domain.mail.service import notify_account
from backend.domain.messages.errors import MAX_BODY, MessageEmpty, MessageTooLong
from backend.domain.messages.models import Message


@dataclass(frozen=True)
class PostedMessage:
    message: Message
    author: User


async def post_message(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    body: str,
    internal: bool,
    now: datetime,
    portal_url: str = "",
) -> PostedMessage:
    """Add a message to a dispute the principal may see. Only staff may write internal notes. Commits.

    Internal notes are filtered out of every customer query by the tenant scope, so
    they cannot reach a customer through any field, list or search.
    """
    text = body.strip()
    if not text:
        raise MessageEmpty()
    if len(text) > MAX_BODY:
        raise MessageTooLong()
    if internal and not principal.is_staff:
        raise InvalidInput("internal", "Only staff can write internal notes.", "internal_not_allowed")
    dispute = (await session.execute(select(Dispute).where(Dispute.id == dispute_id))).scalar_one_or_none()
    if dispute is None:
        raise NotFound("Dispute not found.")
    message = Message(
        account_id=dispute.account_id,
        dispute_id=dispute.id,
        author_id=principal.user_id,
        body=text,
        is_internal=internal,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    await record_event(
        session,
        action="message.internal_note" if internal else "message.posted",
        entity_type="message",
        entity_id=message.id,
        actor_user_id=principal.user_id,
        account_id=dispute.account_id,
        occurred_at=now,
        after={"dispute_id": dispute.id, "internal": internal, "length": len(text)},
    )
    await resume_if_waiting_on_customer(session, dispute, principal=principal, now=now)
    author = (await session.execute(select(User).where(User.id == principal.user_id))).scalar_one()
    if principal.is_staff and not internal:
        await notify_account(
            session,
            account_id=dispute.account_id,
            now=now,
            subject=f"New message about your dispute {dispute.reference}",
            body=compose(
                "A new message about your dispute {reference}, from {author}:\n\n{message_block}\n\n"
                "Reply here: {link}\n",
                reference=dispute.reference or "",
                author=author.full_name,
                message_block=text,
                link=f"{portal_url}/disputes/{dispute.id}",
            ),
        )
    await session.commit()
    return PostedMessage(message=message, author=author)


async def messages_by_dispute(session: AsyncSession, dispute_ids: Sequence[uuid.UUID]) -> list[list[PostedMessage]]:
    """Messages for many disputes in one statement, oldest first, with their authors (scope hides internal notes from customers)."""
    grouped: dict[uuid.UUID, list[PostedMessage]] = {i: [] for i in dispute_ids}
    rows = await session.execute(
        select(Message, User)
        .join(User, User.id == Message.author_id)
        .where(Message.dispute_id.in_(list(dispute_ids)))
        .order_by(Message.created_at, Message.id)
    )
    for message, author in rows.all():
        grouped[message.dispute_id].append(PostedMessage(message=message, author=author))
    return [grouped[i] for i in dispute_ids]
