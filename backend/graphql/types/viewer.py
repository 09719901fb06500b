"""The signed-in user as they see themselves."""

from __future__ import annotations

import uuid

import strawberry

from backend.domain.accounts.enums import UserRole as DomainUserRole
from backend.domain.accounts.models import User
from backend.domain.accounts.service import seller_name
from backend.domain.auth.service import SignedInUser
from backend.graphql.context import Info
from backend.graphql.types.account import CustomerAccount
from backend.graphql.types.enums import UserRole


@strawberry.type(description="The signed-in user.")
class Viewer:
    id: strawberry.ID
    email: str
    full_name: str
    role: UserRole  # type: ignore[valid-type]
    is_staff: bool
    account_id: strawberry.Private[uuid.UUID | None]

    @classmethod
    def from_user(cls, user: User | SignedInUser) -> Viewer:
        role = DomainUserRole(user.role)
        return cls(
            id=strawberry.ID(str(user.id)),
            email=user.email,
            full_name=user.full_name,
            role=role,
            is_staff=role.is_staff,
            account_id=user.account_id,
        )

    @strawberry.field(description="The customer account, for customer users; null for staff.")
    async def account(self, info: Info) -> CustomerAccount | None:
        if self.account_id is None:
            return None
        account = await info.context.loaders.accounts.load(self.account_id)
        return CustomerAccount.from_model(account) if account else None

    @strawberry.field(description="The seller's name, as it signs messages and documents.")
    async def seller_name(self, info: Info) -> str:
        return await seller_name(info.context.db)
