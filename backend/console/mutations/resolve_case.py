"""The actions that decide a case: approve (credit memo), deny, write off, request information, reopen."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from backend.console.case_view import case_view
from backend.console.types import Case
from backend.db.types import utc_now
from backend.domain.errors import DomainError
from backend.domain.resolution import service as resolution
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, NotFoundResult, error_result
from backend.graphql.types.credit_memo import CreditMemo
from backend.graphql.types.enums import RootCause


@strawberry.type(description="The action was applied (or had been, under this idempotency key).")
class CaseUpdated:
    case: Case
    credit_memo: CreditMemo | None


ROOT_CAUSE = "What really went wrong; required (none: an InvalidInputResult on rootCause, code root_cause_required)."

CaseActionResult = Annotated[CaseUpdated | ErrorResult, strawberry.union("CaseActionResult")]


@strawberry.input(description="Approve a claim in full (no amount) or in part.")
class ApproveCaseInput:
    case_id: strawberry.ID
    version: int
    amount: Decimal | None = None
    note: str = ""
    idempotency_key: str
    root_cause: RootCause | None = strawberry.field(default=None, description=ROOT_CAUSE)  # type: ignore[valid-type]


@strawberry.input(
    description="Write a claim off: an internal reason for staff, and optionally a message the customer reads."
)
class WriteOffCaseInput:
    case_id: strawberry.ID
    version: int
    reason: str = strawberry.field(description="Why, for staff and the audit trail; the customer never sees it.")
    idempotency_key: str
    customer_message: str = strawberry.field(
        default="", description='What the customer reads after "Written off." on their dispute (optional).'
    )
    root_cause: RootCause | None = strawberry.field(default=None, description=ROOT_CAUSE)  # type: ignore[valid-type]


@strawberry.input(description="Deny a claim; the reason goes to the customer.")
class DenyCaseInput:
    case_id: strawberry.ID
    version: int
    reason: str
    root_cause: RootCause | None = strawberry.field(default=None, description=ROOT_CAUSE)  # type: ignore[valid-type]


@strawberry.input(description="Ask the customer for information or documents.")
class RequestInformationInput:
    case_id: strawberry.ID
    version: int
    question: str


@strawberry.input(description="Reopen a denied or written-off case (credit managers and admins).")
class ReopenCaseInput:
    case_id: strawberry.ID
    version: int
    reason: str = ""


def _case_id(value: strawberry.ID) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


async def _apply(
    info: Info, case_id: strawberry.ID, action: Callable[..., Awaitable[resolution.Outcome]], **details: Any
) -> CaseActionResult:  # type: ignore[valid-type]
    """Run one resolution action for the acting staff member on one case and answer with the case as it is now."""
    target = _case_id(case_id)
    if target is None:
        return NotFoundResult(message="Case not found.")
    try:
        outcome = await action(
            info.context.db, principal=acting_principal(info), dispute_id=target, now=utc_now(), **details
        )
    except DomainError as error:
        await info.context.db.rollback()
        return error_result(error)
    if info.context.request is not None:
        info.context.request.app.state.mail_pump.wake()
    memo = CreditMemo.from_model(outcome.credit_memo) if outcome.credit_memo else None
    return CaseUpdated(case=await case_view(info, outcome.dispute.id), credit_memo=memo)


def _portal(info: Info) -> str:
    return f"{info.context.public_url}/portal"


@strawberry.type
class ResolveCaseMutation:
    @strawberry.mutation(
        description="Approve in full or in part: issues a numbered credit memo.", permission_classes=[IsStaff]
    )
    async def approve_case(self, info: Info, input: ApproveCaseInput) -> CaseActionResult:  # type: ignore[valid-type]
        return await _apply(
            info,
            input.case_id,
            resolution.approve,
            version=input.version,
            amount=input.amount,
            note=input.note,
            idempotency_key=input.idempotency_key.strip(),
            root_cause=input.root_cause,
            portal_url=_portal(info),
        )

    @strawberry.mutation(
        description="Deny: the amount is due again and the customer is told why.", permission_classes=[IsStaff]
    )
    async def deny_case(self, info: Info, input: DenyCaseInput) -> CaseActionResult:  # type: ignore[valid-type]
        return await _apply(
            info,
            input.case_id,
            resolution.deny,
            version=input.version,
            reason=input.reason,
            root_cause=input.root_cause,
            portal_url=_portal(info),
        )

    @strawberry.mutation(description="Write off within your role's limit.", permission_classes=[IsStaff])
    async def write_off_case(self, info: Info, input: WriteOffCaseInput) -> CaseActionResult:  # type: ignore[valid-type]
        return await _apply(
            info,
            input.case_id,
            resolution.write_off,
            version=input.version,
            reason=input.reason,
            customer_message=input.customer_message,
            idempotency_key=input.idempotency_key.strip(),
            root_cause=input.root_cause,
        )

    @strawberry.mutation(
        description="Ask the customer for information; the case waits on them.", permission_classes=[IsStaff]
    )
    async def request_case_information(self, info: Info, input: RequestInformationInput) -> CaseActionResult:  # type: ignore[valid-type]
        return await _apply(
            info,
            input.case_id,
            resolution.request_information,
            version=input.version,
            question=input.question,
            portal_url=_portal(info),
        )

    @strawberry.mutation(
        description="Reopen a denied case, or reverse a write-off and reopen it.", permission_classes=[IsStaff]
    )
    async def reopen_case(self, info: Info, input: ReopenCaseInput) -> CaseActionResult:  # type: ignore[valid-type]
        return await _apply(info, input.case_id, resolution.reopen, version=input.version, reason=input.reason)
