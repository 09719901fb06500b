"""Rules are data: only admins list and change resolution rules and promotions, every change audited with
before and after, invalid input refused field by field, the next case uses the change (issue 6 item 7)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from tests.automation.support import PASSWORD, case_of, customer_api, file_in_portal, next_priority
from tests.support.api import Api

SAVE_RULE = """mutation($input: ResolutionRuleInput!, $id: ID) { saveResolutionRule(input: $input, id: $id) {
  __typename ... on SettingSaved { resolutionRule { id priority action accountId reasonCode maxAmount condition active } }
  ... on InvalidInputResult { errors { field code message } } ... on NotPermittedResult { message } } }"""
DELETE_RULE = """mutation($id: ID!) { deleteResolutionRule(id: $id) { __typename } }"""
DELETE_PROMOTION = """mutation($id: ID!) { deletePromotion(id: $id) { __typename } }"""
SAVE_PROMOTION = """mutation($input: PromotionInput!, $id: ID) { savePromotion(input: $input, id: $id) {
  __typename ... on SettingSaved { promotion { id code name startsOn endsOn accountId active } }
  ... on InvalidInputResult { errors { field code } } ... on NotPermittedResult { message } } }"""


async def _signed_in(api: Api, factory: Any, role: str) -> None:
    user = await factory.user(role)
    assert (await api.login(user.email, PASSWORD)).status_code == 200


async def _audit(demo: Any, entity_id: str) -> list[AuditEvent]:
    async with system_session(demo) as db:
        rows = await db.execute(
            select(AuditEvent).where(AuditEvent.entity_id == entity_id).order_by(AuditEvent.sequence)
        )
        return list(rows.scalars())


async def test_only_admins_read_and_change_rules_and_promotions(api_factory: Any, factory: Any, demo: Any) -> None:
    for role in ("ar_clerk", "credit_manager"):
        api = api_factory()
        await _signed_in(api, factory, role)
        listed = await api.graphql("{ resolutionRules { id } promotions { id } }")
        assert listed["errors"][0]["message"] == "You are not allowed to do this."
        saved = await api.graphql(
            SAVE_RULE, {"input": {"priority": next_priority(), "action": "WRITE_OFF", "maxAmount": "5.00"}}
        )
        assert saved["data"]["saveResolutionRule"]["__typename"] == "NotPermittedResult"
    admin = api_factory()
    await _signed_in(admin, factory, "admin")
    listed = await admin.graphql("{ resolutionRules { priority action condition } promotions { code } }")
    assert {"priority": 20, "action": "APPROVE", "condition": "POD_CONFIRMS_SHORTAGE"} in listed["data"][
        "resolutionRules"
    ]
    assert {"code": "ALL-SPRING"} in listed["data"]["promotions"]


async def test_an_admin_creates_edits_and_deletes_a_rule_each_audited_with_before_and_after(
    api: Api, factory: Any, demo: Any
) -> None:
    await _signed_in(api, factory, "admin")
    account = await factory.account()
    priority = next_priority()
    created = (
        await api.graphql(
            SAVE_RULE,
            {
                "input": {
                    "priority": priority,
                    "action": "WRITE_OFF",
                    "maxAmount": "25.00",
                    "accountId": str(account.id),
                    "active": False,
                }
            },
        )
    )["data"]["saveResolutionRule"]["resolutionRule"]
    assert created["maxAmount"] == "25.00" and created["accountId"] == str(account.id) and created["active"] is False

    edited = (
        await api.graphql(
            SAVE_RULE,
            {
                "id": created["id"],
                "input": {"priority": priority, "action": "WRITE_OFF", "maxAmount": "30.00", "reasonCode": "damaged"},
            },
        )
    )["data"]["saveResolutionRule"]["resolutionRule"]
    assert edited["id"] == created["id"] and edited["reasonCode"] == "DAMAGED" and edited["accountId"] is None
    deleted = await api.graphql(DELETE_RULE, {"id": created["id"]})
    assert deleted["data"]["deleteResolutionRule"]["__typename"] == "SettingSaved"

    events = await _audit(demo, created["id"])
    assert [e.action for e in events] == [
        "admin.resolution_rule_saved",
        "admin.resolution_rule_saved",
        "admin.resolution_rule_deleted",
    ]
    assert events[0].before is None and events[0].after["max_amount"] == "25.00"
    assert events[1].before["max_amount"] == "25.00" and events[1].after["max_amount"] == "30.00"
    assert events[2].before["reason_code"] == "DAMAGED" and events[2].after is None


async def test_invalid_rules_are_refused_field_by_field(api: Api, factory: Any, demo: Any) -> None:
    await _signed_in(api, factory, "admin")
    cases = [
        ({"priority": next_priority(), "action": "WRITE_OFF"}, "maxAmount", "tolerance_required"),
        (
            {"priority": next_priority(), "action": "WRITE_OFF", "maxAmount": "-1.00"},
            "maxAmount",
            "amount_not_positive",
        ),
        ({"priority": 0, "action": "APPROVE"}, "priority", "priority_invalid"),
        ({"priority": 20, "action": "APPROVE"}, "priority", "priority_taken"),  # the demo's POD rule
        ({"priority": next_priority(), "action": "APPROVE", "reasonCode": "NOPE"}, "reasonCode", "reason_invalid"),
        (
            {"priority": next_priority(), "action": "APPROVE", "accountId": str(uuid.uuid4())},
            "accountId",
            "account_invalid",
        ),
        (
            {
                "priority": next_priority(),
                "action": "APPROVE",
                "reasonCode": "PRICING",
                "condition": "POD_CONFIRMS_SHORTAGE",
            },
            "condition",
            "condition_reason_mismatch",
        ),
    ]
    for body, field, code in cases:
        result = (await api.graphql(SAVE_RULE, {"input": body}))["data"]["saveResolutionRule"]
        assert result["__typename"] == "InvalidInputResult", body
        assert (result["errors"][0]["field"], result["errors"][0]["code"]) == (field, code)
        assert result["errors"][0]["message"]


async def test_invalid_promotions_are_refused_and_a_valid_one_is_audited_when_saved_and_deleted(
    api: Api, factory: Any, demo: Any
) -> None:
    await _signed_in(api, factory, "admin")
    code = f"T-{uuid.uuid4().hex[:8].upper()}"
    good = {"code": code, "name": "Test promotion", "startsOn": "2026-01-01", "endsOn": "2026-03-31"}
    for change, field, error in [
        ({"endsOn": "2025-12-31"}, "endsOn", "period_reversed"),
        ({"code": "bad code!"}, "code", "code_invalid"),
        ({"name": "  "}, "name", "name_required"),
        ({"code": "ALL-SPRING"}, "code", "code_taken"),
    ]:
        result = (await api.graphql(SAVE_PROMOTION, {"input": {**good, **change}}))["data"]["savePromotion"]
        assert result["__typename"] == "InvalidInputResult"
        assert (result["errors"][0]["field"], result["errors"][0]["code"]) == (field, error)

    saved = (await api.graphql(SAVE_PROMOTION, {"input": good}))["data"]["savePromotion"]["promotion"]

    assert saved["code"] == code and saved["accountId"] is None and saved["active"] is True
    deleted = await api.graphql(DELETE_PROMOTION, {"id": saved["id"]})

    assert deleted["data"]["deletePromotion"]["__typename"] == "SettingSaved"
    saved_event, deleted_event = await _audit(demo, saved["id"])
    assert saved_event.action == "admin.promotion_saved" and saved_event.before is None
    assert saved_event.after["ends_on"] == "2026-03-31"
    assert deleted_event.action == "admin.promotion_deleted" and deleted_event.before["code"] == code
    assert deleted_event.after is None


async def test_a_rule_saved_by_an_admin_acts_on_the_next_case_without_a_restart(
    api_factory: Any, factory: Any, demo: Any
) -> None:
    admin, customer = api_factory(), api_factory()
    await _signed_in(admin, factory, "admin")
    account = await factory.account()
    invoice = await factory.invoice(account)
    await customer_api(customer, factory, account)
    before = await file_in_portal(customer, invoice, "7.00")

    saved = await admin.graphql(
        SAVE_RULE,
        {
            "input": {
                "priority": next_priority(),
                "action": "WRITE_OFF",
                "maxAmount": "8.00",
                "accountId": str(account.id),
            }
        },
    )
    assert saved["data"]["saveResolutionRule"]["__typename"] == "SettingSaved"
    after = await file_in_portal(customer, invoice, "6.00")

    assert (await case_of(demo, before)).status == "new"
    assert (await case_of(demo, after)).status == "written_off"
