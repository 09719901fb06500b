"""A short-paid remittance line becomes exactly one deduction: mapped reason, routed, flagged, and resolved by
rule when under tolerance (issue 6, "tests that prove it")."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.administration.models import ExternalReasonCode, RoutingRule
from backend.domain.audit.models import AuditEvent
from backend.domain.audit.service import first_broken_event
from backend.domain.automation.actor import SYSTEM_USER_ID
from backend.domain.automation.models import CaseFlag
from backend.domain.disputes.models import Dispute
from backend.domain.documents.models import Document
from tests.automation.support import add_rule, next_priority
from tests.support.api import Api
from tests.support.imports import import_file

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


async def test_short_pays_become_mapped_routed_flagged_deductions_and_the_write_off_rule_closes_the_small_one(
    app: Any, api: Api, factory: Any, demo: Any
) -> None:
    clerk = await factory.user("ar_clerk")
    collector = await factory.user("collector")
    await api.login(clerk.email, "correct horse battery")
    account = await factory.account("Automation Co")
    small = await factory.invoice(account, total=Decimal("100.00"))
    large = await factory.invoice(account, total=Decimal("500.00"))
    evidenced = await factory.invoice(account, total=Decimal("80.00"))
    code = f"Z{uuid.uuid4().hex[:5].upper()}"
    async with system_session(demo) as db:
        db.add(ExternalReasonCode(scheme="x12", code=code, reason_code="SHORTAGE"))
        db.add(
            RoutingRule(
                priority=next_priority(),
                account_id=account.id,
                reason_code="SHORTAGE",
                assignee_id=collector.id,
                active=True,
                created_at=utc_now(),
            )
        )
        await db.commit()
    await add_rule(demo, action="write_off", account_id=account.id, max_amount=Decimal("25.00"), active=True)
    await factory.document(account.id, invoice=evidenced)
    reference = f"CHK-{uuid.uuid4().hex[:8]}"
    content = HEADER + (
        f"{reference},2026-11-20,{account.number},600.00,{small.number},80.00,20.00,x12,{code},see remittance\n"
        f"{reference},2026-11-20,{account.number},600.00,{large.number},460.00,40.00,x12,{code},see remittance\n"
        f"{reference},2026-11-20,{account.number},600.00,{evidenced.number},60.00,20.00,x12,{code},see remittance\n"
    )

    result = await import_file(app, api, content.encode())

    assert result.job is not None and (result.job.status, result.job.deductions) == ("applied", 3)
    async with system_session(demo) as db:
        cases = {
            d.invoice_id: d
            for d in (await db.execute(select(Dispute).where(Dispute.account_id == account.id))).scalars()
        }
        flags = {
            (f.dispute_id, f.code)
            for f in (await db.execute(select(CaseFlag).where(CaseFlag.account_id == account.id))).scalars()
        }
        documents = list((await db.execute(select(Document).where(Document.invoice_id == evidenced.id))).scalars())
    assert len(cases) == 3 and {c.reason_code for c in cases.values()} == {"SHORTAGE"}
    assert {c.origin for c in cases.values()} == {"remittance"}
    # under the 25.00 tolerance: written off by the system actor; above it: routed to the collector, waiting
    assert cases[small.id].status == "written_off"
    assert (cases[large.id].status, cases[large.id].assignee_id) == ("assigned", collector.id)
    assert (cases[large.id].id, "no_evidence") in flags
    # the document already archived against the invoice became the deduction's evidence: no flag
    assert documents and documents[0].dispute_id == cases[evidenced.id].id
    assert (cases[evidenced.id].id, "no_evidence") not in flags
    assert cases[evidenced.id].status == "written_off"
    async with system_session(demo) as db:
        written = (
            await db.execute(
                select(AuditEvent).where(
                    AuditEvent.entity_id == str(cases[small.id].id), AuditEvent.action == "case.written_off"
                )
            )
        ).scalar_one()
    assert written.actor_user_id == SYSTEM_USER_ID
    # the case shows the payment and the import line it was taken on
    shown = await api.graphql(
        "query($id: ID!) { case(id: $id) { remittance { importId line paymentReference adjustmentCode } } }",
        {"id": str(cases[large.id].id)},
    )
    assert shown["data"]["case"]["remittance"] == {
        "importId": str(result.job.id),
        "line": 3,
        "paymentReference": reference,
        "adjustmentCode": code,
    }
    # the events the import appended in bulk are chained like every other: the log verifies
    async with system_session(demo) as db:
        assert await first_broken_event(db) is None
