"""Demo documents: proofs of delivery, photos' stand-ins and claim letters with real text, so that search,
snippets and evidence auto-linking can be tried in the embedded run. Deterministic for a given day."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.accounts.models import CustomerAccount, User
from backend.domain.disputes.models import Dispute
from backend.domain.documents.enums import DocumentStatus, DocumentType, ExtractionStatus
from backend.domain.documents.models import Document
from backend.domain.invoices.models import Invoice
from documents.storage import DocumentStore, new_key

CARRIERS = ["Blue Line Freight", "Northern Haulage", "Rapid Pallet Express", "Coastal Carriers"]
DOCKS = ["Dock 3", "Dock 7", "Bay 12", "Door 4"]


def pdf(title: str, lines: list[str]) -> bytes:
    document = FPDF()
    document.set_font("helvetica", size=11)
    document.add_page()
    document.set_font("helvetica", "B", 15)
    document.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    document.set_font("helvetica", size=11)
    for line in lines:
        document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    out = BytesIO()
    document.output(out)
    return out.getvalue()


def _pod(rng: random.Random, account: CustomerAccount, invoice: Invoice, short: bool) -> tuple[str, bytes]:
    cartons = rng.randint(8, 40)
    received = cartons - (rng.randint(1, 3) if short else 0)
    lines = [
        f"Consignee: {account.name} ({account.number})",
        f"Delivery {invoice.delivery_number} against purchase order {invoice.po_number}",
        f"Invoice reference {invoice.number}",
        f"Carrier: {rng.choice(CARRIERS)}, truck {rng.randint(100, 999)}-{rng.choice('ABCDEFGH')}, {rng.choice(DOCKS)}",
        f"Cartons shipped: {cartons}. Cartons received: {received}.",
        "Exceptions: " + (f"{cartons - received} cartons short, two pallets crushed in transit." if short else "none."),
        f"Received and signed by {rng.choice(['J. Smith', 'M. Garcia', 'A. Chen', 'R. Okafor'])}.",
    ]
    return f"POD {invoice.delivery_number}.pdf", pdf("Proof of delivery", lines)


def _claim(account: CustomerAccount, invoice: Invoice, reason: str) -> tuple[str, bytes]:
    lines = [
        f"From: Accounts payable, {account.name}",
        f"Re: invoice {invoice.number}, PO {invoice.po_number}",
        f"We have deducted part of this invoice: {reason.lower().replace('_', ' ')}.",
        "Please find the supporting evidence attached and issue a credit memo.",
    ]
    return f"Claim {invoice.number}.pdf", pdf("Deduction claim", lines)


async def seed_documents(session: AsyncSession, store: DocumentStore, *, today: date) -> int:
    """A POD and a claim letter for some open cases, and a few PODs uploaded without context (to be auto-linked)."""
    rng = random.Random(f"documents-{today.isoformat()}")
    accounts = list((await session.execute(select(CustomerAccount).order_by(CustomerAccount.number))).scalars())
    made = 0
    for account in accounts:
        uploader = (
            (await session.execute(select(User).where(User.account_id == account.id).order_by(User.email)))
            .scalars()
            .first()
        )
        cases = list(
            (
                await session.execute(
                    select(Dispute, Invoice)
                    .join(Invoice, Invoice.id == Dispute.invoice_id)
                    .where(Dispute.account_id == account.id, Dispute.status.in_(["new", "assigned", "in_review"]))
                    .order_by(Dispute.created_at)
                    .limit(6)
                )
            ).tuples()
        )
        for index, (dispute, invoice) in enumerate(cases):
            papers = [(DocumentType.PROOF_OF_DELIVERY, *_pod(rng, account, invoice, short=index % 2 == 0))]
            if index % 3 == 0:
                papers.append((DocumentType.CLAIM_FORM, *_claim(account, invoice, dispute.reason_code)))
            # The last two cases' PODs arrive "without context", as if e-mailed in: auto-linking files them.
            loose = index >= len(cases) - 2
            for kind, filename, data in papers:
                key = new_key(str(account.id))
                stored = store.write(key, iter([data]), max_bytes=len(data))
                session.add(
                    Document(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        account_id=account.id,
                        invoice_id=None if loose else invoice.id,
                        dispute_id=None if loose else dispute.id,
                        storage_key=key,
                        filename=filename,
                        content_type="application/pdf",
                        document_type=kind.value,
                        size_bytes=stored.size,
                        sha256=stored.sha256,
                        storage_version_id=stored.version_id,
                        status=DocumentStatus.STORED.value,
                        uploaded_by_id=uploader.id if uploader else None,
                        extraction_status=ExtractionStatus.PENDING.value,
                        created_at=datetime.combine(today - timedelta(days=rng.randint(0, 20)), time(9), tzinfo=UTC),
                    )
                )
                made += 1
    return made
