"""A user of the customer's own account, as their administrator sees them."""

from __future__ import annotations

import strawberry

from backend.domain.accounts.enums import UserRole as DomainUserRole
from backend.domain.accounts.models import User
from backend.graphql.types.enums import UserRole


@strawberry.type(description="Someone with a login on your account.")
class Colleague:
    id: strawberry.ID
    email: str
    full_name: str
    role: UserRole  # type: ignore[valid-type]
    is_active: bool
    invitation_pending: bool
    receives_invoices: bool = strawberry.field(description="E-mailed new invoices with their PDF.")
    receives_reminders: bool = strawberry.field(description="E-mailed payment reminders.")

    @classmethod
    def from_user(cls, user: User, *, invitation_pending: bool) -> Colleague:
        return cls(
            id=strawberry.ID(str(user.id)),
            email=user.email,
            full_name=user.full_name,
            role=DomainUserRole(user.role),
            is_active=user.is_active,
            invitation_pending=invitation_pending,
            receives_invoices=user.receives_invoices,
            receives_reminders=user.receives_reminders,
        )
