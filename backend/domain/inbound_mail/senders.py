"""Who a message is from: a customer's user's own address, an address staff assigned, or a domain an admin gave a
customer. Anything else is an unknown sender and waits in the review list.

(From is what the message says: a forged one is read as that customer's mail. What it carries is matched among that
customer's own invoices only, and a person sees every message in the console.)
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.scope import Principal
from backend.domain.accounts.models import User
from backend.domain.administration.service import audit_change, require_admin
from backend.domain.cash.column_mappings import account_by_number
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.inbound_mail.enums import SenderKind
from backend.domain.inbound_mail.models import InboundMailSender

DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ADDRESS = re.compile(r"^[^@\s]{1,64}@[^@\s]{3,253}$")


def _domains(address: str) -> list[str]:
    """``ap.contoso.example`` and its parents (``contoso.example``), most specific first."""
    host = address.rsplit("@", 1)[-1]
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


async def account_for_sender(session: AsyncSession, address: str) -> uuid.UUID | None:
    """The customer whose mail this address is, or None."""
    address = address.strip().lower()
    if not ADDRESS.match(address):
        return None
    user = (
        await session.execute(
            select(User.account_id).where(func.lower(User.email) == address, User.account_id.is_not(None)).limit(1)
        )
    ).scalar_one_or_none()
    if user is not None:
        return user
    rows = (
        await session.execute(
            select(InboundMailSender.value, InboundMailSender.account_id).where(
                InboundMailSender.value.in_([address, *_domains(address)])
            )
        )
    ).all()
    known = dict(rows)
    for value in [address, *_domains(address)]:
        if value in known:
            return known[value]
    return None


async def remember_sender(
    session: AsyncSession,
    *,
    principal: Principal,
    account_id: uuid.UUID,
    kind: SenderKind,
    value: str,
    now: datetime,
) -> InboundMailSender:
    """Add an address or a domain to a customer (audited ``inbound_mail.sender_saved``). The caller commits."""
    value = value.strip().lower().lstrip("@")
    if kind is SenderKind.DOMAIN and not DOMAIN.match(value):
        raise InvalidInput("domain", "Write a mail domain such as contoso.example.", "domain_invalid")
    if kind is SenderKind.ADDRESS and not ADDRESS.match(value):
        raise InvalidInput("address", "Write an e-mail address.", "address_invalid")
    existing = (
        await session.execute(select(InboundMailSender).where(InboundMailSender.value == value))
    ).scalar_one_or_none()
    if existing is not None:
        if existing.account_id == account_id:
            return existing
        raise Conflict(f"{value} is already another customer's.")
    sender = InboundMailSender(account_id=account_id, kind=kind.value, value=value, added_by_id=principal.user_id)
    sender.added_at = now
    session.add(sender)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict(f"{value} was just given to a customer; reload.") from None
    await audit_change(
        session,
        principal,
        "inbound_mail.sender_saved",
        "inbound_mail_sender",
        sender.id,
        None,
        {"account_id": str(account_id), "kind": kind.value, "value": value},
        now,
    )
    return sender


async def save_domain(
    session: AsyncSession, *, principal: Principal, customer_number: str, domain: str, now: datetime
) -> InboundMailSender:
    """An admin gives a mail domain to a customer: its mail is that customer's from now on. Commits."""
    require_admin(principal)
    account = await account_by_number(session, customer_number)
    sender = await remember_sender(
        session, principal=principal, account_id=account.id, kind=SenderKind.DOMAIN, value=domain, now=now
    )
    await session.commit()
    return sender


async def remove_sender(session: AsyncSession, *, principal: Principal, sender_id: uuid.UUID, now: datetime) -> None:
    """An admin takes an address or domain away from its customer (audited). Commits."""
    require_admin(principal)
    sender = await session.get(InboundMailSender, sender_id)
    if sender is None:
        raise NotFound("That sender is not known (any more).")
    before = {"account_id": str(sender.account_id), "kind": sender.kind, "value": sender.value}
    await session.delete(sender)
    await audit_change(
        session, principal, "inbound_mail.sender_removed", "inbound_mail_sender", sender_id, before, {}, now
    )
    await session.commit()
