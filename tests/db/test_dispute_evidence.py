"""Every case says whether a stored document is on it or on its invoice (``has_evidence``, migration 0034), kept by
the database whichever way a document is stored, moved, rejected or deleted and whichever way a case is inserted:
the reports' "short pays classified with evidence" reads it instead of probing the documents per case."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select, update

from backend.db.engine import system_session
from backend.domain.disputes.models import Dispute
from backend.domain.documents.models import Document


async def _evidence(demo: Any, *cases: Any) -> list[bool]:
    async with system_session(demo) as db:
        found = dict(
            (
                await db.execute(select(Dispute.id, Dispute.has_evidence).where(Dispute.id.in_([c.id for c in cases])))
            ).all()
        )
    return [bool(found[c.id]) for c in cases]


async def _document(demo: Any, **values: Any) -> None:
    async with system_session(demo) as db:
        await db.execute(update(Document).where(Document.id == values.pop("id")).values(**values))
        await db.commit()


async def test_a_document_stored_moved_rejected_and_deleted_sets_its_cases_evidence(demo: Any, factory: Any) -> None:
    account = await factory.account()
    invoice, elsewhere = [await factory.invoice(account, total=Decimal("100.00")) for _ in range(2)]
    first, second = await factory.dispute(invoice), await factory.dispute(invoice)
    other = await factory.dispute(elsewhere)
    assert await _evidence(demo, first, second, other) == [False, False, False]

    # an upload starts on the first case: a pending document is no evidence
    upload = uuid.uuid4()
    async with system_session(demo) as db:
        await db.execute(
            insert(Document).values(
                id=upload,
                account_id=account.id,
                dispute_id=first.id,
                invoice_id=None,
                storage_key=f"{account.id}/{upload}",
                filename="pod.pdf",
                content_type="application/pdf",
                document_type="proof_of_delivery",
                size_bytes=10,
                status="pending",
                is_internal=False,
                extraction_status="pending",
            )
        )
        await db.commit()
    assert await _evidence(demo, first, second, other) == [False, False, False]

    await _document(demo, id=upload, status="stored")  # confirmed: the case has evidence, not its sibling
    assert await _evidence(demo, first, second, other) == [True, False, False]

    await _document(demo, id=upload, dispute_id=None, invoice_id=invoice.id)  # moved to the invoice: both cases
    assert await _evidence(demo, first, second, other) == [True, True, False]

    # a case opened on that invoice has it from the start, inserted by the ORM or in bulk as cash application does
    by_orm = await factory.dispute(invoice)
    in_bulk = uuid.uuid4()
    async with system_session(demo) as db:
        await db.execute(
            insert(Dispute).values(
                id=in_bulk,
                account_id=account.id,
                invoice_id=invoice.id,
                reason_code="SHORTAGE",
                origin="remittance",
                status="new",
                amount=Decimal("3.00"),
                description="",
                due_on=date.today() + timedelta(days=10),
            )
        )
        await db.commit()
    bulk = await _case(demo, in_bulk)
    assert await _evidence(demo, by_orm, bulk) == [True, True]

    await _document(demo, id=upload, invoice_id=elsewhere.id)  # moved to the other invoice
    assert await _evidence(demo, first, second, by_orm, bulk, other) == [False, False, False, False, True]

    await _document(demo, id=upload, status="rejected")
    assert await _evidence(demo, other) == [False]

    await _document(demo, id=upload, status="stored", invoice_id=invoice.id)
    assert await _evidence(demo, first, bulk, other) == [True, True, False]
    async with system_session(demo) as db:
        await db.execute(delete(Document).where(Document.id == upload))
        await db.commit()
    assert await _evidence(demo, first, second, by_orm, bulk, other) == [False] * 5


async def test_a_second_document_keeps_the_evidence_when_one_goes(demo: Any, factory: Any) -> None:
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("100.00"))
    case = await factory.dispute(invoice)
    on_case = await factory.document(account.id, dispute=case)
    await factory.document(account.id, invoice=invoice)
    assert await _evidence(demo, case) == [True]
    await _document(demo, id=on_case.id, status="rejected")
    assert await _evidence(demo, case) == [True]  # the invoice's document still stands


async def _case(demo: Any, case_id: uuid.UUID) -> Dispute:
    async with system_session(demo) as db:
        found = await db.get(Dispute, case_id)
        assert found is not None
        return found
