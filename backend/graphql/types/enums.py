"""Domain enums exposed to GraphQL under their names."""

from __future__ import annotations

import strawberry

from backend.domain.accounts.enums import UserRole as DomainUserRole
from backend.domain.invoices.enums import InvoiceStatus as DomainInvoiceStatus

UserRole = strawberry.enum(DomainUserRole, name="UserRole")
InvoiceStatus = strawberry.enum(DomainInvoiceStatus, name="InvoiceStatus")
