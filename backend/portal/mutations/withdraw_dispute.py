"""withdrawDispute: a customer takes back an open dispute."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from backend.db.types import utc_now
from backend.domain.disputes.service import withdraw_dispute
from backend.domain.errors import DomainError
from backend.graphql.context import Info
from backend.graphql.permissions import IsCustomer
from backend.graphql.results import ErrorResult, NotFoundResult, error_result
from backend.graphql.types.dispute import Dispute


@strawberry.type(description="The dispute is withdrawn.")
class DisputeWithdrawn:
    dispute: Dispute


WithdrawDisputeResult = Annotated[DisputeWithdrawn | ErrorResult, strawberry.union("WithdrawDisputeResult")]


@strawberry.type
class WithdrawDisputeMutation:
    @strawberry.mutation(description="Withdraw one of your open disputes.", permission_classes=[IsCustomer])
    async def withdraw_dispute(self, info: Info, id: strawberry.ID, reason: str = "") -> WithdrawDisputeResult:  # type: ignore[valid-type]
        try:
            dispute_id = uuid.UUID(str(id))
        except ValueError:
            return NotFoundResult(message="Dispute not found.")
        ctx = info.context
        assert ctx.principal is not None
        try:
            dispute = await withdraw_dispute(
                ctx.db, principal=ctx.principal, dispute_id=dispute_id, reason=reason, now=utc_now()
            )
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        return DisputeWithdrawn(dispute=Dispute.from_model(dispute))
