"""One DataLoader per relation, so a page costs the same number of statements whatever its size."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from backend.domain.accounts.models import CustomerAccount
from backend.domain.accounts.service import accounts_by_id
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.disputes.service import disputes_by_invoice, timelines
from backend.domain.documents.models import Document, DocumentLinkSuggestion
from backend.domain.documents.service import documents_by, suggested_for_invoices
from backend.domain.invoices.models import Invoice, InvoiceLine
from backend.domain.invoices.service import invoices_by_id, lines_by_invoice
from backend.domain.messages.service import PostedMessage, messages_by_dispute
from backend.domain.resolution.models import CreditMemo
from backend.domain.resolution.reads import credit_memos_by_invoice


class Loaders:
    """The request's loaders, bound to the request's (scoped) session."""

    def __init__(self, db: AsyncSession) -> None:
        async def load_lines(keys: Sequence[uuid.UUID]) -> list[list[InvoiceLine]]:
            return await lines_by_invoice(db, keys)

        async def load_accounts(keys: Sequence[uuid.UUID]) -> list[CustomerAccount | None]:
            return await accounts_by_id(db, keys)

        async def load_invoice_disputes(keys: Sequence[uuid.UUID]) -> list[list[Dispute]]:
            return await disputes_by_invoice(db, keys)

        async def load_timelines(keys: Sequence[uuid.UUID]) -> list[list[DisputeStatusChange]]:
            return await timelines(db, keys)

        async def load_dispute_documents(keys: Sequence[uuid.UUID]) -> list[list[Document]]:
            return await documents_by(db, "dispute_id", keys)

        async def load_invoice_documents(keys: Sequence[uuid.UUID]) -> list[list[Document]]:
            return await documents_by(db, "invoice_id", keys)

        async def load_suggestions(
            keys: Sequence[uuid.UUID],
        ) -> list[list[tuple[Document, DocumentLinkSuggestion]]]:
            return await suggested_for_invoices(db, keys)

        self.invoice_suggested_documents: DataLoader[uuid.UUID, list[tuple[Document, DocumentLinkSuggestion]]] = (
            DataLoader(load_fn=load_suggestions)
        )

        async def load_messages(keys: Sequence[uuid.UUID]) -> list[list[PostedMessage]]:
            return await messages_by_dispute(db, keys)

        self.dispute_messages: DataLoader[uuid.UUID, list[PostedMessage]] = DataLoader(load_fn=load_messages)
        self.dispute_documents: DataLoader[uuid.UUID, list[Document]] = DataLoader(load_fn=load_dispute_documents)
        self.invoice_documents: DataLoader[uuid.UUID, list[Document]] = DataLoader(load_fn=load_invoice_documents)
        self.invoice_disputes: DataLoader[uuid.UUID, list[Dispute]] = DataLoader(load_fn=load_invoice_disputes)
        self.dispute_timelines: DataLoader[uuid.UUID, list[DisputeStatusChange]] = DataLoader(load_fn=load_timelines)

        async def load_invoices(keys: Sequence[uuid.UUID]) -> list[Invoice | None]:
            return await invoices_by_id(db, keys)

        async def load_credit_memos(keys: Sequence[uuid.UUID]) -> list[list[CreditMemo]]:
            return await credit_memos_by_invoice(db, keys)

        self.invoice_credit_memos: DataLoader[uuid.UUID, list[CreditMemo]] = DataLoader(load_fn=load_credit_memos)
        self.invoices: DataLoader[uuid.UUID, Invoice | None] = DataLoader(load_fn=load_invoices)
        self.invoice_lines: DataLoader[uuid.UUID, list[InvoiceLine]] = DataLoader(load_fn=load_lines)
        self.accounts: DataLoader[uuid.UUID, CustomerAccount | None] = DataLoader(load_fn=load_accounts)
