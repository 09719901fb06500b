"""Evidence auto-linking: the invoice, PO and delivery numbers a document's text names, matched to the account's invoices.

One clear match links a document that came without an invoice (and the invoice's one open
case, if it has exactly one), so a POD uploaded without context lands on the right case.
Anything less certain — several invoices named, or another invoice than the one it was
uploaded against — becomes a suggestion staff link with one click.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.audit.service import record_event
from backend.domain.automation.service import after_documents_moved
from backend.domain.disputes.enums import OPEN_DISPUTE_STATUSES
from backend.domain.disputes.models import Dispute
from backend.domain.documents.models import Document, DocumentLinkSuggestion
from backend.domain.errors import NotFound
from backend.domain.invoices.models import Invoice
from backend.domain.invoices.references import normalise_reference

_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9/#.-]{0,62}[A-Za-z0-9])?")
_SEPARATOR = re.compile(r"[/#.-]")
MAX_CANDIDATES = 20_000
MAX_SUGGESTIONS = 10


def candidate_references(text: str) -> dict[str, str]:
    """Normalised reference → how it was written, for every number-like token of the text."""
    found: dict[str, str] = {}
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if not any(ch.isdigit() for ch in token):
            continue
        # The whole code first ("INV-NW-00123"), then what follows each separator ("NW-00123", "00123").
        tails = [token] + [token[m.end() :] for m in _SEPARATOR.finditer(token)]
        for written in tails:
            normalised = normalise_reference(written)
            if len(normalised) >= 4 and any(ch.isdigit() for ch in normalised) and normalised not in found:
                found[normalised] = written[:64]
        if len(found) >= MAX_CANDIDATES:
            break
    return found


async def matching_invoices(
    session: AsyncSession, account_id: uuid.UUID, text: str
) -> list[tuple[uuid.UUID, str, str]]:
    """(invoice id, matched by, the text as written) for each of the account's invoices the text names."""
    candidates = candidate_references(text)
    if not candidates:
        return []
    rows = await session.execute(
        select(Invoice.id, Invoice.number, Invoice.po_number, Invoice.delivery_number).where(
            Invoice.account_id == account_id
        )
    )
    matches: dict[uuid.UUID, tuple[uuid.UUID, str, str]] = {}
    for invoice_id, number, po_number, delivery_number in rows:
        for kind, value in (("invoice_number", number), ("po_number", po_number), ("delivery_number", delivery_number)):
            written = candidates.get(normalise_reference(value)) if value else None
            if written is not None and invoice_id not in matches:
                matches[invoice_id] = (invoice_id, kind, written)
    return list(matches.values())


async def _only_open_case(session: AsyncSession, invoice_id: uuid.UUID) -> uuid.UUID | None:
    open_cases = (
        (
            await session.execute(
                select(Dispute.id).where(
                    Dispute.invoice_id == invoice_id, Dispute.status.in_([s.value for s in OPEN_DISPUTE_STATUSES])
                )
            )
        )
        .scalars()
        .all()
    )
    return open_cases[0] if len(open_cases) == 1 else None


async def link_evidence(session: AsyncSession, document: Document, text: str, *, now: datetime) -> None:
    """Link or suggest invoices for ``document`` from its text and file name, then re-check the automation of the
    cases it is evidence for (its text is now known). The caller commits."""
    matches = await matching_invoices(session, document.account_id, f"{document.filename}\n{text}")
    if document.invoice_id is None and len(matches) == 1:
        invoice_id, kind, written = matches[0]
        await _link(session, document, invoice_id, actor_user_id=None, now=now, how=f"{kind} {written}")
        return
    # The text is read now: a proof of delivery on a case may confirm its shortage (resolution rules).
    await after_documents_moved(session, invoice_ids=[document.invoice_id], dispute_ids=[document.dispute_id], now=now)
    if not matches:
        return
    await session.execute(delete(DocumentLinkSuggestion).where(DocumentLinkSuggestion.document_id == document.id))
    for invoice_id, kind, written in matches[:MAX_SUGGESTIONS]:
        if invoice_id != document.invoice_id:
            session.add(
                DocumentLinkSuggestion(
                    account_id=document.account_id,
                    document_id=document.id,
                    invoice_id=invoice_id,
                    matched_by=kind,
                    matched_text=written,
                    created_at=now,
                )
            )


async def _link(
    session: AsyncSession,
    document: Document,
    invoice_id: uuid.UUID,
    *,
    actor_user_id: uuid.UUID | None,
    now: datetime,
    how: str,
) -> None:
    before = {"invoice_id": document.invoice_id, "dispute_id": document.dispute_id}
    if document.invoice_id != invoice_id or document.dispute_id is None:
        document.dispute_id = await _only_open_case(session, invoice_id)
    document.invoice_id = invoice_id
    await session.execute(delete(DocumentLinkSuggestion).where(DocumentLinkSuggestion.document_id == document.id))
    # Evidence moved: the cases it left and the cases it joined re-check no_evidence and their rules.
    await after_documents_moved(
        session,
        invoice_ids=[before["invoice_id"], document.invoice_id],
        dispute_ids=[before["dispute_id"], document.dispute_id],
        now=now,
    )
    await record_event(
        session,
        action="document.linked",
        entity_type="document",
        entity_id=document.id,
        actor_user_id=actor_user_id,
        account_id=document.account_id,
        occurred_at=now,
        before=before,
        after={"invoice_id": document.invoice_id, "dispute_id": document.dispute_id, "matched": how},
    )


async def link_suggested(
    session: AsyncSession, *, actor_user_id: uuid.UUID, document_id: uuid.UUID, invoice_id: uuid.UUID, now: datetime
) -> Document:
    """Staff accept a suggestion: the document moves to that invoice (and its one open case). Commits."""
    suggestion = (
        await session.execute(
            select(DocumentLinkSuggestion).where(
                DocumentLinkSuggestion.document_id == document_id, DocumentLinkSuggestion.invoice_id == invoice_id
            )
        )
    ).scalar_one_or_none()
    document = await session.get(Document, document_id)
    if suggestion is None or document is None:
        raise NotFound("That suggestion is gone; reload the case.")
    await _link(
        session,
        document,
        invoice_id,
        actor_user_id=actor_user_id,
        now=now,
        how=f"{suggestion.matched_by} {suggestion.matched_text}",
    )
    await session.commit()
    return document
