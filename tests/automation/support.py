"""Cases made the two ways automation sees them: filed in the portal, or created as a deduction with the hook."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.db.types import utc_now
from backend.domain.audit.models import AuditEvent
from backend.domain.automation.models import CaseFlag, ResolutionRule
from backend.domain.automation.service import after_case_created
from backend.domain.disputes.models import Dispute, DisputeStatusChange
from backend.domain.invoices.ledger import hold_for_dispute
from backend.domain.invoices.models import Invoice
from tests.support.api import Api

PASSWORD = "correct horse battery"
_priorities = itertools.count(random.Random().randrange(1000, 8000, 100))

FILE = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) {
  __typename ... on DisputeFiled { dispute { id status } } ... on InvalidInputResult { errors { field code } } } }"""


def next_priority() -> int:
    """A priority no other test uses (priorities are unique across rules)."""
    return next(_priorities)


async def customer_api(api: Api, factory: Any, account: Any) -> Any:
    user = await factory.user("customer_admin", account)
    assert (await api.login(user.email, PASSWORD)).status_code == 200
    return user


async def file_in_portal(
    api: Api, invoice: Any, amount: str, reason: str = "SHORTAGE", lines: list[dict[str, str]] | None = None
) -> uuid.UUID:
    """File through the real portal mutation (the caller is signed in as the invoice's customer)."""
    body: dict[str, Any] = {
        "invoiceId": str(invoice.id),
        "reasonCode": reason,
        "amount": amount,
        "description": "Filed by a test.",
        "lines": lines or [],
        "idempotencyKey": uuid.uuid4().hex,
    }
    result = (await api.graphql(FILE, {"input": body}))["data"]["fileDispute"]
    assert result["__typename"] == "DisputeFiled", result
    return uuid.UUID(result["dispute"]["id"])


async def create_deduction(
    demo: Any,
    invoice: Any,
    amount: str,
    *,
    reason: str = "SHORTAGE",
    paid_on: date | None = None,
    claimed_amount: str | None = None,
) -> uuid.UUID:
    """A short-pay deduction as the remittance import makes it: flushed, held, then ``after_case_created``."""
    now = utc_now()
    async with system_session(demo) as db:
        row = (await db.execute(select(Invoice).where(Invoice.id == invoice.id))).scalar_one()
        dispute = Dispute(
            account_id=row.account_id,
            invoice_id=row.id,
            reason_code=reason,
            origin="remittance",
            status="new",
            amount=Decimal(amount),
            description="Short-paid on remittance.",
            due_on=now.date() + timedelta(days=10),
            created_at=now,
        )
        db.add(dispute)
        await db.flush()
        hold_for_dispute(row, dispute.amount)
        db.add(
            DisputeStatusChange(
                account_id=row.account_id,
                dispute_id=dispute.id,
                from_status=None,
                to_status="new",
                changed_at=now,
                note="Deduction taken.",
            )
        )
        await db.flush()
        await after_case_created(
            db,
            dispute,
            now=now,
            paid_on=paid_on,
            claimed_amount=Decimal(claimed_amount) if claimed_amount else None,
        )
        await db.commit()
        return dispute.id


async def flags_of(demo: Any, dispute_id: uuid.UUID) -> dict[str, str]:
    async with system_session(demo) as db:
        rows = (await db.execute(select(CaseFlag).where(CaseFlag.dispute_id == dispute_id))).scalars()
        return {f.code: f.message for f in rows}


async def case_of(demo: Any, dispute_id: uuid.UUID) -> Dispute:
    async with system_session(demo) as db:
        return (await db.execute(select(Dispute).where(Dispute.id == dispute_id))).scalar_one()


async def invoice_of(demo: Any, invoice_id: uuid.UUID) -> Invoice:
    async with system_session(demo) as db:
        return (await db.execute(select(Invoice).where(Invoice.id == invoice_id))).scalar_one()


async def events_of(demo: Any, dispute_id: uuid.UUID) -> list[AuditEvent]:
    async with system_session(demo) as db:
        rows = await db.execute(
            select(AuditEvent).where(AuditEvent.entity_id == str(dispute_id)).order_by(AuditEvent.sequence)
        )
        return list(rows.scalars())


async def add_rule(demo: Any, **values: Any) -> ResolutionRule:
    async with system_session(demo) as db:
        rule = ResolutionRule(priority=values.pop("priority", None) or next_priority(), created_at=utc_now(), **values)
        db.add(rule)
        await db.commit()
        return rule
