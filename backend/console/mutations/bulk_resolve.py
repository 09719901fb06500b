"""bulkApproveCases and bulkWriteOffCases: the single-case rules applied to each case, each failure reported."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable

import strawberry

from backend.console.case_view import case_view
from backend.console.types import Case
from backend.db.types import utc_now
from backend.domain.errors import DomainError
from backend.domain.resolution import service as resolution
from backend.graphql.context import Info, acting_principal
from backend.graphql.permissions import IsStaff
from backend.graphql.types.enums import RootCause

MAX_BULK = 100


@strawberry.input(description="A case and the version you saw.")
class CaseVersionInput:
    case_id: strawberry.ID
    version: int


@strawberry.type(description="A case the bulk action could not apply, and why.")
class BulkFailure:
    case_id: strawberry.ID
    message: str


@strawberry.type(description="What a bulk action did: the cases it changed and the ones it could not.")
class BulkResult:
    succeeded: list[Case]
    failed: list[BulkFailure]


def _key_for(bulk_key: str, case_id: uuid.UUID) -> str:
    """Each case gets its own idempotency key derived from the bulk one, so a retried bulk replays per case."""
    return hashlib.sha256(f"{bulk_key}|{case_id}".encode()).hexdigest()[:48]


async def _each(
    info: Info, cases: list[CaseVersionInput], run: Callable[[uuid.UUID, int], Awaitable[resolution.Outcome]]
) -> BulkResult:
    succeeded: list[Case] = []
    failed: list[BulkFailure] = []
    for item in cases[:MAX_BULK]:
        try:
            case_id = uuid.UUID(str(item.case_id))
        except ValueError:
            failed.append(BulkFailure(case_id=item.case_id, message="Case not found."))
            continue
        try:
            outcome = await run(case_id, item.version)
        except DomainError as error:
            await info.context.db.rollback()
            failed.append(BulkFailure(case_id=item.case_id, message=error.message))
            continue
        succeeded.append(await case_view(info, outcome.dispute.id))
    for item in cases[MAX_BULK:]:
        failed.append(BulkFailure(case_id=item.case_id, message=f"At most {MAX_BULK} cases at a time."))
    if info.context.request is not None:
        info.context.request.app.state.mail_pump.wake()
    return BulkResult(succeeded=succeeded, failed=failed)


@strawberry.type
class BulkResolveMutation:
    @strawberry.mutation(
        description="Approve several cases in full; each is checked on its own.", permission_classes=[IsStaff]
    )
    async def bulk_approve_cases(
        self,
        info: Info,
        cases: list[CaseVersionInput],
        idempotency_key: str,
        note: str = "",
        root_cause: RootCause | None = None,  # type: ignore[valid-type]
    ) -> BulkResult:
        principal = acting_principal(info)
        return await _each(
            info,
            cases,
            lambda case_id, version: resolution.approve(
                info.context.db,
                principal=principal,
                dispute_id=case_id,
                version=version,
                amount=None,
                note=note,
                idempotency_key=_key_for(idempotency_key, case_id),
                now=utc_now(),
                root_cause=root_cause,
                portal_url=f"{info.context.public_url}/portal",
            ),
        )

    @strawberry.mutation(description="Write off several cases, each within your limit.", permission_classes=[IsStaff])
    async def bulk_write_off_cases(
        self,
        info: Info,
        cases: list[CaseVersionInput],
        idempotency_key: str,
        reason: str,
        customer_message: str = "",
        root_cause: RootCause | None = None,  # type: ignore[valid-type]
    ) -> BulkResult:
        principal = acting_principal(info)
        return await _each(
            info,
            cases,
            lambda case_id, version: resolution.write_off(
                info.context.db,
                principal=principal,
                dispute_id=case_id,
                version=version,
                reason=reason,
                customer_message=customer_message,
                idempotency_key=_key_for(idempotency_key, case_id),
                now=utc_now(),
                root_cause=root_cause,
            ),
        )
