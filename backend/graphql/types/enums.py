"""Domain enums exposed to GraphQL under their names."""

from __future__ import annotations

import strawberry

from backend.domain.accounts.enums import UserRole as DomainUserRole
from backend.domain.disputes.enums import DisputeOrigin as DomainDisputeOrigin
from backend.domain.disputes.enums import DisputeStatus as DomainDisputeStatus
from backend.domain.disputes.enums import RootCause as DomainRootCause
from backend.domain.invoices.enums import InvoiceSort as DomainInvoiceSort
from backend.domain.invoices.enums import InvoiceStatus as DomainInvoiceStatus

UserRole = strawberry.enum(DomainUserRole, name="UserRole")
InvoiceStatus = strawberry.enum(DomainInvoiceStatus, name="InvoiceStatus")
DisputeStatus = strawberry.enum(DomainDisputeStatus, name="DisputeStatus")
DisputeOrigin = strawberry.enum(DomainDisputeOrigin, name="DisputeOrigin")
InvoiceSort = strawberry.enum(DomainInvoiceSort, name="InvoiceSort")
RootCause = strawberry.enum(
    DomainRootCause, name="RootCause", description="What really went wrong, chosen when a case is decided (staff only)."
)
