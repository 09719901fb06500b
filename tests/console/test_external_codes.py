"""Admins map remittance adjustment codes onto reasons in the console; the next import uses the new mapping."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.disputes.models import Dispute
from tests.cash.test_remittance_import import HEADER
from tests.support.imports import import_file

PASSWORD = "correct horse battery"
SAVE = """mutation($s: String!, $c: String!, $r: String!) { saveExternalReasonCode(scheme: $s, code: $c, reasonCode: $r) {
  __typename ... on SettingSaved { externalReasonCode { scheme code reasonCode } }
  ... on InvalidInputResult { errors { field code } } ... on NotPermittedResult { message } } }"""
DELETE = """mutation($s: String!, $c: String!) { deleteExternalReasonCode(scheme: $s, code: $c) {
  __typename ... on NotFoundResult { message } } }"""


async def _short_pay_reason(app: Any, api: Any, factory: Any, demo: Any, scheme: str, code: str, text: str) -> str:
    """Imports a remittance that short-pays a fresh invoice by 5.00 with the given code; the deduction's reason."""
    account = await factory.account()
    invoice = await factory.invoice(account, total=Decimal("50.00"))
    csv_text = HEADER + (
        f"CHK-{uuid.uuid4().hex[:8]},2026-11-20,{account.number},45.00,{invoice.number},45.00,5.00,{scheme},{code},{text}\n"
    )
    result = await import_file(app, api, csv_text.encode())
    assert result.job is not None and result.job.status == "applied", result.answer
    async with system_session(demo) as db:
        return (await db.execute(select(Dispute.reason_code).where(Dispute.invoice_id == invoice.id))).scalar_one()


async def test_a_retailer_code_mapped_in_the_console_classifies_the_next_short_pay(
    app: Any, api_factory: Any, factory: Any, demo: Any
) -> None:
    # given: an admin, and a retailer's own code list nobody has mapped yet
    admin_api = api_factory()
    admin = await factory.user("admin")
    await admin_api.login(admin.email, PASSWORD)
    scheme = f"acme_{uuid.uuid4().hex[:6]}"
    unmapped = await _short_pay_reason(app, admin_api, factory, demo, scheme, "otif", "see remittance")

    # when: the admin maps the code, then points it elsewhere, then removes it
    saved = await admin_api.graphql(SAVE, {"s": scheme.upper(), "c": "otif", "r": "COMPLIANCE"})
    mapped = await _short_pay_reason(app, admin_api, factory, demo, scheme, "OTIF", "see remittance")
    await admin_api.graphql(SAVE, {"s": scheme, "c": "OTIF", "r": "FREIGHT"})
    repointed = await _short_pay_reason(app, admin_api, factory, demo, scheme, "otif", "see remittance")
    listed = (await admin_api.graphql("{ externalReasonCodes { scheme code reasonCode } }"))["data"]
    deleted = await admin_api.graphql(DELETE, {"s": scheme, "c": "OTIF"})
    again = await admin_api.graphql(DELETE, {"s": scheme, "c": "OTIF"})
    forgotten = await _short_pay_reason(app, admin_api, factory, demo, scheme, "OTIF", "see remittance")

    # then: each import used the mapping of its moment, and each change is audited
    assert unmapped == "OTHER"
    assert saved["data"]["saveExternalReasonCode"]["externalReasonCode"] == {
        "scheme": scheme,
        "code": "OTIF",
        "reasonCode": "COMPLIANCE",
    }
    assert (mapped, repointed, forgotten) == ("COMPLIANCE", "FREIGHT", "OTHER")
    assert {"scheme": scheme, "code": "OTIF", "reasonCode": "FREIGHT"} in listed["externalReasonCodes"]
    assert {"scheme": "x12", "code": "04", "reasonCode": "DAMAGED"} in listed["externalReasonCodes"]
    assert deleted["data"]["deleteExternalReasonCode"]["__typename"] == "SettingSaved"
    assert again["data"]["deleteExternalReasonCode"]["__typename"] == "NotFoundResult"
    async with system_session(demo) as db:
        events = (
            await db.execute(
                select(AuditEvent.action, AuditEvent.before, AuditEvent.after)
                .where(AuditEvent.entity_id == f"{scheme}:OTIF")
                .order_by(AuditEvent.sequence)
            )
        ).all()
    assert [(e.action, e.before, e.after) for e in events] == [
        ("admin.external_code_saved", None, {"reason_code": "COMPLIANCE"}),
        ("admin.external_code_saved", {"reason_code": "COMPLIANCE"}, {"reason_code": "FREIGHT"}),
        ("admin.external_code_deleted", {"reason_code": "FREIGHT"}, None),
    ]


async def test_a_bad_mapping_is_refused_field_by_field_and_saves_nothing(api_factory: Any, factory: Any) -> None:
    admin_api, clerk_api = api_factory(), api_factory()
    await admin_api.login((await factory.user("admin")).email, PASSWORD)
    await clerk_api.login((await factory.user("ar_clerk")).email, PASSWORD)

    bad_scheme = await admin_api.graphql(SAVE, {"s": "no spaces", "c": "01", "r": "PRICING"})
    bad_code = await admin_api.graphql(SAVE, {"s": "x12", "c": "", "r": "PRICING"})
    bad_reason = await admin_api.graphql(SAVE, {"s": "x12", "c": "99", "r": "NO_SUCH_REASON"})
    clerk = await clerk_api.graphql(SAVE, {"s": "x12", "c": "01", "r": "OTHER"})
    listed = (await admin_api.graphql("{ externalReasonCodes { scheme code reasonCode } }"))["data"]

    assert bad_scheme["data"]["saveExternalReasonCode"]["errors"] == [{"field": "scheme", "code": "scheme_invalid"}]
    assert bad_code["data"]["saveExternalReasonCode"]["errors"] == [{"field": "code", "code": "code_invalid"}]
    assert bad_reason["data"]["saveExternalReasonCode"]["errors"] == [{"field": "reasonCode", "code": "reason_invalid"}]
    assert clerk["data"]["saveExternalReasonCode"] == {
        "__typename": "NotPermittedResult",
        "message": "Only an admin can change this.",
    }
    assert {"scheme": "x12", "code": "01", "reasonCode": "PRICING"} in listed["externalReasonCodes"]
    assert not [m for m in listed["externalReasonCodes"] if m["code"] == "99"]
