"""postDisputeMessage: the customer writes to the seller's staff about a dispute."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from backend.db.types import utc_now
from backend.domain.errors import DomainError
from backend.domain.messages.service import post_message
from backend.graphql.context import Info
from backend.graphql.permissions import IsCustomer
from backend.graphql.results import ErrorResult, NotFoundResult, error_result
from backend.graphql.types.message import DisputeMessage


@strawberry.type(description="The message was posted.")
class MessagePosted:
    dispute_message: DisputeMessage


PostDisputeMessageResult = Annotated[MessagePosted | ErrorResult, strawberry.union("PostDisputeMessageResult")]


@strawberry.type
class PostDisputeMessageMutation:
    @strawberry.mutation(
        description="Write to the seller's staff about one of your disputes.", permission_classes=[IsCustomer]
    )
    async def post_dispute_message(self, info: Info, dispute_id: strawberry.ID, body: str) -> PostDisputeMessageResult:  # type: ignore[valid-type]
        try:
            target = uuid.UUID(str(dispute_id))
        except ValueError:
            return NotFoundResult(message="Dispute not found.")
        ctx = info.context
        assert ctx.principal is not None
        try:
            posted = await post_message(
                ctx.db, principal=ctx.principal, dispute_id=target, body=body, internal=False, now=utc_now()
            )
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        return MessagePosted(dispute_message=DisputeMessage.from_posted(posted))
