"""Administration in the console changes what happens next, and is audited (issue 4 items 2 and 8)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from backend.db.engine import system_session
from backend.domain.audit.models import AuditEvent
from backend.domain.mail.models import OutboxEmail
from tests.support.api import Api

PASSWORD = "correct horse battery"
RESULT = "__typename ... on InvalidInputResult { errors { field code message } } ... on NotPermittedResult { message }"


async def _admin(api: Api, factory: Any) -> Any:
    admin = await factory.user("admin")
    await api.login(admin.email, PASSWORD)
    return admin


async def test_a_routing_rule_assigns_new_disputes_of_its_customer(api_factory: Any, factory: Any, demo: Any) -> None:
    admin_api, customer_api = api_factory(), api_factory()
    await _admin(admin_api, factory)
    clerk = await factory.user("ar_clerk")
    account = await factory.account("Routed Co")
    invoice = await factory.invoice(account, total=Decimal("900.00"))
    customer = await factory.user("customer_user", account)
    rule = await admin_api.graphql(
        f"""mutation($input: RoutingRuleInput!) {{ saveRoutingRule(input: $input) {{ {RESULT} ... on SettingSaved {{ routingRule {{ id }} }} }} }}""",
        {"input": {"priority": 10, "assigneeId": str(clerk.id), "accountId": str(account.id), "minAmount": "100.00"}},
    )
    assert rule["data"]["saveRoutingRule"]["__typename"] == "SettingSaved"
    await customer_api.login(customer.email, PASSWORD)
    file = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) { ... on DisputeFiled { dispute { id status } } } }"""

    small = await customer_api.graphql(
        file,
        {
            "input": {
                "invoiceId": str(invoice.id),
                "reasonCode": "PRICING",
                "amount": "50.00",
                "idempotencyKey": uuid.uuid4().hex,
            }
        },
    )
    large = await customer_api.graphql(
        file,
        {
            "input": {
                "invoiceId": str(invoice.id),
                "reasonCode": "PRICING",
                "amount": "150.00",
                "idempotencyKey": uuid.uuid4().hex,
            }
        },
    )

    assert small["data"]["fileDispute"]["dispute"]["status"] == "NEW"
    assert large["data"]["fileDispute"]["dispute"]["status"] == "ASSIGNED"
    seen = await admin_api.graphql(
        "query($id: ID!) { case(id: $id) { assigneeName } }", {"id": large["data"]["fileDispute"]["dispute"]["id"]}
    )
    assert seen["data"]["case"]["assigneeName"] == clerk.full_name
    # the clerk hears of the case routed to them, with what is claimed; nobody hears of the unrouted one
    async with system_session(demo) as db:
        mails = (await db.execute(select(OutboxEmail).where(OutboxEmail.recipient == clerk.email))).scalars().all()
    [mail] = mails
    assert mail.subject.startswith("New case D-") and "150.00 USD" in mail.subject
    assert "Customer: " + account.name in mail.body and invoice.number in mail.body
    assert "> The whole invoice." in mail.body


async def test_write_off_limits_are_set_by_admins_only_and_audited(api_factory: Any, factory: Any, demo: Any) -> None:
    admin_api, clerk_api = api_factory(), api_factory()
    admin = await _admin(admin_api, factory)
    clerk = await factory.user("ar_clerk")
    await clerk_api.login(clerk.email, PASSWORD)
    mutation = (
        f'mutation($amount: Decimal) {{ setWriteOffLimit(role: "collector", maxAmount: $amount) {{ {RESULT} }} }}'
    )

    refused = await clerk_api.graphql(mutation, {"amount": "999999.00"})
    invalid = await admin_api.graphql(mutation, {"amount": "1.001"})
    done = await admin_api.graphql(mutation, {"amount": "250.00"})

    assert refused["data"]["setWriteOffLimit"] == {
        "__typename": "NotPermittedResult",
        "message": "Only an admin can change this.",
    }
    assert invalid["data"] is None or invalid["data"]["setWriteOffLimit"]["__typename"] == "InvalidInputResult"
    assert done["data"]["setWriteOffLimit"]["__typename"] == "SettingSaved"
    async with system_session(demo) as db:
        events = (
            (
                await db.execute(
                    select(AuditEvent).where(
                        AuditEvent.action == "admin.write_off_limit_set", AuditEvent.actor_user_id == admin.id
                    )
                )
            )
            .scalars()
            .all()
        )
    assert len(events) == 1 and events[0].after == {"max_amount": "250.00"}


