"""One DataLoader per relation, so a page costs the same number of statements whatever its size."""

from __future__ import annotations

import uuid
from functools import cached_property, partial

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from backend.domain.accounts.models import CustomerAccount
from backend.domain.accounts.service import accounts_by_id
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.disputes.service import ClaimedLine, claimed_lines_by_dispute, disputes_by_invoice, timelines
from backend.domain.documents.models import Document, DocumentLinkSuggestion
from backend.domain.documents.service import documents_by, suggested_for_invoices
from backend.domain.invoices.delivery import deliveries_by_invoice
from backend.domain.invoices.models import Invoice, InvoiceDelivery, InvoiceLine
from backend.domain.invoices.service import invoices_by_id, lines_by_invoice
from backend.domain.messages.service import PostedMessage, messages_by_dispute
from backend.domain.resolution.models import CreditMemo
from backend.domain.resolution.reads import credit_memos_by_invoice


class Loaders:
    """The request's loaders, bound to the request's (scoped) session. Each is made when a field first asks for it:
    most requests use none, and every object a request makes is work for the garbage collector."""

    def __init__(self, db: AsyncSession) -> None:
        self._db = db

    @cached_property
    def invoice_lines(self) -> DataLoader[uuid.UUID, list[InvoiceLine]]:
        return DataLoader(load_fn=partial(lines_by_invoice, self._db))

    @cached_property
    def accounts(self) -> DataLoader[uuid.UUID, CustomerAccount | None]:
        return DataLoader(load_fn=partial(accounts_by_id, self._db))

    @cached_property
    def invoices(self) -> DataLoader[uuid.UUID, Invoice | None]:
        return DataLoader(load_fn=partial(invoices_by_id, self._db))

    @cached_property
    def invoice_disputes(self) -> DataLoader[uuid.UUID, list[Dispute]]:
        return DataLoader(load_fn=partial(disputes_by_invoice, self._db))

    @cached_property
    def invoice_credit_memos(self) -> DataLoader[uuid.UUID, list[CreditMemo]]:
        return DataLoader(load_fn=partial(credit_memos_by_invoice, self._db))

    @cached_property
    def invoice_documents(self) -> DataLoader[uuid.UUID, list[Document]]:
        return DataLoader(load_fn=partial(documents_by, self._db, "invoice_id"))

    @cached_property
    def invoice_suggested_documents(self) -> DataLoader[uuid.UUID, list[tuple[Document, DocumentLinkSuggestion]]]:
        return DataLoader(load_fn=partial(suggested_for_invoices, self._db))

    @cached_property
    def dispute_claimed_lines(self) -> DataLoader[uuid.UUID, list[ClaimedLine]]:
        return DataLoader(load_fn=partial(claimed_lines_by_dispute, self._db))

    @cached_property
    def dispute_timelines(self) -> DataLoader[uuid.UUID, list[DisputeStatusChange]]:
        return DataLoader(load_fn=partial(timelines, self._db))

    @cached_property
    def dispute_messages(self) -> DataLoader[uuid.UUID, list[PostedMessage]]:
        return DataLoader(load_fn=partial(messages_by_dispute, self._db))

    @cached_property
    def invoice_deliveries(self) -> DataLoader[uuid.UUID, list[InvoiceDelivery]]:
        return DataLoader(load_fn=partial(deliveries_by_invoice, self._db))

    @cached_property
    def dispute_documents(self) -> DataLoader[uuid.UUID, list[Document]]:
        return DataLoader(load_fn=partial(documents_by, self._db, "dispute_id"))
