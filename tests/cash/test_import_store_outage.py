"""A remittance file sent while the archive (S3) does not answer: a typed 503, no import queued, nothing applied."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.app import create_app
from backend.db.engine import system_session
from backend.domain.cash.models import RemittanceImport
from tests.support.api import Api
from tests.support.imports import submit

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


@pytest.fixture
async def app_without_s3(settings: Any, demo: Any) -> AsyncIterator[Any]:
    # Nothing listens on port 9 (discard): every S3 call is refused at once.
    app = create_app(
        replace(
            settings,
            document_store="s3",
            s3_endpoint_url="http://127.0.0.1:9",
            s3_bucket="recoup-nowhere",
            s3_access_key_id="test",
            s3_secret_access_key="test",
        )
    )
    yield app
    await app.state.engine.dispose()


async def test_a_file_sent_while_the_store_is_down_is_a_503_and_queues_nothing(
    app_without_s3: Any, factory: Any, demo: Any
) -> None:
    # given: a clerk and an open invoice
    api = Api(app_without_s3)
    try:
        clerk = await factory.user("ar_clerk")
        await api.login(clerk.email, "correct horse battery")
        account = await factory.account()
        invoice = await factory.invoice(account, total=Decimal("80.00"))
        reference = f"CHK-{uuid.uuid4().hex[:8]}"
        content = (HEADER + f"{reference},2026-11-20,{account.number},80.00,{invoice.number},80.00,0,,,\n").encode()
        async with system_session(demo) as db:
            before = await db.scalar(select(func.count()).select_from(RemittanceImport))

        # when: the file is sent
        response = await submit(api, content)

        # then: a typed "try again", no import row, the invoice untouched
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "storage_unavailable"
        assert "nothing was imported" in response.json()["message"]
        async with system_session(demo) as db:
            assert await db.scalar(select(func.count()).select_from(RemittanceImport)) == before
            assert (await db.get(type(invoice), invoice.id)).paid_amount == Decimal("0.00")
    finally:
        await api.close()
