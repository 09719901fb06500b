"""Console inbound mail: every message the mailbox read with what became of it, the review list (assign an unknown
sender to a customer, or dismiss), and the mail domains admins give customers. Staff only; every change audited."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, or_, select

from backend.console.admin_types import AdminResult, SettingSaved
from backend.console.administration import saved_setting
from backend.console.cash import parse_id
from backend.db.types import utc_now
from backend.domain.accounts.models import CustomerAccount
from backend.domain.cash.models import RemittanceAdvice
from backend.domain.errors import DomainError
from backend.domain.inbound_mail import senders, service
from backend.domain.inbound_mail.enums import MessageStatus, SenderKind
from backend.domain.inbound_mail.models import InboundMailSender as SenderModel
from backend.domain.inbound_mail.models import InboundMessage as MessageModel
from backend.graphql.context import Info, acting_principal
from backend.graphql.errors import PublicError
from backend.graphql.pagination import clamp_page_size
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, error_result

MAX_PAGE = 100


@strawberry.type(description="What became of one attachment of an inbound message.")
class InboundAttachment:
    filename: str
    content_type: str
    size: int
    kind: str = strawberry.field(description="remittance (advices made), document (kept in the archive) or unreadable.")
    note: str
    document_id: strawberry.ID | None
    advice_ids: list[strawberry.ID]


@strawberry.type(description="What a customer said a payment covers, waiting for the cash (or used by an import).")
class RemittanceAdviceSummary:
    id: strawberry.ID
    status: str = strawberry.field(description="waiting, used or dismissed.")
    total: Decimal
    payment_reference: str
    filename: str
    import_id: strawberry.ID | None = strawberry.field(description="The import whose payment it matched.")


@strawberry.type(description="One e-mail the inbound mailbox read.")
class InboundMessage:
    id: strawberry.ID
    received_at: datetime
    sent_at: datetime | None
    source: str = strawberry.field(description="imap, folder (the drop folder) or upload (handed in by a person).")
    sender: str
    subject: str
    customer_number: str | None
    account_name: str | None
    status: str = strawberry.field(description="received, processed, review or dismissed.")
    reason: str = strawberry.field(
        description="Why it is in review: unknown_sender, unreadable_attachment, nothing_usable, too_large, limits, "
        "malformed or failed (empty otherwise)."
    )
    detail: str
    note: str = strawberry.field(description="What staff wrote when they assigned or dismissed it.")
    attachments: list[InboundAttachment]
    advices: list[RemittanceAdviceSummary]
    has_original: bool = strawberry.field(description="The original is in the archive (GET /api/inbound-mail/…).")


@strawberry.type
class InboundMessagePage:
    items: list[InboundMessage]
    total_count: int
    offset: int
    review_count: int = strawberry.field(description="Messages waiting for a person, whatever the filter.")


@strawberry.type(description="An address or a mail domain whose mail is a customer's.")
class InboundMailSender:
    id: strawberry.ID
    kind: str = strawberry.field(description="address or domain.")
    value: str
    customer_number: str
    account_name: str
    added_at: datetime


@strawberry.type
class InboundMessageUpdated:
    inbound_message: InboundMessage


@strawberry.type
class InboundMailSenderSaved:
    sender: InboundMailSender


InboundMessageResult = Annotated[InboundMessageUpdated | ErrorResult, strawberry.union("InboundMessageResult")]
InboundMailSenderResult = Annotated[InboundMailSenderSaved | ErrorResult, strawberry.union("InboundMailSenderResult")]


@strawberry.enum(description="Whether assigning a message also makes its sender known for next time.")
class RememberSender(Enum):
    NONE = "none"
    ADDRESS = "address"
    DOMAIN = "domain"


def _attachment(item: dict[str, Any]) -> InboundAttachment:
    return InboundAttachment(
        filename=str(item.get("filename", "")),
        content_type=str(item.get("content_type", "")),
        size=int(item.get("size", 0)),
        kind=str(item.get("kind", "")),
        note=str(item.get("note", "")),
        document_id=strawberry.ID(item["document_id"]) if item.get("document_id") else None,
        advice_ids=[strawberry.ID(a) for a in item.get("advice_ids", [])],
    )


async def _views(info: Info, rows: list[Any]) -> list[InboundMessage]:
    """The page's messages with their customers and advices (one statement for the advices of the whole page)."""
    ids = [message.id for message, *_ in rows]
    advices: dict[uuid.UUID, list[RemittanceAdviceSummary]] = defaultdict(list)
    if ids:
        for advice in (
            await info.context.db.execute(
                select(RemittanceAdvice)
                .where(RemittanceAdvice.inbound_message_id.in_(ids))
                .order_by(RemittanceAdvice.created_at)
            )
        ).scalars():
            advices[advice.inbound_message_id].append(  # type: ignore[index]
                RemittanceAdviceSummary(
                    id=strawberry.ID(str(advice.id)),
                    status=advice.status,
                    total=advice.total,
                    payment_reference=advice.payment_reference,
                    filename=advice.filename,
                    import_id=strawberry.ID(str(advice.import_id)) if advice.import_id else None,
                )
            )
    return [
        InboundMessage(
            id=strawberry.ID(str(m.id)),
            received_at=m.received_at,
            sent_at=m.sent_at,
            source=m.source,
            sender=m.sender,
            subject=m.subject,
            customer_number=number,
            account_name=name,
            status=m.status,
            reason=m.reason,
            detail=m.detail,
            note=m.note,
            attachments=[_attachment(a) for a in m.attachments or []],
            advices=advices.get(m.id, []),
            has_original=m.object_key is not None,
        )
        for m, number, name, *_ in rows
    ]


