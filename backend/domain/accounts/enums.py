"""Roles a user can have."""

from __future__ import annotations

from enum import StrEnum


class UserRole(StrEnum):
    CUSTOMER_ADMIN = "customer_admin"
    CUSTOMER_USER = "customer_user"
    AR_CLERK = "ar_clerk"
    COLLECTOR = "collector"
    CREDIT_MANAGER = "credit_manager"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self not in {UserRole.CUSTOMER_ADMIN, UserRole.CUSTOMER_USER}


def sql_in(values: type[StrEnum]) -> str:
    """``'a', 'b'`` for a CHECK constraint listing an enum's values."""
    return ", ".join(f"'{v.value}'" for v in values)
