"""Whether a case has evidence: a stored document on the case or on its invoice (``Dispute.has_evidence``, kept by
the database, migration 0034, as the ``no_evidence`` flag reads it). The daily run re-checks every case here: two
transactions writing one invoice's documents and cases at the same moment can each miss the other's rows."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.disputes.models import Dispute
from backend.domain.documents.enums import DocumentStatus
from backend.domain.documents.models import Document


def has_stored_document() -> ColumnElement[bool]:
    """A stored document on the case (the outer ``Dispute`` row) or on its invoice."""
    stored = Document.status == DocumentStatus.STORED.value
    return or_(
        exists().where(stored, Document.dispute_id == Dispute.id),
        exists().where(stored, Document.invoice_id == Dispute.invoice_id),
    )


async def recheck_evidence(session: AsyncSession) -> int:
    """Put right every case whose ``has_evidence`` disagrees with its documents; how many. One statement, which
    writes only the cases that were wrong (none, nearly always)."""
    result = await session.execute(
        update(Dispute)
        .where(Dispute.has_evidence != has_stored_document())
        .values(has_evidence=~Dispute.has_evidence)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