async def test_a_new_reason_code_is_offered_to_customers_and_retiring_it_hides_it(
    api_factory: Any, factory: Any
) -> None:
    admin_api, customer_api = api_factory(), api_factory()
    await _admin(admin_api, factory)
    customer = await factory.user("customer_user", await factory.account())
    await customer_api.login(customer.email, PASSWORD)
    code = f"OTIF_{uuid.uuid4().hex[:6].upper()}"
    save = f"mutation($input: ReasonCodeInput!) {{ saveReasonCode(input: $input) {{ {RESULT} }} }}"

    await admin_api.graphql(
        save, {"input": {"code": code, "label": "On-time in-full fine", "category": "trade", "slaDays": 20}}
    )
    offered = {r["code"] for r in (await customer_api.graphql("{ reasonCodes { code } }"))["data"]["reasonCodes"]}
    await admin_api.graphql(
        save,
        {"input": {"code": code, "label": "On-time in-full fine", "category": "trade", "slaDays": 20, "active": False}},
    )
    retired = {r["code"] for r in (await customer_api.graphql("{ reasonCodes { code } }"))["data"]["reasonCodes"]}
    bad = await admin_api.graphql(save, {"input": {"code": "bad code", "label": "x"}})

    assert code in offered and code not in retired
    assert bad["data"]["saveReasonCode"]["errors"][0]["code"] == "code_invalid"


async def test_staff_accounts_are_created_changed_and_switched_off(api_factory: Any, factory: Any) -> None:
    admin_api, staff_api = api_factory(), api_factory()
    await _admin(admin_api, factory)
    address = f"new.staff.{uuid.uuid4().hex[:6]}@recoup.example"
    created = await admin_api.graphql(
        f"""mutation($email: String!) {{ createStaffUser(email: $email, fullName: "Nova Staff", role: "collector") {{
            {RESULT} ... on SettingSaved {{ staffUser {{ id role isActive }} }} }} }}""",
        {"email": address},
    )
    staff = created["data"]["createStaffUser"]["staffUser"]
    assert staff["role"] == "collector" and staff["isActive"] is False
    member = await factory.user("collector")
    await staff_api.login(member.email, PASSWORD)

    changed = await admin_api.graphql(
        f"""mutation($id: ID!) {{ changeStaffUser(userId: $id, role: "credit_manager", active: false) {{ {RESULT} }} }}""",
        {"id": str(member.id)},
    )

    assert changed["data"]["changeStaffUser"]["__typename"] == "SettingSaved"
    assert (await staff_api.graphql("{ viewer { email } }"))["data"]["viewer"] is None


async def test_saved_views_belong_to_their_owner(api_factory: Any, factory: Any) -> None:
    first, second = api_factory(), api_factory()
    for client in (first, second):
        user = await factory.user("ar_clerk")
        await client.login(user.email, PASSWORD)
    saved = await first.graphql(
        'mutation { saveView(name: "Big pricing", filter: {reasonCodes: ["PRICING"], amountMin: "1000.00"}) { ... on SettingSaved { savedView { id filter } } } }'
    )
    view = saved["data"]["saveView"]["savedView"]

    mine = (await first.graphql("{ savedViews { name filter } }"))["data"]["savedViews"]
    theirs = (await second.graphql("{ savedViews { name } }"))["data"]["savedViews"]
    stolen = await second.graphql("mutation($id: ID!) { deleteView(id: $id) { __typename } }", {"id": view["id"]})

    assert mine == [{"name": "Big pricing", "filter": {"reasonCodes": ["PRICING"], "amountMin": "1000.00"}}]
    assert theirs == [] and stolen["data"]["deleteView"]["__typename"] == "NotFoundResult"
