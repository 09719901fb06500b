"""The customer's side of collections: the reminders received, promises to pay, and answering a reminder."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from sqlalchemy import select

from backend.db.types import utc_now
from backend.domain.credit.models import DunningLetter as DunningLetterModel
from backend.domain.credit.models import PromiseToPay as PromiseModel
from backend.domain.credit.promises import make_promise
from backend.domain.credit.replies import report_paid
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsCustomer
from backend.graphql.results import ERROR_RESULTS, ErrorResult, NotFoundResult, committed
from backend.graphql.types.credit import PromiseToPay, Reminder, promises_with_invoices, reminders_of

LIST_LIMIT = 100


@strawberry.type(description="The promise is recorded; its invoices get no reminders until the promised day.")
class PromiseMade:
    promise: PromiseToPay


@strawberry.type(description="Your answer reached your collector.")
class ReminderAnswered:
    message: str


PromiseToPayResult = Annotated[PromiseMade | ErrorResult, strawberry.union("PromiseToPayResult")]
ReportPaidResult = Annotated[ReminderAnswered | ErrorResult, strawberry.union("ReportPaidResult")]


def _ids(values: list[strawberry.ID]) -> list[uuid.UUID] | None:
    try:
        return [uuid.UUID(str(v)) for v in values[:200]]
    except ValueError:
        return None


@strawberry.type
class PortalCreditQuery:
    @strawberry.field(
        description="Payment reminders sent to your account, newest first.", permission_classes=[IsCustomer]
    )
    async def reminders(self, info: Info) -> list[Reminder]:
        rows = await info.context.db.execute(
            select(DunningLetterModel)
            .order_by(DunningLetterModel.created_at.desc(), DunningLetterModel.number.desc())
            .limit(LIST_LIMIT)
        )
        return await reminders_of(info.context.db, list(rows.scalars()), info.context.today)

    @strawberry.field(description="Your promises to pay, newest first.", permission_classes=[IsCustomer])
    async def promises_to_pay(self, info: Info) -> list[PromiseToPay]:
        rows = await info.context.db.execute(
            select(PromiseModel).order_by(PromiseModel.created_at.desc()).limit(LIST_LIMIT)
        )
        return await promises_with_invoices(info, list(rows.scalars()))


@strawberry.type
class PortalCreditMutation:
    @strawberry.mutation(
        description="Promise to pay an amount of the chosen invoices by a date (at most 180 days ahead).",
        permission_classes=[IsCustomer],
    )
    async def promise_to_pay(  # type: ignore[valid-type]
        self, info: Info, invoice_ids: list[strawberry.ID], amount: Decimal, promised_on: date, note: str = ""
    ) -> PromiseToPayResult:
        principal = acting_principal(info)
        ids = _ids(invoice_ids)
        if ids is None or principal.account_id is None:
            return NotFoundResult(message="Invoice not found.")
        db = info.context.db
        result = await committed(
            db,
            make_promise(
                db,
                principal=principal,
                account_id=principal.account_id,
                invoice_ids=ids,
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
        return PromiseMade(promise=(await promises_with_invoices(info, [promise]))[0])

    @strawberry.mutation(
        description="Tell your collector a reminder's money is already paid, with the payment's reference.",
        permission_classes=[IsCustomer],
    )
    async def report_reminder_paid(  # type: ignore[valid-type]
        self,
        info: Info,
        reminder_id: strawberry.ID,
        reference: str,
        paid_on: date,
        amount: Decimal,
        note: str = "",
    ) -> ReportPaidResult:
        ids = _ids([reminder_id])
        if not ids:
            return NotFoundResult(message="Reminder not found.")
        db = info.context.db
        result = await committed(
            db,
            report_paid(
                db,
                principal=acting_principal(info),
                letter_id=ids[0],
                reference=reference,
                paid_on=paid_on,
                amount=amount,
                note=note,
                today=info.context.today,
                now=utc_now(),
            ),
        )
        if isinstance(result, ERROR_RESULTS):
            return result
        return ReminderAnswered(message="Thank you. Your collector will find the payment and confirm.")
