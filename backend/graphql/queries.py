"""Root query fields both portal and console use; scope decides what each sees."""

from __future__ import annotations

import uuid
from decimal import Decimal

import strawberry

from backend.domain.invoices import service as invoices
from backend.domain.invoices.enums import InvoiceSort as DomainInvoiceSort
from backend.domain.invoices.errors import InvalidCursor
from backend.graphql.context import Info
from backend.graphql.errors import PublicError
from backend.graphql.pagination import clamp_page_size
from backend.graphql.permissions import IsSignedIn
from backend.graphql.types.enums import InvoiceSort
from backend.graphql.types.invoice import Invoice, InvoiceConnection, InvoiceFilter
from backend.graphql.types.viewer import Viewer


def _amount_bound(value: Decimal | None) -> Decimal | None:
    if value is not None and (value < 0 or value != value.quantize(Decimal("0.01"))):
        raise PublicError("Amount filters are zero or more, with at most two decimals.")
    return value


def invoice_filter(flt: InvoiceFilter | None) -> invoices.InvoiceFilter:
    """The list filter as the domain reads it, checked (amount bounds; search and currency trimmed)."""
    if flt is None:
        return invoices.InvoiceFilter()
    search = (flt.search or "").strip()[:64] or None
    return invoices.InvoiceFilter(
        statuses=tuple(flt.status or ()),
        search=search,
        issued_from=flt.issued_from,
        issued_to=flt.issued_to,
        amount_min=_amount_bound(flt.amount_min),
        amount_max=_amount_bound(flt.amount_max),
        currency=(flt.currency or "").strip().upper()[:3] or None,
    )


async def invoice_page(
    info: Info, flt: invoices.InvoiceFilter, first: int, after: str | None, sort: DomainInvoiceSort
) -> InvoiceConnection:
    """One page of the invoices under ``flt`` the viewer may see (the session's scope applies)."""
    ctx = info.context
    try:
        page = await invoices.list_invoices(
            ctx.db, today=ctx.today, flt=flt, first=clamp_page_size(first, ctx.page_cap), after=after, sort=sort
        )
    except InvalidCursor as error:
        raise PublicError("The paging cursor is not valid; start from the first page.") from error
    return InvoiceConnection.from_page(page, ctx.today)


@strawberry.type
class SharedQuery:
    @strawberry.field(description="The signed-in user, or null when nobody is signed in.")
    def viewer(self, info: Info) -> Viewer | None:
        user = info.context.user
        return Viewer.from_user(user) if user else None

    @strawberry.field(
        description="Invoices the viewer may see, newest first: a customer sees only their own account's, staff see all.",
        permission_classes=[IsSignedIn],
    )
    async def invoices(
        self,
        info: Info,
        first: int = 25,
        after: str | None = None,
        filter: InvoiceFilter | None = None,
        sort: InvoiceSort = DomainInvoiceSort.ISSUED_NEWEST,  # type: ignore[valid-type]
    ) -> InvoiceConnection:
        return await invoice_page(info, invoice_filter(filter), first, after, sort)

    @strawberry.field(
        description="One invoice by id, or null when it does not exist or the viewer may not see it.",
        permission_classes=[IsSignedIn],
    )
    async def invoice(self, info: Info, id: strawberry.ID) -> Invoice | None:
        try:
            invoice_id = uuid.UUID(str(id))
        except ValueError:
            return None
        row = await invoices.get_invoice(info.context.db, invoice_id=invoice_id, today=info.context.today)
        return Invoice.from_row(row, info.context.today) if row else None
