"""What a process keeps of the small global tables (backend/db/global_cache.py): a filing reads the reason codes and
the routing, resolution and credit-hold rules once per global data version, and a staff member's change to any of
them counts on the very next filing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, event, select

from backend.db.data_versions import GLOBAL_SCOPE, data_versions, note_global_version
from backend.db.engine import system_session
from backend.domain.administration.models import RoutingRule
from backend.domain.administration.service import active_routing_rules

PASSWORD = "correct horse battery"  # the factory's
RULE_TABLES = ("reason_codes", "routing_rules", "resolution_rules", "credit_hold_rules")
FILE = """mutation($input: FileDisputeInput!) { fileDispute(input: $input) { __typename
  ... on DisputeFiled { dispute { id status } } } }"""


def _filing(invoice: Any, amount: str) -> dict[str, Any]:
    return {
        "input": {
            "invoiceId": str(invoice.id),
            "reasonCode": "PRICING",
            "amount": amount,
            "idempotencyKey": uuid.uuid4().hex,
        }
    }


async def test_rules_are_read_once_per_global_version_and_a_change_counts_at_once(
    app: Any, api_factory: Any, factory: Any
) -> None:
    # given a customer who has filed once (the process has read the rules)
    account = await factory.account("Kept Rules Co")
    invoice = await factory.invoice(account, total=Decimal("900.00"))
    customer = await factory.user("customer_user", account)
    customer_api, admin_api = api_factory(), api_factory()
    await customer_api.login(customer.email, PASSWORD)
    first = await customer_api.graphql(FILE, _filing(invoice, "10.00"))
    assert first["data"]["fileDispute"]["dispute"]["status"] == "NEW"

    # when they file again, then no rule table is read
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        second = await customer_api.graphql(FILE, _filing(invoice, "11.00"))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert second["data"]["fileDispute"]["__typename"] == "DisputeFiled"
    assert statements, "the filing ran no statement at all"
    assert [s for s in statements if any(f"FROM {table}" in s for table in RULE_TABLES)] == []

    # when an admin routes the account's cases to a clerk
    admin = await factory.user("admin")
    await admin_api.login(admin.email, PASSWORD)
    clerk = await factory.user("ar_clerk")
    saved = await admin_api.graphql(
        """mutation($input: RoutingRuleInput!) { saveRoutingRule(input: $input) { __typename } }""",
        {"input": {"priority": 5, "assigneeId": str(clerk.id), "accountId": str(account.id)}},
    )
    assert saved["data"]["saveRoutingRule"]["__typename"] == "SettingSaved"

    # then the customer's next filing is routed by the new rule
    third = await customer_api.graphql(FILE, _filing(invoice, "12.00"))
    assert third["data"]["fileDispute"]["dispute"]["status"] == "ASSIGNED"


async def test_a_session_that_changed_a_rule_reads_its_own_change_not_the_kept_rows(demo: Any, factory: Any) -> None:
    # given a request's session that saw global version V and read the routing rules (now kept for V)
    clerk = await factory.user("ar_clerk")
    async with system_session(demo) as db:
        version = (
            await db.execute(select(data_versions.c.version).where(data_versions.c.scope_id == GLOBAL_SCOPE))
        ).scalar_one()
        note_global_version(db, version)
        before = await active_routing_rules(db)
        # when the same session adds a rule (through the ORM) and reads the rules again, before anyone commits
        db.add(RoutingRule(priority=1, assignee_id=clerk.id, active=True))
        await db.flush()
        after = await active_routing_rules(db)
        # then it sees its own rule: the kept rows of V do not know it
        assert len(after) == len(before) + 1 and any(r.assignee_id == clerk.id for r in after)
        await db.rollback()
    # and a Core write marks the session the same way
    async with system_session(demo) as db:
        note_global_version(db, version)
        await active_routing_rules(db)
        await db.execute(delete(RoutingRule).where(RoutingRule.assignee_id == clerk.id))
        assert db.sync_session.info.get("recoup_wrote_kept_table") is True
        await db.rollback()
