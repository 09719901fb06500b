"""inviteColleague and deactivateColleague: a customer administrator manages who can sign in for the account."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from backend.db.types import utc_now
from backend.domain.accounts.service import deactivate_colleague, invite_colleague, set_mail_choices
from backend.domain.auth.tokens import pending_invitations
from backend.domain.errors import DomainError
from backend.graphql.context import Info
from backend.graphql.permissions import IsCustomer
from backend.graphql.results import ErrorResult, NotFoundResult, error_result
from backend.graphql.types.colleague import Colleague


@strawberry.type(description="The colleague was invited or changed.")
class ColleagueSaved:
    colleague: Colleague


ManageColleagueResult = Annotated[
    ColleagueSaved | ErrorResult,
    strawberry.union("ManageColleagueResult"),
]


@strawberry.type
class ManageColleaguesMutation:
    @strawberry.mutation(
        description="Invite a colleague by e-mail (a one-time link valid 72 hours). Account administrators only.",
        permission_classes=[IsCustomer],
    )
    async def invite_colleague(self, info: Info, email: str, full_name: str) -> ManageColleagueResult:  # type: ignore[valid-type]
        ctx = info.context
        assert ctx.principal is not None
        try:
            user = await invite_colleague(
                ctx.db,
                principal=ctx.principal,
                email=email,
                full_name=full_name,
                portal_url=f"{ctx.public_url}/portal",
                now=utc_now(),
            )
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        if ctx.request is not None:
            ctx.request.app.state.mail_pump.wake()
        return ColleagueSaved(colleague=Colleague.from_user(user, invitation_pending=True))

    @strawberry.mutation(
        description="Switch off a colleague's login. Account administrators only.", permission_classes=[IsCustomer]
    )
    async def deactivate_colleague(self, info: Info, user_id: strawberry.ID) -> ManageColleagueResult:  # type: ignore[valid-type]
        ctx = info.context
        assert ctx.principal is not None
        try:
            target = uuid.UUID(str(user_id))
        except ValueError:
            return NotFoundResult(message="Colleague not found.")
        try:
            user = await deactivate_colleague(ctx.db, principal=ctx.principal, user_id=target, now=utc_now())
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        return ColleagueSaved(colleague=Colleague.from_user(user, invitation_pending=False))

    @strawberry.mutation(
        description="Choose whether a colleague is e-mailed new invoices and payment reminders. Account "
        "administrators only.",
        permission_classes=[IsCustomer],
    )
    async def set_colleague_mail(  # type: ignore[valid-type]
        self, info: Info, user_id: strawberry.ID, receives_invoices: bool, receives_reminders: bool
    ) -> ManageColleagueResult:
        ctx = info.context
        assert ctx.principal is not None
        try:
            target = uuid.UUID(str(user_id))
        except ValueError:
            return NotFoundResult(message="Colleague not found.")
        try:
            user = await set_mail_choices(
                ctx.db,
                principal=ctx.principal,
                user_id=target,
                receives_invoices=receives_invoices,
                receives_reminders=receives_reminders,
                now=utc_now(),
            )
        except DomainError as error:
            await ctx.db.rollback()
            return error_result(error)
        pending = await pending_invitations(ctx.db, [user.id], utc_now())
        return ColleagueSaved(colleague=Colleague.from_user(user, invitation_pending=user.id in pending))
