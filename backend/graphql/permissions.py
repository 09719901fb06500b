"""Role gates for root fields. Ownership is checked in the data layer, not here."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from backend.graphql.context import Info
from backend.graphql.errors import NotAllowed, NotAuthenticated


class IsSignedIn(BasePermission):
    message = "Sign in to continue."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.principal is None:
            raise NotAuthenticated()
        return True


class IsStaff(BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            raise NotAuthenticated()
        if not principal.is_staff:
            raise NotAllowed()
        return True


class IsCustomer(BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            raise NotAuthenticated()
        if principal.is_staff:
            raise NotAllowed()
        return True


class IsAdmin(BasePermission):
    message = "You are not allowed to do this."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            raise NotAuthenticated()
        if principal.role != "admin":
            raise NotAllowed()
        return True
