"""The machine remittance endpoint: a program with the remittances:import scope queues an import like staff do."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from backend.domain.cash.models import RemittanceImport
from tests.machine.test_machine_api import admin_api, new_client, token
from tests.support.api import Api
from tests.support.imports import finished

HEADER = "payment_reference,received_on,customer_number,payment_amount,invoice_reference,paid_amount,adjustment_amount,adjustment_scheme,adjustment_code,adjustment_text\n"


async def test_a_client_with_the_scope_queues_an_import_and_one_without_is_refused(
    app: Any, api: Api, api_factory: Any, factory: Any
) -> None:
    admin = await admin_api(api_factory, factory)
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("42.00"))
    body = (
        HEADER + f"ACH-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},42.00,{invoice.number},42.00,0,,,\n"
    ).encode()
    feeder = await new_client(admin, ["invoices:import"])
    banker = await new_client(admin, ["remittances:import"])
    feeder_token = (await token(api.http, feeder)).json()["access_token"]
    banker_token = (await token(api.http, banker)).json()["access_token"]

    refused = await api.http.post(
        "/api/machine/remittances", content=body, headers={"Authorization": f"Bearer {feeder_token}"}
    )
    accepted = await api.http.post(
        "/api/machine/remittances",
        content=body,
        params={"filename": "bank.csv"},
        headers={"Authorization": f"Bearer {banker_token}"},
    )
    again = await api.http.post(
        "/api/machine/remittances", content=body, headers={"Authorization": f"Bearer {banker_token}"}
    )

    assert refused.status_code == 403 and "insufficient_scope" in refused.text
    assert accepted.status_code == 202, accepted.text
    job: RemittanceImport = await finished(app, uuid.UUID(accepted.json()["id"]))
    assert (job.status, job.filename, job.imported_by_client, job.imported_by_id) == (
        "applied",
        "bank.csv",
        banker["client"]["clientId"],
        None,
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    listed = await admin.graphql("{ remittanceImports { id submittedBy } }")
    mine = next(i for i in listed["data"]["remittanceImports"] if i["id"] == str(job.id))
    assert mine["submittedBy"] == banker["client"]["clientId"]


async def test_no_token_is_refused_before_anything_is_stored(api: Api) -> None:
    response = await api.http.post("/api/machine/remittances", content=HEADER.encode())
    assert response.status_code == 401
