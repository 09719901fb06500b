"""Console actions of credit and collections: the credit profile and holds (credit managers), and the collector's
work on accounts — assign, next action, log a contact, record a promise, send reminders, pause reminders."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.console.collections import RiskClass
from backend.db.types import utc_now
from backend.domain.credit import dunning
from backend.domain.credit import settings as collection_settings
from backend.domain.credit.profile import (
    ProfileChange,
    change_credit_profile,
    pause_dunning,
    release_hold,
    require_collections,
)
from backend.domain.credit.promises import cancel_promise, make_promise
from backend.domain.credit.worklist import assign_collector, log_contact, set_next_action
from backend.domain.errors import DomainError, InvalidInput
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ERROR_RESULTS, ErrorResult, NotFoundResult, committed, error_result
from backend.graphql.types.credit import PromiseToPay, promises_with_invoices


@strawberry.type(description="Done; the account view shows the change.")
class CollectionsDone:
    message: str
    account_ids: list[strawberry.ID]


@strawberry.type(description="The promise is recorded.")
class PromiseRecorded:
    promise: PromiseToPay


@strawberry.type(description="The setting is saved.")
class CollectionsSettingSaved:
    message: str


SaveCollectionsSettingResult = Annotated[
    CollectionsSettingSaved | ErrorResult, strawberry.union("SaveCollectionsSettingResult")
]


@strawberry.type(description="The reminders went out (through the outbox).")
class RemindersSent:
    letters: int
    message: str


CollectionsResult = Annotated[CollectionsDone | ErrorResult, strawberry.union("CollectionsResult")]
RecordPromiseResult = Annotated[PromiseRecorded | ErrorResult, strawberry.union("RecordPromiseResult")]
SendRemindersResult = Annotated[RemindersSent | ErrorResult, strawberry.union("SendRemindersResult")]


def _ids(values: list[strawberry.ID]) -> list[uuid.UUID] | None:
    try:
        return [uuid.UUID(str(v)) for v in values[:201]]
    except ValueError:
        return None


def _done(message: str, ids: list[uuid.UUID]) -> CollectionsDone:
    return CollectionsDone(message=message, account_ids=[strawberry.ID(str(i)) for i in ids])


async def _on_accounts(
    info: Info,
    account_ids: list[strawberry.ID],
    action: Callable[[AsyncSession, list[uuid.UUID]], Awaitable[object]],
    message: str,
) -> CollectionsResult:  # type: ignore[valid-type]
    """Run one domain action on accounts and commit: a bad id is "not found", a domain error its typed result."""
    ids = _ids(account_ids)
    if ids is None:  # an id that is no id; none at all is the domain's "choose 1 to 200"
        return NotFoundResult(message="Account not found.")
    db = info.context.db
    result = await committed(db, action(db, ids))
    if isinstance(result, ERROR_RESULTS):
        return result
    return _done(message, ids)


@strawberry.type
class CollectionsMutation:
    @strawberry.mutation(
        description="Change an account's credit limit, risk class, terms and review date (credit managers).",
        permission_classes=[IsStaff],
    )
    async def change_credit_profile(  # type: ignore[valid-type]
        self,
        info: Info,
        account_id: strawberry.ID,
        version: int,
        credit_limit: Decimal,
        risk_class: RiskClass,
        payment_terms_days: int,
        credit_review_on: date | None = None,
    ) -> CollectionsResult:
        change = ProfileChange(credit_limit, risk_class.value, payment_terms_days, credit_review_on)
        return await _on_accounts(
            info,
            [account_id],
            lambda db, ids: change_credit_profile(
                db,
                principal=acting_principal(info),
                account_id=ids[0],
                version=version,
                change=change,
                today=info.context.today,
                now=utc_now(),
            ),
            "Credit profile saved.",
        )

    @strawberry.mutation(
        description="Release an account's credit hold with a note (credit managers).", permission_classes=[IsStaff]
    )
    async def release_credit_hold(self, info: Info, account_id: strawberry.ID, note: str) -> CollectionsResult:  # type: ignore[valid-type]
        return await _on_accounts(
            info,
            [account_id],
            lambda db, ids: release_hold(
                db,
                principal=acting_principal(info),
                account_id=ids[0],
                note=note,
                today=info.context.today,
                now=utc_now(),
            ),
            "Hold released.",
        )

    @strawberry.mutation(
        description="Pause reminders to an account until a day, with a reason; no day resumes them.",
        permission_classes=[IsStaff],
    )
    async def pause_reminders(  # type: ignore[valid-type]
        self, info: Info, account_id: strawberry.ID, until: date | None = None, reason: str = ""
    ) -> CollectionsResult:
        return await _on_accounts(
            info,
            [account_id],
            lambda db, ids: pause_dunning(
                db,
                principal=acting_principal(info),
                account_id=ids[0],
                until=until,
                reason=reason,
                today=info.context.today,
                now=utc_now(),
            ),
            "Reminders paused." if until else "Reminders resumed.",
        )

    @strawberry.mutation(description="Give accounts to a collector (none: unassign).", permission_classes=[IsStaff])
    async def assign_collector(  # type: ignore[valid-type]
        self, info: Info, account_ids: list[strawberry.ID], collector_id: strawberry.ID | None = None
    ) -> CollectionsResult:
        collector = _ids([collector_id]) if collector_id else []
        if collector is None:
            return NotFoundResult(message="Collector not found.")
        return await _on_accounts(
            info,
            account_ids,
            lambda db, ids: assign_collector(
                db,
                principal=acting_principal(info),
                account_ids=ids,
                collector_id=collector[0] if collector else None,
                now=utc_now(),
            ),
            f"{len(account_ids)} account(s) assigned.",
        )

    @strawberry.mutation(
        description="Set the day of the next action on accounts (none: clear it).", permission_classes=[IsStaff]
    )
    async def set_next_action(  # type: ignore[valid-type]
        self, info: Info, account_ids: list[strawberry.ID], on: date | None = None
    ) -> CollectionsResult:
        return await _on_accounts(
            info,
            account_ids,
            lambda db, ids: set_next_action(
                db, principal=acting_principal(info), account_ids=ids, on=on, today=info.context.today, now=utc_now()
            ),
            f"Next action set on {len(account_ids)} account(s).",
        )

    @strawberry.mutation(description="Log a call, e-mail or note on accounts' timelines.", permission_classes=[IsStaff])
    async def log_contact(  # type: ignore[valid-type]
        self, info: Info, account_ids: list[strawberry.ID], kind: str, outcome: str = "", note: str = ""
    ) -> CollectionsResult:
        return await _on_accounts(
            info,
            account_ids,
            lambda db, ids: log_contact(
                db,
                principal=acting_principal(info),
                account_ids=ids,
                kind=kind,
                outcome=outcome,
                note=note,
                now=utc_now(),
            ),
            f"Logged on {len(account_ids)} account(s).",
        )

    @strawberry.mutation(
        description="Record a customer's promise to pay (amount, date, invoices).", permission_classes=[IsStaff]
    )
    async def record_promise_to_pay(  # type: ignore[valid-type]
        self,
        info: Info,
        account_id: strawberry.ID,
        invoice_ids: list[strawberry.ID],
        amount: Decimal,
        promised_on: date,
        note: str = "",
    ) -> RecordPromiseResult:
        account = _ids([account_id])
        invoices = _ids(invoice_ids)
        if not account or invoices is None:
            return NotFoundResult(message="Account not found.")
        principal = acting_principal(info)
        db = info.context.db
        try:
            require_collections(principal)
        except DomainError as error:
            return error_result(error)
        result = await committed(
            db,
            make_promise(
                db,
                principal=principal,
                account_id=account[0],
                invoice_ids=invoices,
                amount=amount,
                promised_on=promised_on,
                note=note,
                today=info.context.today,
                now=utc_now(),
            ),
        )
        if isinstance(result, ERROR_RESULTS):
            return result
        promise = result
        return PromiseRecorded(promise=(await promises_with_invoices(info, [promise]))[0])

    @strawberry.mutation(description="Cancel an open promise to pay.", permission_classes=[IsStaff])
    async def cancel_promise_to_pay(self, info: Info, promise_id: strawberry.ID) -> RecordPromiseResult:  # type: ignore[valid-type]
        ids = _ids([promise_id])
        if not ids:
            return NotFoundResult(message="Promise not found.")
        principal = acting_principal(info)
        db = info.context.db
        try:
            require_collections(principal)
        except DomainError as error:
            return error_result(error)
        result = await committed(
            db,
            cancel_promise(db, principal=principal, promise_id=ids[0], today=info.context.today, now=utc_now()),
        )
        if isinstance(result, ERROR_RESULTS):
            return result
        promise = result
        return PromiseRecorded(promise=(await promises_with_invoices(info, [promise]))[0])

    @strawberry.mutation(
        description="Send the reminders now due to these accounts (what the preview shows for them).",
        permission_classes=[IsStaff],
    )
    async def send_reminders(self, info: Info, account_ids: list[strawberry.ID]) -> SendRemindersResult:  # type: ignore[valid-type]
        ids = _ids(account_ids)
        if ids is None:
            return NotFoundResult(message="Account not found.")
        principal = acting_principal(info)
        db = info.context.db
        try:
            require_collections(principal)
            if not ids or len(ids) > 200:
                raise InvalidInput("accountIds", "Choose 1 to 200 accounts.", "accounts_count")
            summary = await dunning.run(
                db,
                today=info.context.today,
                now=utc_now(),
                portal_url=f"{info.context.public_url}/portal",
                account_ids=ids,
                sent_by=principal.user_id,
            )
        except DomainError as error:
            await db.rollback()
            return error_result(error)
        if not summary.letters:
            return RemindersSent(letters=0, message="Nothing new is due a reminder on these accounts.")
        return RemindersSent(letters=summary.letters, message=f"{summary.letters} reminder(s) sent.")

    @strawberry.mutation(
        description="Turn a credit hold rule on or off, or change its days (credit managers).",
        permission_classes=[IsStaff],
    )
    async def save_credit_hold_rule(  # type: ignore[valid-type]
        self, info: Info, kind: str, active: bool, days: int | None = None
    ) -> SaveCollectionsSettingResult:
        db = info.context.db
        result = await committed(
            db,
            collection_settings.save_hold_rule(
                db, principal=acting_principal(info), kind=kind, days=days, active=active, now=utc_now()
            ),
        )
        if isinstance(result, ERROR_RESULTS):
            return result
        return CollectionsSettingSaved(message="Hold rule saved; accounts are re-assessed tonight or when money moves.")

    @strawberry.mutation(
        description="Change a level of the reminder ladder, or add one after the last (credit managers).",
        permission_classes=[IsStaff],
    )
    async def save_dunning_level(  # type: ignore[valid-type]
        self,
        info: Info,
        name: str,
        days_after_due: int,
        subject: str,
        body: str,
        active: bool,
        level_id: strawberry.ID | None = None,
    ) -> SaveCollectionsSettingResult:
        ids = _ids([level_id]) if level_id else []
        if ids is None:
            return NotFoundResult(message="Level not found.")
        db = info.context.db
        result = await committed(
            db,
            collection_settings.save_dunning_level(
                db,
                principal=acting_principal(info),
                level_id=ids[0] if ids else None,
                change=collection_settings.LevelChange(name, days_after_due, subject, body, active),
                now=utc_now(),
            ),
        )
        if isinstance(result, ERROR_RESULTS):
            return result
        return CollectionsSettingSaved(message="Reminder level saved.")
