"""What the inbound mail tests share: the mailbox job pointed at an IMAP stand-in, and reading back messages."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceAdvice, RemittanceAdviceLine
from backend.domain.inbound_mail.models import InboundMessage
from backend.jobs.work import Jobs
from tests.support.imap import PASSWORD, USERNAME, StandInImap


def imap_jobs(app: Any, imap: StandInImap) -> Jobs:
    """The app's jobs, reading the stand-in mailbox (plain IMAP on loopback) and no drop folder."""
    jobs: Jobs = app.state.background.jobs
    settings = replace(
        jobs.settings,
        inbound_imap_host="127.0.0.1",
        inbound_imap_port=imap.port,
        inbound_imap_username=USERNAME,
        inbound_imap_password=PASSWORD,
        inbound_imap_tls=False,
        inbound_mail_dir=None,
    )
    return replace(jobs, settings=settings)


async def message_from(demo: Any, sender: str) -> list[InboundMessage]:
    async with system_session(demo) as db:
        rows = await db.execute(
            select(InboundMessage).where(InboundMessage.sender == sender).order_by(InboundMessage.received_at)
        )
        return list(rows.scalars())


async def advices_of(demo: Any, account_id: uuid.UUID) -> list[tuple[RemittanceAdvice, list[tuple[str, Decimal]]]]:
    async with system_session(demo) as db:
        advices = list(
            (
                await db.execute(
                    select(RemittanceAdvice)
                    .where(RemittanceAdvice.account_id == account_id)
                    .order_by(RemittanceAdvice.created_at)
                )
            ).scalars()
        )
        out = []
        for advice in advices:
            lines = (
                await db.execute(
                    select(RemittanceAdviceLine.invoice_reference, RemittanceAdviceLine.paid_amount)
                    .where(RemittanceAdviceLine.advice_id == advice.id)
                    .order_by(RemittanceAdviceLine.line)
                )
            ).all()
            out.append((advice, [(ref, paid) for ref, paid in lines]))
        return out