def _with_customer() -> Any:
    return select(MessageModel, CustomerAccount.number, CustomerAccount.name).outerjoin(
        CustomerAccount, CustomerAccount.id == MessageModel.account_id
    )


async def _one(info: Info, message_id: uuid.UUID) -> InboundMessage:
    row = (await info.context.db.execute(_with_customer().where(MessageModel.id == message_id))).one()
    return (await _views(info, [row]))[0]


@strawberry.type
class InboundMailQuery:
    @strawberry.field(description="Messages the inbound mailbox read, newest first.", permission_classes=[IsStaff])
    async def inbound_messages(
        self,
        info: Info,
        status: Annotated[
            list[str] | None, strawberry.argument(description="received, processed, review, dismissed; all if null.")
        ] = None,
        offset: int = 0,
        first: int = 25,
    ) -> InboundMessagePage:
        if offset < 0:
            raise PublicError("offset must be zero or more.")
        db = info.context.db
        statement = _with_customer().add_columns(func.count().over().label("total"))
        if status:
            statement = statement.where(MessageModel.status.in_([s[:16] for s in status[:4]]))
        rows = (
            await db.execute(
                statement.order_by(MessageModel.received_at.desc(), MessageModel.id.desc())
                .offset(offset)
                .limit(clamp_page_size(first, MAX_PAGE))
            )
        ).all()
        review = (
            await db.execute(
                select(func.count()).select_from(MessageModel).where(MessageModel.status == MessageStatus.REVIEW.value)
            )
        ).scalar_one()
        return InboundMessagePage(
            items=await _views(info, list(rows)),
            total_count=rows[0].total if rows else 0,
            offset=offset,
            review_count=int(review),
        )

    @strawberry.field(
        description="Addresses and mail domains known as a customer's (a customer's users' own addresses are known "
        "without being listed).",
        permission_classes=[IsStaff],
    )
    async def inbound_mail_senders(
        self,
        info: Info,
        customer: Annotated[str, strawberry.argument(description="A customer number or part of a name.")] = "",
    ) -> list[InboundMailSender]:
        statement = (
            select(SenderModel, CustomerAccount.number, CustomerAccount.name)
            .join(CustomerAccount, CustomerAccount.id == SenderModel.account_id)
            .order_by(CustomerAccount.name, SenderModel.value)
            .limit(500)
        )
        if needle := customer.strip()[:100]:
            statement = statement.where(
                or_(CustomerAccount.number == needle, CustomerAccount.name.ilike(f"%{needle}%"))
            )
        return [
            _sender(sender, number, name) for sender, number, name in (await info.context.db.execute(statement)).all()
        ]


def _sender(sender: Any, number: str, name: str) -> InboundMailSender:
    return InboundMailSender(
        id=strawberry.ID(str(sender.id)),
        kind=sender.kind,
        value=sender.value,
        customer_number=number,
        account_name=name,
        added_at=sender.added_at,
    )


async def _wake(info: Info) -> None:
    request = info.context.request
    if request is not None:
        await request.app.state.background.inbound_mail_due()


@strawberry.type
class InboundMailMutation:
    @strawberry.mutation(
        description="Say whose an unknown sender's message is: it is read again as that customer's; remember the "
        "address (or its whole domain) for the next ones (audited).",
        permission_classes=[IsStaff],
    )
    async def assign_inbound_sender(
        self,
        info: Info,
        message_id: strawberry.ID,
        customer_number: str,
        remember: RememberSender = RememberSender.ADDRESS,
    ) -> InboundMessageResult:  # type: ignore[valid-type]
        db = info.context.db
        try:
            message = await service.assign_sender(
                db,
                principal=acting_principal(info),
                message_id=parse_id(message_id, "messageId"),
                customer_number=customer_number,
                remember=None if remember is RememberSender.NONE else SenderKind(remember.value),
                now=utc_now(),
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        await _wake(info)
        return InboundMessageUpdated(inbound_message=await _one(info, message.id))

    @strawberry.mutation(
        description="Close a message of the review list (handled by hand, or nothing to do); audited.",
        permission_classes=[IsStaff],
    )
    async def dismiss_inbound_message(
        self, info: Info, message_id: strawberry.ID, note: str = ""
    ) -> InboundMessageResult:  # type: ignore[valid-type]
        db = info.context.db
        try:
            message = await service.dismiss(
                db,
                principal=acting_principal(info),
                message_id=parse_id(message_id, "messageId"),
                note=note,
                now=utc_now(),
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        return InboundMessageUpdated(inbound_message=await _one(info, message.id))

    @strawberry.mutation(
        description="Give a mail domain to a customer: mail from it is that customer's (admins; audited).",
        permission_classes=[IsStaff],
    )
    async def save_inbound_mail_domain(self, info: Info, customer_number: str, domain: str) -> InboundMailSenderResult:  # type: ignore[valid-type]
        db = info.context.db
        try:
            sender = await senders.save_domain(
                db, principal=acting_principal(info), customer_number=customer_number, domain=domain, now=utc_now()
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        account = await db.get(CustomerAccount, sender.account_id)
        assert account is not None
        return InboundMailSenderSaved(sender=_sender(sender, account.number, account.name))

    @strawberry.mutation(
        description="Take an address or domain away from its customer (admins; audited).", permission_classes=[IsStaff]
    )
    async def remove_inbound_mail_sender(self, info: Info, id: strawberry.ID) -> AdminResult:  # type: ignore[valid-type]
        async def act() -> SettingSaved:
            await senders.remove_sender(
                info.context.db, principal=acting_principal(info), sender_id=parse_id(id, "id"), now=utc_now()
            )
            return SettingSaved()

        return await saved_setting(info, act)
