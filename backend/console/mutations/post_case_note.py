"""postCaseMessage: staff write to the customer, or leave an internal note only staff see."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from backend.console.types import CaseMessage
from backend.db.types import utc_now
from backend.domain.errors import DomainError
from backend.domain.messages.service import post_message
from backend.graphql.context import Info
from backend.graphql.permissions import IsStaff
from backend.graphql.results import ErrorResult, NotFoundResult, error_result


@strawberry.type(description="The message or note was posted.")
class CaseMessagePosted:
    case_message: CaseMessage


PostCaseMessageResult = Annotated[CaseMessagePosted | ErrorResult, strawberry.union("PostCaseMessageResult")]


@strawberry.type
class PostCaseMessageMutation:
    @strawberry.mutation(
        description="Write to the customer (e-mailed to them) or, with internal: true, a note only staff see.",
        permission_classes=[IsStaff],
    )
    async def post_case_message(
        self, info: Info, case_id: strawberry.ID, body: str, internal: bool
    ) -> PostCaseMessageResult:  # type: ignore[valid-type]
        ctx = info.context
        assert ctx.principal is not None
        try:
            target = uuid.UUID(str(case_id))
        except ValueError:
            return NotFoundResult(message="Case not found.")
        try:
            posted = await post_message(
                ctx.db,
                principal=ctx.principal,
                dispute_id=target,
                body=body,
                internal=internal,
                now=utc_now(),
                portal_url=f"{ctx.public_url}/portal",
            )
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        if ctx.request is not None and not internal:
            ctx.request.app.state.mail_pump.wake()
        return CaseMessagePosted(case_message=CaseMessage.from_posted(posted))
